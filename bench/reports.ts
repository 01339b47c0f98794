/**
 * Performance benchmark: the refund-loss report (`report.loss`, one organization, a full year) through
 * tRPC over HTTP against its floor — the very SQL `lossReport` sends (over the report_* roll-ups),
 * executed directly in a tenant transaction — in the same run; plus, for context, one raw SQL over the
 * base tables computing the headline figures from scratch. See docs/perf.md ("Loss report").
 *
 *   npx tsx bench/reports.ts                                               # full: 100 stores × 10,000 orders, ~10% with cases
 *   BENCH_STORES=10 BENCH_ORDERS_PER_STORE=2000 npx tsx bench/reports.ts   # quick mode
 *
 * Seed: bench/lib.ts's 1M-order seed (bulk load, triggers off), the roll-ups of those orders and store
 * refunds by `recoup_rebuild_report_rollups` (what the statement-level order trigger and the ledger
 * triggers would have written), then ~10% of orders get a cancellation case and ledger entries, inserted
 * in bulk with every trigger ON (attribution, roll-ups, ledger_refunded_minor), as production writes them.
 * The roll-ups the triggers kept are then compared with a rebuild from the base tables (rolled back).
 *
 * Options (environment):
 *   BENCH_DATABASE_URL      postgres://postgres@127.0.0.1:5432/recoup_bench_reports (dropped and recreated; name must contain "bench")
 *   BENCH_STORES            100      stores seeded
 *   BENCH_ORDERS_PER_STORE  10000    orders per store
 *   BENCH_CASE_SHARE        10       percent of orders that get a cancellation case (and, most, ledger entries)
 *   BENCH_CASE_BATCH        2000     cases (and their ledger entries) written per statement
 *   BENCH_REQUESTS          200      report requests per path (HTTP with the lean client, HTTP with fetch, direct, floor; interleaved)
 *   BENCH_SCRATCH_RUNS      5        runs of the from-scratch SQL over the base tables
 *   BENCH_VERIFY_REBUILD    1        compare the trigger-kept roll-ups with recoup_rebuild_report_rollups (0 skips)
 *   BENCH_SKIP_SEED=1                reuse the seeded database
 *   BENCH_PORT              3500     port of the `next start` it runs (build in .next-bench, built when missing)
 *   BENCH_BUILD=1                    rebuild .next-bench first
 *   BENCH_HTTP=0                     skip the build, the server and the HTTP measure
 *   BENCH_WRITE_DOCS        auto     rewrite the results block of the "Loss report" section of docs/perf.md: auto (full size), 1, 0
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import postgres from "postgres";
import { type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { openDatabase, type Db, type DbOrTx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { lossReport, type LossReport } from "@/server/reports/loss";
import { addDays } from "@/lib/reports/input";
import { FIGURE_KEYS, type LossFigures } from "@/lib/reports/figures";
import { unpackLossReport, type PackedReport } from "@/lib/reports/wire";
import {
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

const BENCH_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/recoup_bench_reports";
const STORES = Math.max(1, intEnv("BENCH_STORES", 100));
const PER_STORE = Math.max(1, intEnv("BENCH_ORDERS_PER_STORE", 10_000));
const CASE_SHARE = Math.min(100, intEnv("BENCH_CASE_SHARE", 10)) / 100;
const BATCH = Math.max(1, intEnv("BENCH_CASE_BATCH", 2000));
const REQUESTS = Math.max(1, intEnv("BENCH_REQUESTS", 200));
const SCRATCH_RUNS = Math.max(1, intEnv("BENCH_SCRATCH_RUNS", 5));
const VERIFY_REBUILD = process.env.BENCH_VERIFY_REBUILD !== "0";
const SKIP_SEED = process.env.BENCH_SKIP_SEED === "1";
const PORT = intEnv("BENCH_PORT", 3500);
const HTTP = process.env.BENCH_HTTP !== "0";
const FULL_SIZE = STORES === 100 && PER_STORE === 10_000;
const WRITE_DOCS = process.env.BENCH_WRITE_DOCS === "1" || (process.env.BENCH_WRITE_DOCS !== "0" && FULL_SIZE);

const GOAL_P50_MS = 50;
const GOAL_RATIO = 1.5;
const OUT_DIR = path.join(ROOT, "bench", "out");
const ROLLUP_TABLES = [
  "report_order_days",
  "report_case_days",
  "report_money_days",
  "report_exposure",
  "report_product_days",
  "report_store_periods",
  "report_dim_periods",
  "report_org_periods",
  "report_product_periods",
] as const;

/**
 * Rows that count: the period models keep a row whose figures went back to zero (a store's rows
 * taken out and put back after a time-zone change), which a rebuild does not write; both mean nothing.
 */
const COUNTING_ROWS: Partial<Record<(typeof ROLLUP_TABLES)[number], string>> = {
  report_store_periods: `(orders, revenue_minor, requests, cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor,
    recovered_minor, expected_minor, written_off_minor, outstanding_minor) is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)`,
  report_dim_periods: `(requests, cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor,
    recovered_minor, expected_minor, written_off_minor, outstanding_minor) is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0)`,
  report_org_periods: `(orders, revenue_minor, requests, cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor,
    recovered_minor, expected_minor, written_off_minor, outstanding_minor) is distinct from (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)`,
  report_product_periods: `(refunded_minor, recovered_minor) is distinct from (0, 0)`,
};

// --- 1. Cases and ledger entries (every trigger on) --------------------------------------------------

/**
 * One row per case-to-be: ~CASE_SHARE of the bench stores' orders, a reason, a path through the case
 * and the money it moves, with its times. Paths (share of cases): full recovery 30%, cancelled with a
 * loss 18%, not cancelled (partial refund, expectation written off) 8%, withdrawn 6%, supplier pending
 * 8%, supplier accepted (refunded, refund expected) 12%, disputed (half received) 6%, cancelled in the
 * store (store-sourced refund, full recovery) 6%, too late 6%. Money after "now" has not happened yet:
 * its expectation stays outstanding (exposure; overdue once its latest day has passed).
 */
