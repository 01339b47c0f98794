import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { createCaller } from "./root";
import { createTRPCContext } from "./trpc";

/**
 * One HTTP request resolves a member's membership once for the queries of its batch (`perRequest`);
 * a mutation in the request makes the next procedure read it afresh; callers that live across
 * requests (tests, scripts) never keep it.
 */
let database: Database;
let t: TenantFixture;
beforeAll(async () => {
  database = await createTestDatabase();
  t = await makeTenant(database.db);
});
afterAll(async () => {
  await database.close();
});

const callerOf = (perRequest: boolean) =>
  createCaller(createTRPCContext({ db: database.db, session: { user: t.members.viewer, organizationId: t.organizationId }, headers: new Headers(), perRequest }));

async function setViewerRole(role: "viewer" | "client") {
  await database.db.execute(sql`update memberships set role = ${role} where organization_id = ${t.organizationId} and user_id = ${t.members.viewer.id}`);
}

describe("the membership, once per request", () => {
  it("queries of one request share one lookup; a mutation in between reads it afresh", async () => {
    const request = callerOf(true);
    expect(await request.store.list()).toHaveLength(2);
    // Demoted to a client without grants while the request runs: its later queries still act on the
    // membership read at its start, as one request's queries should.
    await setViewerRole("client");
    try {
      expect(await request.store.list()).toHaveLength(2);
      // A mutation (refused or not) ends that: what follows reads the membership again.
      await expect(request.report.addRate({ currency: "EUR", rate: "1.1", validFrom: "2026-01-01" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await request.store.list()).toHaveLength(0);
    } finally {
      await setViewerRole("viewer");
    }
  });

  it("a caller that lives across requests reads the membership for every procedure", async () => {
    const caller = callerOf(false);
    expect(await caller.store.list()).toHaveLength(2);
    await setViewerRole("client");
    try {
      expect(await caller.store.list()).toHaveLength(0);
    } finally {
      await setViewerRole("viewer");
    }
  });
});
