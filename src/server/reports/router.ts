import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { lossReportInputSchema } from "@/lib/reports/input";
import { packLossReport } from "@/lib/reports/wire";
import { lossReport } from "./loss";
import { addRate, addRateSchema, listRates, removeRate } from "./rates";

export const reportRouter = createTRPCRouter({
  /**
   * The refund-loss report over the member's visible stores (a client: its granted stores only), its
   * slices packed for the wire (`unpackLossReport` gives back what `lossReport` returned).
   */
  loss: permissionProcedure("orders:read")
    .input(lossReportInputSchema)
    .query(async ({ ctx, input }) => packLossReport(await lossReport(ctx.tx, ctx.organizationId, ctx.membership, input))),
  rates: permissionProcedure("orders:read").query(({ ctx }) =>
    listRates(ctx.tx, ctx.organizationId, ctx.membership.reportingCurrency),
  ),
  addRate: permissionProcedure("rates:manage")
    .input(addRateSchema)
    .mutation(({ ctx, input }) => addRate(tenantContext(ctx), input)),
  removeRate: permissionProcedure("rates:manage")
    .input(z.object({ rateId: z.uuid({ message: "That rate id is not valid." }) }))
    .mutation(({ ctx, input }) => removeRate(tenantContext(ctx), input.rateId)),
});
