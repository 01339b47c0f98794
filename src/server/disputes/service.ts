import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { disputeEvidence, disputes, orders, stores, supplierOrders } from "../db/schema";
import { recordAudit } from "../audit/record";
import { conflict, DomainError, notFound } from "../errors";
import { receiveSupplierRefund } from "../ledger/entries";
import type { TenantContext } from "../tenancy/context";
import { DISPUTE_ACTIONS, DISPUTE_STATES, type DisputeAction } from "@/lib/cases";
import { formatMoney } from "@/lib/money";
import { recordChargebackLoss } from "./chargebacks";

async function lockDispute(ctx: TenantContext, disputeId: string) {
  const [row] = await ctx.tx
    .select({ dispute: disputes, orderName: orders.name })
    .from(disputes)
    .innerJoin(orders, and(eq(orders.organizationId, disputes.organizationId), eq(orders.id, disputes.orderId)))
    .where(and(eq(disputes.organizationId, ctx.organizationId), eq(disputes.id, disputeId)))
    .for("update", { of: disputes });
  if (!row || (ctx.membership.storeIds && !ctx.membership.storeIds.includes(row.dispute.storeId))) throw notFound("Dispute");
  return row;
}

export const disputeTransitionSchema = z.object({
  disputeId: z.uuid(),
  version: z.number().int().positive(),
  action: z.enum(Object.keys(DISPUTE_ACTIONS) as [DisputeAction, ...DisputeAction[]]),
  /** For won / partly won: what the platform awarded (becomes a supplier refund received). */
  awardedMinor: z.number().int().min(0).max(1e12).optional(),
  idempotencyKey: z.string().min(8).max(100),
});

/** Moves a dispute along its state machine; an award is recorded in the ledger in the same step. */
export async function transitionDispute(ctx: TenantContext, input: z.infer<typeof disputeTransitionSchema>, now = new Date()) {
  const { dispute, orderName } = await lockDispute(ctx, input.disputeId);
  if (dispute.version !== input.version) throw conflict("This dispute changed since you loaded it. Reload and try again.");
  const spec = DISPUTE_ACTIONS[input.action];
  if (!(spec.from as readonly string[]).includes(dispute.state)) {
    throw conflict(`"${spec.label}" is not possible while the dispute is ${dispute.state.replace(/_/g, " ")}.`);
  }
  let awarded: number | null = dispute.awardedMinor;
  if (input.action === "resolveWon") awarded = input.awardedMinor ?? dispute.claimedMinor;
  if (input.action === "resolvePartial") {
    if (input.awardedMinor === undefined || input.awardedMinor <= 0 || input.awardedMinor >= dispute.claimedMinor) {
      throw new DomainError("INVALID", `Enter the amount awarded: more than zero and less than the ${formatMoney(dispute.claimedMinor, dispute.currency)} claimed.`);
    }
    awarded = input.awardedMinor;
  }
  if (input.action === "resolveLost") awarded = 0;
  if (awarded !== null && awarded > dispute.claimedMinor) {
    throw new DomainError("INVALID", `The award cannot exceed the ${formatMoney(dispute.claimedMinor, dispute.currency)} claimed.`);
  }
  const resolved = spec.to.startsWith("resolved") || spec.to === "withdrawn";
  if (dispute.kind === "supplier" && awarded && awarded > 0 && spec.to.startsWith("resolved")) {
    await receiveSupplierRefund(ctx.tx, ctx.organizationId, dispute.orderId, {
      amountMinor: awarded,
      caseId: dispute.caseId,
      disputeId: dispute.id,
      source: "dispute",
      occurredAt: now,
      createdBy: ctx.userId || null,
      note: "Awarded in the supplier dispute",
    });
  }
  if (dispute.kind === "chargeback" && spec.to === "resolved_lost") {
    const [store] = await ctx.tx.select({ timezone: stores.timezone }).from(stores).where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, dispute.storeId)));
    await recordChargebackLoss(ctx.tx, dispute, store!.timezone, dispute.doubleLoss);
  }
  const [updated] = await ctx.tx
    .update(disputes)
    .set({
      state: spec.to,
      awardedMinor: awarded,
      resolvedAt: resolved ? now : null,
      version: dispute.version + 1,
      updatedAt: now,
    })
    .where(and(eq(disputes.organizationId, ctx.organizationId), eq(disputes.id, dispute.id)))
    .returning();
  if (resolved && dispute.supplierOrderId) {
    await ctx.tx
      .update(supplierOrders)
      .set({ disputeOpen: false, version: sql`${supplierOrders.version} + 1` })
      .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, dispute.supplierOrderId)));
  }
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: dispute.storeId,
    orderId: dispute.orderId,
    actor: ctx.actor,
    action: `dispute.${input.action}`,
    entityId: dispute.id,
    before: { state: dispute.state, version: dispute.version },
    after: { orderName, state: spec.to, awardedMinor: awarded, amount: formatMoney(awarded ?? 0, dispute.currency), version: updated!.version },
    requestId: ctx.requestId,
  });
  return updated!;
}

