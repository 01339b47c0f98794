/**
 * Shared by the benchmarks (bench/orders.ts, bench/reports.ts, bench/load.ts): small helpers, the
 * `next start` they run on the .next-bench build (always stopped), the Auth.js sign-in, and the
 * 1M-order seed.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { hashPassword } from "@/server/auth/password";
import type { ResolvedMembership } from "@/server/tenancy/membership";
import { DEFAULT_SUPPLIER_TERMS } from "@/lib/supplier-terms";

// --- Configuration -------------------------------------------------------------------------------

export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** The production build the benches serve; `BENCH_DIST_DIR=.next` reuses `npm run build`'s (CI does). */
export const DIST_DIR = process.env.BENCH_DIST_DIR || ".next-bench";
export const ORG_SLUG = "bench-agency";
export const OWNER_EMAIL = "owner@bench.example";
export const OWNER_PASSWORD = "bench-owner-password-2026";
export const ROOT = process.cwd();

// --- Small helpers -------------------------------------------------------------------------------

export const startedAt = performance.now();
export const log = (message: string) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(6)}s] ${message}`);
export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
export const secs = (value: number) => `${(value / 1000).toFixed(1)} s`;
export const loadNow = () => os.loadavg().map((l) => l.toFixed(2)).join(" / ");

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await fn();
  return [result, performance.now() - t0];
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export function createRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

// --- The server this run starts (always stopped) --------------------------------------------------

let server: ChildProcess | null = null;
export const serverLog: string[] = [];

function killServer(signal: NodeJS.Signals) {
  if (server?.pid && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(-server.pid, signal); // the whole process group: next start and its workers
    } catch {
      // already gone
    }
  }
}

/** The pid (and process group) of the server this run started, while it runs. */
export function serverPid(): number | undefined {
  return server?.exitCode === null && server.signalCode === null ? server.pid : undefined;
}

export async function stopServer() {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killServer("SIGTERM");
  const timer = setTimeout(() => killServer("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
  server = null;
}

process.on("exit", () => killServer("SIGKILL"));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the server and exiting`);
    killServer("SIGKILL");
    process.exit(130);
  });
}

export function ensureBuild() {
  const buildId = path.join(ROOT, DIST_DIR, "BUILD_ID");
  if (existsSync(buildId) && process.env.BENCH_BUILD !== "1") {
    log(`using the existing ${DIST_DIR} build (BENCH_BUILD=1 rebuilds it)`);
    return;
  }
  log(`building into ${DIST_DIR} (next build)…`);
  // `next build` rewrites tsconfig.json to include the dist dir's types; keep the file as it was.
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfig = readFileSync(tsconfigPath, "utf8");
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (readFileSync(tsconfigPath, "utf8") !== tsconfig) writeFileSync(tsconfigPath, tsconfig);
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
  log(`built in ${secs(performance.now() - t0)}`);
}

/** One process as /proc tells it: its name, process group and CPU used so far (ms; 10 ms ticks). */
export interface ProcessCpu {
  comm: string;
  group: number;
  cpuMs: number;
}

/** Every process's CPU so far, from /proc (Linux). */
export function processesCpu(): ProcessCpu[] {
  const out: ProcessCpu[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone
    }
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.push({
      comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
      group: Number(rest[2]),
      cpuMs: (Number(rest[11]) + Number(rest[12])) * 10, // user + system, in ticks of 10 ms
    });
  }
  return out;
}

/** CPU used so far by one process group (a server and what it started), ms. */
export function groupCpuMs(group: number): number {
  return processesCpu().reduce((sum, p) => (p.group === group ? sum + p.cpuMs : sum), 0);
}

/** Extra arguments for the server's node, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);

/** `next start` on the .next-bench build in its own process group, healthy on `port`; stopServer() stops it. */
export async function startServer(databaseUrl: string, port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const busy = await fetch(`${base}/api/health`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${port} is already in use; set BENCH_PORT`);
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true, // own process group, so stopping it stops everything it started
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      APP_URL: base,
      PORT: String(port),
    },
  });
  server = child;
  const keep = (chunk: Buffer) => {
    serverLog.push(chunk.toString());
    if (serverLog.length > 200) serverLog.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${serverLog.join("")}`);
    const ok = await fetch(`${base}/api/health`).then(
      async (r) => r.ok && ((await r.json()) as { status?: string }).status === "ok",
      () => false,
    );
    if (ok) return base;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`next start did not become healthy in 90 s:\n${serverLog.join("")}`);
}

