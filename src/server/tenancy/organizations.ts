import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { memberships, organizations, users } from "../db/schema";
import { withTenant } from "../db/tenant";
import { recordAudit, type Actor } from "../audit/record";
import { conflict, DomainError, notFound } from "../errors";
import { ORGANIZATION_KINDS } from "@/lib/roles";
import { currencySchema, nameSchema, slugify, slugSchema } from "@/lib/validation";
import type { TenantContext } from "./context";

export const createOrganizationSchema = z.object({
  name: nameSchema,
  kind: z.enum(ORGANIZATION_KINDS),
  slug: slugSchema.optional(),
});

async function slugTaken(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return Boolean(row);
}

/**
 * Creates an organization with its creator as owner. Slugs are global (they appear in public policy
 * addresses), so the uniqueness check runs on the privileged connection before the tenant transaction.
 */
export async function createOrganization(
  db: Db,
  input: z.infer<typeof createOrganizationSchema>,
  owner: { userId: string; actor: Actor; requestId?: string },
) {
  let slug = input.slug;
  if (slug) {
    if (await slugTaken(db, slug)) throw conflict(`The address "${slug}" is taken. Choose another.`);
  } else {
    const base = slugify(input.name);
    slug = base;
    for (let i = 2; await slugTaken(db, slug); i++) slug = `${base}-${i}`;
  }
  const id = randomUUID();
  const finalSlug = slug;
  return withTenant(db, id, async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({ id, slug: finalSlug, name: input.name, kind: input.kind })
      .returning();
    await tx.insert(memberships).values({ organizationId: id, userId: owner.userId, role: "owner" });
    await recordAudit(tx, {
      organizationId: id,
      actor: owner.actor,
      action: "organization.created",
      entityId: id,
      after: { name: input.name, slug: finalSlug, kind: input.kind },
      requestId: owner.requestId,
    });
    return org!;
  });
}

export const updateOrganizationSchema = z.object({
  name: nameSchema,
  reportingCurrency: currencySchema,
});

export async function updateOrganization(ctx: TenantContext, input: z.infer<typeof updateOrganizationSchema>) {
  const [before] = await ctx.tx.select().from(organizations).where(eq(organizations.id, ctx.organizationId));
  if (!before) throw notFound("Organization");
  const [after] = await ctx.tx
    .update(organizations)
    .set({ name: input.name, reportingCurrency: input.reportingCurrency })
    .where(eq(organizations.id, ctx.organizationId))
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "organization.updated",
    entityId: ctx.organizationId,
    before: { name: before.name, reportingCurrency: before.reportingCurrency },
    after: { name: input.name, reportingCurrency: input.reportingCurrency },
    requestId: ctx.requestId,
  });
  return after!;
}

/** The owner hands ownership to another member and becomes an admin; there is always an owner. */
export async function transferOwnership(ctx: TenantContext, toUserId: string) {
  if (toUserId === ctx.userId) throw new DomainError("INVALID", "You already own this organization.");
  const [target] = await ctx.tx
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, toUserId)))
    .for("update", { of: memberships });
  if (!target) throw notFound("Member");
  await ctx.tx
    .update(memberships)
    .set({ role: "owner" })
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, toUserId)));
  await ctx.tx
    .update(memberships)
    .set({ role: "admin" })
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(memberships.userId, ctx.userId)));
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "organization.ownership_transferred",
    entityId: ctx.organizationId,
    before: { ownerUserId: ctx.userId },
    after: { ownerUserId: toUserId, toEmail: target.email },
    requestId: ctx.requestId,
  });
  return { ok: true as const };
}
