import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { dateSchema } from "@/lib/validation";
import { cancellationCases, disputes, moneyMovements, orders, supplierOrders } from "../db/schema";
import { recordAudit } from "../audit/record";
import { conflict, DomainError, notFound } from "../errors";
import { refundWindow, trackingDue, addBusinessDays } from "../deadlines/calendar";
import {
  expectSupplierRefund,
  outstandingExpectations,
  receiveSupplierRefund,
  recordCustomerRefund,
  writeOffSupplierRefund,
} from "../ledger/entries";
import { ledgerFigures } from "../ledger/figures";
import { findVisibleOrder } from "../orders/detail";
import type { TenantContext } from "../tenancy/context";
import {
  CASE_ACTIONS,
  CASE_OUTCOME_LABELS,
  actionAllowedFrom,
  type CaseAction,
  type CaseOutcome,
  type CaseState,
} from "@/lib/cases";
import { CANCEL_REASONS, DISPATCHED_SUPPLIER_STATUSES } from "@/lib/orders";
import { RETURN_REASONS } from "@/lib/supplier-terms";
import { formatMoney } from "@/lib/money";
import { blockedReason } from "./guards";
import { loadCaseSnapshot, openCaseForOrder, type CaseSnapshot } from "./snapshot";
import { computeItemRefund } from "./refund-items";
import { notify } from "../notifications/service";

export const openCaseSchema = z.object({
  orderId: z.uuid(),
  reason: z.enum(RETURN_REASONS),
  reasonNote: z.string().trim().max(2000).optional(),
  supplierOrderId: z.uuid().optional(),
});

/**
 * Opens a case for an order and checks eligibility at once: a supplier order that has already
 * shipped makes it `too_late`, with the reason; otherwise it is `requested`, with the ship-by.
 */
export async function openCase(ctx: TenantContext, input: z.infer<typeof openCaseSchema>, now = new Date()) {
  const { order } = await findVisibleOrder(ctx.tx, ctx.organizationId, ctx.membership, input.orderId);
  // Lock the order so two people opening a case at once get one case and one clear refusal.
  await ctx.tx.select({ id: orders.id }).from(orders).where(and(eq(orders.organizationId, ctx.organizationId), eq(orders.id, order.id))).for("update");
  if (await openCaseForOrder(ctx.tx, ctx.organizationId, order.id)) {
    throw conflict(`Order ${order.name} already has an open case. Continue that one, or withdraw it first.`);
  }
  const candidates = await ctx.tx
    .select()
    .from(supplierOrders)
    .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.orderId, order.id)));
  const supplierOrder = input.supplierOrderId
    ? candidates.find((s) => s.id === input.supplierOrderId)
    : (candidates.find((s) => !["cancelled", "closed"].includes(s.status)) ?? candidates[0]);
  if (input.supplierOrderId && !supplierOrder) throw notFound("Supplier order");
  const dispatched = supplierOrder && DISPATCHED_SUPPLIER_STATUSES.includes(supplierOrder.status);
  const tooLateReason = dispatched
    ? `the supplier shipped ${supplierOrder.supplier} order ${supplierOrder.supplierOrderNumber}${
        supplierOrder.shippedAt ? ` on ${supplierOrder.shippedAt.toISOString().slice(0, 10)}` : ""
      }${supplierOrder.trackingNumber ? ` (tracking ${supplierOrder.trackingNumber})` : ""}, so it cannot be cancelled`
    : null;
  const state: CaseState = dispatched ? "too_late" : "requested";
  const [kase] = await ctx.tx
    .insert(cancellationCases)
    .values({
      organizationId: ctx.organizationId,
      storeId: order.storeId,
      orderId: order.id,
      supplierOrderId: supplierOrder?.id ?? null,
      state,
      reason: input.reason,
      reasonNote: input.reasonNote || null,
      currency: order.currency,
      shipBy: supplierOrder?.shipBy ?? null,
      tooLateReason,
      openedBy: ctx.userId || null,
      createdAt: now,
    })
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: order.storeId,
    orderId: order.id,
    actor: ctx.actor,
    action: dispatched ? "case.too_late" : "case.opened",
    entityId: kase!.id,
    after: { orderName: order.name, state, reason: input.reason, tooLateReason, shipBy: supplierOrder?.shipBy?.toISOString() ?? null },
    requestId: ctx.requestId,
  });
  return kase!;
}

export const transitionBase = z.object({
  caseId: z.uuid(),
  /** The version the screen showed: an out-of-date or repeated request changes nothing. */
  version: z.number().int().positive(),
});

