import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { cancellationCases, memberships, orders, users } from "../db/schema";
import { recordAudit } from "../audit/record";
import { conflict, notFound } from "../errors";
import type { TenantContext } from "../tenancy/context";

export const assignCaseSchema = z.object({ caseId: z.uuid(), version: z.number().int().positive(), assigneeId: z.uuid().nullable() });

/** Gives a case to a member (or to nobody); only members who can work cases qualify. */
export async function assignCase(ctx: TenantContext, input: z.infer<typeof assignCaseSchema>) {
  const [row] = await ctx.tx
    .select({ kase: cancellationCases, orderName: orders.name })
    .from(cancellationCases)
    .innerJoin(orders, and(eq(orders.organizationId, cancellationCases.organizationId), eq(orders.id, cancellationCases.orderId)))
    .where(and(eq(cancellationCases.organizationId, ctx.organizationId), eq(cancellationCases.id, input.caseId)))
    .for("update", { of: cancellationCases });
  if (!row || (ctx.membership.storeIds && !ctx.membership.storeIds.includes(row.kase.storeId))) throw notFound("Case");
  if (row.kase.version !== input.version) throw conflict("This case changed since you loaded it. Reload and try again.");
  let assigneeName: string | null = null;
  if (input.assigneeId) {
    const [member] = await ctx.tx
      .select({ role: memberships.role, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, input.assigneeId)));
    if (!member || !["owner", "admin", "agent"].includes(member.role)) throw notFound("Member");
    assigneeName = member.name;
  }
  const [updated] = await ctx.tx
    .update(cancellationCases)
    .set({ assigneeId: input.assigneeId, version: row.kase.version + 1 })
    .where(and(eq(cancellationCases.organizationId, ctx.organizationId), eq(cancellationCases.id, row.kase.id)))
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: row.kase.storeId,
    orderId: row.kase.orderId,
    actor: ctx.actor,
    action: "case.assigned",
    entityId: row.kase.id,
    before: { assigneeId: row.kase.assigneeId },
    after: { orderName: row.orderName, assigneeId: input.assigneeId, assigneeName: assigneeName ?? "nobody" },
    requestId: ctx.requestId,
  });
  return updated!;
}
