import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { memberships, notificationPreferences, notifications } from "../db/schema";
import type { TenantContext } from "../tenancy/context";

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  storeId?: string | null;
  dedupeKey: string;
}

/** The members who should hear about a store's case work: those who can work cases and see the store. */
export async function caseWorkers(tx: Tx, organizationId: string, storeId: string | null): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ["owner", "admin", "agent"])));
  void storeId; // every case-working role sees every store (clients never work cases)
  return rows.map((r) => r.userId);
}

/** Adds a notification per recipient; the same event never notifies the same member twice. */
export async function notify(tx: Tx, organizationId: string, userIds: string[], input: NotificationInput): Promise<number> {
  if (!userIds.length) return 0;
  const inserted = await tx
    .insert(notifications)
    .values(
      [...new Set(userIds)].map((userId) => ({
        organizationId,
        userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        storeId: input.storeId ?? null,
        dedupeKey: input.dedupeKey,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
}

export async function listNotifications(ctx: Pick<TenantContext, "tx" | "organizationId" | "userId" | "membership">, limit = 30) {
  const visible = ctx.membership.storeIds;
  const storeFilter = visible ? (visible.length ? sql`(${notifications.storeId} is null or ${notifications.storeId} in ${visible})` : sql`${notifications.storeId} is null`) : undefined;
  const where = and(eq(notifications.organizationId, ctx.organizationId), eq(notifications.userId, ctx.userId), storeFilter);
  const [items, unread] = await Promise.all([
    ctx.tx.select().from(notifications).where(where).orderBy(desc(notifications.createdAt)).limit(limit),
    ctx.tx.select({ n: count() }).from(notifications).where(and(where, isNull(notifications.readAt))),
  ]);
  return { items, unread: unread[0]?.n ?? 0 };
}

export async function markRead(ctx: Pick<TenantContext, "tx" | "organizationId" | "userId">, ids: string[] | "all") {
  await ctx.tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.organizationId, ctx.organizationId),
        eq(notifications.userId, ctx.userId),
        isNull(notifications.readAt),
        ids === "all" ? undefined : inArray(notifications.id, ids.length ? ids : ["00000000-0000-0000-0000-000000000000"]),
      ),
    );
  return { ok: true as const };
}

export async function getPreferences(ctx: Pick<TenantContext, "tx" | "organizationId" | "userId">) {
  const [row] = await ctx.tx
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.organizationId, ctx.organizationId), eq(notificationPreferences.userId, ctx.userId)));
  return { emailDigest: row?.emailDigest ?? true, smtpConfigured: Boolean(process.env.SMTP_URL) };
}

export async function setEmailDigest(ctx: Pick<TenantContext, "tx" | "organizationId" | "userId">, emailDigest: boolean) {
  await ctx.tx
    .insert(notificationPreferences)
    .values({ organizationId: ctx.organizationId, userId: ctx.userId, emailDigest })
    .onConflictDoUpdate({ target: [notificationPreferences.organizationId, notificationPreferences.userId], set: { emailDigest } });
  return { emailDigest };
}

