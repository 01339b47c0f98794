/**
 * Server CPU per request, side by side (#8): the load benchmark's numbers move by ±20% between runs on
 * this shared machine, so a change worth 5–10% cannot be seen there. This runs two `next start` at once
 * (two builds, or one build with two sets of node flags) on the load benchmark's database, sends each
 * the same requests one at a time, alternating between them in rounds, and reads each server's CPU
 * from /proc: whatever else the machine does falls on both alike. See docs/perf.md ("Load").
 *
 *   npm run bench:load                                   # once: seeds recoup_bench_load, builds .next-bench
 *   git stash; NEXT_DIST_DIR=.next-old npx next build; git checkout tsconfig.json; git stash pop
 *   npx tsx bench/cpu.ts                                 # .next-old against .next-bench
 *   BENCH_CPU_DIRS=.next-bench,.next-bench BENCH_CPU_ARGS_1="--max-semi-space-size=64" npx tsx bench/cpu.ts
 *   BENCH_CPU_PROFILE=/tmp/prof BENCH_CPU_DIRS=.next-bench BENCH_CPU_KINDS=caseList npx tsx bench/cpu.ts   # a V8 CPU profile
 *
 * Options (environment):
 *   BENCH_DATABASE_URL   postgres://postgres@127.0.0.1:5432/recoup_bench_load (seeded by bench/load.ts; not changed here)
 *   BENCH_CPU_DIRS       .next-old,.next-bench   the builds served (one server each, ports 3601, 3602, …)
 *   BENCH_CPU_ARGS_<i>                           node flags of the i-th server (0-based)
 *   BENCH_CPU_KINDS      all                     requests to send (names below, comma-separated)
 *   BENCH_CPU_N          40                      requests of a kind per server per round
 *   BENCH_CPU_ROUNDS     4                       measured rounds (after one warm-up round)
 *   BENCH_CPU_PROFILE    (none)                  write a V8 CPU profile of each server into this folder (--cpu-prof)
 *   BENCH_CPU_USER       u0-owner@load.bench.example  (and BENCH_CPU_PASSWORD; bench/reports.ts's owner:
 *                        BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/recoup_bench_reports
 *                        BENCH_CPU_USER=owner@bench.example BENCH_CPU_PASSWORD=bench-owner-password-2026 BENCH_CPU_KINDS=lossYear)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import superjson from "superjson";
import { groupCpuMs, intEnv, ROOT, signIn } from "./lib";

const DB = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/recoup_bench_load";
const DIRS = (process.env.BENCH_CPU_DIRS ?? ".next-old,.next-bench").split(",").filter(Boolean);
const N = Math.max(1, intEnv("BENCH_CPU_N", 40));
const ROUNDS = Math.max(1, intEnv("BENCH_CPU_ROUNDS", 4));
const PROFILE = process.env.BENCH_CPU_PROFILE;
const USER = process.env.BENCH_CPU_USER ?? "u0-owner@load.bench.example";
const PASSWORD = process.env.BENCH_CPU_PASSWORD ?? "bench-load-password-2026"; // bench/load.ts's members

/** One screen's tRPC batch, as httpBatchLink sends it. */
function batch(calls: [string, unknown][]): string {
  const input: Record<string, unknown> = {};
  calls.forEach(([, value], i) => (input[i] = superjson.serialize(value)));
  return `/api/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

const today = new Date().toISOString().slice(0, 10);
const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
const OPEN = ["requested", "supplier_pending", "supplier_accepted", "supplier_refused", "awaiting_tracking", "shipped", "disputed", "store_cancelled"];
const KINDS: Record<string, string> = {
  health: "/api/health",
  storeList: batch([["store.list", { includeArchived: true }]]),
  memberList: batch([["member.list", undefined]]),
  orderList: batch([["order.list", { limit: 50 }]]),
  orderCount: batch([["order.count", {}]]),
  caseList: batch([["case.list", { state: OPEN }]]),
  auditList: batch([["audit.list", {}]]),
  ordersList: batch([["store.list", { includeArchived: true }], ["order.list", { limit: 50 }], ["order.count", {}]]),
  casesBoard: batch([["store.list", { includeArchived: false }], ["member.list", undefined], ["case.list", { state: OPEN }]]),
  lossYear: batch([["report.loss", { from: yearAgo, to: today }]]),
  pageOrders: "/orders",
  pageCases: "/cases",
};
const kinds = (process.env.BENCH_CPU_KINDS?.split(",") ?? Object.keys(KINDS).filter((k) => k !== "lossYear")).filter((k) => {
  if (!KINDS[k]) throw new Error(`unknown kind ${k}; one of ${Object.keys(KINDS).join(", ")}`);
  return true;
});

const secret = randomBytes(32).toString("base64url");
const servers = DIRS.map((dir, i) => {
  const port = 3601 + i;
  const args = [
    ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : []),
    ...(process.env[`BENCH_CPU_ARGS_${i}`] ?? "").split(/\s+/).filter(Boolean),
    path.join(ROOT, "node_modules/next/dist/bin/next"),
    ...["start", "-p", String(port), "-H", "127.0.0.1"],
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: dir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: DB,
      AUTH_SECRET: secret,
      AUTH_TRUST_HOST: "true",
      RECOUP_DISABLE_JOBS: "1",
    },
  });
  return { label: `${dir}${process.env[`BENCH_CPU_ARGS_${i}`] ? ` (${process.env[`BENCH_CPU_ARGS_${i}`]})` : ""} #${i}`, base: `http://127.0.0.1:${port}`, pid: child.pid! };
});
const stopAll = (signal: NodeJS.Signals) => {
  for (const s of servers) {
    try {
      process.kill(-s.pid, signal);
    } catch {
      // already gone
    }
  }
};
process.on("exit", () => stopAll("SIGKILL"));

