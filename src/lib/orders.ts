/** Store- and supplier-order vocabularies (SPEC §2), shared by server, imports and UI. */
export const FINANCIAL_STATUSES = [
  "pending",
  "authorized",
  "paid",
  "partially_paid",
  "partially_refunded",
  "refunded",
  "voided",
  "expired",
] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

/** `in_progress` is what Shopify's admin shows as "Fulfillment requested". */
export const FULFILLMENT_STATUSES = [
  "unfulfilled",
  "partially_fulfilled",
  "in_progress",
  "on_hold",
  "scheduled",
  "fulfilled",
  "restocked",
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

export const LINE_ITEM_FULFILLMENT_STATUSES = ["unfulfilled", "pending", "fulfilled", "restocked", "not_eligible"] as const;
export type LineItemFulfillmentStatus = (typeof LINE_ITEM_FULFILLMENT_STATUSES)[number];

export const CANCEL_REASONS = ["customer", "declined", "fraud", "inventory", "staff", "other"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const SUPPLIER_ORDER_STATUSES = [
  "awaiting_payment",
  "awaiting_shipment",
  "shipped",
  "delivered",
  "completed",
  "closed",
  "cancelled",
] as const;
export type SupplierOrderStatus = (typeof SUPPLIER_ORDER_STATUSES)[number];

/** Supplier statuses after which the parcel has left: a cancellation can no longer stop it. */
export const DISPATCHED_SUPPLIER_STATUSES: readonly SupplierOrderStatus[] = ["shipped", "delivered", "completed"];

export const FINANCIAL_STATUS_LABELS: Record<FinancialStatus, string> = {
  pending: "Pending",
  authorized: "Authorized",
  paid: "Paid",
  partially_paid: "Partially paid",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
  voided: "Voided",
  expired: "Expired",
};

export const FULFILLMENT_STATUS_LABELS: Record<FulfillmentStatus, string> = {
  unfulfilled: "Unfulfilled",
  partially_fulfilled: "Partially fulfilled",
  in_progress: "Fulfillment requested",
  on_hold: "On hold",
  scheduled: "Scheduled",
  fulfilled: "Fulfilled",
  restocked: "Restocked",
};

export const SUPPLIER_STATUS_LABELS: Record<SupplierOrderStatus, string> = {
  awaiting_payment: "Awaiting payment",
  awaiting_shipment: "Awaiting shipment",
  shipped: "Shipped",
  delivered: "Delivered",
  completed: "Completed",
  closed: "Closed",
  cancelled: "Cancelled",
};

export const CANCEL_REASON_LABELS: Record<CancelReason, string> = {
  customer: "Customer changed or cancelled order",
  declined: "Payment declined",
  fraud: "Fraudulent order",
  inventory: "Items unavailable",
  staff: "Staff error",
  other: "Other",
};
