import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { createTestDatabase } from "@/test/db";
import { makeTenant, makeUser, type TenantFixture } from "@/test/fixtures";
import { createCaller } from "./root";
import { createCallerFactory, createTRPCContext, createTRPCRouter, orgProcedure } from "./trpc";
import { queryRows } from "@/server/db/rows";

/**
 * Each transaction reads the membership as it is when it starts, in its first statement
 * (`enterMembership`); the queries of one HTTP request that run together share that transaction, so
 * they share the lookup too. Callers that live across requests (tests, scripts) never share.
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

describe("the membership, read by each transaction", () => {
  it("a change of role shows in the request's next transaction", async () => {
    const request = callerOf(true);
    expect(await request.store.list()).toHaveLength(2);
    // Demoted to a client without grants between two queries of one request: the next one acts on it.
    await setViewerRole("client");
    try {
      expect(await request.store.list()).toHaveLength(0);
      await expect(request.report.addRate({ currency: "EUR", rate: "1.1", validFrom: "2026-01-01" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    } finally {
      await setViewerRole("viewer");
    }
    expect(await request.store.list()).toHaveLength(2);
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

  it("a user who is no member gets PRECONDITION_FAILED, in a request or not", async () => {
    const stranger = await makeUser(database.db, "stranger-per-request");
    for (const perRequest of [true, false]) {
      const caller = createCaller(createTRPCContext({ db: database.db, session: { user: stranger, organizationId: t.organizationId }, headers: new Headers(), perRequest }));
      await expect(caller.store.list()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    }
  });
});

describe("the queries of one request, in one transaction", () => {
  const probe = createTRPCRouter({
    where: orgProcedure.query(async ({ ctx }) => {
      const [row] = await queryRows<{ tx: string; org: string; role: string }>(
        ctx.tx,
        sql`select txid_current()::text as tx, current_setting('app.organization_id') as org, current_user as role`,
      );
      return row!;
    }),
    fails: orgProcedure.query(async ({ ctx }) => queryRows(ctx.tx, sql`select 1 / (select count(*) - count(*) from stores) as x`)),
    later: orgProcedure.query(async ({ ctx }) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [row] = await queryRows<{ tx: string }>(ctx.tx, sql`select txid_current()::text as tx`);
      return row!;
    }),
  });
  const probeOf = (perRequest: boolean) =>
    createCallerFactory(probe)(
      createTRPCContext({ db: database.db, session: { user: t.members.viewer, organizationId: t.organizationId }, headers: new Headers(), perRequest }),
    );

  it("queries running together share one tenant transaction; later ones open the next", async () => {
    const request = probeOf(true);
    const together = await Promise.all([request.where(), request.where(), request.where()]);
    expect(new Set(together.map((r) => r.tx)).size).toBe(1);
    for (const r of together) expect(r).toMatchObject({ org: t.organizationId, role: "recoup_app" });
    const after = await request.where();
    expect(after.tx).not.toBe(together[0]!.tx);
    expect(after).toMatchObject({ org: t.organizationId, role: "recoup_app" });
  });

  it("a query that fails a statement fails alone: the others read again in their own transaction", async () => {
    const request = probeOf(true);
    const [failed, later, where] = await Promise.allSettled([request.fails(), request.later(), request.where()]);
    expect(failed.status).toBe("rejected");
    expect(later).toMatchObject({ status: "fulfilled" });
    expect(where).toMatchObject({ status: "fulfilled" });
    // Nothing is left open: the next query works.
    expect((await request.where()).org).toBe(t.organizationId);
  });

  it("callers that live across requests keep a transaction per procedure", async () => {
    const caller = probeOf(false);
    const together = await Promise.all([caller.where(), caller.where()]);
    expect(together[0]!.tx).not.toBe(together[1]!.tx);
  });
});