async function main() {
  for (const s of servers) {
    const deadline = Date.now() + 90_000;
    while (!(await fetch(`${s.base}/api/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error(`${s.label} did not start (is ${DB} seeded by bench/load.ts, the build there?)`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const cookie = await signIn(servers[0]!.base, { email: USER, password: PASSWORD });
  const totals = new Map<string, { cpu: number; n: number; ms: number[] }>();
  // Round 0 warms every route of every server; each round alternates which server goes first.
  for (let round = 0; round <= ROUNDS; round++) {
    for (const kind of kinds) {
      for (const s of round % 2 ? servers : [...servers].reverse()) {
        const cpu0 = groupCpuMs(s.pid);
        const ms: number[] = [];
        for (let i = 0; i < N; i++) {
          const t0 = performance.now();
          const response = await fetch(s.base + KINDS[kind], { headers: { cookie, accept: "*/*", "accept-encoding": "gzip" }, redirect: "manual" });
          const body = await response.text();
          if (response.status !== 200 || body.includes('"error":{')) throw new Error(`${kind} on ${s.label}: ${response.status} ${body.slice(0, 300)}`);
          ms.push(performance.now() - t0);
        }
        if (round === 0) continue;
        const key = `${kind}\u0000${s.label}`;
        const total = totals.get(key) ?? { cpu: 0, n: 0, ms: [] };
        total.cpu += groupCpuMs(s.pid) - cpu0;
        total.n += N;
        total.ms.push(...ms);
        totals.set(key, total);
      }
    }
  }
  console.log(`CPU of each server per request (${ROUNDS} rounds × ${N} requests each, one at a time), and the request's p50:`);
  for (const kind of kinds) {
    const cells = servers.map((s) => {
      const t = totals.get(`${kind}\u0000${s.label}`)!;
      const sorted = [...t.ms].sort((a, b) => a - b);
      return `${s.label}: ${(t.cpu / t.n).toFixed(2)} ms CPU, p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms`;
    });
    console.log(`  ${kind.padEnd(11)} ${cells.join("   |   ")}`);
  }
  if (PROFILE) {
    // next start exits on SIGTERM through process.exit, which writes the profile.
    stopAll("SIGTERM");
    await new Promise((r) => setTimeout(r, 4000));
    console.log(`profiles in ${PROFILE}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
