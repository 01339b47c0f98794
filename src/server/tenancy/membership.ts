import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { memberships, organizations, storeGrants } from "../db/schema";
import type { Role } from "@/lib/roles";
import { isStoreLimited } from "@/lib/roles";

export interface ResolvedMembership {
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  organizationKind: "agency" | "merchant";
  reportingCurrency: string;
  role: Role;
  /** `null` means every store of the organization; a list limits a `client` to its grants. */
  storeIds: string[] | null;
}

/**
 * Resolves which organization a signed-in user is acting in, from the session's choice when the user
 * still belongs to it, else the user's oldest membership. Runs before the tenant transaction, as the
 * privileged connection: it is the one lookup that must see across organizations.
 */
export async function resolveMembership(
  db: DbOrTx,
  userId: string,
  preferredOrganizationId: string | null | undefined,
): Promise<ResolvedMembership | null> {
  const rows = await db
    .select({
      organizationId: memberships.organizationId,
      role: memberships.role,
      slug: organizations.slug,
      name: organizations.name,
      kind: organizations.kind,
      reportingCurrency: organizations.reportingCurrency,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
  const chosen = rows.find((r) => r.organizationId === preferredOrganizationId) ?? rows[0];
  if (!chosen) return null;
  let storeIds: string[] | null = null;
  if (isStoreLimited(chosen.role)) {
    const grants = await db
      .select({ storeId: storeGrants.storeId })
      .from(storeGrants)
      .where(and(eq(storeGrants.organizationId, chosen.organizationId), eq(storeGrants.userId, userId)));
    storeIds = grants.map((g) => g.storeId);
  }
  return {
    organizationId: chosen.organizationId,
    organizationSlug: chosen.slug,
    organizationName: chosen.name,
    organizationKind: chosen.kind,
    reportingCurrency: chosen.reportingCurrency,
    role: chosen.role,
    storeIds,
  };
}

export async function listUserOrganizations(db: DbOrTx, userId: string) {
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      kind: organizations.kind,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function isMember(db: DbOrTx, userId: string, organizationId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, organizationId)))
    .limit(1);
  return Boolean(row);
}
