import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { supplierOrders } from "../db/schema";
import { canonicalJson } from "../audit/hash";
import { shipByDate } from "../deadlines/calendar";
import type { SupplierTerms } from "@/lib/supplier-terms";
import type { SupplierOrderInput } from "./types";

export interface StoreCalendar {
  timezone: string;
  supplierTerms: SupplierTerms;
}

/** Ship-by = supplier payment + the supplier's dispatch window, in its country's business days. */
export function computeShipBy(paidAt: Date | null, store: StoreCalendar): Date | null {
  if (!paidAt) return null;
  return shipByDate(paidAt, {
    timeZone: store.timezone,
    supplierCountry: store.supplierTerms.supplierCountry,
    dispatchBusinessDays: store.supplierTerms.dispatchBusinessDays,
  });
}

export interface SupplierUpsertOutcome {
  id: string;
  orderId: string;
  supplierOrderNumber: string;
  created: boolean;
}

/**
 * Inserts or updates supplier orders (matched by supplier and number within the store), each linked
 * to a store order already resolved by name. Unchanged rows are left alone.
 */
export async function upsertSupplierOrders(
  tx: Tx,
  scope: { organizationId: string; storeId: string },
  store: StoreCalendar,
  batch: (SupplierOrderInput & { orderId: string })[],
): Promise<SupplierUpsertOutcome[]> {
  if (!batch.length) return [];
  const rows = batch.map((s) => ({
    organizationId: scope.organizationId,
    storeId: scope.storeId,
    orderId: s.orderId,
    supplier: s.supplier,
    supplierOrderNumber: s.supplierOrderNumber,
    status: s.status,
    cancellationPending: s.cancellationPending,
    disputeOpen: s.disputeOpen,
    costMinor: s.costMinor,
    currency: s.currency,
    paidAt: s.paidAt,
    shipBy: computeShipBy(s.paidAt, store),
    shippedAt: s.shippedAt,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    contentHash: createHash("sha256").update(canonicalJson({ ...s, timezone: store.timezone, terms: store.supplierTerms })).digest("hex"),
  }));
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  const result = await tx
    .insert(supplierOrders)
    .values(rows)
    .onConflictDoUpdate({
      target: [supplierOrders.organizationId, supplierOrders.storeId, supplierOrders.supplier, supplierOrders.supplierOrderNumber],
      set: {
        orderId: excluded("order_id"),
        status: excluded("status"),
        cancellationPending: excluded("cancellation_pending"),
        disputeOpen: excluded("dispute_open"),
        costMinor: excluded("cost_minor"),
        currency: excluded("currency"),
        paidAt: excluded("paid_at"),
        shipBy: excluded("ship_by"),
        shippedAt: excluded("shipped_at"),
        carrier: excluded("carrier"),
        trackingNumber: excluded("tracking_number"),
        contentHash: excluded("content_hash"),
        version: sql`${supplierOrders.version} + 1`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${supplierOrders.contentHash} is distinct from ${excluded("content_hash")}`,
    })
    .returning({
      id: supplierOrders.id,
      orderId: supplierOrders.orderId,
      supplierOrderNumber: supplierOrders.supplierOrderNumber,
      created: sql<boolean>`(xmax = 0)`,
    });
  return result.map((r) => ({ ...r, created: Boolean(r.created) }));
}

export async function getSupplierOrder(tx: Tx, organizationId: string, id: string) {
  const [row] = await tx
    .select()
    .from(supplierOrders)
    .where(and(eq(supplierOrders.organizationId, organizationId), eq(supplierOrders.id, id)));
  return row ?? null;
}
