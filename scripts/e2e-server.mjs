// Serves the built app for Playwright on a fresh embedded database seeded with the demo data.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

const port = process.argv[2] ?? "3100";
// Another port is another run (a parallel check, say): it gets its own database and may build elsewhere.
const dir = path.join(process.cwd(), ".data", port === "3100" ? "e2e" : `e2e-${port}`);
const distDir = process.env.NEXT_DIST_DIR || ".next";
rmSync(dir, { recursive: true, force: true });
const env = { ...process.env, PGLITE_DIR: dir, NEXT_TELEMETRY_DISABLED: "1", AUTH_TRUST_HOST: "true" };
delete env.DATABASE_URL;
env.AUTH_SECRET ??= "e2e-only-secret-not-for-production-0123456789";

if (!existsSync(path.join(distDir, "BUILD_ID"))) {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const seed = spawnSync("npx", ["tsx", "src/cli/index.ts", "db:seed"], { stdio: "inherit", env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const server = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
