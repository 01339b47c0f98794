import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { withIdempotency } from "../ledger/idempotency";
import { findVisibleOrder } from "../orders/detail";
import { manualChargebackSchema, upsertChargeback } from "./chargebacks";
import { addEvidence, addEvidenceSchema, disputeTransitionSchema, getDispute, listDisputes, listDisputesSchema, transitionDispute } from "./service";

export const disputeRouter = createTRPCRouter({
  list: permissionProcedure("orders:read").input(listDisputesSchema).query(({ ctx, input }) => listDisputes(tenantContext(ctx), input)),
  get: permissionProcedure("orders:read")
    .input(z.object({ disputeId: z.uuid() }))
    .query(({ ctx, input }) => getDispute(tenantContext(ctx), input.disputeId)),
  transition: permissionProcedure("cases:work")
    .input(disputeTransitionSchema)
    .mutation(({ ctx, input }) => {
      const { idempotencyKey, ...rest } = input;
      return withIdempotency(ctx.tx, ctx.organizationId, idempotencyKey, "dispute.transition", rest, () => transitionDispute(tenantContext(ctx), input));
    }),
  /** A chargeback entered by hand (when webhooks are not connected). */
  createChargeback: permissionProcedure("cases:work")
    .input(manualChargebackSchema)
    .mutation(async ({ ctx, input }) => {
      const { order } = await findVisibleOrder(ctx.tx, ctx.organizationId, ctx.membership, input.orderId);
      const result = await upsertChargeback(
        ctx.tx,
        ctx.organizationId,
        order.storeId,
        { externalId: null, orderId: order.id, type: input.type, reason: input.reason, status: input.status, amountMinor: input.amountMinor, evidenceDueBy: input.evidenceDueBy },
        ctx.actor,
        ctx.requestId,
      );
      return result.dispute;
    }),
  addEvidence: permissionProcedure("cases:work")
    .input(addEvidenceSchema)
    .mutation(({ ctx, input }) => addEvidence(tenantContext(ctx), input)),
});
