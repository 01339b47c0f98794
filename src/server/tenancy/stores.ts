import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { z } from "zod";
import { stores } from "../db/schema";
import { recordAudit } from "../audit/record";
import { conflict, notFound } from "../errors";
import { storeInputSchema } from "@/lib/validation";
import { DEFAULT_SUPPLIER_TERMS, supplierTermsSchema } from "@/lib/supplier-terms";
import type { TenantContext } from "./context";
import type { ResolvedMembership } from "./membership";

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The stores this member may see: all of them, or a client's grants. */
export function visibleStoresFilter(membership: ResolvedMembership): SQL | undefined {
  if (!membership.storeIds) return undefined;
  // An empty grant list must match nothing, not everything.
  return membership.storeIds.length ? inArray(stores.id, membership.storeIds) : eq(stores.id, "00000000-0000-0000-0000-000000000000");
}

const publicStoreColumns = {
  id: stores.id,
  name: stores.name,
  slug: stores.slug,
  platform: stores.platform,
  shopDomain: stores.shopDomain,
  currency: stores.currency,
  country: stores.country,
  timezone: stores.timezone,
  supplierTerms: stores.supplierTerms,
  archivedAt: stores.archivedAt,
  createdAt: stores.createdAt,
};

export async function listStores(ctx: Pick<TenantContext, "tx" | "organizationId" | "membership">, includeArchived = false) {
  return ctx.tx
    .select(publicStoreColumns)
    .from(stores)
    .where(
      and(
        eq(stores.organizationId, ctx.organizationId),
        includeArchived ? undefined : isNull(stores.archivedAt),
        visibleStoresFilter(ctx.membership),
      ),
    )
    .orderBy(asc(stores.name));
}

/** Reads one store the caller may see, or NOT_FOUND (the same for another tenant's store). */
export async function getStore(ctx: Pick<TenantContext, "tx" | "organizationId" | "membership">, storeId: string) {
  const [store] = await ctx.tx
    .select(publicStoreColumns)
    .from(stores)
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, storeId), visibleStoresFilter(ctx.membership)));
  if (!store) throw notFound("Store");
  return store;
}

async function lockStore(ctx: TenantContext, storeId: string) {
  const [store] = await ctx.tx
    .select()
    .from(stores)
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, storeId)))
    .for("update");
  if (!store) throw notFound("Store");
  return store;
}

async function assertSlugFree(ctx: TenantContext, slug: string, exceptId?: string) {
  const [clash] = await ctx.tx
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.slug, slug)));
  if (clash && clash.id !== exceptId) throw conflict(`Another store already uses the address "${slug}". Choose another.`);
}

export const createStoreSchema = storeInputSchema.extend({ supplierTerms: supplierTermsSchema.optional() });

export async function createStore(ctx: TenantContext, input: z.infer<typeof createStoreSchema>) {
  await assertSlugFree(ctx, input.slug);
  const [store] = await ctx.tx
    .insert(stores)
    .values({
      organizationId: ctx.organizationId,
      name: input.name,
      slug: input.slug,
      shopDomain: input.shopDomain ?? null,
      currency: input.currency,
      country: input.country,
      timezone: input.timezone,
      webhookSecret: generateWebhookSecret(),
      supplierTerms: input.supplierTerms ?? DEFAULT_SUPPLIER_TERMS,
    })
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: store!.id,
    actor: ctx.actor,
    action: "store.created",
    entityId: store!.id,
    after: storeSnapshot(store!),
    requestId: ctx.requestId,
  });
  return { id: store!.id, slug: store!.slug };
}

function storeSnapshot(store: typeof stores.$inferSelect) {
  return {
    name: store.name,
    slug: store.slug,
    shopDomain: store.shopDomain,
    currency: store.currency,
    country: store.country,
    timezone: store.timezone,
    supplierTerms: store.supplierTerms,
  };
}

export const updateStoreSchema = createStoreSchema.extend({ storeId: z.uuid() });

export async function updateStore(ctx: TenantContext, input: z.infer<typeof updateStoreSchema>) {
  const before = await lockStore(ctx, input.storeId);
  await assertSlugFree(ctx, input.slug, input.storeId);
  const [after] = await ctx.tx
    .update(stores)
    .set({
      name: input.name,
      slug: input.slug,
      shopDomain: input.shopDomain ?? null,
      currency: input.currency,
      country: input.country,
      timezone: input.timezone,
      supplierTerms: input.supplierTerms ?? before.supplierTerms,
    })
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, input.storeId)))
    .returning();
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: input.storeId,
    actor: ctx.actor,
    action: "store.updated",
    entityId: input.storeId,
    before: storeSnapshot(before),
    after: storeSnapshot(after!),
    requestId: ctx.requestId,
  });
  return { id: input.storeId };
}

/** Archiving hides a store from lists and imports; its history stays. Repeating it changes nothing. */
export async function setStoreArchived(ctx: TenantContext, storeId: string, archived: boolean) {
  const before = await lockStore(ctx, storeId);
  if (Boolean(before.archivedAt) === archived) return { id: storeId, changed: false };
  await ctx.tx
    .update(stores)
    .set({ archivedAt: archived ? new Date() : null })
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, storeId)));
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId,
    actor: ctx.actor,
    action: archived ? "store.archived" : "store.restored",
    entityId: storeId,
    before: { name: before.name, archived: !archived },
    after: { name: before.name, archived },
    requestId: ctx.requestId,
  });
  return { id: storeId, changed: true };
}

/**
 * Issues a new webhook secret. The previous one keeps working for an hour so deliveries already in
 * flight, signed with it, are not lost.
 */
export async function rotateWebhookSecret(ctx: TenantContext, storeId: string) {
  const before = await lockStore(ctx, storeId);
  const secret = generateWebhookSecret();
  await ctx.tx
    .update(stores)
    .set({ webhookSecret: secret, previousWebhookSecret: before.webhookSecret, webhookSecretRotatedAt: new Date() })
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, storeId)));
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId,
    actor: ctx.actor,
    action: "store.webhook_secret_rotated",
    entityId: storeId,
    // Secrets never enter the audit trail.
    after: { name: before.name },
    requestId: ctx.requestId,
  });
  return { id: storeId, webhookSecret: secret };
}

export async function revealWebhookSecret(ctx: TenantContext, storeId: string) {
  const store = await lockStore(ctx, storeId);
  return { id: storeId, webhookSecret: store.webhookSecret, rotatedAt: store.webhookSecretRotatedAt };
}