/**
 * Signs in the way a browser does with Auth.js v5: CSRF token + cookie, then the credentials callback.
 * Without credentials, as the 1M-order seed's owner.
 */
export async function signIn(base: string, credentials: { email: string; password: string } = { email: OWNER_EMAIL, password: OWNER_PASSWORD }): Promise<string> {
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const absorb = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  absorb(csrfResponse);
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader() },
    body: new URLSearchParams({ email: credentials.email, password: credentials.password, csrfToken, callbackUrl: `${base}/orders` }),
  });
  absorb(response);
  if (!jar.has("authjs.session-token")) {
    throw new Error(`sign-in of ${credentials.email} failed: status ${response.status}, location ${response.headers.get("location")}`);
  }
  return cookieHeader();
}

// --- 1. Database and seed --------------------------------------------------------------------------

export interface Fixture {
  organizationId: string;
  userId: string;
  storeIds: string[];
  membership: ResolvedMembership;
}

/** The newest migration in drizzle/ (what "as migrated" means in the report). */
export function lastMigration(): string {
  try {
    const journal = JSON.parse(readFileSync(path.join(ROOT, "drizzle", "meta", "_journal.json"), "utf8")) as { entries?: { tag: string }[] };
    return journal.entries?.at(-1)?.tag ?? "?";
  } catch {
    return "?";
  }
}

/** The same server's `postgres` database, to drop and create the bench database from. */
export function adminUrl(benchUrl: string): string {
  const url = new URL(benchUrl);
  url.pathname = "/postgres";
  return url.toString();
}

