import { z } from "zod";
import { parseDecimalToMinor } from "@/lib/money";
import { CANCEL_REASONS, type FinancialStatus, type FulfillmentStatus, type LineItemFulfillmentStatus } from "@/lib/orders";
import { FINANCIAL_STATUSES } from "@/lib/orders";
import type { OrderInput } from "../orders/types";
import { invalid } from "../errors";

const amount = z.union([z.string(), z.number()]).transform(String);

/** The part of Shopify's order JSON (webhooks, REST) that Recoup reads; the rest is ignored. */
export const shopifyOrderPayload = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  name: z.string().min(1).max(100),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  currency: z.string().length(3),
  subtotal_price: amount.nullish(),
  total_tax: amount.nullish(),
  total_discounts: amount.nullish(),
  total_price: amount,
  total_shipping_price_set: z.object({ shop_money: z.object({ amount }) }).nullish(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  created_at: z.string(),
  processed_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  cancel_reason: z.string().nullish(),
  note: z.string().nullish(),
  customer: z.object({ first_name: z.string().nullish(), last_name: z.string().nullish() }).nullish(),
  shipping_address: z.object({ country_code: z.string().nullish(), name: z.string().nullish() }).nullish(),
  line_items: z
    .array(
      z.object({
        sku: z.string().nullish(),
        title: z.string().nullish(),
        name: z.string().nullish(),
        quantity: z.number().int().positive(),
        price: amount,
        fulfillment_status: z.string().nullish(),
        vendor: z.string().nullish(),
      }),
    )
    .default([]),
  refunds: z
    .array(z.object({ transactions: z.array(z.object({ amount, kind: z.string().nullish(), status: z.string().nullish() })).default([]) }))
    .default([]),
});
export type ShopifyOrderPayload = z.infer<typeof shopifyOrderPayload>;

function money(text: string | null | undefined, currency: string, field: string): number {
  if (text === null || text === undefined || text === "") return 0;
  const parsed = parseDecimalToMinor(text, currency);
  if (!parsed.ok) throw invalid(`${field}: ${parsed.message}`);
  return parsed.minor;
}

function date(text: string | null | undefined): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function financial(status: string | null | undefined): FinancialStatus {
  const s = (status ?? "pending").toLowerCase() as FinancialStatus;
  return (FINANCIAL_STATUSES as readonly string[]).includes(s) ? s : "pending";
}

/** Shopify's order JSON writes `null` for unfulfilled and `partial` for partially fulfilled. */
function fulfillment(status: string | null | undefined): FulfillmentStatus {
  switch ((status ?? "").toLowerCase()) {
    case "fulfilled":
      return "fulfilled";
    case "partial":
    case "partially_fulfilled":
      return "partially_fulfilled";
    case "restocked":
      return "restocked";
    case "in_progress":
      return "in_progress";
    case "on_hold":
      return "on_hold";
    case "scheduled":
      return "scheduled";
    default:
      return "unfulfilled";
  }
}

function lineFulfillment(status: string | null | undefined): LineItemFulfillmentStatus {
  const s = (status ?? "").toLowerCase();
  if (s === "fulfilled" || s === "partial") return "fulfilled";
  if (s === "restocked") return "restocked";
  if (s === "not_eligible") return "not_eligible";
  return "unfulfilled";
}

export function orderInputFromShopify(p: ShopifyOrderPayload): OrderInput {
  const currency = p.currency.toUpperCase();
  const refunded = p.refunds
    .flatMap((r) => r.transactions)
    .filter((t) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success")
    .reduce((sum, t) => sum + money(t.amount, currency, "refund amount"), 0);
  const financialStatus = financial(p.financial_status);
  const name = [p.customer?.first_name, p.customer?.last_name].filter(Boolean).join(" ") || p.shipping_address?.name || null;
  const reason = (p.cancel_reason ?? "").toLowerCase();
  return {
    externalId: p.id,
    name: p.name,
    email: (p.email || p.contact_email || null)?.toLowerCase() ?? null,
    customerName: name,
    currency,
    subtotalMinor: money(p.subtotal_price, currency, "subtotal_price"),
    shippingMinor: money(p.total_shipping_price_set?.shop_money.amount, currency, "shipping"),
    taxMinor: money(p.total_tax, currency, "total_tax"),
    discountMinor: money(p.total_discounts, currency, "total_discounts"),
    totalMinor: money(p.total_price, currency, "total_price"),
    refundedMinor: refunded,
    financialStatus,
    fulfillmentStatus: fulfillment(p.fulfillment_status),
    placedAt: date(p.created_at) ?? new Date(),
    paidAt: ["paid", "partially_refunded", "refunded", "partially_paid"].includes(financialStatus) ? date(p.processed_at ?? p.created_at) : null,
    fulfilledAt: null,
    cancelledAt: date(p.cancelled_at),
    cancelReason: (CANCEL_REASONS as readonly string[]).includes(reason) ? (reason as OrderInput["cancelReason"]) : p.cancelled_at ? "other" : null,
    shippingCountry: p.shipping_address?.country_code?.toUpperCase().slice(0, 2) ?? null,
    note: p.note ?? null,
    lineItems: p.line_items.map((li) => ({
      sku: li.sku || null,
      title: li.title || li.name || "Item",
      quantity: li.quantity,
      unitPriceMinor: money(li.price, currency, "line item price"),
      fulfillmentStatus: lineFulfillment(li.fulfillment_status),
      vendor: li.vendor ?? null,
    })),
  };
}

export const shopifyRefundPayload = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  order_id: z.union([z.number(), z.string()]).transform(String),
  created_at: z.string().nullish(),
  note: z.string().nullish(),
  transactions: z.array(z.object({ amount, kind: z.string().nullish(), status: z.string().nullish(), currency: z.string().nullish() })).default([]),
});