const CASE_STAGING_SQL = `
create temp table case_seed as
with sampled as materialized (
  select o.organization_id, o.id as order_id, o.store_id, o.currency, o.total_minor, o.ledger_refunded_minor, o.placed_at,
         random() as r_scn, random() as r_reason, random() as r_t, random() as r_amt, random() as r_settle
  from orders o
  where o.organization_id = $1::uuid and o.store_id in (select id from stores where organization_id = $1::uuid and slug like 'bench-store-%')
    and random() < $2::float8
), based as (
  select s.*, so.id as supplier_order_id, coalesce(so.cost_minor, 0) as cost_minor,
         case when s.r_scn < 0.30 then 'full' when s.r_scn < 0.48 then 'loss' when s.r_scn < 0.56 then 'not_cancelled'
              when s.r_scn < 0.62 then 'withdrawn' when s.r_scn < 0.70 then 'pending' when s.r_scn < 0.82 then 'accepted'
              when s.r_scn < 0.88 then 'disputed' when s.r_scn < 0.94 then 'store_cancelled' else 'too_late' end as path,
         case when s.r_reason < 0.25 then 'not_delivered' when s.r_reason < 0.45 then 'damaged' when s.r_reason < 0.60 then 'not_as_described'
              when s.r_reason < 0.75 then 'wrong_size' when s.r_reason < 0.90 then 'changed_mind' else 'other' end as reason,
         least(s.placed_at + make_interval(hours => 1 + floor(s.r_t * 96)::int), now() - interval '2 hours') as opened_at
  from sampled s
  left join lateral (select x.id, x.cost_minor from supplier_orders x where x.organization_id = s.organization_id and x.order_id = s.order_id
                     order by x.created_at, x.id limit 1) so on true
), timed as (
  select b.*, least(b.opened_at + interval '1 day', now() - interval '1 hour') as refund_at,
         case when b.path in ('full', 'loss', 'accepted', 'disputed', 'store_cancelled') then b.total_minor - b.ledger_refunded_minor
              when b.path = 'not_cancelled' then round((b.total_minor - b.ledger_refunded_minor) * 0.3)::bigint else 0 end as refund_minor,
         case when b.supplier_order_id is null then 0
              when b.path in ('full', 'loss', 'accepted', 'disputed', 'store_cancelled') then b.cost_minor
              when b.path = 'not_cancelled' then round(b.cost_minor * 0.3)::bigint else 0 end as expected_minor
  from based b
), settled as (
  select t.*,
         t.refund_at + make_interval(days => case t.path when 'full' then 5 + floor(t.r_settle * 25)::int when 'loss' then 20 + floor(t.r_settle * 20)::int
                                                  when 'not_cancelled' then 30 when 'disputed' then 25 + floor(t.r_settle * 30)::int
                                                  else 10 + floor(t.r_settle * 20)::int end) as settle_at
  from timed t
)
select gen_random_uuid() as case_id, gen_random_uuid() as expectation_id,
       (row_number() over (order by s.opened_at, s.order_id) - 1) / $3::int as batch, s.*,
       s.settle_at <= now() as settled,
       case when s.path in ('full', 'store_cancelled') then s.expected_minor
            when s.path = 'loss' then round(s.expected_minor * (0.4 + 0.5 * s.r_amt))::bigint
            when s.path = 'disputed' then round(s.expected_minor * 0.5)::bigint else 0 end as received_minor
from settled s`;

/** The statements that write the cases and the ledger, in the order the app would (triggers on). */
const CASE_WRITES: [string, string][] = [
  [
    "cancellation_cases",
    `insert into cancellation_cases (organization_id, id, store_id, order_id, supplier_order_id, state, reason, currency, outcome,
                                     loss_minor, closed_at, supplier_requested_at, created_at, updated_at)
     select organization_id, case_id, store_id, order_id, supplier_order_id,
            (case when path in ('full', 'loss') then case when settled then 'closed' else 'supplier_accepted' end
                  when path = 'not_cancelled' then case when settled then 'closed' else 'shipped' end
                  when path = 'store_cancelled' then case when settled then 'closed' else 'store_cancelled' end
                  when path = 'withdrawn' then 'withdrawn' when path = 'pending' then 'supplier_pending'
                  when path = 'accepted' then 'supplier_accepted' when path = 'disputed' then 'disputed' else 'too_late' end)::case_state,
            reason::return_reason, currency,
            (case when path = 'withdrawn' then 'withdrawn'
                  when not settled then null
                  when path in ('full', 'store_cancelled') then 'cancelled_full_recovery'
                  when path = 'loss' then 'cancelled_with_loss' when path = 'not_cancelled' then 'not_cancelled' end)::case_outcome,
            case when settled and path in ('full', 'loss', 'not_cancelled', 'store_cancelled') then refund_minor - received_minor end,
            case when path = 'withdrawn' then opened_at + interval '1 day' when settled and path in ('full', 'loss', 'not_cancelled', 'store_cancelled') then settle_at end,
            case when path <> 'withdrawn' then opened_at + interval '30 minutes' end,
            opened_at, opened_at
     from case_seed order by opened_at`,
  ],
  [
    "customer_refund (recoup, store)",
    `insert into money_movements (organization_id, store_id, order_id, case_id, type, source, amount_minor, currency, external_ref, note, occurred_at, created_at)
     select organization_id, store_id, order_id, case_id, 'customer_refund',
            (case when path = 'store_cancelled' then 'store' else 'recoup' end)::movement_source, refund_minor, currency,
            case when path = 'store_cancelled' then 'store-refund:' || case_id end,
            case when path = 'store_cancelled' then 'Refunded in the store' else 'Refund for the cancellation' end, refund_at, refund_at
     from case_seed where refund_minor > 0 order by refund_at`,
  ],
  [
    "supplier_refund_expected",
    `insert into money_movements (organization_id, id, store_id, order_id, case_id, type, source, amount_minor, currency,
                                  expected_earliest, expected_latest, note, occurred_at, created_at)
     select organization_id, expectation_id, store_id, order_id, case_id, 'supplier_refund_expected', 'recoup', expected_minor, currency,
            refund_at + interval '7 days', refund_at + interval '15 days', 'Supplier refund expected', refund_at, refund_at
     from case_seed where expected_minor > 0 order by refund_at`,
  ],
  [
    "supplier_refund_received",
    `insert into money_movements (organization_id, store_id, order_id, case_id, type, source, amount_minor, currency, settles_id, note, occurred_at, created_at)
     select organization_id, store_id, order_id, case_id, 'supplier_refund_received', 'recoup', received_minor, currency, expectation_id,
            'Supplier refund received', settle_at, settle_at
     from case_seed where expected_minor > 0 and received_minor > 0 and settled order by settle_at`,
  ],
  [
    "supplier_refund_written_off",
    `insert into money_movements (organization_id, store_id, order_id, case_id, type, source, amount_minor, currency, settles_id, note, occurred_at, created_at)
     select organization_id, store_id, order_id, case_id, 'supplier_refund_written_off', 'recoup', expected_minor - received_minor, currency,
            expectation_id, 'Written off', settle_at, settle_at
     from case_seed where expected_minor > received_minor and settled and path in ('loss', 'not_cancelled') order by settle_at`,
  ],
  [
    "customer_refund_correction",
    `insert into money_movements (organization_id, store_id, order_id, case_id, type, source, amount_minor, currency, note, occurred_at, created_at)
     select organization_id, store_id, order_id, case_id, 'customer_refund_correction', 'recoup', -least(500, refund_minor), currency,
            'Correction: refund entered too high', refund_at + interval '2 days', refund_at + interval '2 days'
     from case_seed where refund_minor > 0 and path = 'full' and r_amt < 0.05 and refund_at + interval '2 days' < now() order by refund_at`,
  ],
];

