/**
 * `enterMembership` (the first statement of every member's transaction) chooses the membership and
 * enters that organization — and enters nothing for a user who is no member, so the transaction keeps
 * no tenant and no row-level-security role a caller could rely on. `resolveMembership` chooses the
 * same way and enters nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { queryRows } from "../db/rows";
import { createTestDatabase } from "@/test/db";
import { makeTenant, makeUser, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { enterMembership, resolveMembership } from "./membership";

let database: Database;
let db: Db;
let t: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Enter");
  other = await makeTenant(db, "Elsewhere");
  // The first tenant's agent also joins the second organization, later: two memberships to choose from.
  const invite = await callerFor(db, other.owner, other.organizationId).invitation.create({
    email: t.members.agent.email,
    role: "admin",
    storeIds: [],
    expiresInDays: 7,
  });
  await callerFor(db, t.members.agent).invitation.accept({ token: invite.link.split("/invite/")[1]! });
});
afterAll(async () => {
  await database.close();
});

/** What a transaction that starts with enterMembership sees, then rolled back. */
async function enteredAs(userId: string, preferred: string | null | undefined) {
  let seen: { membership: Awaited<ReturnType<typeof enterMembership>>; org: string | null; role: string } | null = null;
  await db
    .transaction(async (tx) => {
      const membership = await enterMembership(tx, userId, preferred);
      const [row] = await queryRows<{ org: string | null; role: string }>(
        tx,
        sql`select nullif(current_setting('app.organization_id', true), '') as org, current_user as role`,
      );
      seen = { membership, org: row!.org, role: row!.role };
      tx.rollback();
    })
    .catch(() => {});
  return seen!;
}

describe("enterMembership", () => {
  it("chooses the session's organization while the user belongs to it, else the oldest membership, and enters it", async () => {
    const cases: [string, string | null | undefined, { organizationId: string; role: string; storeIds: string[] | null }][] = [
      [t.owner.id, t.organizationId, { organizationId: t.organizationId, role: "owner", storeIds: null }],
      [t.owner.id, null, { organizationId: t.organizationId, role: "owner", storeIds: null }],
      [t.owner.id, other.organizationId, { organizationId: t.organizationId, role: "owner", storeIds: null }], // not a member there
      [t.members.agent.id, other.organizationId, { organizationId: other.organizationId, role: "admin", storeIds: null }], // the later one, chosen
      [t.members.agent.id, t.organizationId, { organizationId: t.organizationId, role: "agent", storeIds: null }],
      [t.members.agent.id, undefined, { organizationId: t.organizationId, role: "agent", storeIds: null }], // the oldest
      [t.members.agent.id, "not-a-uuid", { organizationId: t.organizationId, role: "agent", storeIds: null }],
      [t.members.client.id, t.organizationId, { organizationId: t.organizationId, role: "client", storeIds: [t.grantedStoreId] }],
      [t.members.viewer.id, t.organizationId, { organizationId: t.organizationId, role: "viewer", storeIds: null }],
    ];
    for (const [userId, preferred, expected] of cases) {
      const seen = await enteredAs(userId, preferred);
      expect(seen.membership, `${userId} preferring ${String(preferred)}`).toMatchObject(expected);
      expect(seen.membership).toEqual(await resolveMembership(db, userId, preferred));
      expect(seen.org).toBe(expected.organizationId);
      expect(seen.role).toBe("recoup_app");
    }
    expect((await enteredAs(t.owner.id, null)).membership).toMatchObject({ organizationSlug: t.slug, reportingCurrency: expect.any(String) });
  });

  it("enters nothing for a user who is no member", async () => {
    const stranger = await makeUser(db, "enter-stranger");
    const seen = await enteredAs(stranger.id, t.organizationId);
    expect(seen.membership).toBeNull();
    expect(seen.org).toBeNull();
    expect(seen.role).not.toBe("recoup_app");
  });

  it("resolveMembership reads the same membership and enters nothing", async () => {
    let seen: { org: string | null; role: string } | undefined;
    await db
      .transaction(async (tx) => {
        expect(await resolveMembership(tx, t.owner.id, t.organizationId)).toMatchObject({ organizationId: t.organizationId, role: "owner" });
        [seen] = await queryRows<{ org: string | null; role: string }>(
          tx,
          sql`select nullif(current_setting('app.organization_id', true), '') as org, current_user as role`,
        );
        tx.rollback();
      })
      .catch(() => {});
    expect(seen?.org).toBeNull();
    expect(seen?.role).not.toBe("recoup_app");
  });
});
