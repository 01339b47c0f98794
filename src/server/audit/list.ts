import { and, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { dateSchema } from "@/lib/validation";
import { auditEvents } from "../db/schema";
import type { TenantContext } from "../tenancy/context";
import { describeAuditEvent } from "./events";

export const listAuditSchema = z.object({
  actor: z.union([z.enum(["system", "webhook"]), z.uuid()]).optional(),
  action: z.string().max(80).optional(),
  storeId: z.uuid().optional(),
  entityId: z.string().max(80).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  /** Keyset cursor: the `seq` of the last event of the previous page. */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export async function listAuditEvents(
  ctx: Pick<TenantContext, "tx" | "organizationId" | "membership">,
  input: z.infer<typeof listAuditSchema>,
) {
  const filters: (SQL | undefined)[] = [eq(auditEvents.organizationId, ctx.organizationId)];
  if (input.actor === "system" || input.actor === "webhook") filters.push(eq(auditEvents.actorType, input.actor));
  else if (input.actor) filters.push(eq(auditEvents.actorId, input.actor));
  if (input.action) filters.push(eq(auditEvents.action, input.action));
  if (input.storeId) filters.push(eq(auditEvents.storeId, input.storeId));
  if (input.entityId) filters.push(eq(auditEvents.entityId, input.entityId));
  if (input.from) filters.push(gte(auditEvents.createdAt, input.from));
  if (input.to) filters.push(lt(auditEvents.createdAt, input.to));
  if (input.cursor) filters.push(lt(auditEvents.seq, input.cursor));
  // A client sees the events of its granted stores only; organization-wide events are not theirs.
  if (ctx.membership.storeIds) {
    filters.push(ctx.membership.storeIds.length ? inArray(auditEvents.storeId, ctx.membership.storeIds) : eq(auditEvents.seq, -1));
  }
  const rows = await ctx.tx
    .select()
    .from(auditEvents)
    .where(and(...filters))
    .orderBy(desc(auditEvents.seq))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((e) => ({
      id: e.id,
      seq: e.seq,
      action: e.action,
      actorType: e.actorType,
      actorId: e.actorId,
      actorLabel: e.actorLabel,
      storeId: e.storeId,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before,
      after: e.after,
      requestId: e.requestId,
      createdAt: e.createdAt,
      sentence: describeAuditEvent(e.action, { ...(e.before as object), ...(e.after as object) }),
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.seq : null,
  };
}