interface SeedStep {
  label: string;
  rows: number;
  ms: number;
}

async function seedCasesAndLedger(pg: postgres.Sql, organizationId: string): Promise<SeedStep[]> {
  const steps: SeedStep[] = [];
  const c = await pg.reserve();
  const step = async (label: string, query: string, params: unknown[] = []) => {
    const [result, took] = await timed(() => c.unsafe(query, params as never[]));
    steps.push({ label, rows: result.count ?? 0, ms: took });
    log(`  cases: ${label.padEnd(34)} ${String(result.count ?? "").padStart(9)} rows  ${secs(took)}`);
  };
  try {
    await c.unsafe(`set work_mem = '256MB'`);
    await c.unsafe(`select setseed(0.2026)`);
    // Exchange rates to the reporting currency (USD) for the other store currencies, so the roll-up runs.
    await step(
      "exchange_rates",
      `insert into exchange_rates (organization_id, currency, quote_currency, rate, valid_from)
       select $1::uuid, x.currency, 'USD', x.rate, (now() - interval '3 years')::date
       from (values ('EUR', 1.08), ('GBP', 1.27), ('CAD', 0.73), ('AUD', 0.66)) as x(currency, rate)`,
      [organizationId],
    );
    await step("staging (temp table)", CASE_STAGING_SQL, [organizationId, CASE_SHARE, BATCH]);
    const [counted] = await c.unsafe<{ batches: number }[]>(`select coalesce(max(batch) + 1, 0)::int as batches from case_seed`);
    const batches = counted?.batches ?? 0;
    // Every trigger on (session_replication_role = origin): FK checks, attribution, roll-ups, ledger_refunded_minor.
    // Written in batches of BATCH cases, each statement its own transaction, as the app and an import write:
    // one statement of 100k rows would update each hot month row of the roll-ups thousands of times in one
    // transaction, and every such update walks the row's whole chain of versions (quadratic).
    for (const [label, query] of CASE_WRITES) {
      let rows = 0;
      const [, took] = await timed(async () => {
        for (let b = 0; b < batches; b++) {
          const result = await c.unsafe(query.replace("from case_seed where", "from case_seed where batch = $1 and").replace(/from case_seed order by/, "from case_seed where batch = $1 order by"), [b]);
          rows += result.count ?? 0;
        }
      });
      steps.push({ label, rows, ms: took });
      log(`  cases: ${label.padEnd(34)} ${String(rows).padStart(9)} rows  ${secs(took)}  (${batches} statements)`);
    }
    await c.unsafe(`drop table case_seed`);
  } finally {
    c.release();
  }
  const [, took] = await timed(async () => {
    for (const t of ["cancellation_cases", "money_movements", "orders", "exchange_rates", ...ROLLUP_TABLES]) await pg.unsafe(`vacuum (analyze) ${t}`);
  });
  steps.push({ label: "vacuum (analyze)", rows: 0, ms: took });
  log(`  cases: ${"vacuum (analyze)".padEnd(34)} ${"".padStart(9)}       ${secs(took)}`);
  return steps;
}

/**
 * The roll-ups the triggers kept, compared row for row with what `recoup_rebuild_report_rollups`
 * computes from the base tables (in a transaction that is rolled back). Returns, per table, the rows
 * and how many differ either way.
 */
async function verifyRebuild(
  pg: postgres.Sql,
  organizationId: string,
): Promise<{ rebuildMs: number; tables: { table: string; rows: number; differing: number }[] }> {
  let rebuildMs = 0;
  const tables: { table: string; rows: number; differing: number }[] = [];
  await pg
    .begin(async (tx) => {
      const counting = (t: (typeof ROLLUP_TABLES)[number]) => `organization_id = $1::uuid and ${COUNTING_ROWS[t] ?? "true"}`;
      for (const t of ROLLUP_TABLES) await tx.unsafe(`create temp table kept_${t} on commit drop as select * from ${t} where ${counting(t)}`, [organizationId]);
      const t0 = performance.now();
      await tx.unsafe(`select recoup_rebuild_report_rollups($1::uuid)`, [organizationId]);
      rebuildMs = performance.now() - t0;
      for (const t of ROLLUP_TABLES) {
        const [row] = await tx.unsafe<{ rows: string; differing: string }[]>(
          `select (select count(*) from kept_${t}) as rows,
                  (select count(*) from (select * from kept_${t} except all select * from ${t} where ${counting(t)}) a)
                + (select count(*) from (select * from ${t} where ${counting(t)} except all select * from kept_${t}) b) as differing`,
          [organizationId],
        );
        tables.push({ table: t, rows: Number(row!.rows), differing: Number(row!.differing) });
      }
      throw new RollbackSignal();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollbackSignal)) throw error;
    });
  return { rebuildMs, tables };
}

class RollbackSignal extends Error {}

