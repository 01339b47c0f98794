import type { FinancialStatus, FulfillmentStatus, LineItemFulfillmentStatus, SupplierOrderStatus, CancelReason } from "@/lib/orders";

/** A store order as imports and webhooks deliver it, before it is stored. */
export interface OrderInput {
  externalId: string | null;
  name: string;
  email: string | null;
  customerName: string | null;
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  discountMinor: number;
  totalMinor: number;
  refundedMinor: number;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  placedAt: Date;
  paidAt: Date | null;
  fulfilledAt: Date | null;
  cancelledAt: Date | null;
  cancelReason?: CancelReason | null;
  shippingCountry: string | null;
  note: string | null;
  lineItems: LineItemInput[];
}

export interface LineItemInput {
  sku: string | null;
  title: string;
  quantity: number;
  unitPriceMinor: number;
  fulfillmentStatus: LineItemFulfillmentStatus;
  vendor: string | null;
  supplierCostMinor?: number | null;
}

export interface SupplierOrderInput {
  storeOrderName: string;
  supplier: string;
  supplierOrderNumber: string;
  status: SupplierOrderStatus;
  paidAt: Date | null;
  shippedAt: Date | null;
  carrier: string | null;
  trackingNumber: string | null;
  costMinor: number;
  currency: string;
  cancellationPending: boolean;
  disputeOpen: boolean;
}
