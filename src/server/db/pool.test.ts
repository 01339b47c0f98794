/**
 * One connection pool serves every organization: a tenant transaction sets `app.organization_id`
 * and the role `recoup_app` with SET LOCAL, so both end with the transaction and the next tenant on
 * the same connection starts clean. This drives hundreds of interleaved procedures of three
 * organizations through a pool of four connections and checks two things:
 *
 * - no answer holds anything of another organization (its ids or its distinctive names), and every
 *   list holds exactly the caller's own rows;
 * - a pooled connection, used outside a tenant transaction after serving tenants, has no organization
 *   set and is back to the connecting role — mid-run on random connections, and on every connection
 *   of the pool at the end.
 *
 * Checked by breaking `enterTenant` locally: with a session-level organization (`set_config(…,
 * false)`) every one of the 32 probes saw a tenant's organization and both tests failed; with a
 * session-level role (`SET ROLE`) even the fixtures failed, the privileged connection now being
 * `recoup_app` ("permission denied for table users").
 *
 * Real Postgres only (`npm run test:pg`): PGlite is one connection with no pool to leak through.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import type postgres from "postgres";
import { openDatabase, type Database, type Db } from "./client";
import { queryRows } from "./rows";
import { withTenant } from "./tenant";
import { createTestDatabase, isRealPostgres } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor, type TestUser } from "@/test/caller";
import { importFile } from "../imports/jobs";
import { unpackLossReport } from "@/lib/reports/wire";

const POOL_SIZE = 4;
/** Calls in flight at once: three times the pool, so calls queue for connections and reuse them. */
const CONCURRENCY = 12;
const CALLS = 480;
const PROBE_EVERY = 15;

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../imports/fixtures", name), "utf8");

interface Org {
  tag: string;
  t: TenantFixture;
  members: TestUser[];
  orderIds: string[];
  caseIds: string[];
  /** Everything of this organization that another one must never see. */
  fingerprints: string[];
}

let database: Database;
let db: Db;
const orgs: Org[] = [];

/** The export with every order name, email and product made this organization's own. */
const taggedCsv = (csv: string, tag: string) =>
  csv
    .replaceAll("#10", `#${tag}-10`)
    .replaceAll("@example.com", `@${tag.toLowerCase()}.example`)
    .replaceAll("Linen Shirt", `${tag} Linen Shirt`);

async function buildOrg(name: string, tag: string): Promise<Org> {
  const t = await makeTenant(db, name);
  const actor = { type: "system", label: "pool test" } as const;
  for (const storeId of t.storeIds) {
    const scope = { organizationId: t.organizationId, storeId };
    const shop = await importFile(db, scope, "shopify_orders", "orders.csv", taggedCsv(fixture("shopify-orders-export.csv"), tag), { skipBadRows: false, actor });
    const sup = await importFile(db, scope, "supplier_orders", "supplier.csv", taggedCsv(fixture("supplier-orders.csv"), tag), { skipBadRows: false, actor });
    expect([shop.errors, sup.errors]).toEqual([[], []]);
  }
  const owner = callerFor(db, t.owner, t.organizationId);
  const list = await owner.order.list({ storeId: t.grantedStoreId, limit: 100 });
  const byName = new Map(list.items.map((o) => [o.name, o.id]));
  for (const name of [`#${tag}-1001`, `#${tag}-1002`, `#${tag}-1005`]) {
    const kase = await owner.case.open({ orderId: byName.get(name)!, reason: "changed_mind" });
    if (kase.state === "requested") await owner.case.requestAtSupplier({ caseId: kase.id, version: kase.version, contactedSupplierDirectly: true });
  }
  const ids = async (query: ReturnType<typeof sql>) => (await queryRows<{ id: string }>(db, query)).map((r) => String(r.id));
  const orderIds = await ids(sql`select id from orders where organization_id = ${t.organizationId}`);
  const caseIds = await ids(sql`select id from cancellation_cases where organization_id = ${t.organizationId}`);
  const members = Object.values(t.members).filter((_, i) => i < 4); // owner, admin, agent, viewer
  const fingerprints = [
    tag.toLowerCase(),
    t.organizationId,
    ...t.storeIds,
    ...orderIds,
    ...caseIds,
    ...(await ids(sql`select id from order_line_items where organization_id = ${t.organizationId}`)),
    ...(await ids(sql`select id from money_movements where organization_id = ${t.organizationId}`)),
    ...(await ids(sql`select user_id as id from memberships where organization_id = ${t.organizationId}`)),
  ];
  expect(orderIds.length).toBe(14);
  expect(caseIds.length).toBe(3);
  return { tag, t, members, orderIds, caseIds, fingerprints };
}

