import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { withIdempotency } from "../ledger/idempotency";
import { getCaseDetail, listCases, listCasesSchema } from "./queries";
import {
  cancelStoreOrder,
  cancelStoreOrderSchema,
  closeCase,
  openCase,
  openCaseSchema,
  openDisputeSchema,
  openSupplierDispute,
  recordSupplierRefund,
  recordSupplierRefundSchema,
  refundItems,
  refundItemsSchema,
  requestAtSupplier,
  requestAtSupplierSchema,
  supplierAccepted,
  supplierAcceptedSchema,
  supplierRefused,
  supplierRefusedSchema,
  trackingProvided,
  trackingProvidedSchema,
  transitionBase,
  withdrawCase,
  writeOff,
  writeOffSchema,
} from "./service";
import { assignCase, assignCaseSchema } from "./assign";

const work = permissionProcedure("cases:work");
const money = permissionProcedure("refunds:record");

/** Money moves run once per idempotency key: a retry gets the first answer. */
function once<I extends { idempotencyKey: string }, T>(ctx: Parameters<typeof tenantContext>[0], operation: string, input: I, run: () => Promise<T>) {
  const { idempotencyKey, ...rest } = input;
  return withIdempotency(ctx.tx, ctx.organizationId, idempotencyKey, operation, rest, run);
}

export const caseRouter = createTRPCRouter({
  list: permissionProcedure("orders:read").input(listCasesSchema).query(({ ctx, input }) => listCases(tenantContext(ctx), input)),
  get: permissionProcedure("orders:read")
    .input(z.object({ caseId: z.uuid() }))
    .query(({ ctx, input }) => getCaseDetail(tenantContext(ctx), input.caseId)),
  open: work.input(openCaseSchema).mutation(({ ctx, input }) => openCase(tenantContext(ctx), input)),
  requestAtSupplier: work.input(requestAtSupplierSchema).mutation(({ ctx, input }) => requestAtSupplier(tenantContext(ctx), input)),
  supplierAccepted: work
    .input(supplierAcceptedSchema)
    .mutation(({ ctx, input }) => once(ctx, "case.supplierAccepted", input, () => supplierAccepted(tenantContext(ctx), input))),
  supplierRefused: work
    .input(supplierRefusedSchema.extend({ claimsShipped: z.boolean() }))
    .mutation(({ ctx, input }) => supplierRefused(tenantContext(ctx), input, input.claimsShipped)),
  trackingProvided: work.input(trackingProvidedSchema).mutation(({ ctx, input }) => trackingProvided(tenantContext(ctx), input)),
  openDispute: work.input(openDisputeSchema).mutation(({ ctx, input }) => openSupplierDispute(tenantContext(ctx), input)),
  cancelStoreOrder: money
    .input(cancelStoreOrderSchema)
    .mutation(({ ctx, input }) => once(ctx, "case.cancelStoreOrder", input, () => cancelStoreOrder(tenantContext(ctx), input))),
  refundItems: money
    .input(refundItemsSchema)
    .mutation(({ ctx, input }) => once(ctx, "case.refundItems", input, () => refundItems(tenantContext(ctx), input))),
  recordSupplierRefund: money
    .input(recordSupplierRefundSchema)
    .mutation(({ ctx, input }) => once(ctx, "case.recordSupplierRefund", input, () => recordSupplierRefund(tenantContext(ctx), input))),
  writeOffSupplierRefund: money
    .input(writeOffSchema)
    .mutation(({ ctx, input }) => once(ctx, "case.writeOffSupplierRefund", input, () => writeOff(tenantContext(ctx), input))),
  close: work.input(transitionBase).mutation(({ ctx, input }) => closeCase(tenantContext(ctx), input)),
  withdraw: work.input(transitionBase).mutation(({ ctx, input }) => withdrawCase(tenantContext(ctx), input)),
  assign: work.input(assignCaseSchema).mutation(({ ctx, input }) => assignCase(tenantContext(ctx), input)),
});
