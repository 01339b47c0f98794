import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx, Tx } from "../db/client";
import { cancellationCases, disputes, orderLineItems, orders, stores, supplierOrders } from "../db/schema";
import { notFound } from "../errors";
import { ledgerFigures } from "../ledger/figures";
import { sql } from "drizzle-orm";
import { OPEN_DISPUTE_STATES } from "@/lib/cases";
import type { ResolvedMembership } from "../tenancy/membership";

export type CaseRow = typeof cancellationCases.$inferSelect;

/** Everything a case's guards and screen need, read in one place. */
export async function loadCaseSnapshot(
  db: DbOrTx,
  organizationId: string,
  membership: ResolvedMembership,
  caseId: string,
  opts: { lock?: boolean; now?: Date } = {},
) {
  const query = db
    .select()
    .from(cancellationCases)
    .where(and(eq(cancellationCases.organizationId, organizationId), eq(cancellationCases.id, caseId)))
    .$dynamic();
  const [kase] = opts.lock ? await query.for("update") : await query;
  if (!kase || (membership.storeIds && !membership.storeIds.includes(kase.storeId))) throw notFound("Case");
  return loadSnapshotFor(db, organizationId, kase, opts.now ?? new Date());
}

export async function loadSnapshotFor(db: DbOrTx, organizationId: string, kase: CaseRow, now: Date) {
  const [orderRow] = await db
    .select({ order: orders, store: stores })
    .from(orders)
    .innerJoin(stores, and(eq(stores.organizationId, orders.organizationId), eq(stores.id, orders.storeId)))
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, kase.orderId)));
  const [supplierOrder] = kase.supplierOrderId
    ? await db
        .select()
        .from(supplierOrders)
        .where(and(eq(supplierOrders.organizationId, organizationId), eq(supplierOrders.id, kase.supplierOrderId)))
    : [];
  const caseDisputes = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.organizationId, organizationId), eq(disputes.caseId, kase.id)))
    .orderBy(desc(disputes.createdAt));
  const lineItems = await db
    .select()
    .from(orderLineItems)
    .where(and(eq(orderLineItems.organizationId, organizationId), eq(orderLineItems.orderId, kase.orderId)))
    .orderBy(orderLineItems.position);
  const money = await ledgerFigures(db, organizationId, sql`m.case_id = ${kase.id}`, now);
  return {
    kase,
    order: orderRow!.order,
    store: orderRow!.store,
    supplierOrder: supplierOrder ?? null,
    disputes: caseDisputes,
    openDispute: caseDisputes.find((d) => (OPEN_DISPUTE_STATES as readonly string[]).includes(d.state)) ?? null,
    lineItems,
    money,
    now,
  };
}
export type CaseSnapshot = Awaited<ReturnType<typeof loadSnapshotFor>>;

export async function openCaseForOrder(tx: Tx, organizationId: string, orderId: string) {
  const [open] = await tx
    .select({ id: cancellationCases.id })
    .from(cancellationCases)
    .where(
      and(
        eq(cancellationCases.organizationId, organizationId),
        eq(cancellationCases.orderId, orderId),
        inArray(cancellationCases.state, [
          "requested",
          "supplier_pending",
          "supplier_accepted",
          "supplier_refused",
          "awaiting_tracking",
          "shipped",
          "disputed",
          "store_cancelled",
          "too_late",
        ]),
      ),
    );
  return open ?? null;
}
