// `npm start`: everything a fresh machine needs to run Recoup on the embedded database.
// Creates .env.local with a generated AUTH_SECRET on first run, migrates, seeds the demo
// organization when the database is empty, builds when the build is missing or stale, then serves.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";

const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "localhost";

if (!existsSync(".env.local")) {
  writeFileSync(".env.local", `# Generated on first run. Keep it secret; it signs session cookies.\nAUTH_SECRET=${randomBytes(32).toString("base64url")}\n`);
  console.log("Created .env.local with a new AUTH_SECRET.");
}
for (const line of readFileSync(".env.local", "utf8").split(/\r?\n/)) {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
  if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, "$2");
}
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AUTH_TRUST_HOST: "true", APP_URL: process.env.APP_URL ?? `http://${host}:${port}` };

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], env, encoding: "utf8" });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

console.log(`Preparing the ${env.DATABASE_URL ? "Postgres" : "embedded (PGlite, .data/pglite)"} database…`);
const seed = JSON.parse(run("npx", ["tsx", "src/cli/index.ts", "db:seed"]).trim().split("\n").pop());

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
const buildId = ".next/BUILD_ID";
const stale = !existsSync(buildId) || newestMtime("src") > statSync(buildId).mtimeMs;
if (stale) {
  console.log("Building the app (about a minute on first run)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const url = `http://${host}:${port}`;
const banner = [
  "",
  "  Recoup is starting at " + url,
  ...(seed.logins?.length
    ? ["", "  Demo logins (password for all: " + seed.logins[0].password + "):", ...seed.logins.map((l) => `    ${l.role.padEnd(7)} ${l.email}`)]
    : []),
  "",
];
console.log(banner.join("\n"));
const server = spawn("npx", ["next", "start", "-p", port, "-H", host], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