/** The text of an answer, to search for another organization's ids and names. */
const textOf = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v))?.toLowerCase() ?? "";

/** What a call must answer, given the caller's organization and another one to aim at. */
type Call = (caller: ReturnType<typeof callerFor>, own: Org, other: Org) => Promise<unknown>;

const expectOwnOnly = (ids: string[], own: Org) => {
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(own.fingerprints).toContain(id);
};

/** Rejects with NOT_FOUND: another organization's id is answered as if it did not exist. */
async function notFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("NOT_FOUND");
  return null;
}

const CALLS_BY_NAME: Record<string, Call> = {
  "order.list": async (c, own) => {
    const r = await c.order.list({ limit: 100 });
    expect(r.items).toHaveLength(own.orderIds.length);
    expectOwnOnly(r.items.map((o) => o.id), own);
    for (const o of r.items) expect(o.name).toContain(`#${own.tag}-`);
    return r;
  },
  "order.list (search)": async (c, own) => {
    const r = await c.order.list({ q: "1001", limit: 100 });
    expect(r.items.length).toBeGreaterThan(0);
    expect(new Set(r.items.map((o) => o.name))).toEqual(new Set([`#${own.tag}-1001`]));
    return r;
  },
  "order.count": async (c, own) => {
    const r = await c.order.count({});
    expect(r).toMatchObject({ count: own.orderIds.length });
    return r;
  },
  "order.get": async (c, own) => {
    const r = await c.order.get({ orderId: own.orderIds[3]! });
    expect(own.orderIds).toContain(r.order.id);
    return r;
  },
  "order.get (another org's)": (c, _own, other) => notFound(c.order.get({ orderId: other.orderIds[0]! })),
  "case.list": async (c, own) => {
    const r = await c.case.list({});
    expectOwnOnly(r.map((k) => k.id), own);
    expect(r).toHaveLength(own.caseIds.length);
    return r;
  },
  "case.get": async (c, own) => c.case.get({ caseId: own.caseIds[0]! }),
  "case.get (another org's)": (c, _own, other) => notFound(c.case.get({ caseId: other.caseIds[1]! })),
  "store.list": async (c, own) => {
    const r = await c.store.list({ includeArchived: true });
    expect(r.map((s) => s.id).sort()).toEqual([...own.t.storeIds].sort());
    return r;
  },
  "store.get (another org's)": (c, _own, other) => notFound(c.store.get({ storeId: other.t.grantedStoreId })),
  "ledger.store": (c, own) => c.ledger.store({ storeId: own.t.grantedStoreId }),
  "report.loss": async (c) => {
    const r = unpackLossReport(await c.report.loss({ from: "2026-01-01", to: "2026-12-31" }));
    return r;
  },
  "dashboard.summary": (c) => c.dashboard.summary(),
  "deadline.inbox": (c) => c.deadline.inbox({}),
  "audit.list": async (c) => c.audit.list({ limit: 50 }),
  "member.list": async (c) => {
    const r = await c.member.list();
    expect(r.length).toBe(5);
    return r;
  },
  "organization.current": async (c, own) => {
    const r = await c.organization.current();
    expect(r.id).toBe(own.t.organizationId);
    return r;
  },
  // A database error inside the tenant transaction: it rolls back and the connection goes back to the pool.
  "order.list (NUL in the search)": (c) =>
    c.order.list({ q: "10\u000001" }).then(
      (r) => r,
      (e: unknown) => {
        expect((e as TRPCError).code).toBe("BAD_REQUEST");
        return null;
      },
    ),
};
const CALL_NAMES = Object.keys(CALLS_BY_NAME);

type Probe = {
  pid: number;
  org: string | null;
  role: string;
};

/** What a connection carries outside any tenant transaction. */
const PROBE = sql`select pg_backend_pid() as pid, current_setting('app.organization_id', true) as org, current_user as role`;
/** A placeholder that was ever set reads as '' after its transaction; both mean "no organization". */
const clean = (p: Probe) => (p.org === null || p.org === "") && p.role === "postgres";