const SUPPLIER_ANSWERS: readonly CaseAction[] = ["supplierAccepted", "supplierRefusedShipped", "supplierRefusedNotShipped"];

type Patch = Partial<typeof cancellationCases.$inferInsert>;
interface StepResult {
  patch?: Patch;
  audit?: Record<string, unknown>;
}

/**
 * The one path every case action takes: lock the case, check its version and the state table, check
 * the action's requirements, do the work, move the state, write one audit event — one transaction.
 */
async function runAction(
  ctx: TenantContext,
  action: CaseAction,
  input: { caseId: string; version: number },
  step: (snap: CaseSnapshot) => Promise<StepResult>,
  now = new Date(),
) {
  const snap = await loadCaseSnapshot(ctx.tx, ctx.organizationId, ctx.membership, input.caseId, { lock: true, now });
  const { kase } = snap;
  if (kase.version !== input.version) {
    throw conflict("This case changed since you loaded it. Reload to see its current state, then try again.");
  }
  if (!actionAllowedFrom(action, kase.state)) {
    throw conflict(`"${CASE_ACTIONS[action].label}" is not possible while the case is ${kase.state.replace(/_/g, " ")}.`);
  }
  const blocked = blockedReason(action, snap);
  if (blocked) throw new DomainError("PRECONDITION", blocked);
  const result = await step(snap);
  const to = CASE_ACTIONS[action].to ?? kase.state;
  const [updated] = await ctx.tx
    .update(cancellationCases)
    .set({ ...result.patch, state: to, version: kase.version + 1, updatedAt: now })
    .where(and(eq(cancellationCases.organizationId, ctx.organizationId), eq(cancellationCases.id, kase.id), eq(cancellationCases.version, kase.version)))
    .returning();
  if (!updated) throw conflict("This case changed since you loaded it. Reload and try again.");
  // The member the case is assigned to hears about supplier answers others record.
  if (SUPPLIER_ANSWERS.includes(action) && kase.assigneeId && kase.assigneeId !== ctx.userId) {
    await notify(ctx.tx, ctx.organizationId, [kase.assigneeId], {
      kind: "case.supplier_response",
      title: `${CASE_ACTIONS[action].label} — ${snap.order.name}`,
      body: `${ctx.actor.label ?? "Someone"} recorded the supplier's answer.`,
      link: `/cases/${kase.id}`,
      storeId: kase.storeId,
      dedupeKey: `case:${kase.id}:${action}:${kase.version}`,
    });
  }
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: kase.storeId,
    orderId: kase.orderId,
    actor: ctx.actor,
    action: `case.${action}`,
    entityId: kase.id,
    before: { state: kase.state, version: kase.version },
    after: { orderName: snap.order.name, state: to, version: updated.version, ...result.audit },
    requestId: ctx.requestId,
  });
  return updated;
}

export const requestAtSupplierSchema = transitionBase.extend({
  requestedAt: dateSchema.optional(),
  contactedSupplierDirectly: z.boolean().default(false),
});

export function requestAtSupplier(ctx: TenantContext, input: z.infer<typeof requestAtSupplierSchema>, now = new Date()) {
  return runAction(
    ctx,
    "requestAtSupplier",
    input,
    async (snap) => {
      if (snap.supplierOrder) {
        await ctx.tx
          .update(supplierOrders)
          .set({ cancellationPending: true, version: sql`${supplierOrders.version} + 1` })
          .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, snap.supplierOrder.id)));
      }
      return {
        patch: { supplierRequestedAt: input.requestedAt ?? now, contactedSupplierDirectly: input.contactedSupplierDirectly },
        audit: { contactedSupplierDirectly: input.contactedSupplierDirectly },
      };
    },
    now,
  );
}

export const supplierAcceptedSchema = transitionBase.extend({
  respondedAt: dateSchema.optional(),
  /** In the order's currency; defaults to the supplier order's cost when the currencies match. */
  expectedRefundMinor: z.number().int().min(0).max(1e12).optional(),
  idempotencyKey: z.string().min(8).max(100),
});

