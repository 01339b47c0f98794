import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { supplierOrders } from "../db/schema";
import { recordAudit } from "../audit/record";
import { conflict, notFound } from "../errors";
import { SUPPLIER_ORDER_STATUSES } from "@/lib/orders";
import { currencySchema, dateSchema } from "@/lib/validation";
import type { TenantContext } from "../tenancy/context";
import { findVisibleOrder } from "./detail";
import { computeShipBy } from "./supplier";

export const saveSupplierOrderSchema = z
  .object({
    orderId: z.uuid(),
    /** Present when editing an existing supplier order. */
    supplierOrderId: z.uuid().optional(),
    /** The version the form was loaded with: a stale edit is refused instead of overwriting. */
    expectedVersion: z.number().int().positive().optional(),
    supplier: z.string().trim().min(1, "Enter the supplier, like AliExpress.").max(80),
    supplierOrderNumber: z.string().trim().min(1, "Enter the supplier's order number.").max(80),
    status: z.enum(SUPPLIER_ORDER_STATUSES),
    costMinor: z.number().int().min(0).max(1e12),
    currency: currencySchema,
    paidAt: dateSchema.nullable(),
    shippedAt: dateSchema.nullable(),
    carrier: z.string().trim().max(80).nullable(),
    trackingNumber: z.string().trim().max(80).nullable(),
  })
  .refine((v) => !v.shippedAt || !v.paidAt || v.shippedAt >= v.paidAt, {
    message: "The shipping date cannot be before the payment date.",
    path: ["shippedAt"],
  });

/** Adds or edits a supplier order by hand on the order page. */
export async function saveSupplierOrder(ctx: TenantContext, input: z.infer<typeof saveSupplierOrderSchema>) {
  const { order, store } = await findVisibleOrder(ctx.tx, ctx.organizationId, ctx.membership, input.orderId);
  const shipBy = computeShipBy(input.paidAt, store);
  const values = {
    supplier: input.supplier,
    supplierOrderNumber: input.supplierOrderNumber,
    status: input.status,
    costMinor: input.costMinor,
    currency: input.currency,
    paidAt: input.paidAt,
    shipBy,
    shippedAt: input.shippedAt,
    carrier: input.carrier || null,
    trackingNumber: input.trackingNumber || null,
    contentHash: null,
  };
  const [clash] = await ctx.tx
    .select({ id: supplierOrders.id })
    .from(supplierOrders)
    .where(
      and(
        eq(supplierOrders.organizationId, ctx.organizationId),
        eq(supplierOrders.storeId, order.storeId),
        eq(supplierOrders.supplier, input.supplier),
        eq(supplierOrders.supplierOrderNumber, input.supplierOrderNumber),
      ),
    );
  if (clash && clash.id !== input.supplierOrderId) {
    throw conflict(`${input.supplier} order ${input.supplierOrderNumber} is already linked in this store.`);
  }

  if (!input.supplierOrderId) {
    const [created] = await ctx.tx
      .insert(supplierOrders)
      .values({ organizationId: ctx.organizationId, storeId: order.storeId, orderId: order.id, ...values })
      .returning();
    await recordAudit(ctx.tx, {
      organizationId: ctx.organizationId,
      storeId: order.storeId,
      orderId: order.id,
      actor: ctx.actor,
      action: "supplier_order.created",
      entityId: created!.id,
      after: { orderName: order.name, ...snapshot(created!) },
      requestId: ctx.requestId,
    });
    return created!;
  }

  const [before] = await ctx.tx
    .select()
    .from(supplierOrders)
    .where(
      and(
        eq(supplierOrders.organizationId, ctx.organizationId),
        eq(supplierOrders.id, input.supplierOrderId),
        eq(supplierOrders.orderId, order.id),
      ),
    )
    .for("update");
  if (!before) throw notFound("Supplier order");
  if (input.expectedVersion && input.expectedVersion !== before.version) {
    throw conflict("Someone else changed this supplier order. Reload the page to see their change, then edit again.");
  }
  const [after] = await ctx.tx
    .update(supplierOrders)
    .set({ ...values, version: sql`${supplierOrders.version} + 1` })
    .where(and(eq(supplierOrders.organizationId, ctx.organizationId), eq(supplierOrders.id, before.id)))
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: order.storeId,
    orderId: order.id,
    actor: ctx.actor,
    action: "supplier_order.updated",
    entityId: before.id,
    before: snapshot(before),
    after: snapshot(after!),
    requestId: ctx.requestId,
  });
  return after!;
}

function snapshot(s: typeof supplierOrders.$inferSelect) {
  return {
    supplier: s.supplier,
    supplierOrderNumber: s.supplierOrderNumber,
    status: s.status,
    costMinor: s.costMinor,
    currency: s.currency,
    paidAt: s.paidAt?.toISOString() ?? null,
    shipBy: s.shipBy?.toISOString() ?? null,
    shippedAt: s.shippedAt?.toISOString() ?? null,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
  };
}
