import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../db/client";
import { queryRows } from "../db/rows";
import { APP_ROLE } from "../db/tenant";
import { memberships, organizations } from "../db/schema";
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
 * still belongs to it, else the user's oldest membership, with a client's store grants. Runs as the
 * privileged connection: it is the one lookup that must see across organizations.
 */
export async function resolveMembership(
  db: DbOrTx,
  userId: string,
  preferredOrganizationId: string | null | undefined,
): Promise<ResolvedMembership | null> {
  return chooseMembership(db, userId, preferredOrganizationId, false);
}

/**
 * `resolveMembership` and `enterTenant` in one statement, as the first statement of a transaction:
 * the membership is chosen the same way and — only when there is one — the transaction enters that
 * organization under the row-level-security role. Without a membership nothing is entered: the caller
 * must not run anything else in that transaction (orgProcedure refuses at once). One round trip where
 * a lookup before the transaction and the tenant statement inside it took two.
 */
export async function enterMembership(
  tx: Tx,
  userId: string,
  preferredOrganizationId: string | null | undefined,
): Promise<ResolvedMembership | null> {
  return chooseMembership(tx, userId, preferredOrganizationId, true);
}

async function chooseMembership(
  db: DbOrTx,
  userId: string,
  preferredOrganizationId: string | null | undefined,
  enter: boolean,
): Promise<ResolvedMembership | null> {
  const [row] = await queryRows<{
    organization_id: string;
    role: Role;
    slug: string;
    name: string;
    kind: "agency" | "merchant";
    reporting_currency: string;
    grants: string;
  }>(
    db,
    // The chosen row is fixed (materialized, one row) before the select list that enters it runs.
    // The grants are read in the same statement, before the role changes (it applies from the next one).
    sql`with chosen as materialized (
          select m.organization_id, m.role, o.slug, o.name, o.kind, o.reporting_currency
          from memberships m join organizations o on o.id = m.organization_id
          where m.user_id = ${userId}
          order by m.organization_id::text = ${preferredOrganizationId ?? ""} desc, m.created_at, m.organization_id
          limit 1)
        select c.organization_id, c.role, c.slug, c.name, c.kind, c.reporting_currency,
               array(select g.store_id::text from store_grants g
                     where g.organization_id = c.organization_id and g.user_id = ${userId} order by g.store_id)::text as grants
               ${enter ? sql`, set_config('app.organization_id', c.organization_id::text, true), set_config('role', ${APP_ROLE}, true)` : sql``}
        from chosen c`,
  );
  if (!row) return null;
  return {
    organizationId: row.organization_id,
    organizationSlug: row.slug,
    organizationName: row.name,
    organizationKind: row.kind,
    reportingCurrency: row.reporting_currency,
    role: row.role,
    storeIds: isStoreLimited(row.role) ? parseUuidArray(row.grants) : null,
  };
}

/** `{a,b}` (a uuid[] as text: no quotes or escapes needed) → `["a", "b"]`. */
function parseUuidArray(text: string): string[] {
  const inner = text.slice(1, -1);
  return inner ? inner.split(",") : [];
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
