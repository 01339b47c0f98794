import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { withIdempotency } from "../ledger/idempotency";
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
  addEvidence: permissionProcedure("cases:work")
    .input(addEvidenceSchema)
    .mutation(({ ctx, input }) => addEvidence(tenantContext(ctx), input)),
});
