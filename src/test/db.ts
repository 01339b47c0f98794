import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { MIGRATIONS_FOLDER, openDatabase, type Database, type Db } from "@/server/db/client";
import * as schema from "@/server/db/schema";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or — when
 * TEST_DATABASE_URL names a Postgres server — a new database on it, dropped again by `close()`.
 * `max` sizes the Postgres connection pool (PGlite has one connection whatever it says).
 */
export async function createTestDatabase(options: { max?: number } = {}): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openMigratedPglite();
  const name = `recoup_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: options.max ?? 20 });
  return {
    // A getter, as the database's own: its pool may be replaced (db/renewing-pool.ts).
    get db() {
      return database.db;
    },
    kind: database.kind,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const isRealPostgres = () => Boolean(process.env.TEST_DATABASE_URL);

/**
 * Creating a PGlite cluster (initdb in WebAssembly) costs several seconds per test file. The first
 * file to run keeps a dump of its freshly migrated cluster in the temp directory, keyed by the
 * migrations and the PGlite version; later files start from a copy of it. The migrator still runs
 * on the copy (a no-op when nothing changed), so a stale dump can never hide a migration.
 */
async function openMigratedPglite(): Promise<Database> {
  const template = templatePath();
  let dump: Buffer | undefined;
  try {
    dump = readFileSync(template);
  } catch {
    dump = undefined;
  }
  if (!dump) {
    const database = await openDatabase({ pgliteDir: "memory://" });
    await saveTemplate(database, template);
    return database;
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(dump)]) });
  const pgDb = drizzle(client, { schema, casing: "snake_case" });
  await migrate(pgDb, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: pgDb as unknown as Db, kind: "pglite", close: () => client.close() };
}

function templatePath(): string {
  const hash = createHash("sha256");
  const pgliteVersion = (JSON.parse(readFileSync(path.join(process.cwd(), "node_modules/@electric-sql/pglite/package.json"), "utf8")) as {
    version: string;
  }).version;
  hash.update(pgliteVersion);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return path.join(tmpdir(), `recoup-test-pglite-${hash.digest("hex").slice(0, 16)}.tar`);
}

async function saveTemplate(database: Database, template: string): Promise<void> {
  try {
    const client = (database.db as unknown as { $client: { dumpDataDir(compression: "none"): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir("none");
    // Written aside then renamed, so a file running in parallel never reads half a dump.
    const partial = `${template}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, template);
  } catch {
    // Only a speed-up: without a template every file creates its own cluster.
  }
}