export async function recreateDatabase(benchUrl: string) {
  const name = decodeURIComponent(new URL(benchUrl).pathname.slice(1));
  if (!/bench/i.test(name)) throw new Error(`refusing to drop "${name}": the bench database's name must contain "bench"`);
  const admin = postgres(adminUrl(benchUrl), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export const STORE_LOCALES = [
  { currency: "USD", country: "US", timezone: "America/New_York" },
  { currency: "EUR", country: "DE", timezone: "Europe/Berlin" },
  { currency: "GBP", country: "GB", timezone: "Europe/London" },
  { currency: "CAD", country: "CA", timezone: "America/Toronto" },
  { currency: "AUD", country: "AU", timezone: "Australia/Sydney" },
];

/**
 * Weighted mix of a dropshipping store's orders (the demo seed's scenarios, src/server/seed/orders.ts):
 * [from, to) on a 0–100 roll, financial, fulfillment, supplier status (null: none), cancelled, refunded share.
 */
export const SCENARIOS_SQL = `(values
  (0, 30, 'paid', 'fulfilled', 'delivered', false, 0.0),
  (30, 42, 'paid', 'fulfilled', 'shipped', false, 0.0),
  (42, 52, 'paid', 'fulfilled', 'completed', false, 0.0),
  (52, 66, 'paid', 'unfulfilled', 'awaiting_shipment', false, 0.0),
  (66, 70, 'paid', 'unfulfilled', 'awaiting_payment', false, 0.0),
  (70, 75, 'paid', 'unfulfilled', null, false, 0.0),
  (75, 80, 'paid', 'in_progress', 'awaiting_shipment', false, 0.0),
  (80, 84, 'paid', 'partially_fulfilled', 'shipped', false, 0.0),
  (84, 87, 'pending', 'unfulfilled', null, false, 0.0),
  (87, 89, 'authorized', 'unfulfilled', null, false, 0.0),
  (89, 93, 'partially_refunded', 'fulfilled', 'delivered', false, 0.3),
  (93, 97, 'refunded', 'unfulfilled', 'cancelled', true, 1.0),
  (97, 98, 'voided', 'unfulfilled', null, true, 0.0),
  (98, 99, 'paid', 'on_hold', 'awaiting_shipment', false, 0.0),
  (99, 101, 'refunded', 'restocked', 'closed', false, 1.0)
) as s(lo, hi, fin, ful, sup, cancelled, refund_share)`;

export async function seed(pg: postgres.Sql, size: { stores: number; perStore: number }): Promise<Fixture> {
  const passwordHash = await hashPassword(OWNER_PASSWORD);
  const c = await pg.reserve();
  const step = async (label: string, query: string, params: unknown[] = []) => {
    const [result, took] = await timed(() => c.unsafe(query, params as never[]));
    log(`  seed: ${label.padEnd(34)} ${String(result.count ?? "").padStart(9)} rows  ${secs(took)}`);
  };
  try {
    // A bulk load of rows that are consistent by construction: skip the per-row FK and ledger triggers.
    await c.unsafe(`set session_replication_role = replica`);
    await c.unsafe(`set work_mem = '256MB'`);
    await c.unsafe(`set maintenance_work_mem = '512MB'`);
    await c.unsafe(`set synchronous_commit = off`);
    // Secondary indexes (not those behind a primary key or unique constraint) are dropped for the
    // load and rebuilt from their exact definitions afterwards: a sorted build beats 1M random inserts.
    const secondary = await c<{ name: string; def: string }[]>`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename in ('orders', 'order_line_items', 'supplier_orders', 'money_movements')
        and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`;
    for (const index of secondary) await c.unsafe(`drop index "${index.name}"`);
    await c.unsafe(`select setseed(0.4242)`);
    const [user] = await c<{ id: string }[]>`
      insert into users (email, name, password_hash) values (${OWNER_EMAIL}, 'Bench Owner', ${passwordHash}) returning id`;
    const [org] = await c<{ id: string }[]>`
      insert into organizations (slug, name, kind) values (${ORG_SLUG}, 'Bench Agency', 'agency') returning id`;
    const organizationId = org!.id;
    await c`insert into memberships (organization_id, user_id, role) values (${organizationId}, ${user!.id}, 'owner')`;
    await step(
      "stores",
      `insert into stores (organization_id, name, slug, platform, shop_domain, currency, country, timezone, webhook_secret, supplier_terms)
       select $1::uuid, 'Bench Store ' || s, 'bench-store-' || lpad(s::text, 4, '0'), 'shopify', 'bench-store-' || s || '.myshopify.com',
              l.currency, l.country, l.timezone, md5(random()::text), $2::jsonb
       from generate_series(1, $3::int) s
       join (select * from jsonb_to_recordset($4::jsonb) as x(i int, currency text, country text, timezone text)) l on l.i = s % ${STORE_LOCALES.length}`,
      // jsonb parameters are serialised by postgres-js: pass the values, not JSON text.
      [organizationId, DEFAULT_SUPPLIER_TERMS, size.stores, STORE_LOCALES.map((l, i) => ({ i, ...l }))],
    );
    // One row per order with everything the three tables need. Orders are spread over a year, more
    // of them recent (a growing store); open orders (unshipped, unpaid) exist only in the last two
    // weeks: older ones have since been completed, or expired when never paid.
    await step(
      "staging (temp table)",
      `create temp table seed_orders as
       with st as (
         select id, currency, country, timezone, row_number() over (order by slug)::int as store_no
         from stores where organization_id = $1::uuid and slug like 'bench-store-%'
       ), drawn as (
         select gen_random_uuid() as id, st.id as store_id, st.currency, st.country, st.timezone, st.store_no,
                random() * 100 as r_scn, random() as r_items, random() as r_price, random() as r_a, random() as r_b,
                now() - make_interval(secs => 365 * 86400 * (1 - sqrt(random()))) as placed_at
         from st cross join generate_series(1, $2::int) g
       ), base as (
         -- Order numbers (#1001…) rise with time within a store, as Shopify's do.
         select d.*, row_number() over (partition by d.store_id order by d.placed_at)::int as n from drawn d
       ), picked as (
         select b.*, s.fin, s.ful, s.sup, s.cancelled, s.refund_share,
                (s.sup in ('awaiting_shipment', 'awaiting_payment') or (s.sup is null and s.fin in ('paid', 'pending', 'authorized'))) as open
         from base b join ${SCENARIOS_SQL} on b.r_scn >= s.lo and b.r_scn < s.hi
       ), aged as (
         select p.*,
                case when p.open and p.placed_at < now() - interval '14 days'
                     then case when p.fin in ('pending', 'authorized') then 'expired' else 'paid' end else p.fin end as financial,
                case when p.open and p.placed_at < now() - interval '14 days'
                     then case when p.fin in ('pending', 'authorized') then 'unfulfilled' else 'fulfilled' end else p.ful end as fulfillment,
                case when p.open and p.placed_at < now() - interval '14 days'
                     then case when p.fin in ('pending', 'authorized') then null else 'completed' end else p.sup end as supplier,
                1 + (p.r_items < 0.35)::int + (p.r_items < 0.15)::int as items,
                990 + floor(p.r_price * 4000)::int as unit
         from picked p
       )
       select a.*, a.items * a.unit as subtotal, a.items * a.unit + 499 as total,
              -- Four suppliers, AliExpress most (55 / 25 / 10 / 10%), mixed within each store.
              (array['AliExpress','AliExpress','AliExpress','AliExpress','AliExpress','AliExpress','AliExpress','AliExpress','AliExpress','AliExpress','AliExpress',
                     'CJdropshipping','CJdropshipping','CJdropshipping','CJdropshipping','CJdropshipping','Zendrop','Zendrop','Spocket','Spocket'])[1 + (a.n * 7 + a.store_no) % 20] as supplier_name,
              a.supplier is not null and a.financial not in ('pending', 'authorized', 'voided', 'expired') as has_supplier_order,
              round((a.items * a.unit + 499) * a.refund_share)::bigint as refunded,
              case when a.cancelled then a.placed_at + make_interval(hours => 1 + floor(a.r_a * 47)::int) end as cancelled_at,
              a.placed_at + make_interval(hours => 2 + floor(a.r_a * 18)::int) as supplier_paid_at
       from aged a`,
      [organizationId, size.perStore],
    );
    await step(
      "orders",
      `insert into orders (organization_id, id, store_id, external_id, name, email, customer_name, currency, subtotal_minor, shipping_minor,
                           tax_minor, discount_minor, total_minor, store_refunded_minor, ledger_refunded_minor, financial_status,
                           fulfillment_status, placed_at, paid_at, fulfilled_at, cancelled_at, cancel_reason, shipping_country, note,
                           source, content_hash, created_at, updated_at)
       select $1::uuid, o.id, o.store_id, (5000000000 + o.store_no::bigint * 1000000 + o.n)::text, '#' || (1000 + o.n),
              'customer' || o.n || '.s' || o.store_no || '@example.com',
              (array['Ana','Ben','Chen','Dora','Eli','Fay','Gus','Hana','Ivo','Jun','Kim','Lea','Mia','Noah','Omar','Pia'])[1 + o.n % 16] || ' ' ||
              (array['Souza','Meyer','Wei','Kim','Novak','Dubois','Lima','Park','Rossi','Schmidt','Tanaka'])[1 + (o.n / 16) % 11],
              o.currency, o.subtotal, 499, 0, 0, o.total, o.refunded, o.refunded, o.financial::financial_status,
              o.fulfillment::fulfillment_status, o.placed_at,
              case when o.financial not in ('pending', 'authorized', 'voided', 'expired') then o.placed_at + interval '1 minute' end,
              case when o.fulfillment = 'fulfilled' then o.placed_at + make_interval(days => 3 + floor(o.r_b * 6)::int) end,
              o.cancelled_at, case when o.cancelled then 'customer'::cancel_reason end, o.country,
              case when o.r_b < 0.05 then 'Please ship in plain packaging.' end, 'seed', md5(o.id::text), o.placed_at, o.placed_at
       from seed_orders o order by o.placed_at`,
      [organizationId],
    );
    // Line items in order-id order (their unique index then fills sequentially); the list never reads them.
    await step(
      "order_line_items",
      `insert into order_line_items (organization_id, order_id, position, sku, title, quantity, unit_price_minor, supplier_cost_minor,
                                     fulfillment_status, vendor, created_at)
       select $1::uuid, o.id, k, 'SKU-' || ((o.n * 7 + k) % 250), 'Product ' || ((o.n * 7 + k) % 250), 1, o.unit, round(o.unit * 0.38),
              (case o.fulfillment when 'fulfilled' then 'fulfilled' when 'restocked' then 'restocked' else 'unfulfilled' end)::line_item_fulfillment_status,
              o.supplier_name, o.placed_at
       from seed_orders o cross join lateral generate_series(1, o.items) k order by o.id, k`,
      [organizationId],
    );
    await step(
      "supplier_orders",
      `insert into supplier_orders (organization_id, store_id, order_id, supplier, supplier_order_number, status, cost_minor, currency,
                                    paid_at, ship_by, shipped_at, carrier, tracking_number, content_hash, created_at, updated_at)
       select $1::uuid, o.store_id, o.id, o.supplier_name, (8100000000 + o.store_no::bigint * 1000000 + o.n)::text, o.supplier::supplier_order_status,
              round(o.subtotal * 0.38), o.currency, o.supplier_paid_at, o.supplier_paid_at + interval '9 days',
              case when o.supplier in ('shipped', 'delivered', 'completed') then o.supplier_paid_at + make_interval(days => 2 + floor(o.r_b * 4)::int) end,
              case when o.supplier in ('shipped', 'delivered', 'completed') then (array['Cainiao','YunExpress','4PX','China Post'])[1 + o.n % 4] end,
              case when o.supplier in ('shipped', 'delivered', 'completed') then 'LP' || (10000000 + o.n * 37 % 89999999) || 'CN' end,
              md5(o.id::text || 'supplier'), o.supplier_paid_at, o.supplier_paid_at
       from seed_orders o
       where o.has_supplier_order
       order by o.placed_at`,
      [organizationId],
    );
    await step(
      "money_movements (store refunds)",
      // The supplier is attributed as the BEFORE INSERT trigger (off for this load) would: the order's supplier order's, else ''.
      `insert into money_movements (organization_id, store_id, order_id, type, source, amount_minor, currency, external_ref, note,
                                    occurred_at, local_date, created_at, supplier)
       select $1::uuid, o.store_id, o.id, 'customer_refund', 'store', o.refunded, o.currency, 'store-total:' || o.refunded,
              'Refunded in the store (reported total)', least(coalesce(o.cancelled_at, o.placed_at + interval '5 days'), now() - interval '1 minute'),
              (least(coalesce(o.cancelled_at, o.placed_at + interval '5 days'), now() - interval '1 minute') at time zone o.timezone)::date,
              least(coalesce(o.cancelled_at, o.placed_at + interval '5 days'), now() - interval '1 minute'), case when o.has_supplier_order then o.supplier_name else '' end
       from seed_orders o where o.refunded > 0 order by o.placed_at`,
      [organizationId],
    );
    await c.unsafe(`drop table seed_orders`);
    const [, rebuilt] = await timed(async () => {
      for (const index of secondary) await c.unsafe(index.def);
    });
    log(`  seed: ${`rebuild ${secondary.length} secondary indexes`.padEnd(34)} ${"".padStart(9)}       ${secs(rebuilt)}`);
  } finally {
    await c.unsafe(`reset session_replication_role`).catch(() => {});
    c.release();
  }
  const [, took] = await timed(async () => {
    for (const t of ["orders", "order_line_items", "supplier_orders", "money_movements", "stores", "memberships", "organizations", "users"]) {
      await pg.unsafe(`vacuum (analyze) ${t}`);
    }
  });
  log(`  seed: ${"vacuum (analyze)".padEnd(34)} ${"".padStart(9)}       ${secs(took)}`);
  return loadFixture(pg);
}

export async function loadFixture(pg: postgres.Sql): Promise<Fixture> {
  const [row] = await pg<{ organization_id: string; user_id: string }[]>`
    select m.organization_id, m.user_id from memberships m join organizations o on o.id = m.organization_id
    join users u on u.id = m.user_id where o.slug = ${ORG_SLUG} and u.email = ${OWNER_EMAIL}`;
  if (!row) throw new Error("the bench database has no bench organization; run without BENCH_SKIP_SEED=1");
  const stores = await pg<{ id: string }[]>`
    select id from stores where organization_id = ${row.organization_id} and slug like 'bench-store-%' order by slug`;
  return {
    organizationId: row.organization_id,
    userId: row.user_id,
    storeIds: stores.map((s) => s.id),
    membership: {
      organizationId: row.organization_id,
      organizationSlug: ORG_SLUG,
      organizationName: "Bench Agency",
      organizationKind: "agency",
      reportingCurrency: "USD",
      role: "owner",
      storeIds: null,
    },
  };
}


/** Runs a bench's main: stops the server either way, prints the server log's tail on failure, exits. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    async () => {
      await stopServer();
      log("done");
      process.exit(0);
    },
    async (error: unknown) => {
      console.error(error);
      if (serverLog.length) console.error(`--- server log (tail) ---\n${serverLog.join("").slice(-4000)}`);
      await stopServer();
      process.exit(1);
    },
  );
}

/** The machine a bench ran on, for its results: cores, CPU, memory, Node and the Postgres server's version. */
export async function machineFacts(databaseUrl: string) {
  const probe = postgres(adminUrl(databaseUrl), { max: 1, onnotice: () => {} });
  try {
    const [row] = await probe<{ v: string }[]>`select current_setting('server_version') as v`;
    return {
      nproc: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? "?",
      memGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: `PostgreSQL ${row!.v}`,
    };
  } finally {
    await probe.end({ timeout: 5 });
  }
}
