/**
 * Faults, on the production build (why Playwright and not Vitest: it needs `next start` of the build
 * that CI makes right before Playwright, and a real process to kill):
 *
 * 1. The server is SIGKILLed in the middle of a write — a Shopify CSV import, then a case transition
 *    that moves money. To be in the middle for sure, the test holds a row lock the write needs (an
 *    uncommitted order named like one of the import's third batch; the supplier order the transition
 *    updates after booking its ledger entry) and kills the server once Postgres shows the write
 *    waiting on it. After a restart: nothing is half-written, and the same request, retried,
 *    completes exactly once.
 * 2. Postgres crashes and comes back under a running app (a private cluster the test owns, stopped in
 *    `immediate` mode): requests answer a readable 503 within seconds, the process stays up, and it
 *    serves again without a restart.
 *
 * Each fault test uses its own `next start` on a port in 3600–3609 and its own fresh database
 * (`recoup_faults_…` on the local Postgres; `recoup_faults` on the private cluster, port 5499).
 */
import { expect, test } from "@playwright/test";
import type postgres from "postgres";
import {
  AppServer,
  Client,
  connect,
  createFaultsDatabase,
  databaseUrl,
  fixture,
  freePort,
  postgresBinDir,
  PrivateCluster,
  reachable,
  SHARED_PG_URL,
  TEST_APPLICATION_NAME,
  until,
} from "./fixtures/faults";
import { expectedGeneratedOrders, generateShopifyExport } from "../src/server/imports/fixtures/generate-shopify-export";

test.describe.configure({ mode: "serial", timeout: 150_000 });

const ORDERS_IN_EXPORT = 1_200;
/** Requests in the middle of a transaction when Postgres dies (the app's pool holds 10 connections). */
const IN_FLIGHT = 6;
/** Order #101100 is the 1,101st of the generated export: in the importer's third batch of 500. */
const BLOCKED_ORDER = "#101100";

const PASSWORD = "a long unusual passphrase 42";
const timings: Record<string, number> = {};
const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings[label] = Date.now() - started;
  }
};

/** Prints (and forgets) the timings a group of tests collected: they go into the CI log. */
const printTimings = (group: string) => {
  console.log(`fault test timings, ${group} (ms): ${JSON.stringify(timings)}`);
  for (const key of Object.keys(timings)) delete timings[key];
};

/** The app's own connections to `name` (the test's carry their application name), waiting or not. */
function appBackends(sql: postgres.Sql, name: string) {
  return sql<{ pid: number; state: string | null; wait_event_type: string | null; query: string }[]>`
    select pid, state, wait_event_type, query from pg_stat_activity
    where datname = ${name} and application_name <> ${TEST_APPLICATION_NAME} and pid <> pg_backend_pid() and backend_type = 'client backend'`;
}

/** Waits until one of the app's backends is blocked on a lock, in a statement matching `pattern`. */
async function blockedOn(sql: postgres.Sql, name: string, pattern: RegExp) {
  let seen: unknown[] = [];
  return until(`a backend waiting on a lock in ${pattern}`, async () => {
    const rows = await appBackends(sql, name);
    seen = rows.map((r) => ({ ...r, query: r.query.slice(0, 80) }));
    return rows.find((r) => r.wait_event_type === "Lock" && pattern.test(r.query));
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}; the app's backends: ${JSON.stringify(seen)}`);
  });
}

