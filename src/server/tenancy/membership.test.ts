/**
 * `enterMembership` (the first statement of every member's transaction) chooses the membership as
 * `resolveMembership` does and enters that organization — and enters nothing for a user who is no
 * member, so the transaction keeps no tenant and no row-level-security role a caller could rely on.
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
  it("chooses the membership resolveMembership chooses, for every preference, and enters its organization", async () => {
    const cases: [string, string | null | undefined][] = [
      [t.owner.id, t.organizationId],
      [t.owner.id, null],
      [t.owner.id, other.organizationId], // not a member there: the oldest membership
      [t.members.agent.id, other.organizationId], // the later of two memberships, chosen
      [t.members.agent.id, t.organizationId],
      [t.members.agent.id, undefined],
      [t.members.agent.id, "not-a-uuid"],
      [t.members.client.id, t.organizationId], // store-limited: its grants
      [t.members.viewer.id, t.organizationId],
    ];
    for (const [userId, preferred] of cases) {
      const expected = await resolveMembership(db, userId, preferred);
      const seen = await enteredAs(userId, preferred);
      expect(seen.membership).toEqual(expected);
      expect(seen.org).toBe(expected!.organizationId);
      expect(seen.role).toBe("recoup_app");
    }
    expect((await enteredAs(t.members.agent.id, other.organizationId)).membership).toMatchObject({ organizationId: other.organizationId, role: "admin" });
    expect((await enteredAs(t.members.agent.id, null)).membership).toMatchObject({ organizationId: t.organizationId, role: "agent" });
    expect((await enteredAs(t.members.client.id, t.organizationId)).membership?.storeIds).toEqual([t.grantedStoreId]);
  });

  it("enters nothing for a user who is no member", async () => {
    const stranger = await makeUser(db, "enter-stranger");
    const seen = await enteredAs(stranger.id, t.organizationId);
    expect(seen.membership).toBeNull();
    expect(seen.org).toBeNull();
    expect(seen.role).not.toBe("recoup_app");
  });
});
