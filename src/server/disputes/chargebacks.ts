import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { dateSchema } from "@/lib/validation";
import type { Tx } from "../db/client";
import { disputes, moneyMovements, orders, stores } from "../db/schema";
import { recordAudit, type Actor } from "../audit/record";
import { DomainError, notFound } from "../errors";
import { localDateOf } from "../deadlines/calendar";
import { formatMoney } from "@/lib/money";
import type { DisputeState } from "@/lib/cases";
import { caseWorkers, notify } from "../notifications/service";
import { MAX_KEY_CHARS } from "../imports/values";
import { amountField, limitLength, refuseNul, timestampField } from "../webhooks/payload";

/** Shopify's dispute statuses onto the dispute state machine. */
export const SHOPIFY_DISPUTE_STATUS: Record<string, DisputeState> = {
  needs_response: "open",
  under_review: "awaiting_response",
  charge_refunded: "resolved_lost",
  accepted: "resolved_lost",
  lost: "resolved_lost",
  won: "resolved_won",
};

export const shopifyDisputePayload = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  order_id: z.union([z.number(), z.string()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v))),
  type: z.string().nullish(),
  amount: z.union([z.string(), z.number()]).transform(String),
  currency: z.string().length(3),
  reason: z.string().nullish(),
  status: z.string(),
  evidence_due_by: z.string().nullish(),
  initiated_at: z.string().nullish(),
  finalized_on: z.string().nullish(),
});

export interface ChargebackInput {
  externalId: string | null;
  orderId: string;
  type: string;
  reason: string;
  status: string;
  amountMinor: number;
  evidenceDueBy: Date | null;
  openedAt?: Date;
}

/**
 * Creates or updates a chargeback (customer against merchant). A lost one becomes a customer refund
 * in the ledger exactly once; one on an order already refunded is flagged as a double loss.
 */
export async function upsertChargeback(tx: Tx, organizationId: string, storeId: string, input: ChargebackInput, actor: Actor, requestId?: string) {
  const state = SHOPIFY_DISPUTE_STATUS[input.status] ?? "open";
  const [orderRow] = await tx
    .select({ order: orders, timezone: stores.timezone })
    .from(orders)
    .innerJoin(stores, and(eq(stores.organizationId, orders.organizationId), eq(stores.id, orders.storeId)))
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, input.orderId)))
    .for("update", { of: orders });
  if (!orderRow) throw notFound("Order");
  const order = orderRow.order;
  const [existing] = input.externalId
    ? await tx
        .select()
        .from(disputes)
        .where(and(eq(disputes.organizationId, organizationId), eq(disputes.storeId, storeId), eq(disputes.externalId, input.externalId)))
        .for("update")
    : [];
  const alreadyRefunded = order.ledgerRefundedMinor > 0;
  const values = {
    state,
    reason: input.reason,
    claimedMinor: input.amountMinor,
    respondBy: input.evidenceDueBy,
    externalStatus: input.status,
    externalType: input.type,
    doubleLoss: alreadyRefunded,
    resolvedAt: state.startsWith("resolved") ? new Date() : null,
    awardedMinor: state === "resolved_won" ? input.amountMinor : state === "resolved_lost" ? 0 : null,
  };
  let dispute: typeof disputes.$inferSelect;
  if (existing) {
    if (existing.externalStatus === input.status && existing.claimedMinor === input.amountMinor) return { dispute: existing, changed: false };
    [dispute] = (await tx
      .update(disputes)
      .set({ ...values, version: existing.version + 1 })
      .where(and(eq(disputes.organizationId, organizationId), eq(disputes.id, existing.id)))
      .returning()) as [typeof disputes.$inferSelect];
  } else {
    [dispute] = (await tx
      .insert(disputes)
      .values({ organizationId, storeId, orderId: order.id, kind: "chargeback", currency: order.currency, externalId: input.externalId, openedAt: input.openedAt ?? new Date(), ...values })
      .returning()) as [typeof disputes.$inferSelect];
  }
  const lostNow = state === "resolved_lost" && existing?.state !== "resolved_lost";
  if (lostNow) await recordChargebackLoss(tx, dispute, orderRow.timezone, alreadyRefunded);
  await recordAudit(tx, {
    organizationId,
    storeId,
    orderId: order.id,
    actor,
    action: lostNow ? "chargeback.lost" : existing ? "chargeback.updated" : "chargeback.created",
    entityId: dispute.id,
    before: existing ? { state: existing.state, status: existing.externalStatus } : null,
    after: { orderName: order.name, state, status: input.status, amount: formatMoney(input.amountMinor, order.currency), doubleLoss: alreadyRefunded },
    requestId,
  });
  if (!existing) {
    await notify(tx, organizationId, await caseWorkers(tx, organizationId, storeId), {
      kind: "chargeback.created",
      title: `Chargeback on ${order.name}${alreadyRefunded ? " (already refunded: double loss)" : ""}`,
      body: `${formatMoney(input.amountMinor, order.currency)} · ${input.reason}`,
      link: `/disputes/${dispute.id}`,
      storeId,
      dedupeKey: `chargeback:${dispute.id}:created`,
    });
  }
  return { dispute, changed: true };
}