describe.skipIf(!isRealPostgres())("a shared pool of connections (real Postgres only; PGlite has no pool)", () => {
  beforeAll(async () => {
    database = await createTestDatabase({ max: POOL_SIZE });
    db = database.db;
    orgs.push(await buildOrg("Kilo", "KILOX"), await buildOrg("Lima", "LIMAX"), await buildOrg("Mike", "MIKEX"));
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it(`${CALLS} interleaved calls of three organizations on ${POOL_SIZE} connections never see another organization, and leave no tenant behind`, async () => {
    // Which organizations each pooled connection served, from the driver's own record of its queries.
    const client = (db as unknown as { $client: postgres.Sql }).$client;
    const servedBy = new Map<number, Set<string>>();
    client.options.debug = (connection: number, query: string, parameters: unknown[]) => {
      if (!query.includes("set_config('app.organization_id'")) return;
      const served = servedBy.get(connection) ?? new Set<string>();
      served.add(String(parameters[0]));
      servedBy.set(connection, served);
    };

    const probes: Probe[] = [];
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < CALLS; i = next++) {
        if (i % PROBE_EVERY === 0) {
          const [probe] = await queryRows<Probe>(db, PROBE);
          probes.push({ ...probe!, pid: Number(probe!.pid) });
        }
        // Organizations alternate call by call; each runs every procedure in turn, as each of its roles.
        const round = Math.floor(i / orgs.length);
        const own = orgs[i % orgs.length]!;
        const other = orgs[(i + 1 + (round % 2)) % orgs.length]!;
        const name = CALL_NAMES[round % CALL_NAMES.length]!;
        const member = own.members[Math.floor(round / CALL_NAMES.length + round) % own.members.length]!;
        const caller = callerFor(db, member, own.t.organizationId);
        try {
          const answer = textOf(await CALLS_BY_NAME[name]!(caller, own, other));
          for (const foreign of orgs.filter((o) => o !== own)) {
            const leaked = foreign.fingerprints.find((f) => answer.includes(f.toLowerCase()));
            if (leaked) failures.push(`#${i} ${name} as ${own.tag}: holds ${foreign.tag}'s ${leaked}`);
          }
        } catch (error) {
          failures.push(`#${i} ${name} as ${own.tag} (${member.email}): ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      client.options.debug = false;
    }

    expect(failures).toEqual([]);
    expect(probes.length).toBe(Math.ceil(CALLS / PROBE_EVERY));
    expect(probes.filter((p) => !clean(p))).toEqual([]);

    // The pool really was shared: at most four connections, each of them serving several tenants.
    expect(servedBy.size).toBeGreaterThan(1);
    expect(servedBy.size).toBeLessThanOrEqual(POOL_SIZE);
    for (const [connection, served] of servedBy) expect(served.size, `connection ${connection} served ${[...served].join(", ")}`).toBeGreaterThan(1);

    // Every connection of the pool at once (reserving all four), after all that traffic: none is left in a tenant.
    const reserved = await Promise.all(Array.from({ length: POOL_SIZE }, () => client.reserve()));
    try {
      const sweep = await Promise.all(
        reserved.map(async (c) => {
          const [row] = await c<Probe[]>`select pg_backend_pid() as pid, current_setting('app.organization_id', true) as org, current_user as role`;
          return row!;
        }),
      );
      expect(new Set(sweep.map((p) => p.pid)).size).toBe(POOL_SIZE);
      expect(sweep.filter((p) => !clean(p))).toEqual([]);
    } finally {
      for (const c of reserved) c.release();
    }
  }, 180_000);

  it("on a pool of one connection, what runs right after a tenant transaction (committed or rolled back) has no tenant", async () => {
    const client = (db as unknown as { $client: postgres.Sql }).$client;
    const { user, pass, host, port, database: name } = client.options as unknown as { user: string; pass: string | null; host: string[]; port: number[]; database: string };
    const url = `postgres://${encodeURIComponent(user)}${pass ? `:${encodeURIComponent(pass)}` : ""}@${host[0]}:${port[0]}/${name}`;
    const single = await openDatabase({ url, max: 1, migrate: false });
    try {
      const [kilo, lima] = [orgs[0]!, orgs[1]!];
      const inside = await withTenant(single.db, kilo.t.organizationId, async (tx) => (await queryRows<Probe>(tx, PROBE))[0]!);
      const [after] = await queryRows<Probe>(single.db, PROBE);
      expect(inside).toMatchObject({ org: kilo.t.organizationId, role: "recoup_app" });
      expect(Number(after!.pid)).toBe(Number(inside.pid));
      expect(clean(after!)).toBe(true);

      const failed = await withTenant(single.db, kilo.t.organizationId, (tx) => tx.execute(sql`select 1 / 0`)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failed).toBeInstanceOf(Error);
      const [afterRollback] = await queryRows<Probe>(single.db, PROBE);
      expect(clean(afterRollback!)).toBe(true);

      // The next organization's request on that same connection sees its own orders, all of them.
      const list = await callerFor(single.db, lima.members[0]!, lima.t.organizationId).order.list({ limit: 100 });
      expect(list.items.map((o) => o.id).sort()).toEqual([...lima.orderIds].sort());
    } finally {
      await single.close();
    }
  });
});