test.describe("the server killed in the middle of a write", () => {
  let database: Awaited<ReturnType<typeof createFaultsDatabase>>;
  let sql: postgres.Sql;
  let server: AppServer;
  let client: Client;
  let organizationId: string;
  let storeId: string;

  test.beforeAll(async () => {
    test.skip(!(await reachable(SHARED_PG_URL)), `no Postgres at ${SHARED_PG_URL.replace(/:[^:@/]*@/, ":***@")} (set FAULTS_DATABASE_URL or TEST_DATABASE_URL)`);
    database = await createFaultsDatabase(SHARED_PG_URL);
    sql = connect(database.url);
    server = new AppServer(database.url, await freePort());
    timings["start (fresh database, migrations)"] = await server.start();
    client = new Client(server.base);
    await client.signUpAndIn({ name: "Fran Faults", email: `faults-${Date.now()}@example.test`, password: PASSWORD });
    const org = await client.ok(client.mutate<{ id: string }>("organization.create", { name: "Faults Agency", kind: "agency" }));
    organizationId = org.id;
    const store = await client.ok(
      client.mutate<{ id: string }>("store.create", { name: "Crash Goods", slug: "crash-goods", currency: "USD", country: "US", timezone: "America/New_York" }),
    );
    storeId = store.id;
  });

  test.afterEach(async () => {
    const info = test.info();
    if (info.status !== info.expectedStatus && server) await info.attach("server log", { body: server.tail(20_000) });
  });

  test.afterAll(async () => {
    printTimings("server killed");
    await server?.stop();
    await sql?.end({ timeout: 5 });
    await database?.drop();
  });

  /** After a SIGKILL: the killed server's backends end (once nothing blocks them), and a new server starts. */
  async function restart(label: string) {
    await until("the killed server's backends to end", async () => (await appBackends(sql, database.name)).length === 0, 20_000);
    timings[label] = await server.start();
  }

  test("killed during a Shopify CSV import: nothing half-written; the import resumes and imports exactly the preview", async () => {
    // 1,200 orders: three batches of the importer's 500, all in the job's one transaction.
    const expected = expectedGeneratedOrders(ORDERS_IN_EXPORT);
    let csv = "";
    for await (const piece of generateShopifyExport(ORDERS_IN_EXPORT)) csv += piece;
    const uploaded = await client.ok(client.upload(storeId, "shopify_orders", "orders_export.csv", csv));
    expect(uploaded.preview).toMatchObject({ orders: expected.orders, lineItems: expected.lineItems, toCreate: expected.orders });

    // An order of the third batch is already being written by someone else, so the import cannot
    // finish: it writes the orders and line items of its first two batches, then waits on that order.
    // The other writer's order is dated in another year: placed now, its roll-up rows (the store's and
    // the organization's year rows, drizzle/0018) would make the import wait at its very first insert.
    const blocker = await sql.reserve();
    await blocker`begin`;
    await blocker`insert into orders (organization_id, store_id, name, currency, financial_status, fulfillment_status, placed_at, source)
                  values (${organizationId}, ${storeId}, ${BLOCKED_ORDER}, 'USD', 'paid', 'unfulfilled', '2001-06-15T12:00:00Z', 'manual')`;
    try {
      await client.ok(client.mutate("import.start", { jobId: uploaded.jobId, skipBadRows: false }));
      const waiting = await timed("import: reach the write", () => blockedOn(sql, database.name, /insert into (orders|money_movements)/i));
      const [written] = await sql<{ n: number }[]>`
        select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where l.pid = ${waiting.pid} and c.relname = 'order_line_items' and l.mode = 'RowExclusiveLock'`;
      expect(written!.n, "the import has written orders and line items when it is killed").toBe(1);
      await timed("import: SIGKILL", () => server.kill("SIGKILL"));
    } finally {
      await blocker`rollback`;
      blocker.release();
    }
    await restart("import: restart");

    // Nothing of the import is there: no order, no line item, no ledger entry, no audit event.
    const counts = async () => {
      const [row] = await sql<{ orders: number; lines: number; ledger: number; audit: number; status: string }[]>`
        select (select count(*)::int from orders where store_id = ${storeId}) as orders,
               (select count(*)::int from order_line_items where organization_id = ${organizationId}) as lines,
               (select count(*)::int from money_movements where organization_id = ${organizationId}) as ledger,
               (select count(*)::int from audit_events where organization_id = ${organizationId} and action = 'import.completed') as audit,
               (select status::text from import_jobs where id = ${uploaded.jobId}) as status`;
      return row!;
    };
    expect(await counts()).toEqual({ orders: 0, lines: 0, ledger: 0, audit: 0, status: "running" });

    // The job says it was interrupted, and starting it again imports what the preview promised, once.
    await until("the job to read as interrupted", async () => (await client.ok(client.query<{ interrupted: boolean }>("import.get", { jobId: uploaded.jobId }))).interrupted, 15_000, 500);
    await client.ok(client.mutate("import.start", { jobId: uploaded.jobId, skipBadRows: false }));
    const done = await timed("import: retry to completion", () =>
      until("the retried import to complete", async () => {
        const job = await client.ok(client.query<{ status: string; result: { orders: number; lineItems: number; created: number } | null }>("import.get", { jobId: uploaded.jobId }));
        return job.status === "completed" ? job : null;
      }, 60_000, 250),
    );
    expect(done.result).toMatchObject({ orders: expected.orders, lineItems: expected.lineItems, created: expected.orders, updated: 0 });
    expect(await counts()).toEqual({ orders: expected.orders, lines: expected.lineItems, ledger: Math.ceil(ORDERS_IN_EXPORT / 7), audit: 1, status: "completed" });
    expect(await client.ok(client.query("audit.verify"))).toMatchObject({ ok: true });
  });

  test("killed during a case transition that moves money: the case stays as it was, and the retry moves it once", async () => {
    // The demo export and its supplier orders, then a case on #1001 (awaiting shipment), asked at the supplier.
    for (const [kind, file] of [["shopify_orders", "shopify-orders-export.csv"], ["supplier_orders", "supplier-orders.csv"]] as const) {
      const job = await client.ok(client.upload(storeId, kind, file, fixture(file)));
      await client.ok(client.mutate("import.start", { jobId: job.jobId, skipBadRows: false }));
      await until(`the import of ${file}`, async () => (await client.ok(client.query<{ status: string }>("import.get", { jobId: job.jobId }))).status === "completed");
    }
    const [order] = await sql<{ id: string }[]>`select id from orders where store_id = ${storeId} and name = '#1001'`;
    const orderId = order!.id;
    let kase = await client.ok(client.mutate<{ id: string; version: number; state: string }>("case.open", { orderId, reason: "changed_mind" }));
    kase = await client.ok(client.mutate("case.requestAtSupplier", { caseId: kase.id, version: kase.version, contactedSupplierDirectly: true }));
    expect(kase).toMatchObject({ state: "supplier_pending", version: 2 });
    const accept = { caseId: kase.id, version: 2, idempotencyKey: `faults-accept-${Date.now()}` };

    // "Supplier accepted" books the expected supplier refund, then marks the supplier order cancelled:
    // holding that supplier order's row stops the transaction between the two.
    const blocker = await sql.reserve();
    await blocker`begin`;
    await blocker`select id from supplier_orders where order_id = ${orderId} for update`;
    let inFlight: Promise<unknown> | undefined;
    try {
      inFlight = client.mutate("case.supplierAccepted", accept, 60_000).then(
        (answer) => answer,
        (error: unknown) => error,
      );
      const waiting = await timed("case: reach the write", () => blockedOn(sql, database.name, /update "supplier_orders"/i));
      const [ledgerLock] = await sql<{ n: number }[]>`
        select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where l.pid = ${waiting.pid} and c.relname = 'money_movements' and l.mode = 'RowExclusiveLock'`;
      expect(ledgerLock!.n, "the transition has written its ledger entry when it is killed").toBe(1);
      await timed("case: SIGKILL", () => server.kill("SIGKILL"));
    } finally {
      await blocker`rollback`;
      blocker.release();
    }
    // The request in flight got no answer (its connection died with the server).
    expect(await inFlight).toBeInstanceOf(Error);
    await restart("case: restart");

    const snapshot = async () => {
      const [row] = await sql<{ state: string; version: number; expected: number; audits: number; keys: number; so_status: string }[]>`
        select (select state::text from cancellation_cases where id = ${kase.id}) as state,
               (select version from cancellation_cases where id = ${kase.id}) as version,
               (select count(*)::int from money_movements where case_id = ${kase.id} and type = 'supplier_refund_expected') as expected,
               (select count(*)::int from audit_events where entity_id = ${kase.id} and action = 'case.supplierAccepted') as audits,
               (select count(*)::int from idempotency_keys where key = ${accept.idempotencyKey}) as keys,
               (select status::text from supplier_orders where order_id = ${orderId}) as so_status`;
      return row!;
    };
    // The old state, whole: no ledger entry, no audit event, no remembered answer, the supplier order untouched.
    expect(await snapshot()).toEqual({ state: "supplier_pending", version: 2, expected: 0, audits: 0, keys: 0, so_status: "awaiting_shipment" });

    // The same request again (same version, same key) completes; once more, it changes nothing.
    const retried = await timed("case: retry", () => client.ok(client.mutate<{ state: string; version: number }>("case.supplierAccepted", accept)));
    expect(retried).toMatchObject({ state: "supplier_accepted", version: 3 });
    const again = await client.ok(client.mutate<{ state: string; version: number }>("case.supplierAccepted", accept));
    expect(again).toMatchObject({ state: "supplier_accepted", version: 3 });
    expect(await snapshot()).toEqual({ state: "supplier_accepted", version: 3, expected: 1, audits: 1, keys: 1, so_status: "cancelled" });
    expect(await client.ok(client.query("audit.verify"))).toMatchObject({ ok: true });
  });
});

