/**
 * Performance benchmark: the orders list (tRPC over HTTP against the same SQL run directly) and the
 * Shopify import (importFile against COPY of the same rows), each measured against its floor in the
 * same run. See docs/perf.md for the method and the recorded figures.
 *
 *   npx tsx bench/orders.ts                      # full run: 100 stores × 10,000 orders, 100,000-order import
 *   BENCH_STORES=5 BENCH_ORDERS_PER_STORE=2000 BENCH_IMPORT_ORDERS=10000 npx tsx bench/orders.ts   # quick mode
 *
 * Options (environment):
 *   BENCH_DATABASE_URL      postgres://postgres@127.0.0.1:5432/recoup_bench (dropped and recreated; its name must contain "bench")
 *   BENCH_STORES            100      stores seeded
 *   BENCH_ORDERS_PER_STORE  10000    orders per store (~1.5 line items each)
 *   BENCH_REQUESTS          300      list requests per pass
 *   BENCH_CONCURRENCY       10       workers in the concurrent pass (0 skips it)
 *   BENCH_IMPORT_ORDERS     100000   orders in the generated Shopify CSV (0 skips the import)
 *   BENCH_SKIP_SEED=1                reuse the seeded database (also skips the migration)
 *   BENCH_PROFILE           auto     profile the import by phase: auto (only when over 5× COPY), 1, 0
 *   BENCH_PROFILE_ORDERS    20000    orders the profile imports (as shipped and with per-order store refunds, each rolled back)
 *   BENCH_CANDIDATE_INDEX=1          a second list pass with the candidate indexes (applied by hand, then reverted)
 *   BENCH_PORT              3200     port of the `next start` it runs (build in .next-bench, built when missing)
 *   BENCH_BUILD=1                    rebuild .next-bench first
 *   BENCH_HTTP=0                     skip the build, the server and the HTTP half of the list measures
 *   BENCH_WRITE_DOCS        auto     rewrite the results block of docs/perf.md: auto (full-size runs only), 1, 0
 */
import { mkdirSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { openDatabase, type Db, type DbOrTx, type Tx } from "@/server/db/client";
import { enterTenant, withTenant } from "@/server/db/tenant";
import { queryRows } from "@/server/db/rows";
import { countOrders, listOrders, listOrdersSchema } from "@/server/orders/list";
import { importFile, toOrderInput } from "@/server/imports/jobs";
import { parseShopifyExportAll, type ParsedOrder } from "@/server/imports/shopify-csv";
import { expectedGeneratedOrders, generateShopifyExport } from "@/server/imports/fixtures/generate-shopify-export";
import { upsertOrders } from "@/server/orders/upsert";
import { recordStoreRefundTotalsOfNewOrders, syncStoreRefund } from "@/server/ledger/entries";
import { DEFAULT_SUPPLIER_TERMS } from "@/lib/supplier-terms";
import {
  createRandom,
  ensureBuild,
  type Fixture,
  intEnv,
  lastMigration,
  loadFixture,
  loadNow,
  log,
  machineFacts,
  ms,
  recreateDatabase,
  ROOT,
  runBench,
  secs,
  seed,
  signIn,
  startedAt,
  startServer,
  stats,
  type Stats,
  stopServer,
  table,
  timed,
} from "./lib";

// --- Configuration -------------------------------------------------------------------------------

const BENCH_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/recoup_bench";
const STORES = Math.max(1, intEnv("BENCH_STORES", 100));
const PER_STORE = Math.max(1, intEnv("BENCH_ORDERS_PER_STORE", 10_000));
const REQUESTS = Math.max(1, intEnv("BENCH_REQUESTS", 300));
const CONCURRENCY = intEnv("BENCH_CONCURRENCY", 10);
const IMPORT_ORDERS = intEnv("BENCH_IMPORT_ORDERS", 100_000);
const SKIP_SEED = process.env.BENCH_SKIP_SEED === "1";
const PROFILE = (process.env.BENCH_PROFILE ?? "auto") as "auto" | "0" | "1";
const CANDIDATE_INDEX = process.env.BENCH_CANDIDATE_INDEX === "1";
const PROFILE_ORDERS = Math.max(1, intEnv("BENCH_PROFILE_ORDERS", 20_000));
const PORT = intEnv("BENCH_PORT", 3200);
const HTTP = process.env.BENCH_HTTP !== "0";
const FULL_SIZE = STORES === 100 && PER_STORE === 10_000 && IMPORT_ORDERS === 100_000;
const WRITE_DOCS = process.env.BENCH_WRITE_DOCS === "1" || (process.env.BENCH_WRITE_DOCS !== "0" && FULL_SIZE);

const LIST_FILTER = { financialStatus: ["paid" as const], limit: 50 };
const GOAL_P95_MS = 50;
const GOAL_IMPORT_RATIO = 5;

const OUT_DIR = path.join(ROOT, "bench", "out");

/** Stores made by an earlier run's import step (interrupted, or a BENCH_SKIP_SEED=1 re-run). */
async function dropImportStores(pg: postgres.Sql, organizationId: string) {
  const c = await pg.reserve();
  try {
    await c.unsafe(`set session_replication_role = replica`); // the ledger and audit are append-only by trigger
    const where = `organization_id = '${organizationId}' and store_id in (select id from stores where organization_id = '${organizationId}' and slug like 'bench-import-%')`;
    await c.unsafe(`delete from money_movements where ${where}`);
    await c.unsafe(`delete from supplier_orders where ${where}`);
    await c.unsafe(`delete from order_line_items where organization_id = '${organizationId}' and order_id in (select id from orders where ${where})`);
    await c.unsafe(`delete from orders where ${where}`);
    await c.unsafe(`delete from import_jobs where ${where}`);
    const removed = await c.unsafe(`delete from stores where organization_id = '${organizationId}' and slug like 'bench-import-%'`);
    return removed.count;
  } finally {
    await c.unsafe(`reset session_replication_role`).catch(() => {});
    c.release();
  }
}

// --- 2. The orders list ----------------------------------------------------------------------------

type ListInput = { storeId?: string; financialStatus: "paid"[]; limit: number; cursor?: string };
interface ListRequest {
  input: ListInput;
  page: number;
}

/** The SQL a list function sends, captured by handing it a database that only records the query. */
async function captureSql(run: (db: DbOrTx) => Promise<unknown>): Promise<{ sql: string; params: unknown[] }> {
  let captured: SQL | undefined;
  const recorder = { execute: async (query: SQL) => ((captured = query), []) } as unknown as DbOrTx;
  await run(recorder);
  if (!captured) throw new Error("no query captured");
  return new PgDialect({ casing: "snake_case" }).sqlToQuery(captured);
}

/** Random stores, 70% first pages and 30% pages 2–6 reached with real cursors (walked beforehand). */
async function buildWorkload(db: Db, fx: Fixture): Promise<ListRequest[]> {
  const random = createRandom(20_260_101);
  const chains = new Map<string, (string | undefined)[]>();
  const requests: ListRequest[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const storeId = fx.storeIds[Math.floor(random() * fx.storeIds.length)]!;
    const page = random() < 0.3 ? 1 + Math.floor(random() * 5) : 0;
    const chain = chains.get(storeId) ?? [undefined];
    chains.set(storeId, chain);
    while (chain.length <= page) {
      const cursor = chain[chain.length - 1];
      const result = await withTenant(db, fx.organizationId, (tx) =>
        listOrders(tx, fx.organizationId, fx.membership, listOrdersSchema.parse({ storeId, ...LIST_FILTER, cursor })),
      );
      if (!result.nextCursor) break;
      chain.push(result.nextCursor);
    }
    const cursor = chain[Math.min(page, chain.length - 1)];
    requests.push({ input: { storeId, ...LIST_FILTER, ...(cursor ? { cursor } : {}) }, page: cursor ? page : 0 });
  }
  return requests;
}

interface Sample {
  total: number;
  firstId: string | null;
  items: number;
}
type HttpCall = (procedure: "order.list" | "order.count", input: unknown) => Promise<Sample>;

async function httpCall(base: string, cookie: string, procedure: "order.list" | "order.count", input: unknown): Promise<Sample> {
  // A single, non-batched GET as tRPC's fetch adapter takes it: input = superjson's {json} envelope.
  const url = `${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const t0 = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  const body = (await response.json()) as { result?: { data?: { json?: { items?: { id: string }[]; count?: number } } }; error?: unknown };
  const total = performance.now() - t0;
  if (!response.ok || !body.result) throw new Error(`${procedure} failed: ${response.status} ${JSON.stringify(body.error ?? body).slice(0, 400)}`);
  const data = body.result.data?.json;
  return { total, firstId: data?.items?.[0]?.id ?? null, items: data?.items?.length ?? data?.count ?? 0 };
}

/** The same work without HTTP: the tenant transaction the procedure runs, timing the list SQL itself too. */
async function directList(db: Db, fx: Fixture, input: ListInput): Promise<Sample & { sql: number }> {
  let sqlTime = 0;
  const t0 = performance.now();
  const result = await withTenant(db, fx.organizationId, async (tx) => {
    const parsed = listOrdersSchema.parse(input);
    const t1 = performance.now();
    const page = await listOrders(tx, fx.organizationId, fx.membership, parsed);
    sqlTime = performance.now() - t1;
    return page;
  });
  return { total: performance.now() - t0, sql: sqlTime, firstId: result.items[0]?.id ?? null, items: result.items.length };
}

async function directCount(db: Db, fx: Fixture, input: Omit<ListInput, "cursor">): Promise<Sample & { sql: number }> {
  let sqlTime = 0;
  const t0 = performance.now();
  const result = await withTenant(db, fx.organizationId, async (tx) => {
    const t1 = performance.now();
    const counted = await countOrders(tx, fx.organizationId, fx.membership, listOrdersSchema.parse(input));
    sqlTime = performance.now() - t1;
    return counted;
  });
  return { total: performance.now() - t0, sql: sqlTime, firstId: null, items: result.count };
}

async function runConcurrent<T>(items: T[], workers: number, fn: (item: T) => Promise<number>): Promise<{ samples: number[]; wall: number }> {
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        samples.push(await fn(item));
      }
    }),
  );
  return { samples, wall: performance.now() - t0 };
}

interface ListMeasure {
  label: string;
  load: string;
  mismatches: number;
  httpSeq?: Stats;
  directSql: Stats;
  directTx: Stats;
  httpConc?: Stats & { rps: number };
  directConc?: Stats & { rps: number };
  countHttp?: Stats;
  countSql: Stats;
}

/** One pass of the list measures: sequential (HTTP and direct interleaved), concurrent, and the count. */
async function measureList(label: string, db: Db, fx: Fixture, workload: ListRequest[], call: HttpCall | null): Promise<ListMeasure> {
  // Warm both paths (route modules load lazily, pools fill, pages come into cache).
  for (const w of workload.slice(0, Math.min(30, workload.length))) {
    if (call) await call("order.list", w.input);
    await directList(db, fx, w.input);
  }
  // Sequential, interleaved so both see the same machine load; alternate which goes first.
  const http: number[] = [];
  const direct: number[] = [];
  const directTx: number[] = [];
  let mismatches = 0;
  for (const [i, w] of workload.entries()) {
    let h: Sample | null = null;
    let d: Sample & { sql: number };
    if (i % 2 === 0) {
      if (call) h = await call("order.list", w.input);
      d = await directList(db, fx, w.input);
    } else {
      d = await directList(db, fx, w.input);
      if (call) h = await call("order.list", w.input);
    }
    if (h) {
      http.push(h.total);
      if (h.firstId !== d.firstId || h.items !== d.items) mismatches++;
    }
    direct.push(d.sql);
    directTx.push(d.total);
  }
  const m: ListMeasure = { label, load: loadNow(), mismatches, directSql: stats(direct), directTx: stats(directTx), countSql: stats([]) };
  if (call) m.httpSeq = stats(http);
  log(
    `[${label}] list sequential: HTTP p50 ${ms(m.httpSeq?.p50 ?? NaN)} p95 ${ms(m.httpSeq?.p95 ?? NaN)} | SQL p50 ${ms(m.directSql.p50)} p95 ${ms(m.directSql.p95)} (load ${m.load})`,
  );
  if (CONCURRENCY > 0) {
    if (call) {
      const hc = await runConcurrent(workload, CONCURRENCY, async (w) => (await call("order.list", w.input)).total);
      m.httpConc = { ...stats(hc.samples), rps: (hc.samples.length / hc.wall) * 1000 };
    }
    const dc = await runConcurrent(workload, CONCURRENCY, async (w) => (await directList(db, fx, w.input)).total);
    m.directConc = { ...stats(dc.samples), rps: (dc.samples.length / dc.wall) * 1000 };
    log(
      `[${label}] list ${CONCURRENCY} concurrent: HTTP p50 ${ms(m.httpConc?.p50 ?? NaN)} p95 ${ms(m.httpConc?.p95 ?? NaN)} ${(m.httpConc?.rps ?? NaN).toFixed(0)} req/s | direct tx p95 ${ms(m.directConc.p95)} ${m.directConc.rps.toFixed(0)} req/s`,
    );
  }
  // The orders page asks for the count alongside the list: the same filter, capped at 10,000.
  const countInputs = workload
    .filter((w) => w.page === 0)
    .slice(0, 100)
    .map((w) => ({ storeId: w.input.storeId, financialStatus: w.input.financialStatus, limit: w.input.limit }));
  const countHttp: number[] = [];
  const countSql: number[] = [];
  for (const input of countInputs) {
    if (call) countHttp.push((await call("order.count", { storeId: input.storeId, financialStatus: input.financialStatus })).total);
    countSql.push((await directCount(db, fx, input)).sql);
  }
  m.countSql = stats(countSql);
  if (call) m.countHttp = stats(countHttp);
  log(`[${label}] count sequential: HTTP p50 ${ms(m.countHttp?.p50 ?? NaN)} p95 ${ms(m.countHttp?.p95 ?? NaN)} | SQL p50 ${ms(m.countSql.p50)} p95 ${ms(m.countSql.p95)}`);
  return m;
}

interface ExplainResult {
  label: string;
  plan: string;
  executionMs: number;
  scan: string;
  removedByFilter: number;
  buffers: string;
}

async function explain(pg: postgres.Sql, fx: Fixture, label: string, query: { sql: string; params: unknown[] }): Promise<ExplainResult> {
  const plan = await pg.begin(async (tx) => {
    // Exactly as the app runs it: the tenant set for row-level security, as the application role.
    await tx`select set_config('app.organization_id', ${fx.organizationId}, true)`;
    await tx.unsafe(`set local role recoup_app`);
    const rows = await tx.unsafe(`explain (analyze, buffers) ${query.sql}`, query.params as never[]);
    return rows.map((r) => String((r as Record<string, unknown>)["QUERY PLAN"])).join("\n");
  });
  const scans = [...plan.matchAll(/(Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)( Backward)? (?:using (\S+) )?on orders o/g)].map(
    (m) => `${m[1]}${m[2] ?? ""}${m[3] ? ` ${m[3]}` : ""}`,
  );
  const lines = plan.split("\n");
  const first = lines.findIndex((l) => / on orders o/.test(l));
  const removed = first >= 0 ? /Rows Removed by Filter: (\d+)/.exec(lines.slice(first, first + 8).join("\n")) : null;
  return {
    label,
    plan,
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    scan: scans.join(", ") || "?",
    removedByFilter: removed ? Number(removed[1]) : 0,
    buffers: /Buffers: (shared [^\n]+)/.exec(plan)?.[1] ?? "",
  };
}

/** EXPLAIN ANALYZE of the SQL listOrders/countOrders send (captured from the functions themselves). */
async function explainSuite(pg: postgres.Sql, db: Db, fx: Fixture): Promise<ExplainResult[]> {
  const m = fx.membership;
  const org = fx.organizationId;
  const storeId = fx.storeIds[0]!;
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const r = await withTenant(db, org, (tx) => listOrders(tx, org, m, listOrdersSchema.parse({ storeId, ...LIST_FILTER, cursor })));
    cursor = r.nextCursor ?? cursor;
  }
  const cases: [string, (db: DbOrTx) => Promise<unknown>][] = [
    ["list: store + paid, first page", (d) => listOrders(d, org, m, listOrdersSchema.parse({ storeId, ...LIST_FILTER }))],
    ["list: store + paid, page 6 (cursor)", (d) => listOrders(d, org, m, listOrdersSchema.parse({ storeId, ...LIST_FILTER, cursor }))],
    ["list: store + voided (1%), first page", (d) => listOrders(d, org, m, listOrdersSchema.parse({ storeId, financialStatus: ["voided"], limit: 50 }))],
    ["list: store + paid, by total", (d) => listOrders(d, org, m, listOrdersSchema.parse({ storeId, ...LIST_FILTER, sort: "total_desc" }))],
    ["list: all stores (agency), first page", (d) => listOrders(d, org, m, listOrdersSchema.parse({ limit: 50 }))],
    ["list: all stores + paid, first page", (d) => listOrders(d, org, m, listOrdersSchema.parse({ ...LIST_FILTER }))],
    ["count: store + paid", (d) => countOrders(d, org, m, listOrdersSchema.parse({ storeId, ...LIST_FILTER }))],
    ["count: all stores + paid (capped)", (d) => countOrders(d, org, m, listOrdersSchema.parse({ ...LIST_FILTER }))],
  ];
  const results: ExplainResult[] = [];
  for (const [label, run] of cases) {
    const query = await captureSql(run);
    let result = await explain(pg, fx, label, query);
    // A second run for a warm cache, unless the first was slow for reasons a cache does not change.
    if (result.executionMs < 2000) result = await explain(pg, fx, label, query);
    results.push(result);
    log(`  explain ${label.padEnd(40)} ${ms(result.executionMs).padStart(9)}  ${result.scan}  (removed by filter ${result.removedByFilter})`);
  }
  return results;
}

// --- The candidate indexes (BENCH_CANDIDATE_INDEX=1) ------------------------------------------------

/**
 * What the EXPLAINs call for (docs/perf.md): the two placed_at indexes as plain ascending btrees, which
 * a backward scan reads in `placed_at desc, id desc` order (the migrated `DESC NULLS LAST` ones cannot
 * give the list's `desc` = `DESC NULLS FIRST` order), and a status index for the count's index-only scan.
 */
const CANDIDATE_DDL = [
  "drop index orders_org_placed_idx",
  "drop index orders_store_placed_idx",
  "create index orders_org_placed_idx on orders using btree (organization_id, placed_at, id)",
  "create index orders_store_placed_idx on orders using btree (organization_id, store_id, placed_at, id)",
  "create index orders_store_status_idx on orders using btree (organization_id, store_id, financial_status)",
];

/** Applies the candidate DDL; returns how to put the migrated indexes back (null when already applied). */
async function applyCandidate(pg: postgres.Sql): Promise<{ ms: number; restore: () => Promise<void> } | null> {
  const saved = await pg<{ indexname: string; indexdef: string }[]>`
    select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'orders'
      and indexname in ('orders_org_placed_idx', 'orders_store_placed_idx', 'orders_store_status_idx')`;
  if (saved.some((s) => s.indexname === "orders_store_status_idx")) return null;
  const [, took] = await timed(async () => {
    for (const ddl of CANDIDATE_DDL) await pg.unsafe(ddl);
    await pg.unsafe("analyze orders");
  });
  return {
    ms: took,
    restore: async () => {
      for (const name of ["orders_org_placed_idx", "orders_store_placed_idx", "orders_store_status_idx"]) await pg.unsafe(`drop index if exists ${name}`);
      for (const s of saved) await pg.unsafe(s.indexdef);
      await pg.unsafe("analyze orders");
    },
  };
}

// --- 3. The import ---------------------------------------------------------------------------------

async function createStore(pg: postgres.Sql, organizationId: string, slug: string): Promise<string> {
  const [store] = await pg<{ id: string }[]>`
    insert into stores (organization_id, name, slug, platform, currency, country, timezone, webhook_secret, supplier_terms)
    values (${organizationId}, ${slug}, ${slug}, 'shopify', 'USD', 'US', 'America/New_York', ${randomBytes(16).toString("hex")},
            ${pg.json(DEFAULT_SUPPLIER_TERMS)})
    returning id`;
  return store!.id;
}

async function generateCsv(orders: number): Promise<string> {
  const pieces: string[] = [];
  for await (const piece of generateShopifyExport(orders, { piecesOf: 5000 })) pieces.push(piece);
  return pieces.join("");
}

/** The columns COPY writes, per table; ids and store are remapped so the copy lands in another store. */
const COPY_TABLES = {
  orders: {
    columns: `organization_id, id, store_id, external_id, name, email, customer_name, currency, subtotal_minor, shipping_minor, tax_minor,
              discount_minor, total_minor, store_refunded_minor, ledger_refunded_minor, financial_status, fulfillment_status, placed_at,
              paid_at, fulfilled_at, cancelled_at, cancel_reason, shipping_country, note, source, content_hash, version, created_at, updated_at`,
    // ledger_refunded_minor starts at 0: the ledger trigger adds the refunds as their rows are copied, as in the import.
    select: (from: string, to: string) => `select organization_id, md5(id::text || ':copy')::uuid, '${to}'::uuid, external_id, name, email,
              customer_name, currency, subtotal_minor, shipping_minor, tax_minor, discount_minor, total_minor, store_refunded_minor, 0,
              financial_status, fulfillment_status, placed_at, paid_at, fulfilled_at, cancelled_at, cancel_reason, shipping_country, note,
              source, content_hash, version, created_at, updated_at
              from orders where store_id = '${from}'`,
  },
  order_line_items: {
    columns: `organization_id, id, order_id, position, sku, title, quantity, unit_price_minor, supplier_cost_minor, fulfillment_status, vendor, created_at`,
    select: (from: string) => `select li.organization_id, md5(li.id::text || ':copy')::uuid, md5(li.order_id::text || ':copy')::uuid, li.position,
              li.sku, li.title, li.quantity, li.unit_price_minor, li.supplier_cost_minor, li.fulfillment_status, li.vendor, li.created_at
              from order_line_items li join orders o on o.organization_id = li.organization_id and o.id = li.order_id where o.store_id = '${from}'`,
  },
  money_movements: {
    columns: `organization_id, id, store_id, order_id, type, source, amount_minor, currency, external_ref, note, occurred_at, local_date, created_at`,
    select: (from: string, to: string) => `select organization_id, md5(id::text || ':copy')::uuid, '${to}'::uuid, md5(order_id::text || ':copy')::uuid,
              type, source, amount_minor, currency, external_ref, note, occurred_at, local_date, created_at
              from money_movements where store_id = '${from}'`,
  },
} as const;

interface CopyResult {
  total: number;
  perTable: Record<string, number>;
  rows: Record<string, number>;
  bytes: number;
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
function copyText(value: Buffer | null): string {
  if (value === null) return "\\N";
  return value.toString("utf8").replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/**
 * The rows of a SELECT as COPY text-format lines. A plain query in text form (postgres-js `.raw()`:
 * each value as Postgres prints it, which is what COPY reads back) rather than `COPY … TO STDOUT`,
 * whose postgres-js stream now and then never ends (porsager/postgres#499, #917).
 */
async function exportCopyText(pg: postgres.Sql, query: string): Promise<{ chunks: Buffer[]; rows: number }> {
  const result = (await pg.unsafe(query).raw()) as unknown as (Buffer | null)[][];
  const chunks: Buffer[] = [];
  for (let i = 0; i < result.length; i += 2000) {
    const lines = result.slice(i, i + 2000).map((row) => row.map(copyText).join("\t"));
    chunks.push(Buffer.from(`${lines.join("\n")}\n`));
  }
  return { chunks, rows: result.length };
}

/** The floor: the rows the import wrote, COPYed FROM STDIN into another fresh store in one transaction. */
async function copyFloor(pg: postgres.Sql, fromStore: string, toStore: string): Promise<CopyResult> {
  const exported: Record<string, Buffer[]> = {};
  const rows: Record<string, number> = {};
  for (const [name, spec] of Object.entries(COPY_TABLES)) {
    const out = await exportCopyText(pg, spec.select(fromStore, toStore));
    exported[name] = out.chunks;
    rows[name] = out.rows;
  }
  const perTable: Record<string, number> = {};
  const t0 = performance.now();
  await pg.begin(async (tx) => {
    for (const [name, spec] of Object.entries(COPY_TABLES)) {
      const t1 = performance.now();
      const writable = await tx.unsafe(`copy ${name} (${spec.columns}) from stdin`).writable();
      await pipeline(Readable.from(exported[name]!), writable);
      perTable[name] = performance.now() - t1;
    }
  });
  const total = performance.now() - t0;
  const [copied] = await pg<{ n: string }[]>`select count(*) as n from orders where store_id = ${toStore}`;
  if (Number(copied?.n) !== rows.orders) throw new Error(`COPY wrote ${copied?.n} orders, expected ${rows.orders}`);
  const bytes = Object.values(exported).reduce((sum, chunks) => sum + chunks.reduce((s, c) => s + c.length, 0), 0);
  return { total, perTable, rows, bytes };
}


class Rollback extends Error {}

interface ImportProfile {
  label: string;
  orders: number;
  batchSize: number;
  total: number;
  parse: number;
  upsert: number;
  refunds: number;
  refundStatements: number;
  movements: number;
  written: string;
  nodeCpu: number;
}

/**
 * A local copy of importShopifyOrders' loop with a clock around each phase, rolled back at the end.
 * It calls the product's own functions: one parse pass (parseShopifyExportAll, whose orders already
 * leave out every order an error names), upsertOrders per batch (the batch as one JSON parameter),
 * and the store refunds of the orders a batch created either as the import writes them
 * ("batch": recordStoreRefundTotalsOfNewOrders, one INSERT per batch) or one order at a time
 * ("per-order": syncStoreRefund, three statements each, as the import did before) for comparison.
 */
async function profileImport(
  db: Db,
  scope: { organizationId: string; storeId: string },
  content: string,
  opts: { label: string; batchSize: number; refunds: "batch" | "per-order" },
): Promise<ImportProfile> {
  const p: ImportProfile = { label: opts.label, orders: 0, batchSize: opts.batchSize, total: 0, parse: 0, upsert: 0, refunds: 0, refundStatements: 0, movements: 0, written: "", nodeCpu: 0 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await db
    .transaction(async (tx: Tx) => {
      await enterTenant(tx, scope.organizationId);
      const [store] = await queryRows<{ timezone: string }>(tx, sql`select timezone from stores where organization_id = ${scope.organizationId} and id = ${scope.storeId}`);
      const writeBatch = async (good: ParsedOrder[]) => {
        p.orders += good.length;
        let t = performance.now();
        const outcomes = await upsertOrders(tx, scope, good.map(toOrderInput), "import");
        p.upsert += performance.now() - t;
        const refunded = new Map(good.filter((o) => o.refundedMinor > 0).map((o) => [o.name, o.refundedMinor]));
        t = performance.now();
        const created: { orderId: string; totalMinor: number }[] = [];
        for (const outcome of outcomes) {
          const totalMinor = refunded.get(outcome.name);
          if (!totalMinor) continue;
          if (opts.refunds === "batch" && outcome.created) {
            created.push({ orderId: outcome.id, totalMinor });
          } else {
            p.refundStatements += 3;
            await syncStoreRefund(tx, scope.organizationId, outcome.id, { kind: "total", totalMinor });
          }
        }
        if (created.length) {
          p.refundStatements += 1;
          await recordStoreRefundTotalsOfNewOrders(tx, { organizationId: scope.organizationId, timezone: store!.timezone }, created);
        }
        p.refunds += performance.now() - t;
      };
      const t = performance.now();
      const parsed = await parseShopifyExportAll(content);
      p.parse += performance.now() - t;
      for (let i = 0; i < parsed.orders.length; i += opts.batchSize) await writeBatch(parsed.orders.slice(i, i + opts.batchSize));
      p.total = performance.now() - t0;
      // What was written, as counts and one checksum over every stored column (ids and clocks aside),
      // so the variants can be seen to write the same rows.
      const [row] = await queryRows<{ orders: string; items: string; movements: string; digest: string }>(
        tx,
        sql`with o as (select * from orders where organization_id = ${scope.organizationId} and store_id = ${scope.storeId}),
                 li as (select li.*, o.name as order_name from order_line_items li join o on o.organization_id = li.organization_id and o.id = li.order_id),
                 mm as (select mm.*, o.name as order_name from money_movements mm join o on o.organization_id = mm.organization_id and o.id = mm.order_id)
            select (select count(*) from o) as orders, (select count(*) from li) as items, (select count(*) from mm) as movements,
                   md5(concat(
                     (select string_agg(concat_ws('|', name, external_id, email, customer_name, currency, subtotal_minor, shipping_minor, tax_minor,
                       discount_minor, total_minor, store_refunded_minor, ledger_refunded_minor, financial_status, fulfillment_status, placed_at, paid_at,
                       fulfilled_at, cancelled_at, cancel_reason, shipping_country, note, source, content_hash, version), ',' order by name) from o),
                     (select string_agg(concat_ws('|', order_name, position, sku, title, quantity, unit_price_minor, supplier_cost_minor,
                       fulfillment_status, vendor), ',' order by order_name, position) from li),
                     (select string_agg(concat_ws('|', order_name, type, source, amount_minor, currency, external_ref, note, local_date), ','
                       order by order_name) from mm))) as digest`,
      );
      p.movements = Number(row?.movements ?? 0);
      p.written = `${row?.orders}/${row?.items}/${row?.movements} md5 ${String(row?.digest).slice(0, 8)}`;
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  const cpu = process.cpuUsage(cpu0);
  p.nodeCpu = (cpu.user + cpu.system) / 1000;
  return p;
}

// --- 4. Report -------------------------------------------------------------------------------------

interface Results {
  machine: { nproc: number; cpu: string; memGb: number; node: string; postgres: string; loadStart: string; loadEnd: string; loads: Record<string, string> };
  seedMs?: number;
  dataset: { orders: number; lineItems: number; supplierOrders: number; ordersMb: number; statusMix: string };
  list?: { requests: number; firstPages: number; cursorPages: number; signInMs: number; runs: ListMeasure[] };
  explains: { label: string; results: ExplainResult[] }[];
  candidate?: { ddl: string[]; ms: number };
  import?: {
    orders: number;
    lineItems: number;
    csvMb: number;
    generateMs: number;
    importMs: number;
    parseOnceMs: number;
    load: string;
    copy: CopyResult;
    profiles: ImportProfile[];
  };
  totalMs: number;
}

function statsRow(label: string, s: Stats | undefined, note = ""): string[] {
  if (!s) return [label, "–", "–", "–", "–", "–", note];
  return [label, String(s.n), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.mean), note];
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b !== undefined && Number.isFinite(a / b) ? `${(a / b).toFixed(1)}×` : "–";
}

function renderResults(r: Results): string {
  const out: string[] = [];
  const sizes = `${STORES} stores × ${PER_STORE} orders, ${REQUESTS} list requests per pass, ${IMPORT_ORDERS}-order import`;
  out.push(`Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC — ${sizes}; whole run ${secs(r.totalMs)}.`);
  out.push("");
  out.push(
    `Machine: ${r.machine.nproc} cores (${r.machine.cpu}), ${r.machine.memGb} GB RAM, Node ${r.machine.node}, ${r.machine.postgres} (default settings, shared_buffers 128 MB). ` +
      `Load average (1/5/15 min): at start ${r.machine.loadStart}; ` +
      Object.entries(r.machine.loads)
        .map(([k, v]) => `${k} ${v}`)
        .join("; ") +
      `; at end ${r.machine.loadEnd}.`,
  );
  out.push("");
  out.push(
    `Dataset: ${r.dataset.orders.toLocaleString("en-US")} orders (table + indexes ${r.dataset.ordersMb} MB), ` +
      `${r.dataset.lineItems.toLocaleString("en-US")} line items, ${r.dataset.supplierOrders.toLocaleString("en-US")} supplier orders; ` +
      `financial status mix of one store: ${r.dataset.statusMix}. ` +
      (r.seedMs !== undefined ? `Seeded in ${secs(r.seedMs)} (SQL INSERT … SELECT, then VACUUM ANALYZE).` : "Reused seed (BENCH_SKIP_SEED=1)."),
  );
  if (r.list) {
    const l = r.list;
    for (const run of l.runs) {
      out.push("");
      out.push(`### Orders list — ${run.label}`);
      out.push("");
      out.push(
        `Store + financialStatus ["paid"], 50 per page: ${l.firstPages} first pages and ${l.cursorPages} cursor pages (2–6) of random stores. Load at the end of the sequential pass: ${run.load}.`,
      );
      out.push("");
      out.push(
        table(
          ["measure", "n", "p50", "p95", "p99", "mean", "note"],
          [
            statsRow("tRPC over HTTP, sequential", run.httpSeq, run.httpSeq ? `goal p95 ≤ ${GOAL_P95_MS} ms: ${run.httpSeq.p95 <= GOAL_P95_MS ? "**met**" : "**not met**"}` : "BENCH_HTTP=0"),
            statsRow("floor: the list SQL (listOrders)", run.directSql, `HTTP ÷ SQL: p50 ${ratio(run.httpSeq?.p50, run.directSql.p50)}, p95 ${ratio(run.httpSeq?.p95, run.directSql.p95)}`),
            statsRow("direct tenant transaction", run.directTx, "BEGIN, set tenant + role, list, COMMIT"),
            ...(CONCURRENCY > 0
              ? [
                  statsRow(`tRPC over HTTP, ${CONCURRENCY} concurrent`, run.httpConc, run.httpConc ? `${run.httpConc.rps.toFixed(0)} req/s` : ""),
                  statsRow(`direct tenant tx, ${CONCURRENCY} concurrent`, run.directConc, run.directConc ? `${run.directConc.rps.toFixed(0)} req/s` : ""),
                ]
              : []),
            statsRow("order.count over HTTP, sequential", run.countHttp, "store + paid, capped at 10,000"),
            statsRow("floor: the count SQL (countOrders)", run.countSql, `HTTP ÷ SQL: p50 ${ratio(run.countHttp?.p50, run.countSql.p50)}`),
          ],
        ),
      );
      if (run.httpSeq) out.push("", `Same first row and page size from HTTP and direct on every request: ${run.mismatches === 0 ? "yes" : `**no** (${run.mismatches} mismatches)`}.`);
    }
  }
  if (r.candidate) {
    out.push("");
    out.push(`Candidate DDL applied by hand for the "${CANDIDATE_LABEL}" pass (${secs(r.candidate.ms)}), then reverted:`);
    out.push("");
    out.push("```sql\n" + r.candidate.ddl.map((d) => `${d};`).join("\n") + "\n```");
  }
  for (const e of r.explains) {
    out.push("");
    out.push(`### EXPLAIN (ANALYZE, BUFFERS) as recoup_app under row-level security — ${e.label}`);
    out.push("");
    out.push(
      table(
        ["query", "execution", "orders access", "removed by filter", "buffers (top node)"],
        e.results.map((x) => [x.label, ms(x.executionMs), x.scan, String(x.removedByFilter), x.buffers]),
      ),
    );
  }
  if (r.import) {
    const i = r.import;
    const factor = i.importMs / i.copy.total;
    out.push("");
    out.push(
      `### Shopify import — ${i.orders.toLocaleString("en-US")} orders, ${i.lineItems.toLocaleString("en-US")} line items, ${i.csvMb} MB CSV into a fresh store (load before: ${i.load})`,
    );
    out.push("");
    out.push(
      table(
        ["measure", "time", "orders/s", "note"],
        [
          [
            "importFile (one transaction)",
            secs(i.importMs),
            (i.orders / (i.importMs / 1000)).toFixed(0),
            `goal ≤ ${GOAL_IMPORT_RATIO}× COPY: ${factor <= GOAL_IMPORT_RATIO ? "**met**" : "**not met**"} (${factor.toFixed(1)}×)`,
          ],
          [
            "floor: COPY FROM STDIN of the same rows (one transaction)",
            secs(i.copy.total),
            (i.orders / (i.copy.total / 1000)).toFixed(0),
            Object.entries(i.copy.perTable)
              .map(([t, v]) => `${t}: ${i.copy.rows[t]} rows ${secs(v)}`)
              .join("; "),
          ],
          ["parseShopifyExportAll alone (one pass)", secs(i.parseOnceMs), (i.orders / (i.parseOnceMs / 1000)).toFixed(0), "importShopifyOrders parses the file once"],
          ["CSV generation (not part of the import)", secs(i.generateMs), "", ""],
        ],
      ),
    );
    if (i.profiles.length) {
      out.push("");
      out.push(`Import profile on the first ${i.profiles[0]!.orders.toLocaleString("en-US")} orders (local copy of the loop, a clock per phase, rolled back):`);
      out.push("");
      out.push(
        table(
          ["variant", "batch", "total", "orders/s", "parse", "upsert", "store refunds", "refund statements", "written (orders/lines/refunds)", "Node CPU"],
          i.profiles.map((p) => [
            p.label,
            String(p.batchSize),
            secs(p.total),
            (p.orders / (p.total / 1000)).toFixed(0),
            secs(p.parse),
            secs(p.upsert),
            secs(p.refunds),
            String(p.refundStatements),
            p.written,
            secs(p.nodeCpu),
          ]),
        ),
      );
    }
  }
  return out.join("\n");
}

