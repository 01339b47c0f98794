import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../db/client";
import { orders, supplierOrders } from "../db/schema";
import type { TenantContext } from "../tenancy/context";
import {
  cancelStoreOrder,
  closeCase,
  openCase,
  openSupplierDispute,
  recordSupplierRefund,
  refundItems,
  requestAtSupplier,
  supplierAccepted,
  supplierRefused,
  trackingProvided,
  withdrawCase,
  writeOff,
} from "../cases/service";
import { transitionDispute } from "../disputes/service";
import { createRandom } from "./random";
import { RETURN_REASONS, type ReturnReason } from "@/lib/supplier-terms";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Path =
  | "requested"
  | "supplier_pending"
  | "accepted"
  | "accepted_overdue"
  | "cancelled_waiting_refund"
  | "closed_full"
  | "closed_written_off"
  | "awaiting_tracking"
  | "awaiting_tracking_overdue"
  | "shipped_closed"
  | "refused_not_shipped"
  | "disputed_open"
  | "dispute_won_closed"
  | "dispute_partial_closed"
  | "withdrawn";

const UNSHIPPED_PATHS: Path[] = [
  "requested",
  "supplier_pending",
  "accepted",
  "accepted_overdue",
  "cancelled_waiting_refund",
  "closed_full",
  "closed_full",
  "closed_written_off",
  "awaiting_tracking",
  "awaiting_tracking_overdue",
  "shipped_closed",
  "refused_not_shipped",
  "disputed_open",
  "dispute_won_closed",
  "dispute_partial_closed",
  "withdrawn",
];

/**
 * Walks demo orders through every path of the case state machine with the real services, at
 * back-dated times, so the board, deadlines, ledger and reports have something true to show.
 */
