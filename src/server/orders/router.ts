import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { countOrders, listOrders, listOrdersSchema } from "./list";
import { getOrderDetail } from "./detail";
import { saveSupplierOrder, saveSupplierOrderSchema } from "./supplier-edit";

export const orderRouter = createTRPCRouter({
  list: permissionProcedure("orders:read")
    .input(listOrdersSchema)
    .query(({ ctx, input }) => listOrders(ctx.tx, ctx.organizationId, ctx.membership, input)),
  count: permissionProcedure("orders:read")
    .input(listOrdersSchema.omit({ cursor: true, limit: true, sort: true }))
    .query(({ ctx, input }) =>
      countOrders(ctx.tx, ctx.organizationId, ctx.membership, { ...input, sort: "placed_desc", limit: 1 }),
    ),
  get: permissionProcedure("orders:read")
    .input(z.object({ orderId: z.uuid() }))
    .query(({ ctx, input }) => getOrderDetail(ctx.tx, ctx.organizationId, ctx.membership, input.orderId)),
  saveSupplierOrder: permissionProcedure("cases:work")
    .input(saveSupplierOrderSchema)
    .mutation(({ ctx, input }) => saveSupplierOrder(tenantContext(ctx), input)),
});