export function supplierAccepted(ctx: TenantContext, input: z.infer<typeof supplierAcceptedSchema>, now = new Date()) {
  return runAction(
    ctx,
    "supplierAccepted",
    input,
    async (snap) => {
      const respondedAt = input.respondedAt ?? now;
      const so = snap.supplierOrder;
      const paid = so && so.status !== "awaiting_payment";
      let expected = input.expectedRefundMinor;
      if (expected === undefined) {
        if (so && paid && so.currency !== snap.order.currency) {
          throw new DomainError(
            "INVALID",
            `The supplier was paid in ${so.currency} but the order is in ${snap.order.currency}. Enter the refund you expect in ${snap.order.currency}.`,
          );
        }
        expected = so && paid ? so.costMinor : 0;
      }
      let window: { earliest: Date; latest: Date } | null = null;
      if (expected > 0) {
        const terms = snap.store.supplierTerms;
        window = refundWindow(respondedAt, { ...terms, timeZone: snap.store.timezone });
        await expectSupplierRefund(ctx.tx, ctx.organizationId, snap.order.id, {
          amountMinor: expected,
          earliest: window.earliest,
          latest: window.latest,
          caseId: snap.kase.id,
          createdBy: ctx.userId || null,
        });
      }
      if (so) {
        await ctx.tx
          .update(supplierOrders)
          .set({ status: "cancelled", cancellationPending: false, version: sql`${supplierOrders.version} + 1` })
          .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, so.id)));
      }
      return {
        patch: { supplierRespondedAt: respondedAt },
        audit: { expectedRefundMinor: expected, expectedLatest: window?.latest.toISOString() ?? null, amount: formatMoney(expected, snap.order.currency) },
      };
    },
    now,
  );
}

export const supplierRefusedSchema = transitionBase.extend({ respondedAt: dateSchema.optional() });

export function supplierRefused(ctx: TenantContext, input: z.infer<typeof supplierRefusedSchema>, claimsShipped: boolean, now = new Date()) {
  return runAction(
    ctx,
    claimsShipped ? "supplierRefusedShipped" : "supplierRefusedNotShipped",
    input,
    async (snap) => {
      const respondedAt = input.respondedAt ?? now;
      if (snap.supplierOrder) {
        await ctx.tx
          .update(supplierOrders)
          .set({ cancellationPending: false, version: sql`${supplierOrders.version} + 1` })
          .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, snap.supplierOrder.id)));
      }
      const due = claimsShipped ? trackingDue(respondedAt, { ...snap.store.supplierTerms, timeZone: snap.store.timezone }) : null;
      return { patch: { supplierRespondedAt: respondedAt, trackingDueAt: due }, audit: { trackingDueAt: due?.toISOString() ?? null } };
    },
    now,
  );
}

export const trackingProvidedSchema = transitionBase.extend({
  carrier: z.string().trim().min(1, "Enter the carrier.").max(80),
  trackingNumber: z.string().trim().min(4, "Enter the tracking number.").max(80),
  shippedAt: dateSchema.optional(),
});

export function trackingProvided(ctx: TenantContext, input: z.infer<typeof trackingProvidedSchema>, now = new Date()) {
  return runAction(
    ctx,
    "trackingProvided",
    input,
    async (snap) => {
      if (snap.supplierOrder) {
        await ctx.tx
          .update(supplierOrders)
          .set({
            status: "shipped",
            carrier: input.carrier,
            trackingNumber: input.trackingNumber,
            shippedAt: input.shippedAt ?? snap.supplierOrder.shippedAt ?? now,
            version: sql`${supplierOrders.version} + 1`,
          })
          .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, snap.supplierOrder.id)));
      }
      return { patch: { carrier: input.carrier, trackingNumber: input.trackingNumber }, audit: { carrier: input.carrier, trackingNumber: input.trackingNumber } };
    },
    now,
  );
}

export const openDisputeSchema = transitionBase.extend({
  reason: z.string().trim().min(3, "Say why, in a few words.").max(2000),
  claimedMinor: z.number().int().min(1).max(1e12).optional(),
  respondBy: dateSchema.optional(),
});

export function openSupplierDispute(ctx: TenantContext, input: z.infer<typeof openDisputeSchema>, now = new Date()) {
  return runAction(
    ctx,
    "openDispute",
    input,
    async (snap) => {
      const claimed = input.claimedMinor ?? snap.supplierOrder?.costMinor ?? snap.order.totalMinor;
      const respondBy =
        input.respondBy ?? addBusinessDays(now, 5, { country: snap.store.supplierTerms.supplierCountry, timeZone: snap.store.timezone });
      const [dispute] = await ctx.tx
        .insert(disputes)
        .values({
          organizationId: ctx.organizationId,
          storeId: snap.kase.storeId,
          orderId: snap.kase.orderId,
          caseId: snap.kase.id,
          supplierOrderId: snap.supplierOrder?.id ?? null,
          kind: "supplier",
          state: "open",
          reason: input.reason,
          currency: snap.order.currency,
          claimedMinor: claimed,
          respondBy,
          openedAt: now,
        })
        .returning();
      if (snap.supplierOrder) {
        await ctx.tx
          .update(supplierOrders)
          .set({ disputeOpen: true, version: sql`${supplierOrders.version} + 1` })
          .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, snap.supplierOrder.id)));
      }
      return { audit: { disputeId: dispute!.id, claimedMinor: claimed, respondBy: respondBy.toISOString() } };
    },
    now,
  );
}