export const addEvidenceSchema = z.object({
  disputeId: z.uuid(),
  kind: z.enum(["note", "tracking_check", "link"]),
  body: z.string().trim().min(1, "Write what you found.").max(5000),
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), "Links must start with http:// or https://.")
    .optional(),
});

export async function addEvidence(ctx: TenantContext, input: z.infer<typeof addEvidenceSchema>) {
  const { dispute, orderName } = await lockDispute(ctx, input.disputeId);
  if (input.kind === "link" && !input.url) throw new DomainError("INVALID", "Add the link.");
  const [evidence] = await ctx.tx
    .insert(disputeEvidence)
    .values({
      organizationId: ctx.organizationId,
      disputeId: dispute.id,
      kind: input.kind,
      body: input.body,
      url: input.url ?? null,
      authorId: ctx.userId || null,
      authorLabel: ctx.actor.label ?? "Recoup",
    })
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: dispute.storeId,
    orderId: dispute.orderId,
    actor: ctx.actor,
    action: "dispute.evidence_added",
    entityId: dispute.id,
    after: { orderName, kind: input.kind },
    requestId: ctx.requestId,
  });
  return evidence!;
}

export const listDisputesSchema = z.object({
  state: z.array(z.enum(DISPUTE_STATES)).max(DISPUTE_STATES.length).optional(),
  kind: z.enum(["supplier", "chargeback"]).optional(),
  storeId: z.uuid().optional(),
  limit: z.number().int().min(1).max(200).default(100),
});

export async function listDisputes(
  ctx: Pick<TenantContext, "tx" | "organizationId" | "membership">,
  input: z.infer<typeof listDisputesSchema> & { disputeId?: string; caseId?: string },
) {
  const filters: (SQL | undefined)[] = [eq(disputes.organizationId, ctx.organizationId)];
  if (input.disputeId) filters.push(eq(disputes.id, input.disputeId));
  if (input.caseId) filters.push(eq(disputes.caseId, input.caseId));
  if (input.state?.length) filters.push(inArray(disputes.state, input.state));
  if (input.kind) filters.push(eq(disputes.kind, input.kind));
  if (input.storeId) filters.push(eq(disputes.storeId, input.storeId));
  if (ctx.membership.storeIds) filters.push(ctx.membership.storeIds.length ? inArray(disputes.storeId, ctx.membership.storeIds) : sql`false`);
  return ctx.tx
    .select({
      id: disputes.id,
      kind: disputes.kind,
      state: disputes.state,
      reason: disputes.reason,
      currency: disputes.currency,
      claimedMinor: disputes.claimedMinor,
      awardedMinor: disputes.awardedMinor,
      respondBy: disputes.respondBy,
      openedAt: disputes.openedAt,
      resolvedAt: disputes.resolvedAt,
      caseId: disputes.caseId,
      orderId: disputes.orderId,
      orderName: orders.name,
      storeId: disputes.storeId,
      storeName: stores.name,
      storeTimezone: stores.timezone,
      version: disputes.version,
    })
    .from(disputes)
    .innerJoin(orders, and(eq(orders.organizationId, disputes.organizationId), eq(orders.id, disputes.orderId)))
    .innerJoin(stores, and(eq(stores.organizationId, disputes.organizationId), eq(stores.id, disputes.storeId)))
    .where(and(...filters))
    .orderBy(asc(disputes.respondBy), desc(disputes.openedAt))
    .limit(input.limit);
}

export async function getDispute(ctx: Pick<TenantContext, "tx" | "organizationId" | "membership">, disputeId: string) {
  const [row] = await listDisputes(ctx, { disputeId, limit: 1 });
  if (!row) throw notFound("Dispute");
  const evidence = await ctx.tx
    .select()
    .from(disputeEvidence)
    .where(and(eq(disputeEvidence.organizationId, ctx.organizationId), eq(disputeEvidence.disputeId, disputeId)))
    .orderBy(asc(disputeEvidence.createdAt));
  const actions = (Object.keys(DISPUTE_ACTIONS) as DisputeAction[])
    .filter((a) => (DISPUTE_ACTIONS[a].from as readonly string[]).includes(row.state))
    .map((a) => ({ action: a, label: DISPUTE_ACTIONS[a].label }));
  return { ...row, evidence, actions };
}
