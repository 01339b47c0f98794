import { createHash } from "node:crypto";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { orderLineItems, orders } from "../db/schema";
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

/**
 * Inserts new orders and updates changed ones in one statement per batch, matched by name within
 * the store. An order whose content hash is unchanged is not touched (a re-import changes nothing).
 * Line items are matched by position, so references to them (refunds by line) survive an update.
 */
export async function upsertOrders(
  tx: Tx,
  scope: { organizationId: string; storeId: string },
  batch: OrderInput[],
  source: "import" | "webhook" | "manual" | "seed",
): Promise<UpsertOutcome[]> {
  if (batch.length === 0) return [];
  const rows = batch.map((o) => ({
    organizationId: scope.organizationId,
    storeId: scope.storeId,
    externalId: o.externalId,
    name: o.name,
    email: o.email,
    customerName: o.customerName,
    currency: o.currency,
    subtotalMinor: o.subtotalMinor,
    shippingMinor: o.shippingMinor,
    taxMinor: o.taxMinor,
    discountMinor: o.discountMinor,
    totalMinor: o.totalMinor,
    storeRefundedMinor: o.refundedMinor,
    financialStatus: o.financialStatus,
    fulfillmentStatus: o.fulfillmentStatus,
    placedAt: o.placedAt,
    paidAt: o.paidAt,
    fulfilledAt: o.fulfilledAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason ?? null,
    shippingCountry: o.shippingCountry,
    note: o.note,
    source,
    contentHash: orderContentHash(o),
  }));
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  const changed = await tx
    .insert(orders)
    .values(rows)
    .onConflictDoUpdate({
      target: [orders.organizationId, orders.storeId, orders.name],
      set: {
        externalId: sql`coalesce(${excluded("external_id")}, ${orders.externalId})`,
        email: excluded("email"),
        customerName: excluded("customer_name"),
        currency: excluded("currency"),
        subtotalMinor: excluded("subtotal_minor"),
        shippingMinor: excluded("shipping_minor"),
        taxMinor: excluded("tax_minor"),
        discountMinor: excluded("discount_minor"),
        totalMinor: excluded("total_minor"),
        storeRefundedMinor: excluded("store_refunded_minor"),
        financialStatus: excluded("financial_status"),
        fulfillmentStatus: excluded("fulfillment_status"),
        placedAt: excluded("placed_at"),
        paidAt: excluded("paid_at"),
        fulfilledAt: excluded("fulfilled_at"),
        cancelledAt: excluded("cancelled_at"),
        cancelReason: sql`coalesce(${excluded("cancel_reason")}, ${orders.cancelReason})`,
        shippingCountry: excluded("shipping_country"),
        note: excluded("note"),
        contentHash: excluded("content_hash"),
        version: sql`${orders.version} + 1`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${orders.contentHash} is distinct from ${excluded("content_hash")}`,
    })
    .returning({ id: orders.id, name: orders.name, created: sql<boolean>`(xmax = 0)` });

  if (changed.length === 0) return [];
  const byName = new Map(batch.map((o) => [o.name, o]));
  const items = changed.flatMap((c) =>
    byName.get(c.name)!.lineItems.map((li, index) => ({
      organizationId: scope.organizationId,
      orderId: c.id,
      position: index + 1,
      sku: li.sku,
      title: li.title,
      quantity: li.quantity,
      unitPriceMinor: li.unitPriceMinor,
      supplierCostMinor: li.supplierCostMinor ?? null,
      fulfillmentStatus: li.fulfillmentStatus,
      vendor: li.vendor,
    })),
  );
  if (items.length) {
    await tx
      .insert(orderLineItems)
      .values(items)
      .onConflictDoUpdate({
        target: [orderLineItems.organizationId, orderLineItems.orderId, orderLineItems.position],
        set: {
          sku: excluded("sku"),
          title: excluded("title"),
          quantity: excluded("quantity"),
          unitPriceMinor: excluded("unit_price_minor"),
          supplierCostMinor: sql`coalesce(${excluded("supplier_cost_minor")}, ${orderLineItems.supplierCostMinor})`,
          fulfillmentStatus: excluded("fulfillment_status"),
          vendor: excluded("vendor"),
        },
      });
  }
  // An updated order that now has fewer lines loses the extra positions.
  for (const c of changed.filter((x) => !x.created)) {
    await tx
      .delete(orderLineItems)
      .where(
        and(
          eq(orderLineItems.organizationId, scope.organizationId),
          eq(orderLineItems.orderId, c.id),
          gt(orderLineItems.position, byName.get(c.name)!.lineItems.length),
        ),
      );
  }
  return changed.map((c) => ({ id: c.id, name: c.name, created: Boolean(c.created) }));
}

export async function findOrdersByName(tx: Tx, scope: { organizationId: string; storeId: string }, names: string[]) {
  if (!names.length) return new Map<string, { id: string; currency: string }>();
  const rows = await tx
    .select({ id: orders.id, name: orders.name, currency: orders.currency })
    .from(orders)
    .where(and(eq(orders.organizationId, scope.organizationId), eq(orders.storeId, scope.storeId), inArray(orders.name, names)));
  return new Map(rows.map((r) => [r.name, { id: r.id, currency: r.currency }]));
}