const CANDIDATE_LABEL = "with the candidate indexes";
const DOC_START = "<!-- bench:orders:results:start -->";
const DOC_END = "<!-- bench:orders:results:end -->";

function renderPlans(r: Results): string {
  return r.explains
    .map((e) => e.results.map((x) => `#### ${x.label} — ${e.label}\n\n\`\`\`\n${x.plan}\n\`\`\``).join("\n\n"))
    .join("\n\n");
}

function writeDocs(r: Results) {
  const docPath = path.join(ROOT, "docs", "perf.md");
  const block = `${DOC_START}\n<!-- Written by bench/orders.ts: a full-size run (or BENCH_WRITE_DOCS=1) replaces everything between these markers. -->\n\n${renderResults(r)}\n\n<details><summary>Full plans of this run</summary>\n\n${renderPlans(r)}\n\n</details>\n${DOC_END}`;
  let doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : `# Performance\n\n## Latest results\n\n${DOC_START}\n${DOC_END}\n`;
  if (!doc.includes(DOC_START) || !doc.includes(DOC_END)) doc += `\n## Latest results\n\n${DOC_START}\n${DOC_END}\n`;
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END) + DOC_END.length;
  doc = doc.slice(0, start) + block + doc.slice(end);
  mkdirSync(path.dirname(docPath), { recursive: true });
  writeFileSync(docPath, doc);
  log(`wrote the results into ${path.relative(ROOT, docPath)}`);
}