// --- 2. The report, its SQL, and the SQL from scratch ---------------------------------------------------

interface ReportInput {
  from: string;
  to: string;
}

interface CapturedQuery {
  sql: string;
  params: unknown[];
}

const dialect = new PgDialect({ casing: "snake_case" });

/**
 * Runs lossReport for real in a tenant transaction through a stand-in that records each statement it
 * sends (rendered by drizzle's PgDialect, as the driver receives it) before passing it on.
 */
async function captureReportSql(db: Db, fx: Fixture, input: ReportInput): Promise<{ report: LossReport; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const report = await withTenant(db, fx.organizationId, (tx) => {
    const recorder = {
      execute: (query: SQL) => {
        queries.push(dialect.sqlToQuery(query));
        return tx.execute(query);
      },
    } as unknown as DbOrTx;
    return lossReport(recorder, fx.organizationId, fx.membership, input);
  });
  return { report, queries };
}

/** Which captured statement is which (by what it reads). */
function queryLabel(q: CapturedQuery): string {
  if (q.sql.includes("from stores") && q.sql.includes("min(start)")) return "stores and days with data";
  if (q.sql.includes("report_order_days") || q.sql.includes("report_store_periods")) return "roll-up figures (GROUPING SETS)";
  if (q.sql.includes("report_product_days") || q.sql.includes("report_product_periods")) return "top products";
  if (q.sql.includes("exchange_rates")) return "exchange rates (both periods)";
  if (q.sql.includes("from stores")) return "stores";
  return "other";
}

interface FloorSample {
  total: number;
  perQuery: number[];
}

/**
 * The floor: the report's statements, sent directly (postgres-js) in a tenant transaction as
 * recoup_app, the way that waits least: the first (stores and days with data) alone, then the rest
 * pipelined together, as lossReport sends them. `total` is that wall time; `perQuery` times each
 * statement alone (sent one after another in a second transaction), for the breakdown. Prepared, as
 * the app's are (src/server/db/prepared.ts): unprepared, postgres.js asks for each statement's
 * parameter types first and sends nothing after it until they come back (no pipelining, two round
 * trips each).
 */
const PREPARED = { prepare: true } as const;
async function floorOnce(pg: postgres.Sql, organizationId: string, queries: CapturedQuery[]): Promise<FloorSample> {
  const enter = async (tx: postgres.TransactionSql) => {
    await tx`select set_config('app.organization_id', ${organizationId}, true), set_config('role', 'recoup_app', true)`;
  };
  let total = 0;
  await pg.begin(async (tx) => {
    await enter(tx);
    const t0 = performance.now();
    await tx.unsafe(queries[0]!.sql, queries[0]!.params as never[], PREPARED);
    await Promise.all(queries.slice(1).map((q) => tx.unsafe(q.sql, q.params as never[], PREPARED)));
    total = performance.now() - t0;
  });
  const perQuery: number[] = [];
  await pg.begin(async (tx) => {
    await enter(tx);
    for (const q of queries) {
      const t0 = performance.now();
      await tx.unsafe(q.sql, q.params as never[], PREPARED);
      perQuery.push(performance.now() - t0);
    }
  });
  return { total, perQuery };
}

/** lossReport itself in a tenant transaction (no HTTP): the server's work minus the request around it. */
async function directOnce(db: Db, fx: Fixture, input: ReportInput): Promise<{ ms: number; report: LossReport }> {
  const t0 = performance.now();
  const report = await withTenant(db, fx.organizationId, (tx) => lossReport(tx, fx.organizationId, fx.membership, input));
  return { ms: performance.now() - t0, report };
}

/**
 * One `report.loss` request, as a lean client sends it: node:http on a kept-alive connection, the
 * encodings a browser accepts, the answer inflated, parsed and unpacked (what the page does with it
 * before it can show it). Node's `fetch` (undici) spends ~1.5 ms of its own per request on this
 * machine (WHATWG streams, headers, abort signals), which is the client's time, not the server's: it
 * is measured alongside (`fetchOnce`) for comparison, not for the goal.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function httpOnce(base: string, cookie: string, input: ReportInput): Promise<{ ms: number; report: LossReport }> {
  const url = reportUrl(base, input);
  const t0 = performance.now();
  return new Promise<LossReport>((resolve, reject) => {
    const request = http.get(url, { agent, headers: { cookie, "accept-encoding": "gzip, deflate, br, zstd" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        try {
          const raw = Buffer.concat(chunks);
          const encoding = response.headers["content-encoding"];
          const text = (encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "gzip" ? zlib.gunzipSync(raw) : raw).toString("utf8");
          resolve(readAnswer(response.statusCode ?? 0, JSON.parse(text)));
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    request.on("error", reject);
  }).then((report) => ({ ms: performance.now() - t0, report }));
}

async function fetchOnce(base: string, cookie: string, input: ReportInput): Promise<{ ms: number; report: LossReport }> {
  const t0 = performance.now();
  const response = await fetch(reportUrl(base, input), { headers: { cookie } });
  const report = readAnswer(response.status, await response.json());
  return { ms: performance.now() - t0, report };
}

function reportUrl(base: string, input: ReportInput): string {
  return `${base}/api/trpc/report.loss?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

function readAnswer(status: number, answer: unknown): LossReport {
  const body = answer as { result?: { data?: { json?: PackedReport<LossReport> } }; error?: unknown };
  // The figures travel packed; the page unpacks them before it shows anything.
  const packed = body.result?.data?.json;
  if (status !== 200 || !packed) throw new Error(`report.loss failed: ${status} ${JSON.stringify(body.error ?? body).slice(0, 400)}`);
  return unpackLossReport(packed);
}

/**
 * The headline figures (this period's totals per currency) straight from the base tables, in one
 * statement: orders by the store-local day placed, cases by the local day opened, ledger money by its
 * local day, exposure as each expectation in the range less what settled it. Run as the owner (no RLS).
 */
