import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { cancellationCases, orders, stores, users } from "../db/schema";
import { describeTimeLeft } from "../deadlines/calendar";
import { listOrderMovements, outstandingExpectations } from "../ledger/entries";
import { ledgerFigures } from "../ledger/figures";
import type { TenantContext } from "../tenancy/context";
import { CASE_STATES } from "@/lib/cases";
import { availableActions } from "./guards";
import { loadCaseSnapshot } from "./snapshot";
import { priorItemRefunds } from "./service";

export const listCasesSchema = z.object({
  storeId: z.uuid().optional(),
  state: z.array(z.enum(CASE_STATES)).max(CASE_STATES.length).optional(),
  q: z.string().trim().max(100).optional(),
  orderId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(300),
});

/** Cases across the member's stores, for the board (grouped by state on the page). */
export async function listCases(ctx: Pick<TenantContext, "tx" | "organizationId" | "membership">, input: z.infer<typeof listCasesSchema>) {
  const filters: (SQL | undefined)[] = [eq(cancellationCases.organizationId, ctx.organizationId)];
  if (input.storeId) filters.push(eq(cancellationCases.storeId, input.storeId));
  if (input.state?.length) filters.push(inArray(cancellationCases.state, input.state));
  if (input.orderId) filters.push(eq(cancellationCases.orderId, input.orderId));
  if (input.assigneeId) filters.push(eq(cancellationCases.assigneeId, input.assigneeId));
  if (input.q) filters.push(sql`(${orders.name} ilike ${`%${input.q.replace(/[\\%_]/g, "\\$&")}%`} or ${orders.email} ilike ${`%${input.q.replace(/[\\%_]/g, "\\$&")}%`})`);
  if (ctx.membership.storeIds) {
    filters.push(ctx.membership.storeIds.length ? inArray(cancellationCases.storeId, ctx.membership.storeIds) : sql`false`);
  }
  return ctx.tx
    .select({
      id: cancellationCases.id,
      state: cancellationCases.state,
      reason: cancellationCases.reason,
      outcome: cancellationCases.outcome,
      lossMinor: cancellationCases.lossMinor,
      currency: cancellationCases.currency,
      shipBy: cancellationCases.shipBy,
      trackingDueAt: cancellationCases.trackingDueAt,
      version: cancellationCases.version,
      createdAt: cancellationCases.createdAt,
      updatedAt: cancellationCases.updatedAt,
      orderId: cancellationCases.orderId,
      orderName: orders.name,
      customerName: orders.customerName,
      totalMinor: orders.totalMinor,
      storeId: cancellationCases.storeId,
      storeName: stores.name,
      storeTimezone: stores.timezone,
      assigneeId: cancellationCases.assigneeId,
      assigneeName: users.name,
    })
    .from(cancellationCases)
    .innerJoin(orders, and(eq(orders.organizationId, cancellationCases.organizationId), eq(orders.id, cancellationCases.orderId)))
    .innerJoin(stores, and(eq(stores.organizationId, cancellationCases.organizationId), eq(stores.id, cancellationCases.storeId)))
    .leftJoin(users, eq(users.id, cancellationCases.assigneeId))
    .where(and(...filters))
    .orderBy(desc(cancellationCases.updatedAt))
    .limit(input.limit);
}