// --- Main ------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const results: Results = {
    machine: {
      ...(await machineFacts(BENCH_URL)),
      loadStart: loadNow(),
      loadEnd: "",
      loads: {},
    },
    dataset: { orders: 0, lineItems: 0, supplierOrders: 0, ordersMb: 0, statusMix: "" },
    explains: [],
    totalMs: 0,
  };
  log(`${STORES} stores × ${PER_STORE} orders, ${REQUESTS} requests, import ${IMPORT_ORDERS}; ${results.machine.nproc} cores, load ${results.machine.loadStart}`);
  if (HTTP) ensureBuild(); // first, so a build that fails does so before minutes of seeding

  // 1. Database and seed
  if (!SKIP_SEED) {
    log(`recreating ${BENCH_URL.replace(/\/\/[^@]*@/, "//")} and migrating…`);
    await recreateDatabase(BENCH_URL);
  }
  const database = await openDatabase({ url: BENCH_URL, migrate: !SKIP_SEED, max: Math.max(10, CONCURRENCY + 2) });
  const db = database.db;
  const pg = postgres(BENCH_URL, { max: 4, onnotice: () => {} });
  try {
    let fx: Fixture;
    if (SKIP_SEED) {
      fx = await loadFixture(pg);
      const removed = await dropImportStores(pg, fx.organizationId);
      log(`reusing the seeded database (${fx.storeIds.length} stores${removed ? `; removed ${removed} stores left by an earlier import step` : ""})`);
    } else {
      log("seeding…");
      const [seeded, took] = await timed(() => seed(pg, { stores: STORES, perStore: PER_STORE }));
      fx = seeded;
      results.seedMs = took;
      log(`seeded in ${secs(took)}`);
    }
    const [counts] = await pg<{ orders: string; line_items: string; supplier_orders: string; orders_bytes: string }[]>`
      select (select count(*) from orders) as orders, (select count(*) from order_line_items) as line_items,
             (select count(*) from supplier_orders) as supplier_orders, pg_total_relation_size('orders') as orders_bytes`;
    const mix = await pg<{ financial_status: string; share: string }[]>`
      select financial_status, round(100.0 * count(*) / sum(count(*)) over (), 1) as share from orders
      where organization_id = ${fx.organizationId} and store_id = ${fx.storeIds[0]!} group by 1 order by 2 desc`;
    results.dataset = {
      orders: Number(counts!.orders),
      lineItems: Number(counts!.line_items),
      supplierOrders: Number(counts!.supplier_orders),
      ordersMb: Math.round(Number(counts!.orders_bytes) / 2 ** 20),
      statusMix: mix.map((d) => `${d.financial_status} ${d.share}%`).join(", "),
    };
    log(`dataset: ${results.dataset.orders} orders (${results.dataset.ordersMb} MB), ${results.dataset.lineItems} line items, ${results.dataset.supplierOrders} supplier orders`);
    log(`financial status mix (one store): ${results.dataset.statusMix}`);

    // 2. The orders list, as migrated and (optionally) with the candidate indexes
    results.machine.loads["before the list"] = loadNow();
    let base: string | null = null;
    if (HTTP) {
      log(`starting next start on :${PORT}…`);
      base = await startServer(BENCH_URL, PORT);
    }
    try {
      let call: HttpCall | null = null;
      let signInMs = NaN;
      if (base) {
        const origin = base;
        const [cookie, took] = await timed(() => signIn(origin));
        signInMs = took;
        call = (procedure, input) => httpCall(origin, cookie, procedure, input);
        log(`signed in over HTTP in ${ms(signInMs)}`);
      }
      const workload = await buildWorkload(db, fx);
      const firstPages = workload.filter((w) => w.page === 0).length;
      log(`workload: ${workload.length} requests (${firstPages} first pages, ${workload.length - firstPages} cursor pages 2–6)`);
      results.list = { requests: workload.length, firstPages, cursorPages: workload.length - firstPages, signInMs, runs: [] };
      const migrated = `as migrated (up to ${lastMigration()})`;
      results.list.runs.push(await measureList(migrated, db, fx, workload, call));
      log(`EXPLAIN (${migrated}):`);
      results.explains.push({ label: migrated, results: await explainSuite(pg, db, fx) });

      if (CANDIDATE_INDEX) {
        log("applying the candidate indexes…");
        const candidate = await applyCandidate(pg);
        if (!candidate) {
          log("the candidate indexes are already in the schema: nothing to compare");
        } else {
          results.candidate = { ddl: CANDIDATE_DDL, ms: candidate.ms };
          try {
            results.list.runs.push(await measureList(CANDIDATE_LABEL, db, fx, workload, call));
            log(`EXPLAIN (${CANDIDATE_LABEL}):`);
            results.explains.push({ label: CANDIDATE_LABEL, results: await explainSuite(pg, db, fx) });
          } finally {
            await candidate.restore();
            log("restored the migrated indexes");
          }
        }
      }
    } finally {
      if (base) {
        await stopServer();
        log("stopped the server");
      }
    }
    results.machine.loads["after the list"] = loadNow();

    // 3. The import
    if (IMPORT_ORDERS > 0) {
      const expected = expectedGeneratedOrders(IMPORT_ORDERS);
      const [content, generateMs] = await timed(() => generateCsv(IMPORT_ORDERS));
      const csvPath = path.join(OUT_DIR, `shopify-export-${IMPORT_ORDERS}.csv`);
      writeFileSync(csvPath, content);
      const csvMb = Math.round((Buffer.byteLength(content) / 2 ** 20) * 10) / 10;
      log(`generated ${path.relative(ROOT, csvPath)}: ${expected.orders} orders, ${expected.rows} rows, ${csvMb} MB in ${secs(generateMs)}`);

      const stamp = Date.now().toString(36);
      const importStore = await createStore(pg, fx.organizationId, `bench-import-${stamp}`);
      const copyStore = await createStore(pg, fx.organizationId, `bench-import-${stamp}-copy`);
      const load = loadNow();
      results.machine.loads["before the import"] = load;
      const [summary, importMs] = await timed(() =>
        importFile(db, { organizationId: fx.organizationId, storeId: importStore }, "shopify_orders", "bench.csv", content, {
          skipBadRows: false,
          actor: { type: "system", label: "bench" },
        }),
      );
      if (summary.created !== expected.orders || summary.lineItems !== expected.lineItems) {
        throw new Error(`import wrote ${summary.created} orders / ${summary.lineItems} line items, expected ${expected.orders} / ${expected.lineItems}`);
      }
      log(`importFile: ${summary.created} orders, ${summary.lineItems} line items in ${secs(importMs)} (load ${loadNow()})`);

      const copy = await copyFloor(pg, importStore, copyStore);
      log(
        `COPY floor: ${secs(copy.total)} (${Object.entries(copy.perTable)
          .map(([t, v]) => `${t} ${copy.rows[t]} rows ${secs(v)}`)
          .join(", ")}) → import is ${(importMs / copy.total).toFixed(1)}× COPY`,
      );
      const [, parseOnceMs] = await timed(() => parseShopifyExportAll(content));
      log(`parse only: ${secs(parseOnceMs)} (the import parses the file once)`);

      const profiles: ImportProfile[] = [];
      const overGoal = importMs / copy.total > GOAL_IMPORT_RATIO;
      if (PROFILE === "1" || (PROFILE === "auto" && overGoal)) {
        const subset = Math.min(IMPORT_ORDERS, PROFILE_ORDERS);
        const sample = subset === IMPORT_ORDERS ? content : await generateCsv(subset);
        const scope = { organizationId: fx.organizationId, storeId: await createStore(pg, fx.organizationId, `bench-import-${stamp}-profile`) };
        for (const variant of [
          { label: "as shipped (store refunds of new orders: one INSERT per batch)", batchSize: 500, refunds: "batch" },
          { label: "store refunds one order at a time (syncStoreRefund, as before)", batchSize: 500, refunds: "per-order" },
        ] as const) {
          const p = await profileImport(db, scope, sample, variant);
          profiles.push(p);
          log(
            `profile (${p.label}): ${p.orders} orders in ${secs(p.total)} = parse ${secs(p.parse)} + upsert ${secs(p.upsert)} + refunds ${secs(p.refunds)} (${p.refundStatements} statements, ${p.movements} movements); Node CPU ${secs(p.nodeCpu)}`,
          );
        }
      }
      results.import = { orders: summary.created, lineItems: summary.lineItems, csvMb, generateMs, importMs, parseOnceMs, load, copy, profiles };
      await dropImportStores(pg, fx.organizationId);
      log("removed the import stores");
    }
    results.machine.loadEnd = loadNow();
    results.totalMs = performance.now() - startedAt;

    // 4. Report
    const report = renderResults(results);
    console.log(`\n${"=".repeat(100)}\n${report}\n${"=".repeat(100)}`);
    writeFileSync(path.join(OUT_DIR, "orders-last-run.md"), `${report}\n\n${renderPlans(results)}\n`);
    writeFileSync(path.join(OUT_DIR, "orders-last-run.json"), JSON.stringify(results, null, 2));
    if (WRITE_DOCS) writeDocs(results);
    else log(`docs/perf.md left as it is (not a full-size run; BENCH_WRITE_DOCS=1 forces it); report in bench/out/orders-last-run.md`);
  } finally {
    await pg.end({ timeout: 5 });
    await database.close();
  }
}

runBench(main);