/** A lost chargeback is money back to the customer, written to the ledger exactly once. */
export async function recordChargebackLoss(tx: Tx, dispute: typeof disputes.$inferSelect, timezone: string, doubleLoss: boolean) {
  const occurredAt = new Date();
  await tx
    .insert(moneyMovements)
    .values({
      organizationId: dispute.organizationId,
      storeId: dispute.storeId,
      orderId: dispute.orderId,
      disputeId: dispute.id,
      type: "customer_refund",
      source: "chargeback",
      amountMinor: dispute.claimedMinor,
      currency: dispute.currency,
      externalRef: `chargeback:${dispute.id}`,
      note: doubleLoss ? "Chargeback lost on an order already refunded: a double loss" : "Chargeback lost",
      occurredAt,
      localDate: localDateOf(occurredAt, timezone),
    })
    .onConflictDoNothing();
}

/** A Shopify disputes/create or disputes/update delivery, in the webhook's transaction. */
export async function applyDisputePayload(tx: Tx, scope: { organizationId: string; storeId: string }, payload: unknown, actor: Actor, requestId: string) {
  const parsed = shopifyDisputePayload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("INVALID", `The dispute payload is not valid: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  const p = parsed.data;
  // The importer's rules (webhooks/payload.ts): text Postgres can hold, ids it can index, real dates.
  refuseNul("dispute", p);
  limitLength("dispute", "id", p.id, MAX_KEY_CHARS);
  limitLength("dispute", "order_id", p.order_id, MAX_KEY_CHARS);
  const evidenceDueBy = timestampField("dispute", "evidence_due_by", p.evidence_due_by);
  const openedAt = timestampField("dispute", "initiated_at", p.initiated_at) ?? undefined;
  if (!p.order_id) return null;
  const [order] = await tx
    .select({ id: orders.id, currency: orders.currency })
    .from(orders)
    .where(and(eq(orders.organizationId, scope.organizationId), eq(orders.storeId, scope.storeId), eq(orders.externalId, p.order_id)));
  if (!order) return null;
  const amountMinor = amountField("dispute", "amount", p.amount, order.currency);
  return upsertChargeback(
    tx,
    scope.organizationId,
    scope.storeId,
    {
      externalId: p.id,
      orderId: order.id,
      type: p.type ?? "chargeback",
      reason: p.reason ?? "unknown",
      status: p.status,
      amountMinor,
      evidenceDueBy,
      openedAt,
    },
    actor,
    requestId,
  );
}

export const SHOPIFY_DISPUTE_REASONS = [
  "bank_cannot_process",
  "credit_not_processed",
  "customer_initiated",
  "debit_not_authorized",
  "duplicate",
  "fraudulent",
  "general",
  "incorrect_account_details",
  "insufficient_funds",
  "product_not_received",
  "product_unacceptable",
  "subscription_canceled",
  "unrecognized",
] as const;

export const manualChargebackSchema = z.object({
  orderId: z.uuid(),
  reason: z.enum(SHOPIFY_DISPUTE_REASONS),
  status: z.enum(["needs_response", "under_review", "won", "lost", "accepted", "charge_refunded"]),
  amountMinor: z.number().int().min(1).max(1e12),
  evidenceDueBy: dateSchema.nullable(),
  type: z.enum(["chargeback", "inquiry"]).default("chargeback"),
});