/** The case as a guided checklist: state, deadlines, money, and the actions allowed now. */
export async function getCaseDetail(ctx: TenantContext, caseId: string, now = new Date()) {
  const snap = await loadCaseSnapshot(ctx.tx, ctx.organizationId, ctx.membership, caseId, { now });
  const calendar = { country: snap.store.supplierTerms.supplierCountry, timeZone: snap.store.timezone };
  const expectations = await outstandingExpectations(ctx.tx, ctx.organizationId, { caseId });
  const { prior, priorShipping } = await priorItemRefunds(ctx, snap.order.id);
  const refundedUnits = new Map<string, number>();
  for (const p of prior) refundedUnits.set(p.lineItemId, (refundedUnits.get(p.lineItemId) ?? 0) + p.quantity);
  const open = !["closed", "withdrawn"].includes(snap.kase.state);
  const deadlines = [
    snap.kase.shipBy && ["requested", "supplier_pending"].includes(snap.kase.state)
      ? { kind: "ship_by" as const, label: "Supplier ship-by (cancel window closes)", at: snap.kase.shipBy, timeLeft: describeTimeLeft(snap.kase.shipBy, now, calendar) }
      : null,
    snap.kase.trackingDueAt && snap.kase.state === "awaiting_tracking"
      ? { kind: "tracking_due" as const, label: "Tracking number due", at: snap.kase.trackingDueAt, timeLeft: describeTimeLeft(snap.kase.trackingDueAt, now, calendar) }
      : null,
    ...expectations.map((e) => ({
      kind: "supplier_refund" as const,
      label: "Supplier refund expected by",
      at: e.entry.expectedLatest!,
      timeLeft: describeTimeLeft(e.entry.expectedLatest!, now, calendar),
    })),
    ...snap.disputes
      .filter((d) => d.respondBy && ["open", "awaiting_response", "escalated"].includes(d.state))
      .map((d) => ({ kind: "dispute_respond_by" as const, label: "Dispute response due", at: d.respondBy!, timeLeft: describeTimeLeft(d.respondBy!, now, calendar) })),
  ].filter((d) => d !== null && open);
  return {
    case: snap.kase,
    order: {
      id: snap.order.id,
      name: snap.order.name,
      currency: snap.order.currency,
      totalMinor: snap.order.totalMinor,
      shippingMinor: snap.order.shippingMinor,
      refundedMinor: snap.order.ledgerRefundedMinor,
      refundableMinor: Math.max(0, snap.order.totalMinor - snap.order.ledgerRefundedMinor),
      fulfillmentStatus: snap.order.fulfillmentStatus,
      financialStatus: snap.order.financialStatus,
      cancelledAt: snap.order.cancelledAt,
      customerName: snap.order.customerName,
      email: snap.order.email,
    },
    store: { id: snap.store.id, name: snap.store.name, timezone: snap.store.timezone, currency: snap.store.currency },
    supplierOrder: snap.supplierOrder,
    disputes: snap.disputes,
    lineItems: snap.lineItems.map((l) => ({ ...l, refundedQuantity: refundedUnits.get(l.id) ?? 0 })),
    shippingRefundedMinor: priorShipping,
    money: snap.money,
    expectations: expectations.map((e) => ({ id: e.entry.id, outstandingMinor: e.outstandingMinor, earliest: e.entry.expectedEarliest, latest: e.entry.expectedLatest })),
    deadlines,
    actions: availableActions(snap, ctx.membership.role),
  };
}

export const ledgerQuerySchema = z.object({ orderId: z.uuid().optional(), storeId: z.uuid().optional() });

/** The refund ledger of one order (entries and figures). */
export async function orderLedger(ctx: TenantContext, orderId: string, now = new Date()) {
  const entries = await listOrderMovements(ctx.tx, ctx.organizationId, orderId);
  const figures = await ledgerFigures(ctx.tx, ctx.organizationId, sql`m.order_id = ${orderId}`, now);
  return { entries, figures };
}

/** Per-store ledger figures per currency, and the latest entries (for the ledger page). */
export async function storeLedger(ctx: TenantContext, storeId: string | undefined, now = new Date()) {
  const visible = ctx.membership.storeIds;
  const storeFilter = storeId ? sql`m.store_id = ${storeId}` : visible ? (visible.length ? sql`m.store_id in ${visible}` : sql`false`) : sql`true`;
  const currencies = await ctx.tx.execute(sql`select distinct currency from money_movements m where m.organization_id = ${ctx.organizationId} and ${storeFilter}`);
  const list = (Array.isArray(currencies) ? currencies : ((currencies as { rows: unknown[] }).rows ?? [])) as { currency: string }[];
  const byCurrency = [];
  for (const { currency } of list) {
    byCurrency.push({ currency, ...(await ledgerFigures(ctx.tx, ctx.organizationId, sql`${storeFilter} and m.currency = ${currency}`, now)) });
  }
  return { byCurrency };
}
