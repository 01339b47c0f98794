/**
 * The rules of organizations, stores, members and invitations: bad input is refused with a message
 * that says what to do, and nothing is written; invitations are single-use, expiring and personal;
 * an organization always keeps an owner.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { createTestDatabase } from "@/test/db";
import { makeTenant, makeUser, type TenantFixture } from "@/test/fixtures";
import { callerFor, type TestUser } from "@/test/caller";
import { auditCount, countOf, shownError } from "@/test/sql";

let database: Database;
let db: Db;
/** Shared by tests that do not change roles; tests about owners build their own organization. */
let t: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Tango");
  other = await makeTenant(db, "Oscar");
});
afterAll(async () => {
  await database.close();
});

const as = (user: TestUser, tenant: TenantFixture = t) => callerFor(db, user, tenant.organizationId);
const storeBody = (slug: string) => ({ name: "Shop", slug, currency: "USD", country: "US", timezone: "UTC" });
const tokenOf = (link: string) => link.split("/invite/")[1]!;
const storesOf = (tenant: TenantFixture) =>
  countOf(db, sql`select count(*)::int as n from stores where organization_id = ${tenant.organizationId}`);
const rolesOf = async (tenant: TenantFixture) =>
  Object.fromEntries((await as(tenant.owner, tenant).member.list()).map((m) => [m.userId, m.role]));
const ownersOf = (tenant: TenantFixture) =>
  countOf(db, sql`select count(*)::int as n from memberships where organization_id = ${tenant.organizationId} and role = 'owner'`);

describe("store slugs", () => {
  const SHAPE = "slug: Use 3–48 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.";
  const bad: Array<[string, string]> = [
    ["A B", SHAPE],
    ["-x", SHAPE],
    ["ab", SHAPE],
    ["shop-", SHAPE],
    ["two--hyphens", SHAPE],
    ["x".repeat(49), SHAPE],
    ["api", "slug: That address is reserved. Choose another."],
    ["Sign-In", "slug: That address is reserved. Choose another."],
  ];
  it.each(bad)("%j is refused with BAD_REQUEST and its message, and nothing is written", async (slug, message) => {
    const [stores, events] = [await storesOf(t), await auditCount(db, t.organizationId)];
    expect(await shownError(as(t.owner).store.create(storeBody(slug)), "store.create")).toEqual({ code: "BAD_REQUEST", message });
    expect([await storesOf(t), await auditCount(db, t.organizationId)]).toEqual([stores, events]);
  });

  it("a slug is stored trimmed and lowercased", async () => {
    const created = await as(t.owner).store.create(storeBody("  Mixed-Case-Shop "));
    expect(created.slug).toBe("mixed-case-shop");
  });

  it("a slug already used in the same organization is a CONFLICT naming it, even in another case", async () => {
    const stores = await storesOf(t);
    await expect(as(t.owner).store.create(storeBody("TANGO-US"))).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'Another store already uses the address "tango-us". Choose another.',
    });
    // Renaming another store onto it is refused the same way.
    await expect(as(t.owner).store.update({ storeId: t.otherStoreId, ...storeBody("tango-us") })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await storesOf(t)).toBe(stores);
  });

  it("the same slug is free in another organization", async () => {
    await expect(as(other.owner, other).store.create(storeBody("tango-us"))).resolves.toMatchObject({ slug: "tango-us" });
  });

  it("two simultaneous creations with one slug yield one store and one CONFLICT", async () => {
    const stores = await storesOf(t);
    const results = await Promise.allSettled([
      as(t.owner).store.create(storeBody("race-shop")),
      as(t.members.admin).store.create(storeBody("race-shop")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await storesOf(t)).toBe(stores + 1);
  });
});

