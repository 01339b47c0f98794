// The real-Postgres pass: the whole Vitest suite, each test file on its own fresh database created
// on TEST_DATABASE_URL's server (default: the local Postgres) and dropped afterwards.
import { spawnSync } from "node:child_process";

const env = { ...process.env, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" };
const result = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