export async function seedStoreCases(ctx: TenantContext, storeId: string, seed: number, now: Date) {
  const random = createRandom(seed);
  const tx: Tx = ctx.tx;
  const unshipped = await tx
    .select({ id: orders.id, placedAt: orders.placedAt, totalMinor: orders.totalMinor })
    .from(orders)
    .innerJoin(supplierOrders, and(eq(supplierOrders.organizationId, orders.organizationId), eq(supplierOrders.orderId, orders.id)))
    .where(
      and(
        eq(orders.organizationId, ctx.organizationId),
        eq(orders.storeId, storeId),
        eq(orders.fulfillmentStatus, "unfulfilled"),
        eq(orders.financialStatus, "paid"),
        isNull(orders.cancelledAt),
        eq(supplierOrders.status, "awaiting_shipment"),
      ),
    )
    .orderBy(asc(orders.placedAt));
  const shipped = await tx
    .select({ id: orders.id, placedAt: orders.placedAt })
    .from(orders)
    .innerJoin(supplierOrders, and(eq(supplierOrders.organizationId, orders.organizationId), eq(supplierOrders.orderId, orders.id)))
    .where(
      and(
        eq(orders.organizationId, ctx.organizationId),
        eq(orders.storeId, storeId),
        eq(orders.fulfillmentStatus, "fulfilled"),
        eq(orders.financialStatus, "paid"),
        inArray(supplierOrders.status, ["shipped", "delivered"]),
      ),
    )
    .orderBy(asc(orders.placedAt))
    .limit(6);

  const reason = (): ReturnReason => random.pick(RETURN_REASONS);
  const key = () => `seed-${randomUUID()}`;
  let made = 0;
  for (const [index, order] of unshipped.slice(0, UNSHIPPED_PATHS.length).entries()) {
    const path = UNSHIPPED_PATHS[index]!;
    // Old enough cases for overdue paths, recent ones for open deadlines.
    const overdue = path.endsWith("overdue") || path.startsWith("closed") || path.includes("won") || path.includes("partial");
    let t = new Date(Math.min(now.getTime() - (overdue ? 35 : 2) * DAY, Math.max(order.placedAt.getTime() + 2 * HOUR, now.getTime() - 40 * DAY)));
    const step = (hours: number) => (t = new Date(Math.min(t.getTime() + hours * HOUR, now.getTime() - HOUR)));
    let c = await openCase(ctx, { orderId: order.id, reason: reason() }, t);
    made++;
    if (path === "requested") continue;
    if (path === "withdrawn") {
      await withdrawCase(ctx, { caseId: c.id, version: c.version }, step(3));
      continue;
    }
    c = await requestAtSupplier(ctx, { caseId: c.id, version: c.version, contactedSupplierDirectly: random.chance(0.6) }, step(1));
    if (path === "supplier_pending") continue;
    if (path.startsWith("awaiting_tracking") || path === "shipped_closed") {
      c = await supplierRefused(ctx, { caseId: c.id, version: c.version }, true, step(20));
      if (path === "shipped_closed") {
        c = await trackingProvided(ctx, { caseId: c.id, version: c.version, carrier: "Cainiao", trackingNumber: `LP${random.int(10_000_000, 99_999_999)}CN` }, step(48));
        await closeCase(ctx, { caseId: c.id, version: c.version }, step(2));
      }
      continue;
    }
    if (path === "refused_not_shipped" || path.startsWith("dispute")) {
      c = await supplierRefused(ctx, { caseId: c.id, version: c.version }, false, step(20));
      if (path === "refused_not_shipped") continue;
      c = await openSupplierDispute(ctx, { caseId: c.id, version: c.version, reason: "Supplier refused to cancel but has not shipped and gives no tracking number." }, step(4));
      if (path === "disputed_open") continue;
      const [dispute] = await tx.query.disputes.findMany({ where: (d, { eq: e }) => e(d.caseId, c.id) });
      const award = path === "dispute_won_closed" ? dispute!.claimedMinor : Math.floor(dispute!.claimedMinor / 2);
      await transitionDispute(
        ctx,
        { disputeId: dispute!.id, version: dispute!.version, action: path === "dispute_won_closed" ? "resolveWon" : "resolvePartial", awardedMinor: award, idempotencyKey: key() },
        step(96),
      );
      c = await cancelStoreOrder(ctx, { caseId: c.id, version: c.version, amountMinor: order.totalMinor, cancelReason: "customer", restock: true, notifyCustomer: true, idempotencyKey: key() }, step(2));
      await closeCase(ctx, { caseId: c.id, version: c.version }, step(1));
      continue;
    }
    c = await supplierAccepted(ctx, { caseId: c.id, version: c.version, idempotencyKey: key() }, step(18));
    if (path === "accepted" || path === "accepted_overdue") continue;
    c = await cancelStoreOrder(ctx, { caseId: c.id, version: c.version, amountMinor: order.totalMinor, cancelReason: "customer", restock: true, notifyCustomer: true, idempotencyKey: key() }, step(1));
    if (path === "cancelled_waiting_refund") continue;
    if (path === "closed_written_off") {
      c = await writeOff(ctx, { caseId: c.id, version: c.version, note: "Supplier stopped answering.", idempotencyKey: key() }, step(24 * 25));
    } else {
      const [expected] = await tx.query.moneyMovements.findMany({ where: (m, { and: a, eq: e }) => a(e(m.caseId, c.id), e(m.type, "supplier_refund_expected")) });
      c = await recordSupplierRefund(ctx, { caseId: c.id, version: c.version, amountMinor: expected!.amountMinor, idempotencyKey: key() }, step(24 * 6));
    }
    await closeCase(ctx, { caseId: c.id, version: c.version }, step(1));
  }
  // Delivered orders: too late to cancel; some get a goodwill partial refund of items.
  for (const order of shipped) {
    const t = new Date(Math.max(order.placedAt.getTime() + 9 * DAY, now.getTime() - 30 * DAY));
    let c = await openCase(ctx, { orderId: order.id, reason: random.pick(["not_as_described", "damaged", "wrong_size"] as const) }, t);
    made++;
    if (random.chance(0.6)) {
      const detail = await tx.query.orderLineItems.findMany({ where: (l, { eq: e }) => e(l.orderId, order.id) });
      const line = detail[0]!;
      c = await refundItems(
        ctx,
        { caseId: c.id, version: c.version, lines: [{ lineItemId: line.id, quantity: 1 }], includeShipping: false, amountMinor: Math.max(1, Math.floor(line.unitPriceMinor * 0.4)), idempotencyKey: key() },
        new Date(t.getTime() + 5 * HOUR),
      );
      await closeCase(ctx, { caseId: c.id, version: c.version }, new Date(t.getTime() + 6 * HOUR));
    }
  }
  return made;
}