const SCRATCH_SQL = `
with st as (select id, timezone from stores where organization_id = $1::uuid),
o as (
  select o.currency, count(*) as orders, sum(o.total_minor) as revenue
  from orders o join st on st.id = o.store_id
  where o.organization_id = $1::uuid and (o.placed_at at time zone st.timezone)::date between $2::date and $3::date
  group by 1
), c as (
  select c.currency, count(*) as requests, sum(recoup_case_cancelled_before_dispatch(c.state, c.outcome)) as cbd
  from cancellation_cases c join st on st.id = c.store_id
  where c.organization_id = $1::uuid and (c.created_at at time zone st.timezone)::date between $2::date and $3::date
  group by 1
), m as (
  select currency,
         count(*) filter (where type = 'customer_refund' and amount_minor > 0) as refunds,
         coalesce(sum(amount_minor) filter (where type in ('customer_refund', 'customer_refund_correction')), 0) as refunded,
         coalesce(sum(amount_minor) filter (where type in ('customer_refund', 'customer_refund_correction') and source = 'store'), 0) as store_refunded,
         coalesce(sum(amount_minor) filter (where type = 'supplier_refund_received'), 0) as recovered,
         coalesce(sum(amount_minor) filter (where type = 'supplier_refund_expected'), 0) as expected,
         coalesce(sum(amount_minor) filter (where type = 'supplier_refund_written_off'), 0) as written_off
  from money_movements
  where organization_id = $1::uuid and local_date between $2::date and $3::date
  group by 1
), settled as (
  select settles_id, sum(amount_minor) as amount from money_movements
  where organization_id = $1::uuid and settles_id is not null and type in ('supplier_refund_received', 'supplier_refund_written_off')
  group by 1
), x as (
  select e.currency, sum(e.amount_minor - coalesce(s.amount, 0)) as exposure,
         sum(case when coalesce((e.expected_latest at time zone st.timezone)::date, e.local_date) < ($4::timestamptz at time zone st.timezone)::date
                  then e.amount_minor - coalesce(s.amount, 0) else 0 end) as overdue
  from money_movements e join st on st.id = e.store_id left join settled s on s.settles_id = e.id
  where e.organization_id = $1::uuid and e.type = 'supplier_refund_expected' and e.local_date between $2::date and $3::date
  group by 1
)
select cur.currency, coalesce(o.orders, 0) as orders, coalesce(o.revenue, 0) as revenue, coalesce(c.requests, 0) as requests,
       coalesce(c.cbd, 0) as cbd, coalesce(m.refunds, 0) as refunds, coalesce(m.refunded, 0) as refunded,
       coalesce(m.store_refunded, 0) as store_refunded, coalesce(m.recovered, 0) as recovered, coalesce(m.expected, 0) as expected,
       coalesce(m.written_off, 0) as written_off, coalesce(x.exposure, 0) as exposure, coalesce(x.overdue, 0) as overdue
from (select currency from o union select currency from c union select currency from m union select currency from x) cur
left join o using (currency) left join c using (currency) left join m using (currency) left join x using (currency)
order by cur.currency`;

const SCRATCH_COLUMNS: [keyof LossFigures, string][] = [
  ["orders", "orders"],
  ["revenueMinor", "revenue"],
  ["requests", "requests"],
  ["cancelledBeforeDispatch", "cbd"],
  ["refunds", "refunds"],
  ["refundedMinor", "refunded"],
  ["storeRefundedMinor", "store_refunded"],
  ["recoveredMinor", "recovered"],
  ["expectedMinor", "expected"],
  ["writtenOffMinor", "written_off"],
  ["exposureMinor", "exposure"],
  ["overdueMinor", "overdue"],
];

async function scratchOnce(pg: postgres.Sql, organizationId: string, input: ReportInput): Promise<{ ms: number; rows: Record<string, string>[] }> {
  const t0 = performance.now();
  const rows = await pg.unsafe<Record<string, string>[]>(SCRATCH_SQL, [organizationId, input.from, input.to, new Date().toISOString()]);
  return { ms: performance.now() - t0, rows };
}

/** Differences between the report's totals (this period) and the from-scratch figures, as text. */
function compareTotals(report: LossReport, scratch: Record<string, string>[]): string[] {
  const diffs: string[] = [];
  const byCurrency = new Map(report.totals.map((t) => [t.currency, t.current]));
  for (const row of scratch) {
    const figures = byCurrency.get(row.currency!);
    for (const [key, column] of SCRATCH_COLUMNS) {
      const mine = figures ? figures[key] : 0;
      if (Number(row[column]) !== mine) diffs.push(`${row.currency} ${key}: report ${mine}, scratch ${row[column]}`);
    }
    byCurrency.delete(row.currency!);
  }
  for (const [currency, f] of byCurrency) if (FIGURE_KEYS.some((k) => f[k] !== 0)) diffs.push(`${currency}: in the report, not from scratch`);
  return diffs;
}

interface ExplainSummary {
  label: string;
  executionMs: number;
  planningMs: number;
  buffers: string;
  scans: string[];
  plan: string;
}

async function explainQuery(pg: postgres.Sql, organizationId: string, label: string, q: CapturedQuery, asApp = true): Promise<ExplainSummary> {
  const run = () =>
    pg.begin(async (tx) => {
      if (asApp) {
        await tx`select set_config('app.organization_id', ${organizationId}, true)`;
        await tx.unsafe(`set local role recoup_app`);
      }
      const rows = await tx.unsafe(`explain (analyze, buffers) ${q.sql}`, q.params as never[]);
      return rows.map((r) => String((r as Record<string, unknown>)["QUERY PLAN"])).join("\n");
    });
  await run(); // warm
  const plan = await run();
  const scans = [...new Set([...plan.matchAll(/(Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)(?: Backward)? (?:using (\S+) )?on (\w+)/g)].map((m) => `${m[1]} ${m[3]}${m[2] ? ` (${m[2]})` : ""}`))];
  return {
    label,
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    buffers: /Buffers: (shared [^\n]+)/.exec(plan)?.[1] ?? "",
    scans,
    plan,
  };
}

// --- 3. Report -------------------------------------------------------------------------------------