test.describe("Postgres crashes and restarts under the running app", () => {
  const bin = postgresBinDir();
  let cluster: PrivateCluster;
  let server: AppServer;
  let client: Client;

  test.beforeAll(async () => {
    test.skip(!bin, "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql");
    const port = Number(process.env.FAULTS_PG_PORT ?? 5499);
    cluster = new PrivateCluster(bin!, port);
    await timed("private cluster: initdb + start", async () => {
      cluster.init();
      cluster.start();
    });
    const admin = connect(cluster.url, 1);
    await admin.unsafe("create database recoup_faults");
    await admin.end();
    server = new AppServer(databaseUrl(cluster.url, "recoup_faults"), await freePort());
    timings["start on the private cluster"] = await server.start();
    client = new Client(server.base);
    await client.signUpAndIn({ name: "Pat Postgres", email: `restart-${Date.now()}@example.test`, password: PASSWORD });
    await client.ok(client.mutate("organization.create", { name: "Restart Agency", kind: "agency" }));
  });

  test.afterEach(async () => {
    const info = test.info();
    if (info.status !== info.expectedStatus && server) await info.attach("server log", { body: server.tail(20_000) });
  });

  test.afterAll(async () => {
    printTimings("postgres restarted");
    await server?.stop();
    cluster?.destroy();
  });

  test("while Postgres is down requests fail fast with a readable 503, the process stays up, and it recovers by itself", async () => {
    const store = await client.ok(
      client.mutate<{ id: string }>("store.create", { name: "Before", slug: "before", currency: "USD", country: "US", timezone: "America/New_York" }),
    );
    expect((await client.query("store.list", {})).status).toBe(200);
    const pid = server.pid;

    // Requests in flight when Postgres dies, each in its own transaction (its own pooled connection),
    // all stuck behind the store row the test holds.
    const holder = connect(databaseUrl(cluster.url, "recoup_faults"), 2);
    const held = await holder.reserve();
    await held`begin`;
    await held`select id from stores where id = ${store.id} for update`;
    const inFlight = Array.from({ length: IN_FLIGHT }, () =>
      client.mutate("store.update", { storeId: store.id, name: "During", slug: "before", currency: "USD", country: "US", timezone: "America/New_York" }),
    );
    let seen: unknown[] = [];
    await until(`${IN_FLIGHT} updates waiting on the held row`, async () => {
      const rows = await appBackends(holder, "recoup_faults");
      seen = rows.map((r) => ({ ...r, query: r.query.slice(0, 60) }));
      // One waits on the row; the others may queue behind it on a lock taken earlier in the transaction.
      return rows.filter((r) => r.wait_event_type === "Lock").length >= IN_FLIGHT;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; the app's backends: ${JSON.stringify(seen)}`);
    });

    await timed("postgres: stop (immediate)", async () => cluster.stop("immediate"));
    const stoppedAt = Date.now();
    held.release();
    await holder.end({ timeout: 1 }).catch(() => {});

    for (const interrupted of await Promise.all(inFlight)) {
      expect(interrupted.status, JSON.stringify(interrupted.error)).toBe(503);
      expect(interrupted.error?.message).toBe("The database is not reachable right now. Try again in a moment.");
    }

    // Everything that needs the database says so quickly, in words, as JSON; nothing hangs.
    const health = await client.request("/api/health");
    expect(health.response.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({ status: "error", database: "postgres" });
    for (const answer of [
      await client.query("store.list", {}),
      await client.query("order.list", { limit: 10 }),
      await client.mutate("store.create", { name: "Down", slug: "down", currency: "USD", country: "US", timezone: "America/New_York" }),
    ]) {
      expect(answer.status, JSON.stringify(answer.error)).toBe(503);
      expect(answer.error).toEqual({ message: "The database is not reachable right now. Try again in a moment.", code: "SERVICE_UNAVAILABLE" });
      expect(answer.retryAfter).toBe("5");
      expect(answer.ms).toBeLessThan(5_000);
    }
    const webhook = await client.request(`/api/webhooks/shopify/${store.id}`, {
      method: "POST",
      headers: { "x-shopify-hmac-sha256": "AAAA", "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "down-1" },
      body: "{}",
    });
    expect(webhook.response.status).toBe(503);
    expect(JSON.parse(webhook.text)).toEqual({ error: "The database is not reachable right now. Try again in a moment." });
    const upload = await client.upload(store.id, "shopify_orders", "down.csv", fixture("shopify-orders-export.csv"));
    expect(upload.status).toBe(503);
    // A page: an error page a person can read, with no stack trace, in seconds.
    const page = await client.request("/dashboard");
    expect(page.response.status).toBeGreaterThanOrEqual(500);
    expect(page.ms).toBeLessThan(5_000);
    expect(page.text).not.toMatch(/ECONNREFUSED|at .*\.js:\d+|PostgresError/);
    timings["postgres: down, all answered (ms after stop)"] = Date.now() - stoppedAt;
    expect(server.alive(), `the app process died:\n${server.tail()}`).toBe(true);

    await timed("postgres: start", async () => cluster.start());
    // No restart of the app: the pool reconnects on its next query.
    await timed("app: healthy again after postgres start", () =>
      until("health to be ok again", async () => (await client.request("/api/health")).response.status === 200, 20_000, 100),
    );
    // Every connection of the pool works again, those that died mid-transaction too: a few rounds of
    // parallel requests (more than the pool holds) all succeed, none waiting on a dead connection.
    await timed("app: rounds of requests after recovery", async () => {
      for (let round = 0; round < 4; round++) {
        const answers = await Promise.all(Array.from({ length: 12 }, () => client.query("store.list", {})));
        for (const answer of answers) {
          expect(answer.status, JSON.stringify(answer.error)).toBe(200);
          expect(answer.ms).toBeLessThan(3_000);
        }
      }
    });
    await client.ok(client.mutate("store.create", { name: "After", slug: "after", currency: "USD", country: "US", timezone: "America/New_York" }));
    const names = (await client.ok(client.query<{ name: string }[]>("store.list", {}))).map((s) => s.name).sort();
    expect(names).toEqual(["After", "Before"]);
    expect(server.pid).toBe(pid);
    expect(server.alive()).toBe(true);
  });
});
