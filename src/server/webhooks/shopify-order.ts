import { z } from "zod";
import { CANCEL_REASONS, type FinancialStatus, type FulfillmentStatus, type LineItemFulfillmentStatus } from "@/lib/orders";
import { FINANCIAL_STATUSES } from "@/lib/orders";
import type { OrderInput } from "../orders/types";
import { MAX_EMAIL_CHARS, MAX_KEY_CHARS, MAX_QUANTITY, MAX_TITLE_CHARS, shown } from "../imports/values";
import { amountField, currencyField, limitLength, payloadError, refuseNul, timestampField } from "./payload";

const amount = z.union([z.string(), z.number()]).transform(String);

/** The part of Shopify's order JSON (webhooks, REST) that Recoup reads; the rest is ignored. */
export const shopifyOrderPayload = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  name: z.string().trim().min(1),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  currency: z.string(),
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

const money = (text: string | null | undefined, currency: string, field: string) => amountField("order", field, text, currency);

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

/**
 * The order as the orders service takes it, read with the CSV importer's rules: the same length
 * limits, amounts, timestamps (with an offset, 1970–2099) and currencies. A field that breaks one
 * refuses the whole delivery (a DomainError naming the field); nothing is guessed.
 */
export function orderInputFromShopify(p: ShopifyOrderPayload): OrderInput {
  refuseNul("order", p);
  limitLength("order", "name", p.name, MAX_KEY_CHARS);
  limitLength("order", "id", p.id, MAX_KEY_CHARS);
  const emailField = p.email ? "email" : "contact_email";
  const email = p.email || p.contact_email || null;
  limitLength("order", emailField, email, MAX_EMAIL_CHARS);
  const currency = currencyField("order", "currency", p.currency);
  const refunded = p.refunds
    .flatMap((r, i) => r.transactions.map((t, j) => ({ t, field: `refunds.${i}.transactions.${j}.amount` })))
    .filter(({ t }) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success")
    .reduce((sum, { t, field }) => sum + money(t.amount, currency, field), 0);
  const financialStatus = financial(p.financial_status);
  const name = [p.customer?.first_name, p.customer?.last_name].filter(Boolean).join(" ") || p.shipping_address?.name || null;
  const reason = (p.cancel_reason ?? "").toLowerCase();
  const country = p.shipping_address?.country_code?.trim() || null;
  if (country !== null && !/^[a-z]{2}$/i.test(country)) {
    throw payloadError("order", "shipping_address.country_code", `"${shown(country)}" is not a two-letter country code, like US or FR.`);
  }
  const placedAt = timestampField("order", "created_at", p.created_at, true);
  const processedAt = timestampField("order", "processed_at", p.processed_at);
  const cancelledAt = timestampField("order", "cancelled_at", p.cancelled_at);
  const lineItems = p.line_items.map((li, i) => {
    const titleField = li.title ? `line_items.${i}.title` : `line_items.${i}.name`;
    const title = li.title || li.name || "Item";
    limitLength("order", titleField, title, MAX_TITLE_CHARS);
    limitLength("order", `line_items.${i}.sku`, li.sku, MAX_KEY_CHARS);
    if (li.quantity > MAX_QUANTITY) {
      throw payloadError("order", `line_items.${i}.quantity`, `${li.quantity} is more than ${MAX_QUANTITY.toLocaleString("en-US")}. Check the quantity.`);
    }
    return {
      sku: li.sku || null,
      title,
      quantity: li.quantity,
      unitPriceMinor: money(li.price, currency, `line_items.${i}.price`),
      fulfillmentStatus: lineFulfillment(li.fulfillment_status),
      vendor: li.vendor ?? null,
    };
  });
  return {
    externalId: p.id,
    name: p.name,
    email: email?.toLowerCase() ?? null,
    customerName: name,
    currency,
    subtotalMinor: money(p.subtotal_price, currency, "subtotal_price"),
    shippingMinor: money(p.total_shipping_price_set?.shop_money.amount, currency, "total_shipping_price_set.shop_money.amount"),
    taxMinor: money(p.total_tax, currency, "total_tax"),
    discountMinor: money(p.total_discounts, currency, "total_discounts"),
    totalMinor: money(p.total_price, currency, "total_price"),
    refundedMinor: refunded,
    financialStatus,
    fulfillmentStatus: fulfillment(p.fulfillment_status),
    placedAt,
    paidAt: ["paid", "partially_refunded", "refunded", "partially_paid"].includes(financialStatus) ? (processedAt ?? placedAt) : null,
    fulfilledAt: null,
    cancelledAt,
    cancelReason: (CANCEL_REASONS as readonly string[]).includes(reason) ? (reason as OrderInput["cancelReason"]) : cancelledAt ? "other" : null,
    shippingCountry: country?.toUpperCase() ?? null,
    note: p.note ?? null,
    lineItems,
  };
}

export const shopifyRefundPayload = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  order_id: z.union([z.number(), z.string()]).transform(String),
  created_at: z.string().nullish(),
  note: z.string().nullish(),
  transactions: z.array(z.object({ amount, kind: z.string().nullish(), status: z.string().nullish(), currency: z.string().nullish() })).default([]),
});