const moneyKey = { idempotencyKey: z.string().min(8).max(100) };

export const cancelStoreOrderSchema = transitionBase.extend({
  amountMinor: z.number().int().min(0).max(1e12),
  cancelReason: z.enum(CANCEL_REASONS),
  restock: z.boolean().default(true),
  notifyCustomer: z.boolean().default(true),
  ...moneyKey,
});

export function cancelStoreOrder(ctx: TenantContext, input: z.infer<typeof cancelStoreOrderSchema>, now = new Date()) {
  return runAction(
    ctx,
    "cancelStoreOrder",
    input,
    async (snap) => {
      if (input.amountMinor > 0) {
        await recordCustomerRefund(ctx.tx, ctx.organizationId, snap.order.id, {
          amountMinor: input.amountMinor,
          reason: snap.kase.reason,
          caseId: snap.kase.id,
          note: `Store order cancelled (${input.cancelReason}); restock ${input.restock ? "yes" : "no"}, notify ${input.notifyCustomer ? "yes" : "no"}`,
          createdBy: ctx.userId || null,
          occurredAt: now,
        });
      }
      await ctx.tx
        .update(orders)
        .set({
          cancelledAt: now,
          cancelReason: input.cancelReason,
          financialStatus: input.amountMinor > 0 ? undefined : "voided",
          version: sql`${orders.version} + 1`,
        })
        .where(and(eq(orders.organizationId, ctx.organizationId), eq(orders.id, snap.order.id)));
      return {
        audit: {
          amountMinor: input.amountMinor,
          amount: formatMoney(input.amountMinor, snap.order.currency),
          cancelReason: input.cancelReason,
          restock: input.restock,
          notifyCustomer: input.notifyCustomer,
        },
      };
    },
    now,
  );
}

export const refundItemsSchema = transitionBase.extend({
  lines: z.array(z.object({ lineItemId: z.uuid(), quantity: z.number().int().min(0).max(100000) })).max(500),
  includeShipping: z.boolean().default(false),
  amountMinor: z.number().int().min(1).max(1e12).optional(),
  ...moneyKey,
});

export async function priorItemRefunds(ctx: TenantContext, orderId: string) {
  const entries = await ctx.tx
    .select({ allocation: moneyMovements.allocation, shippingMinor: moneyMovements.shippingMinor })
    .from(moneyMovements)
    .where(
      and(
        eq(moneyMovements.organizationId, ctx.organizationId),
        eq(moneyMovements.orderId, orderId),
        inArray(moneyMovements.type, ["customer_refund"]),
      ),
    );
  const prior = entries.flatMap((e) => (Array.isArray(e.allocation) ? (e.allocation as { lineItemId: string; quantity: number }[]) : []));
  const priorShipping = entries.reduce((a, e) => a + (e.shippingMinor ?? 0), 0);
  return { prior, priorShipping };
}

