import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { orders } from "../db/schema";
import { jsonText, queryRows } from "../db/rows";
import { canonicalJson } from "../audit/hash";
import type { OrderInput } from "./types";

export function orderContentHash(order: OrderInput): string {
  return createHash("sha256").update(canonicalJson(order)).digest("hex");
}

export interface UpsertOutcome {
  id: string;
  name: string;
  created: boolean;
}

/** A timestamp as the JSON the batch statements read (`timestamptz`); an invalid date throws, as drizzle's binding did. */
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/**
 * Inserts new orders and updates changed ones, matched by name within the store. An order whose
 * content hash is unchanged is not touched (a re-import changes nothing). Line items are matched by
 * position, so references to them (refunds by line) survive an update.
 *
 * Each statement takes the whole batch as one JSON parameter unpacked by `jsonb_to_recordset`: one
 * for the orders, one for the line items of the orders it created or changed, one to drop the extra
 * positions of changed orders that now have fewer lines. A multi-row `INSERT … VALUES` with ~24 bound
 * parameters per order cost more in query building and parameter binding than the writes themselves
 * (docs/perf.md, the import).
 */
export async function upsertOrders(
  tx: Tx,
  scope: { organizationId: string; storeId: string },
  batch: OrderInput[],
  source: "import" | "webhook" | "manual" | "seed",
): Promise<UpsertOutcome[]> {
  if (batch.length === 0) return [];
  const rows = batch.map((o) => ({
    external_id: o.externalId,
    name: o.name,
    email: o.email,
    customer_name: o.customerName,
    currency: o.currency,
    subtotal_minor: o.subtotalMinor,
    shipping_minor: o.shippingMinor,
    tax_minor: o.taxMinor,
    discount_minor: o.discountMinor,
    total_minor: o.totalMinor,
    store_refunded_minor: o.refundedMinor,
    financial_status: o.financialStatus,
    fulfillment_status: o.fulfillmentStatus,
    placed_at: iso(o.placedAt),
    paid_at: iso(o.paidAt),
    fulfilled_at: iso(o.fulfilledAt),
    cancelled_at: iso(o.cancelledAt),
    cancel_reason: o.cancelReason ?? null,
    shipping_country: o.shippingCountry,
    note: o.note,
    content_hash: orderContentHash(o),
  }));
  const changed = await queryRows<{ id: string; name: string; created: boolean }>(
    tx,
    sql`insert into orders (organization_id, store_id, external_id, name, email, customer_name, currency, subtotal_minor, shipping_minor,
          tax_minor, discount_minor, total_minor, store_refunded_minor, financial_status, fulfillment_status, placed_at, paid_at, fulfilled_at,
          cancelled_at, cancel_reason, shipping_country, note, source, content_hash)
        select ${scope.organizationId}::uuid, ${scope.storeId}::uuid, r.external_id, r.name, r.email, r.customer_name, r.currency, r.subtotal_minor,
          r.shipping_minor, r.tax_minor, r.discount_minor, r.total_minor, r.store_refunded_minor, r.financial_status, r.fulfillment_status,
          r.placed_at, r.paid_at, r.fulfilled_at, r.cancelled_at, r.cancel_reason, r.shipping_country, r.note, ${source}::order_source, r.content_hash
        from jsonb_to_recordset(${jsonText(rows)}::text::jsonb) as r(external_id text, name text, email text, customer_name text, currency text,
          subtotal_minor bigint, shipping_minor bigint, tax_minor bigint, discount_minor bigint, total_minor bigint, store_refunded_minor bigint,
          financial_status financial_status, fulfillment_status fulfillment_status, placed_at timestamptz, paid_at timestamptz,
          fulfilled_at timestamptz, cancelled_at timestamptz, cancel_reason cancel_reason, shipping_country text, note text, content_hash text)
        on conflict (organization_id, store_id, name) do update set
          external_id = coalesce(excluded.external_id, orders.external_id), email = excluded.email, customer_name = excluded.customer_name,
          currency = excluded.currency, subtotal_minor = excluded.subtotal_minor, shipping_minor = excluded.shipping_minor,
          tax_minor = excluded.tax_minor, discount_minor = excluded.discount_minor, total_minor = excluded.total_minor,
          store_refunded_minor = excluded.store_refunded_minor, financial_status = excluded.financial_status,
          fulfillment_status = excluded.fulfillment_status, placed_at = excluded.placed_at, paid_at = excluded.paid_at,
          fulfilled_at = excluded.fulfilled_at, cancelled_at = excluded.cancelled_at,
          cancel_reason = coalesce(excluded.cancel_reason, orders.cancel_reason), shipping_country = excluded.shipping_country,
          note = excluded.note, content_hash = excluded.content_hash, version = orders.version + 1, updated_at = now()
        where orders.content_hash is distinct from excluded.content_hash
        returning id, name, (xmax = 0) as created`,
  );
  if (changed.length === 0) return [];
  const outcomes = changed.map((c) => ({ id: String(c.id), name: String(c.name), created: c.created === true }));
  const byName = new Map(batch.map((o) => [o.name, o]));
  const items = outcomes.flatMap((c) =>
    byName.get(c.name)!.lineItems.map((li, index) => ({
      order_id: c.id,
      position: index + 1,
      sku: li.sku,
      title: li.title,
      quantity: li.quantity,
      unit_price_minor: li.unitPriceMinor,
      supplier_cost_minor: li.supplierCostMinor ?? null,
      fulfillment_status: li.fulfillmentStatus,
      vendor: li.vendor,
    })),
  );
  if (items.length) {
    await tx.execute(sql`
      insert into order_line_items (organization_id, order_id, position, sku, title, quantity, unit_price_minor, supplier_cost_minor,
        fulfillment_status, vendor)
      select ${scope.organizationId}::uuid, r.order_id, r.position, r.sku, r.title, r.quantity, r.unit_price_minor, r.supplier_cost_minor,
        r.fulfillment_status, r.vendor
      from jsonb_to_recordset(${jsonText(items)}::text::jsonb) as r(order_id uuid, position integer, sku text, title text, quantity integer,
        unit_price_minor bigint, supplier_cost_minor bigint, fulfillment_status line_item_fulfillment_status, vendor text)
      on conflict (organization_id, order_id, position) do update set
        sku = excluded.sku, title = excluded.title, quantity = excluded.quantity, unit_price_minor = excluded.unit_price_minor,
        supplier_cost_minor = coalesce(excluded.supplier_cost_minor, order_line_items.supplier_cost_minor),
        fulfillment_status = excluded.fulfillment_status, vendor = excluded.vendor`);
  }
  // An updated order that now has fewer lines loses the extra positions (one statement for the batch).
  const updated = outcomes.filter((c) => !c.created).map((c) => ({ order_id: c.id, lines: byName.get(c.name)!.lineItems.length }));
  if (updated.length) {
    await tx.execute(sql`
      delete from order_line_items li
      using jsonb_to_recordset(${jsonText(updated)}::text::jsonb) as r(order_id uuid, lines integer)
      where li.organization_id = ${scope.organizationId}::uuid and li.order_id = r.order_id and li.position > r.lines`);
  }
  return outcomes;
}

export async function findOrdersByName(tx: Tx, scope: { organizationId: string; storeId: string }, names: string[]) {
  if (!names.length) return new Map<string, { id: string; currency: string }>();
  const rows = await tx
    .select({ id: orders.id, name: orders.name, currency: orders.currency })
    .from(orders)
    .where(and(eq(orders.organizationId, scope.organizationId), eq(orders.storeId, scope.storeId), inArray(orders.name, names)));
  return new Map(rows.map((r) => [r.name, { id: r.id, currency: r.currency }]));
}
