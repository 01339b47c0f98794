import { and, asc, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { memberships, storeGrants, stores, users } from "../db/schema";
import { recordAudit } from "../audit/record";
import { DomainError, invalid, notFound } from "../errors";
import { assignableRoles, ROLES, type Role } from "@/lib/roles";
import type { TenantContext } from "./context";

export async function listMembers(ctx: Pick<TenantContext, "tx" | "organizationId" | "membership">) {
  const rows = await ctx.tx
    .select({ userId: memberships.userId, role: memberships.role, name: users.name, email: users.email, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, ctx.organizationId))
    .orderBy(asc(users.name));
  // A client must not learn of stores outside its grants, not even their ids.
  const visible = ctx.membership.storeIds;
  const grants = await ctx.tx
    .select({ userId: storeGrants.userId, storeId: storeGrants.storeId })
    .from(storeGrants)
    .where(
      and(
        eq(storeGrants.organizationId, ctx.organizationId),
        visible ? (visible.length ? inArray(storeGrants.storeId, visible) : eq(storeGrants.userId, "00000000-0000-0000-0000-000000000000")) : undefined,
      ),
    );
  return rows.map((m) => ({ ...m, storeIds: grants.filter((g) => g.userId === m.userId).map((g) => g.storeId) }));
}

async function lockMember(ctx: TenantContext, userId: string) {
  const [member] = await ctx.tx
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, userId)))
    .for("update", { of: memberships });
  if (!member) throw notFound("Member");
  return member;
}

/** Owners are counted under a lock so two concurrent demotions cannot leave the organization ownerless. */
async function ownerCount(ctx: TenantContext): Promise<number> {
  const owners = await ctx.tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.role, "owner")))
    .for("update");
  return owners.length;
}

function assertMayManage(ctx: TenantContext, targetRole: Role, newRole?: Role) {
  const allowed = assignableRoles(ctx.membership.role);
  if (!allowed.includes(targetRole) || (newRole && !allowed.includes(newRole))) {
    throw new DomainError("FORBIDDEN", "Only an owner can change or remove an owner, or make someone an owner.");
  }
}

export async function assertStoresExist(ctx: Pick<TenantContext, "tx" | "organizationId">, storeIds: string[]) {
  if (!storeIds.length) return;
  const [row] = await ctx.tx
    .select({ n: count() })
    .from(stores)
    .where(and(eq(stores.organizationId, ctx.organizationId), inArray(stores.id, storeIds)));
  if ((row?.n ?? 0) !== new Set(storeIds).size) throw notFound("Store");
}

export const changeRoleSchema = z.object({
  userId: z.uuid(),
  role: z.enum(ROLES),
  storeIds: z.array(z.uuid()).max(500).optional(),
});

export async function changeMemberRole(ctx: TenantContext, input: z.infer<typeof changeRoleSchema>) {
  const member = await lockMember(ctx, input.userId);
  assertMayManage(ctx, member.role, input.role);
  if (member.role === "owner" && input.role !== "owner" && (await ownerCount(ctx)) <= 1) {
    throw new DomainError("PRECONDITION", "An organization must keep at least one owner. Make someone else an owner first.");
  }
  const storeIds = input.role === "client" ? [...new Set(input.storeIds ?? [])] : [];
  if (input.role === "client" && storeIds.length === 0) {
    throw invalid("Choose at least one store this client may see.");
  }
  await assertStoresExist(ctx, storeIds);
  await ctx.tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, input.userId)));
  await replaceGrants(ctx, input.userId, storeIds);
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "member.role_changed",
    entityId: input.userId,
    before: { email: member.email, role: member.role },
    after: { email: member.email, role: input.role, storeIds },
    requestId: ctx.requestId,
  });
  return { userId: input.userId, role: input.role };
}

export async function replaceGrants(ctx: Pick<TenantContext, "tx" | "organizationId">, userId: string, storeIds: string[]) {
  await ctx.tx
    .delete(storeGrants)
    .where(and(eq(storeGrants.organizationId, ctx.organizationId), eq(storeGrants.userId, userId)));
  if (storeIds.length) {
    await ctx.tx
      .insert(storeGrants)
      .values(storeIds.map((storeId) => ({ organizationId: ctx.organizationId, userId, storeId })));
  }
}

export async function removeMember(ctx: TenantContext, userId: string) {
  const member = await lockMember(ctx, userId);
  assertMayManage(ctx, member.role);
  if (member.role === "owner" && (await ownerCount(ctx)) <= 1) {
    throw new DomainError("PRECONDITION", "An organization must keep at least one owner. Transfer ownership first.");
  }
  await ctx.tx
    .delete(memberships)
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, userId)));
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "member.removed",
    entityId: userId,
    before: { email: member.email, role: member.role },
    requestId: ctx.requestId,
  });
  return { userId };
}