export function refundItems(ctx: TenantContext, input: z.infer<typeof refundItemsSchema>, now = new Date()) {
  return runAction(
    ctx,
    "refundItems",
    input,
    async (snap) => {
      const { prior, priorShipping } = await priorItemRefunds(ctx, snap.order.id);
      const refund = computeItemRefund(
        snap.order,
        snap.lineItems.map((l) => ({ id: l.id, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
        prior,
        priorShipping,
        { lines: input.lines, includeShipping: input.includeShipping, amountMinor: input.amountMinor },
      );
      await recordCustomerRefund(ctx.tx, ctx.organizationId, snap.order.id, {
        amountMinor: refund.totalMinor,
        reason: snap.kase.reason,
        caseId: snap.kase.id,
        allocation: refund.allocation,
        shippingMinor: refund.shippingMinor,
        createdBy: ctx.userId || null,
        occurredAt: now,
      });
      return { audit: { amountMinor: refund.totalMinor, amount: formatMoney(refund.totalMinor, snap.order.currency), allocation: refund.allocation, shippingMinor: refund.shippingMinor } };
    },
    now,
  );
}

export const recordSupplierRefundSchema = transitionBase.extend({
  amountMinor: z.number().int().min(1).max(1e12),
  expectationId: z.uuid().optional(),
  receivedAt: dateSchema.optional(),
  ...moneyKey,
});

export function recordSupplierRefund(ctx: TenantContext, input: z.infer<typeof recordSupplierRefundSchema>, now = new Date()) {
  return runAction(
    ctx,
    "recordSupplierRefund",
    input,
    async (snap) => {
      // Only this case's expectations: settling another case's would leave that case's exposure
      // standing while the order's is gone (the same rule as writing off).
      const open = await outstandingExpectations(ctx.tx, ctx.organizationId, { caseId: snap.kase.id });
      if (input.expectationId && !open.some((o) => o.entry.id === input.expectationId)) {
        throw new DomainError("PRECONDITION", "That supplier refund is not expected on this case (already received, written off, or another case's).");
      }
      const settlesId = input.expectationId ?? open[0]?.entry.id ?? null;
      await receiveSupplierRefund(ctx.tx, ctx.organizationId, snap.order.id, {
        amountMinor: input.amountMinor,
        settlesId,
        caseId: snap.kase.id,
        occurredAt: input.receivedAt ?? now,
        createdBy: ctx.userId || null,
      });
      return { audit: { amountMinor: input.amountMinor, amount: formatMoney(input.amountMinor, snap.order.currency) } };
    },
    now,
  );
}

export const writeOffSchema = transitionBase.extend({ expectationId: z.uuid().optional(), note: z.string().max(500).optional(), ...moneyKey });

export function writeOff(ctx: TenantContext, input: z.infer<typeof writeOffSchema>, now = new Date()) {
  return runAction(
    ctx,
    "writeOffSupplierRefund",
    input,
    async (snap) => {
      const open = await outstandingExpectations(ctx.tx, ctx.organizationId, { caseId: snap.kase.id });
      const target = input.expectationId ? open.find((o) => o.entry.id === input.expectationId) : open[0];
      if (!target) throw new DomainError("PRECONDITION", "No supplier refund is expected for this case.");
      const entry = await writeOffSupplierRefund(ctx.tx, ctx.organizationId, snap.order.id, {
        settlesId: target.entry.id,
        caseId: snap.kase.id,
        note: input.note ?? null,
        createdBy: ctx.userId || null,
      });
      return { audit: { amountMinor: entry.amountMinor, amount: formatMoney(entry.amountMinor, snap.order.currency) } };
    },
    now,
  );
}

/**
 * The outcome follows from the path the case took and its ledger, never from input. "Full recovery"
 * means everything paid to the supplier came back: nothing written off and every dispute fully won.
 */
export function outcomeOf(snap: CaseSnapshot, figures: { writtenOffMinor: number; exposureMinor: number }): CaseOutcome {
  const cancelled = snap.kase.state === "store_cancelled" || (snap.kase.state === "disputed" && snap.order.cancelledAt !== null);
  if (!cancelled) return "not_cancelled";
  const disputeShortfall = snap.disputes
    .filter((d) => d.state.startsWith("resolved"))
    .reduce((sum, d) => sum + Math.max(0, d.claimedMinor - (d.awardedMinor ?? 0)), 0);
  const shortfall = figures.writtenOffMinor + figures.exposureMinor + disputeShortfall;
  return shortfall > 0 ? "cancelled_with_loss" : "cancelled_full_recovery";
}

export function closeCase(ctx: TenantContext, input: z.infer<typeof transitionBase>, now = new Date()) {
  return runAction(
    ctx,
    "close",
    input,
    async (snap) => {
      const figures = await ledgerFigures(ctx.tx, ctx.organizationId, sql`m.case_id = ${snap.kase.id}`, now);
      const outcome = outcomeOf(snap, figures);
      return {
        patch: { outcome, lossMinor: figures.netLossMinor, closedAt: now },
        audit: { outcome, outcomeLabel: CASE_OUTCOME_LABELS[outcome], lossMinor: figures.netLossMinor },
      };
    },
    now,
  );
}

export function withdrawCase(ctx: TenantContext, input: z.infer<typeof transitionBase>, now = new Date()) {
  return runAction(
    ctx,
    "withdraw",
    input,
    async (snap) => {
      const figures = await ledgerFigures(ctx.tx, ctx.organizationId, sql`m.case_id = ${snap.kase.id}`, now);
      if (snap.supplierOrder?.cancellationPending) {
        await ctx.tx
          .update(supplierOrders)
          .set({ cancellationPending: false, version: sql`${supplierOrders.version} + 1` })
          .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, snap.supplierOrder.id)));
      }
      return { patch: { outcome: "withdrawn", lossMinor: figures.netLossMinor, closedAt: now }, audit: { outcome: "withdrawn" } };
    },
    now,
  );
}