interface Results {
  machine: { nproc: number; cpu: string; memGb: number; node: string; postgres: string; loads: Record<string, string> };
  migration: string;
  seed?: { baseMs: number; baseRollupMs: number; cases: SeedStep[]; casesMs: number };
  dataset: Record<string, number>;
  rollupSizes: { table: string; rows: number; mb: number }[];
  verify?: { rebuildMs: number; tables: { table: string; rows: number; differing: number }[] };
  input: ReportInput;
  reportShape: string;
  queries: string[];
  http?: Stats;
  httpFetch?: Stats;
  direct: Stats;
  floor: Stats;
  floorPerQuery: Stats[];
  scratch: Stats;
  scratchDiffs: string[];
  httpMismatches: number;
  explains: ExplainSummary[];
  totalMs: number;
}

function statsRow(label: string, s: Stats | undefined, note = ""): string[] {
  if (!s) return [label, "–", "–", "–", "–", note];
  return [label, String(s.n), ms(s.p50), ms(s.p95), ms(s.mean), note];
}

const ratioOf = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : NaN);

function renderResults(r: Results): string {
  const out: string[] = [];
  const n = (v: number) => v.toLocaleString("en-US");
  out.push(`Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC — ${STORES} stores × ${PER_STORE} orders, ${CASE_SHARE * 100}% with cases, ${REQUESTS} requests per path; migrations up to ${r.migration}; whole run ${secs(r.totalMs)}.`);
  out.push("");
  out.push(
    `Machine: ${r.machine.nproc} cores (${r.machine.cpu}), ${r.machine.memGb} GB RAM, Node ${r.machine.node}, ${r.machine.postgres} (default settings). Load average (1/5/15 min): ` +
      Object.entries(r.machine.loads)
        .map(([k, v]) => `${k} ${v}`)
        .join("; ") +
      ".",
  );
  out.push("");
  const d = r.dataset;
  out.push(
    `Dataset: ${n(d.orders ?? 0)} orders, ${n(d.cases ?? 0)} cancellation cases (${(((d.cases ?? 0) / Math.max(1, d.orders ?? 0)) * 100).toFixed(1)}% of orders), ` +
      `${n(d.movements ?? 0)} ledger entries (${Object.entries(d)
        .filter(([k]) => k.startsWith("mm:"))
        .map(([k, v]) => `${k.slice(3)} ${n(v)}`)
        .join(", ")}); ${d.currencies} currencies, ${d.suppliers} suppliers, ${d.reasons} reasons.`,
  );
  out.push("");
  out.push(`Roll-up tables for the organization: ${r.rollupSizes.map((s) => `${s.table} ${n(s.rows)} rows (${s.mb} MB)`).join(", ")}.`);
  if (r.seed) {
    out.push("");
    out.push(
      `Seed: base orders ${secs(r.seed.baseMs)} (bulk, triggers off), their roll-ups by recoup_rebuild_report_rollups ${secs(r.seed.baseRollupMs)}; ` +
        `cases and ledger with every trigger on ${secs(r.seed.casesMs)}: ` +
        r.seed.cases.map((s) => `${s.label} ${s.rows ? `${n(s.rows)} rows ` : ""}${secs(s.ms)}`).join("; ") +
        ".",
    );
  }
  if (r.verify) {
    const bad = r.verify.tables.filter((t) => t.differing > 0);
    out.push("");
    out.push(
      `Roll-ups kept by the triggers vs recoup_rebuild_report_rollups (every row of the organization; rebuild ${secs(r.verify.rebuildMs)}; rolled back; period rows whose figures are all zero left out): ` +
        (bad.length ? `**differ**: ${bad.map((t) => `${t.table} ${t.differing} rows`).join(", ")}` : `identical (${r.verify.tables.map((t) => `${t.table} ${n(t.rows)}`).join(", ")})`) +
        ".",
    );
  }
  out.push("");
  out.push(`Report: \`report.loss\` for ${r.input.from} … ${r.input.to} (a year) over all ${STORES} stores (and the previous year); ${r.reportShape}.`);
  out.push("");
  const p50Ratio = ratioOf(r.http?.p50, r.floor.p50);
  const met = r.http ? r.http.p50 <= GOAL_P50_MS && p50Ratio <= GOAL_RATIO : false;
  out.push(
    table(
      ["measure", "n", "p50", "p95", "mean", "note"],
      [
        statsRow("tRPC over HTTP (report.loss, signed in)", r.http, r.http ? `goal p50 ≤ ${GOAL_P50_MS} ms and ≤ ${GOAL_RATIO}× floor: ${met ? "**met**" : "**not met**"} (${p50Ratio.toFixed(2)}×)` : ""),
        statsRow("  the same, Node's fetch as the client", r.httpFetch, "undici's own time per request included; for comparison, not the goal"),
        statsRow("lossReport in a tenant transaction (no HTTP)", r.direct, `HTTP ÷ this: p50 ${ratioOf(r.http?.p50, r.direct.p50).toFixed(2)}×`),
        statsRow("floor: the report's SQL sent directly", r.floor, `${r.queries.length} statements as recoup_app, the last ${r.queries.length - 1} pipelined; HTTP ÷ floor: p50 ${p50Ratio.toFixed(2)}×, p95 ${ratioOf(r.http?.p95, r.floor.p95).toFixed(2)}×`),
        ...r.floorPerQuery.map((s, i) => statsRow(`  of which: ${r.queries[i]}`, s)),
        statsRow("from scratch: one SQL over the base tables", r.scratch, `headline totals only; ${ratioOf(r.scratch.p50, r.floor.p50).toFixed(0)}× the floor; ${r.scratchDiffs.length ? `**differs** (${r.scratchDiffs.length})` : "same totals as the report"}`),
      ],
    ),
  );
  out.push("");
  out.push(`HTTP (both clients) and direct returned the same totals on every request: ${r.httpMismatches === 0 ? "yes" : `**no** (${r.httpMismatches})`}.`);
  if (r.scratchDiffs.length) out.push("", "From-scratch differences: " + r.scratchDiffs.slice(0, 10).join("; "));
  for (const e of r.explains) {
    out.push("");
    out.push(`EXPLAIN (ANALYZE, BUFFERS) — ${e.label}: execution ${ms(e.executionMs)}, planning ${ms(e.planningMs)}, ${e.buffers}; ${e.scans.join(", ")}.`);
  }
  return out.join("\n");
}

const DOC_START = "<!-- bench:reports:results:start -->";
const DOC_END = "<!-- bench:reports:results:end -->";

