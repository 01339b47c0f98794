/**
 * Where a V8 CPU profile of the server spent its time, by package and by function, mapped back to
 * sources through the build's source maps (Turbopack writes one beside every server chunk).
 *
 *   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" BENCH_SKIP_SEED=1 BENCH_WRITE_DOCS=0 npm run bench:load
 *   BENCH_CPU_PROFILE=/tmp/prof BENCH_CPU_DIRS=.next-bench BENCH_CPU_KINDS=caseList npx tsx bench/cpu.ts
 *   npx tsx bench/profile-summary.ts /tmp/prof [pattern]      # pattern: only frames whose source matches
 *
 * Read with care: samples are taken on wall-clock ticks, so a frame where the thread was preempted
 * (a socket write that wakes Postgres on a busy machine, `writeBuffer`) collects time that was not CPU.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { ROOT } from "./lib";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: npx tsx bench/profile-summary.ts <folder of .cpuprofile files> [source pattern]");
  process.exit(2);
}
const pattern = process.argv[3] ? new RegExp(process.argv[3]) : null;

const maps = new Map<string, TraceMap | null>();
function mapFor(url: string): TraceMap | null {
  let map = maps.get(url);
  if (map !== undefined) return map;
  map = null;
  const file = url.replace(/^file:\/\//, "");
  if (existsSync(`${file}.map`)) {
    try {
      map = new TraceMap(readFileSync(`${file}.map`, "utf8"));
    } catch {
      map = null;
    }
  }
  maps.set(url, map);
  return map;
}

/** A package name for node_modules sources, the path for the app's own (sources resolved against their chunk). */
function bucketOf(source: string): string {
  const at = source.lastIndexOf("node_modules/");
  if (at >= 0) {
    const parts = source.slice(at + "node_modules/".length).replace(/%40/g, "@").split("/");
    const name = parts[0]!.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
    return name === "src" ? "drizzle-orm" : name; // drizzle's source maps name its sources node_modules/src/…
  }
  if (source.startsWith("webpack://next/")) return "next";
  if (source.startsWith(`${ROOT}/src/`)) return source.slice(ROOT.length + 1);
  return source;
}

/** A source map's source as a path: relative ones against the chunk's folder. */
function resolveSource(source: string, url: string): string {
  if (/^[a-z]+:/.test(source) && !source.startsWith("file:")) return source;
  return path.resolve(path.dirname(url.replace(/^file:\/\//, "")), source.replace(/^file:\/\//, ""));
}

const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
  const profile = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as Profile;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const frame = node.callFrame;
    let source = frame.url;
    let name = frame.functionName || "(anonymous)";
    let line = frame.lineNumber + 1;
    const map = source && frame.lineNumber >= 0 ? mapFor(source) : null;
    if (map) {
      const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
      if (original.source) {
        source = resolveSource(original.source, frame.url);
        line = original.line ?? line;
        if (original.name) name = original.name;
      }
    }
    const bucket = source ? bucketOf(source) : name.startsWith("(") ? name : "(native)";
    if (pattern && !pattern.test(source || name)) continue;
    total += us;
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + us);
    const key = `${bucket} :: ${name}${source ? ` (${source.split("/").pop()}:${line})` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
}

const show = (title: string, entries: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}\n`);
  }
};
console.log(`${(total / 1e6).toFixed(1)} s of samples${pattern ? ` in sources matching ${pattern}` : ""}`);
show("self time by package (or source)", byBucket, 30);
show("self time by function", byFunction, 40);