describe("invitations", () => {
  async function invite(email: string, role: "agent" | "client" = "agent", storeIds: string[] = []) {
    const created = await as(t.owner).invitation.create({ email, role, storeIds });
    return { id: created.id, token: tokenOf(created.link) };
  }
  const isMember = async (user: TestUser) =>
    (await countOf(db, sql`select count(*)::int as n from memberships where organization_id = ${t.organizationId} and user_id = ${user.id}`)) > 0;

  it("an expired invitation is refused with PRECONDITION_FAILED", async () => {
    const user = await makeUser(db, "late");
    const inv = await invite(user.email);
    await db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where id = ${inv.id}`);
    await expect(callerFor(db, null).invitation.preview({ token: inv.token })).resolves.toMatchObject({ state: "expired" });
    await expect(callerFor(db, user).invitation.accept({ token: inv.token })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("expired"),
    });
    expect(await isMember(user)).toBe(false);
  });

  it("an invitation can be used once", async () => {
    const user = await makeUser(db, "twice");
    const inv = await invite(user.email);
    await callerFor(db, user).invitation.accept({ token: inv.token });
    await expect(callerFor(db, user).invitation.accept({ token: inv.token })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("already been used"),
    });
  });

  it("a revoked invitation is refused as withdrawn", async () => {
    const user = await makeUser(db, "revoked");
    const inv = await invite(user.email);
    await as(t.owner).invitation.revoke({ invitationId: inv.id });
    await expect(callerFor(db, user).invitation.accept({ token: inv.token })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("withdrawn"),
    });
    expect(await isMember(user)).toBe(false);
  });

  it("an invitation for another email is FORBIDDEN, naming the invited email, and stays usable", async () => {
    const invited = await makeUser(db, "invited");
    const intruder = await makeUser(db, "intruder");
    const inv = await invite(invited.email);
    await expect(callerFor(db, intruder).invitation.accept({ token: inv.token })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining(invited.email),
    });
    expect(await isMember(intruder)).toBe(false);
    await expect(callerFor(db, invited).invitation.accept({ token: inv.token })).resolves.toMatchObject({ role: "agent" });
  });

  it("two simultaneous acceptances yield one membership", async () => {
    const user = await makeUser(db, "double");
    const inv = await invite(user.email);
    const results = await Promise.allSettled([
      callerFor(db, user).invitation.accept({ token: inv.token }),
      callerFor(db, user).invitation.accept({ token: inv.token }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await isMember(user)).toBe(true);
  });

  it("inviting someone who is already a member is a CONFLICT", async () => {
    await expect(as(t.owner).invitation.create({ email: t.members.agent.email, role: "viewer" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(t.members.agent.email),
    });
  });

  it("an expiry other than 1, 3, 7, 14 or 30 days is refused", async () => {
    const result = await shownError(
      as(t.owner).invitation.create({ email: `x-${randomUUID().slice(0, 6)}@example.test`, role: "agent", expiresInDays: 2 }),
      "invitation.create",
    );
    expect(result).toEqual({ code: "BAD_REQUEST", message: "expiresInDays: Choose 1, 3, 7, 14 or 30 days." });
  });
});

describe("a client role requires store grants", () => {
  it("a client invitation without stores is refused", async () => {
    await expect(
      as(t.owner).invitation.create({ email: `c-${randomUUID().slice(0, 6)}@example.test`, role: "client", storeIds: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Choose at least one store this client may see." });
  });

  it("making a member a client needs stores; the grants then limit what they see, and leaving the role clears them", async () => {
    const user = await makeUser(db, "becomes-client");
    const inv = await as(t.owner).invitation.create({ email: user.email, role: "agent" });
    await callerFor(db, user).invitation.accept({ token: tokenOf(inv.link) });

    await expect(as(t.owner).member.changeRole({ userId: user.id, role: "client" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Choose at least one store this client may see.",
    });
    expect((await rolesOf(t))[user.id]).toBe("agent");

    await as(t.owner).member.changeRole({ userId: user.id, role: "client", storeIds: [t.otherStoreId] });
    expect((await as(user).store.list()).map((s) => s.id)).toEqual([t.otherStoreId]);

    await as(t.owner).member.changeRole({ userId: user.id, role: "viewer" });
    expect(await countOf(db, sql`select count(*)::int as n from store_grants where user_id = ${user.id}`)).toBe(0);
    expect(await as(user).store.list()).toHaveLength(await storesOf(t));
  });
});

describe("an organization always keeps an owner", () => {
  it("the last owner can be neither demoted nor removed", async () => {
    const org = await makeTenant(db, "Solo");
    // One at a time: a rejected call started early would be an unhandled rejection meanwhile.
    for (const attempt of [
      () => as(org.owner, org).member.changeRole({ userId: org.owner.id, role: "admin" }),
      () => as(org.owner, org).member.remove({ userId: org.owner.id }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
        message: expect.stringContaining("at least one owner"),
      });
    }
    expect((await rolesOf(org))[org.owner.id]).toBe("owner");
  });

  it("with two owners, one may be demoted and one removed", async () => {
    const org = await makeTenant(db, "Duo");
    const second = org.members.admin;
    await as(org.owner, org).member.changeRole({ userId: second.id, role: "owner" });
    await expect(as(org.owner, org).member.changeRole({ userId: org.owner.id, role: "admin" })).resolves.toMatchObject({ role: "admin" });
    await as(second, org).member.changeRole({ userId: org.owner.id, role: "owner" });
    await expect(as(second, org).member.remove({ userId: org.owner.id })).resolves.toMatchObject({ userId: org.owner.id });
    expect(await ownersOf(org)).toBe(1);
    await expect(as(second, org).member.remove({ userId: second.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const org = await makeTenant(db, "Clash");
    const second = org.members.admin;
    await as(org.owner, org).member.changeRole({ userId: second.id, role: "owner" });
    const results = await Promise.allSettled([
      as(org.owner, org).member.changeRole({ userId: second.id, role: "admin" }),
      as(second, org).member.changeRole({ userId: org.owner.id, role: "admin" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await ownersOf(org)).toBe(1);
  });
});

describe("what an admin may not do to owners", () => {
  it("an admin cannot change an owner's role, remove an owner, or make anyone an owner", async () => {
    const admin = as(t.members.admin);
    for (const attempt of [
      () => admin.member.changeRole({ userId: t.owner.id, role: "admin" }),
      () => admin.member.remove({ userId: t.owner.id }),
      () => admin.member.changeRole({ userId: t.members.agent.id, role: "owner" }),
      () => admin.member.changeRole({ userId: t.members.admin.id, role: "owner" }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Only an owner") });
    }
    expect(await rolesOf(t)).toMatchObject({ [t.owner.id]: "owner", [t.members.agent.id]: "agent", [t.members.admin.id]: "admin" });
  });

  it("an admin cannot invite an owner", async () => {
    await expect(
      as(t.members.admin).invitation.create({ email: `o-${randomUUID().slice(0, 6)}@example.test`, role: "owner" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "Only an owner can invite another owner." });
  });

  it("an admin may still manage non-owners", async () => {
    await expect(as(t.members.admin).member.changeRole({ userId: t.members.viewer.id, role: "viewer" })).resolves.toMatchObject({
      role: "viewer",
    });
  });
});

describe("transferring ownership", () => {
  it("swaps roles: the new owner is owner, the previous one becomes admin", async () => {
    const org = await makeTenant(db, "Relay");
    const events = await auditCount(db, org.organizationId);
    await as(org.owner, org).organization.transferOwnership({ userId: org.members.agent.id });
    const roles = await rolesOf(org);
    expect(roles[org.members.agent.id]).toBe("owner");
    expect(roles[org.owner.id]).toBe("admin");
    expect(await ownersOf(org)).toBe(1);
    expect(await auditCount(db, org.organizationId)).toBe(events + 1);
    // The previous owner lost the right to do it again.
    await expect(as(org.owner, org).organization.transferOwnership({ userId: org.owner.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("to oneself is refused, and to a non-member is NOT_FOUND", async () => {
    await expect(as(t.owner).organization.transferOwnership({ userId: t.owner.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as(t.owner).organization.transferOwnership({ userId: other.owner.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await rolesOf(t))[t.owner.id]).toBe("owner");
  });
});
