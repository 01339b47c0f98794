import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { invitations, memberships, organizations, users } from "../db/schema";
import { withTenant } from "../db/tenant";
import { recordAudit, type Actor } from "../audit/record";
import { conflict, DomainError, invalid, notFound } from "../errors";
import { assignableRoles, ROLES } from "@/lib/roles";
import { emailSchema } from "@/lib/validation";
import type { TenantContext } from "./context";
import { assertStoresExist, replaceGrants } from "./members";

export const INVITATION_EXPIRY_DAYS = [1, 3, 7, 14, 30] as const;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const createInvitationSchema = z.object({
  email: emailSchema,
  role: z.enum(ROLES),
  storeIds: z.array(z.uuid()).max(500).default([]),
  expiresInDays: z
    .number()
    .int()
    .refine((d) => (INVITATION_EXPIRY_DAYS as readonly number[]).includes(d), "Choose 1, 3, 7, 14 or 30 days.")
    .default(7),
});

export async function createInvitation(ctx: TenantContext, input: z.infer<typeof createInvitationSchema>) {
  if (!assignableRoles(ctx.membership.role).includes(input.role)) {
    throw new DomainError("FORBIDDEN", "Only an owner can invite another owner.");
  }
  const storeIds = input.role === "client" ? [...new Set(input.storeIds)] : [];
  if (input.role === "client" && storeIds.length === 0) throw invalid("Choose at least one store this client may see.");
  await assertStoresExist(ctx, storeIds);
  const [alreadyMember] = await ctx.tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, ctx.organizationId), eq(users.email, input.email)));
  if (alreadyMember) throw conflict(`${input.email} is already a member of this organization.`);

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000);
  const [invitation] = await ctx.tx
    .insert(invitations)
    .values({
      organizationId: ctx.organizationId,
      email: input.email,
      role: input.role,
      storeIds,
      tokenHash: hashToken(token),
      expiresAt,
      invitedBy: ctx.userId,
    })
    .returning({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt });
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "invitation.created",
    entityId: invitation!.id,
    after: { email: input.email, role: input.role, storeIds, expiresAt: expiresAt.toISOString() },
    requestId: ctx.requestId,
  });
  // The token is returned once, to be shown and copied; only its hash is kept.
  return { ...invitation!, token };
}

export async function listInvitations(ctx: Pick<TenantContext, "tx" | "organizationId">) {
  return ctx.tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      storeIds: invitations.storeIds,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, ctx.organizationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(ctx: TenantContext, invitationId: string) {
  const [invitation] = await ctx.tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, ctx.organizationId), eq(invitations.id, invitationId)))
    .for("update");
  if (!invitation) throw notFound("Invitation");
  if (invitation.acceptedAt) throw new DomainError("PRECONDITION", "This invitation was already accepted; remove the member instead.");
  if (invitation.revokedAt) return { id: invitationId, changed: false };
  await ctx.tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.organizationId, ctx.organizationId), eq(invitations.id, invitationId)));
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    action: "invitation.revoked",
    entityId: invitationId,
    before: { email: invitation.email, role: invitation.role },
    requestId: ctx.requestId,
  });
  return { id: invitationId, changed: true };
}

type InvitationState = "valid" | "expired" | "used" | "revoked";

function invitationState(inv: typeof invitations.$inferSelect, now = new Date()): InvitationState {
  if (inv.revokedAt) return "revoked";
  if (inv.acceptedAt) return "used";
  if (inv.expiresAt <= now) return "expired";
  return "valid";
}

const STATE_MESSAGES: Record<Exclude<InvitationState, "valid">, string> = {
  expired: "This invitation has expired. Ask the person who invited you for a new link.",
  used: "This invitation has already been used. Sign in, or ask for a new link.",
  revoked: "This invitation was withdrawn. Ask the person who invited you for a new link.",
};

/** Finds an invitation by its token across organizations (the token is the only key a guest has). */
async function findByToken(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ invitation: invitations, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  return row ?? null;
}

/** What the invitation page shows before the guest signs up or in. */
export async function previewInvitation(db: Db, token: string) {
  const row = await findByToken(db, token);
  if (!row) throw notFound("Invitation");
  const state = invitationState(row.invitation);
  return {
    organizationName: row.organizationName,
    email: row.invitation.email,
    role: row.invitation.role,
    expiresAt: row.invitation.expiresAt,
    state,
    message: state === "valid" ? null : STATE_MESSAGES[state],
  };
}

/**
 * Accepts an invitation for the signed-in user. Single use: the row is locked and re-checked inside
 * the tenant transaction, so two tabs accepting at once yield one membership and one error.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  user: { id: string; email: string },
  actor: Actor,
  requestId?: string,
) {
  const row = await findByToken(db, token);
  if (!row) throw notFound("Invitation");
  const organizationId = row.invitation.organizationId;
  return withTenant(db, organizationId, async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, organizationId), eq(invitations.id, row.invitation.id)))
      .for("update");
    if (!inv) throw notFound("Invitation");
    const state = invitationState(inv);
    if (state !== "valid") throw new DomainError("PRECONDITION", STATE_MESSAGES[state]);
    if (inv.email !== user.email.toLowerCase()) {
      throw new DomainError(
        "FORBIDDEN",
        `This invitation is for ${inv.email}. Sign in with that email address to accept it.`,
      );
    }
    const [existing] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, user.id)));
    if (existing) throw conflict("You are already a member of this organization.");
    await tx.insert(memberships).values({ organizationId, userId: user.id, role: inv.role });
    await replaceGrants({ tx, organizationId }, user.id, inv.role === "client" ? inv.storeIds : []);
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: user.id })
      .where(and(eq(invitations.organizationId, organizationId), eq(invitations.id, inv.id)));
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "invitation.accepted",
      entityId: inv.id,
      after: { email: inv.email, role: inv.role },
      requestId,
    });
    return { organizationId, role: inv.role };
  });
}
