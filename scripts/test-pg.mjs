// The real-Postgres pass: every Vitest file that opens a database, each on its own fresh database
// created on TEST_DATABASE_URL's server (default: the local Postgres) and dropped afterwards. Files
// that never touch a database (pure functions, parsers, the calendar) ran in the embedded pass
// already and would only repeat themselves here. Files named on the command line run as given.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const DATABASE_MARKERS = /@\/test\/(db|caller|cases|policy|fixtures)|createTestDatabase|openDatabase|TEST_DATABASE_URL/;

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : testFiles(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

const args = process.argv.slice(2);
const files = args.some((a) => !a.startsWith("-"))
  ? args
  : [...args, ...["src", "scripts"].flatMap(testFiles).filter((f) => DATABASE_MARKERS.test(readFileSync(f, "utf8"))).sort()];

const env = { ...process.env, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" };
const result = spawnSync("npx", ["vitest", "run", ...files], { stdio: "inherit", env });
process.exit(result.status ?? 1);
