import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { findVisibleOrder } from "../orders/detail";
import { getStore } from "../tenancy/stores";
import { orderLedger, storeLedger } from "../cases/queries";

export const ledgerRouter = createTRPCRouter({
  order: permissionProcedure("orders:read")
    .input(z.object({ orderId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      await findVisibleOrder(ctx.tx, ctx.organizationId, ctx.membership, input.orderId);
      return orderLedger(tenantContext(ctx), input.orderId);
    }),
  store: permissionProcedure("orders:read")
    .input(z.object({ storeId: z.uuid().optional() }))
    .query(async ({ ctx, input }) => {
      if (input.storeId) await getStore(tenantContext(ctx), input.storeId);
      return storeLedger(tenantContext(ctx), input.storeId);
    }),
});