function writeDocs(r: Results) {
  const docPath = path.join(ROOT, "docs", "perf.md");
  const plans = r.explains.map((e) => `#### ${e.label}\n\n\`\`\`\n${e.plan}\n\`\`\``).join("\n\n");
  const block = `${DOC_START}\n<!-- Written by bench/reports.ts: a full-size run (or BENCH_WRITE_DOCS=1) replaces everything between these markers. -->\n\n${renderResults(r)}\n\n<details><summary>Full plans of this run</summary>\n\n${plans}\n\n</details>\n${DOC_END}`;
  let doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Performance\n";
  if (!doc.includes(DOC_START) || !doc.includes(DOC_END)) doc += `\n## Loss report — latest results (generated)\n\n${DOC_START}\n${DOC_END}\n`;
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END) + DOC_END.length;
  doc = doc.slice(0, start) + block + doc.slice(end);
  writeFileSync(docPath, doc);
  log(`wrote the results into ${path.relative(ROOT, docPath)}`);
}

// --- Main ------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const loads: Record<string, string> = { "at start": loadNow() };
  log(`${STORES} stores × ${PER_STORE} orders, ${CASE_SHARE * 100}% with cases, ${REQUESTS} requests; ${os.availableParallelism()} cores, load ${loads["at start"]}`);
  if (HTTP) ensureBuild();

  let seedInfo: Results["seed"];
  let verify: Results["verify"];
  if (!SKIP_SEED) {
    log(`recreating ${BENCH_URL.replace(/\/\/[^@]*@/, "//")} and migrating…`);
    await recreateDatabase(BENCH_URL);
  }
  const database = await openDatabase({ url: BENCH_URL, migrate: !SKIP_SEED, max: 4 });
  const db = database.db;
  const pg = postgres(BENCH_URL, { max: 4, onnotice: () => {} });
  let base: string | null = null;
  try {
    let fx: Fixture;
    if (SKIP_SEED) {
      fx = await loadFixture(pg);
      log("reusing the seeded database");
    } else {
      log("seeding the orders…");
      const [seeded, baseMs] = await timed(() => seed(pg, { stores: STORES, perStore: PER_STORE }));
      fx = seeded;
      log(`seeded the orders in ${secs(baseMs)}; their roll-ups (the bulk load ran with triggers off)…`);
      const [, baseRollupMs] = await timed(() => pg`select recoup_rebuild_report_rollups(${fx.organizationId})`);
      log(`  roll-ups of the base orders and store refunds: ${secs(baseRollupMs)}`);
      log(`adding cases and ledger entries to ${CASE_SHARE * 100}% of orders (every trigger on)…`);
      const [cases, casesMs] = await timed(() => seedCasesAndLedger(pg, fx.organizationId));
      seedInfo = { baseMs, baseRollupMs, cases, casesMs };
      log(`cases and ledger in ${secs(casesMs)}`);
    }
    loads["after the seed"] = loadNow();
    if (VERIFY_REBUILD) {
      log("comparing the trigger-kept roll-ups with a rebuild…");
      verify = await verifyRebuild(pg, fx.organizationId);
      log(`  rebuild ${secs(verify.rebuildMs)}: ${verify.tables.map((t) => `${t.table} ${t.rows} rows, ${t.differing} differ`).join("; ")}`);
      // The rolled-back rebuild left a dead copy of every roll-up row (and its index entries) behind; a
      // live database never sees such a mass rewrite, and autovacuum would clear it within minutes.
      // Measured on it, the roll-up statement took 36 ms instead of 27.
      for (const t of ROLLUP_TABLES) await pg.unsafe(`vacuum (analyze) ${t}`);
    }

    const org = fx.organizationId;
    const [counts] = await pg<Record<string, string>[]>`
      select (select count(*) from orders where organization_id = ${org}) as orders,
             (select count(*) from cancellation_cases where organization_id = ${org}) as cases,
             (select count(*) from money_movements where organization_id = ${org}) as movements,
             (select count(distinct currency) from stores where organization_id = ${org}) as currencies,
             (select count(distinct supplier) from supplier_orders where organization_id = ${org}) as suppliers,
             (select count(distinct reason) from cancellation_cases where organization_id = ${org}) as reasons`;
    const byType = await pg<{ k: string; n: string }[]>`
      select type || case when type = 'customer_refund' then ' (' || source || ')' else '' end as k, count(*) as n
      from money_movements where organization_id = ${org} group by 1 order by 1`;
    const dataset: Record<string, number> = Object.fromEntries(Object.entries(counts!).map(([k, v]) => [k, Number(v)]));
    for (const t of byType) dataset[`mm:${t.k}`] = Number(t.n);
    const rollupSizes: Results["rollupSizes"] = [];
    for (const t of ROLLUP_TABLES) {
      const [row] = await pg.unsafe<{ n: string; bytes: string }[]>(`select (select count(*) from ${t} where organization_id = $1::uuid) as n, pg_total_relation_size('${t}') as bytes`, [org]);
      rollupSizes.push({ table: t, rows: Number(row!.n), mb: Math.round((Number(row!.bytes) / 2 ** 20) * 10) / 10 });
    }
    log(`dataset: ${JSON.stringify(dataset)}`);
    log(`roll-ups: ${rollupSizes.map((s) => `${s.table} ${s.rows} rows ${s.mb} MB`).join(", ")}`);

    // A full year, ending today (UTC): the seed's orders span the last 365 days.
    const today = new Date().toISOString().slice(0, 10);
    const input: ReportInput = { from: addDays(today, -364), to: today };
    const { report: captured, queries } = await captureReportSql(db, fx, input);
    const labels = queries.map(queryLabel);
    const reportShape =
      `${captured.totals.length} currencies, ${captured.byStore.length} store rows, ${captured.bySupplier.length} supplier rows, ${captured.byReason.length} reason rows, ` +
      `${captured.byMonth.length} month rows, ${captured.byMonthReason.length} month×reason rows, ${captured.topProducts.length} top products; roll-up to ${captured.reportingCurrency} ${captured.rollup.current.figures ? "complete" : `missing ${captured.rollup.current.missing.join(", ")}`}`;
    log(`report ${input.from} … ${input.to}: ${reportShape}; statements: ${labels.join(", ")}`);

    // From scratch first (cold-ish), checked against the report's totals.
    const scratchMs: number[] = [];
    let scratchDiffs: string[] = [];
    for (let i = 0; i < SCRATCH_RUNS; i++) {
      const s = await scratchOnce(pg, org, input);
      scratchMs.push(s.ms);
      if (i === 0) scratchDiffs = compareTotals(captured, s.rows);
    }
    const scratch = stats(scratchMs);
    log(`from scratch: p50 ${ms(scratch.p50)} (${SCRATCH_RUNS} runs); ${scratchDiffs.length ? `DIFFERS: ${scratchDiffs.slice(0, 5).join("; ")}` : "same totals as the report"}`);

    type Call = (input: ReportInput) => Promise<{ ms: number; report: LossReport }>;
    let call: Call | null = null;
    let callFetch: Call | null = null;
    if (HTTP) {
      log(`starting next start on :${PORT}…`);
      // The server's background jobs stay off: the deadline scan (every five minutes, 2-3 s of database work
      // at this size; the first after a fresh seed writes ~19,000 notifications for over a minute) would
      // land inside some runs' measure and not others'.
      process.env.RECOUP_DISABLE_JOBS = "1";
      base = await startServer(BENCH_URL, PORT);
      const origin = base;
      const cookie = await signIn(origin);
      call = (i) => httpOnce(origin, cookie, i);
      callFetch = (i) => fetchOnce(origin, cookie, i);
      log("signed in over HTTP");
    }
    loads["before the measure"] = loadNow();
    // Warm every path (route modules load lazily, pools fill, pages come into cache).
    for (let i = 0; i < 3; i++) {
      if (call) await call(input);
      if (callFetch) await callFetch(input);
      await directOnce(db, fx, input);
      await floorOnce(pg, org, queries);
    }
    const httpMs: number[] = [];
    const fetchMs: number[] = [];
    const direct: number[] = [];
    const floor: number[] = [];
    const perQuery: number[][] = queries.map(() => []);
    let httpMismatches = 0;
    const totalsKey = (r: LossReport) => JSON.stringify(r.totals);
    for (let i = 0; i < REQUESTS; i++) {
      // Interleaved, rotating which goes first, so all of them see the same machine load.
      const order = [0, 1, 2, 3].map((k) => (k + i) % 4);
      const answers: LossReport[] = [];
      let d: { ms: number; report: LossReport } | null = null;
      for (const which of order) {
        if (which === 0 && call) {
          const h = await call(input);
          httpMs.push(h.ms);
          answers.push(h.report);
        }
        if (which === 1) d = await directOnce(db, fx, input);
        if (which === 2) {
          const f = await floorOnce(pg, org, queries);
          floor.push(f.total);
          f.perQuery.forEach((v, k) => perQuery[k]!.push(v));
        }
        if (which === 3 && callFetch) {
          const h = await callFetch(input);
          fetchMs.push(h.ms);
          answers.push(h.report);
        }
      }
      direct.push(d!.ms);
      if (answers.some((a) => totalsKey(a) !== totalsKey(d!.report))) httpMismatches++;
    }
    loads["after the measure"] = loadNow();
    const results: Results = {
      machine: {
        ...(await machineFacts(BENCH_URL)),
        loads,
      },
      migration: lastMigration(),
      seed: seedInfo,
      dataset,
      rollupSizes,
      verify,
      input,
      reportShape,
      queries: labels,
      http: call ? stats(httpMs) : undefined,
      httpFetch: callFetch ? stats(fetchMs) : undefined,
      direct: stats(direct),
      floor: stats(floor),
      floorPerQuery: perQuery.map(stats),
      scratch,
      scratchDiffs,
      httpMismatches,
      explains: [],
      totalMs: 0,
    };
    log(
      `HTTP p50 ${ms(results.http?.p50 ?? NaN)} p95 ${ms(results.http?.p95 ?? NaN)} | direct p50 ${ms(results.direct.p50)} | floor p50 ${ms(results.floor.p50)} p95 ${ms(results.floor.p95)} ` +
        `(${labels.map((l, k) => `${l} ${ms(results.floorPerQuery[k]!.p50)}`).join(", ")}) | ratio p50 ${ratioOf(results.http?.p50, results.floor.p50).toFixed(2)}× | scratch p50 ${ms(scratch.p50)}`,
    );
    if (base) {
      await stopServer();
      base = null;
      log("stopped the server");
    }

    const main = queries.find((q) => queryLabel(q) === "roll-up figures (GROUPING SETS)");
    const products = queries.find((q) => queryLabel(q) === "top products");
    if (main) results.explains.push(await explainQuery(pg, org, "roll-up figures (GROUPING SETS), as recoup_app", main));
    if (products) results.explains.push(await explainQuery(pg, org, "top products, as recoup_app", products));
    results.explains.push(
      await explainQuery(pg, org, "from scratch over the base tables, as owner", { sql: SCRATCH_SQL, params: [org, input.from, input.to, new Date().toISOString()] }, false),
    );
    for (const e of results.explains) log(`  explain ${e.label}: ${ms(e.executionMs)} (${e.buffers}) ${e.scans.join(", ")}`);
    results.totalMs = performance.now() - startedAt;

    const report = renderResults(results);
    console.log(`\n${"=".repeat(100)}\n${report}\n${"=".repeat(100)}`);
    const plans = results.explains.map((e) => `#### ${e.label}\n\n\`\`\`\n${e.plan}\n\`\`\``).join("\n\n");
    writeFileSync(path.join(OUT_DIR, "reports-last-run.md"), `${report}\n\n${plans}\n\n## Statements lossReport sent\n\n${queries.map((q) => "```sql\n" + q.sql + "\n```").join("\n\n")}\n`);
    writeFileSync(path.join(OUT_DIR, "reports-last-run.json"), JSON.stringify({ ...results, explains: results.explains.map(({ plan: _plan, ...e }) => e) }, null, 2));
    if (WRITE_DOCS) writeDocs(results);
    else log("docs/perf.md left as it is (not a full-size run; BENCH_WRITE_DOCS=1 forces it); report in bench/out/reports-last-run.md");
  } finally {
    if (base) await stopServer();
    await pg.end({ timeout: 5 });
    await database.close();
  }
}

runBench(main);
