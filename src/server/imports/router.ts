import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { discardImportJob, getImportJob, listImportJobs, runImportJob, startImportJob } from "./jobs";

const jobInput = z.object({ jobId: z.uuid() });

export const importRouter = createTRPCRouter({
  get: permissionProcedure("orders:read")
    .input(jobInput)
    .query(({ ctx, input }) => getImportJob(ctx.tx, ctx.organizationId, ctx.membership, input.jobId)),
  list: permissionProcedure("orders:read")
    .input(z.object({ storeId: z.uuid().optional() }))
    .query(({ ctx, input }) => listImportJobs(ctx.tx, ctx.organizationId, ctx.membership, input.storeId)),
  start: permissionProcedure("imports:run")
    .input(jobInput.extend({ skipBadRows: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const result = await startImportJob(ctx.tx, ctx.organizationId, ctx.membership, input.jobId, input.skipBadRows);
      // The work runs after this transaction commits, in the background; the page polls progress.
      const { organizationId, actor, requestId, rootDb } = ctx;
      setTimeout(() => {
        void runImportJob(rootDb, organizationId, input.jobId, actor, { persistProgress: Boolean(process.env.DATABASE_URL), requestId });
      }, 0);
      return result;
    }),
  discard: permissionProcedure("imports:run")
    .input(jobInput)
    .mutation(({ ctx, input }) =>
      discardImportJob(ctx.tx, { organizationId: ctx.organizationId, actor: ctx.actor, requestId: ctx.requestId }, ctx.membership, input.jobId),
    ),
});
