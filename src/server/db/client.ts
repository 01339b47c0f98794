import path from "node:path";
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";
import { renewingPool } from "./renewing-pool";
import { preparing } from "./prepared";

export type Schema = typeof schema;
/** The one database type the rest of the code sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export type DatabaseKind = "pglite" | "postgres";
export interface Database {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A Postgres URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory, or `memory://` for an in-memory database. */
  pgliteDir?: string;
  /** Apply committed migrations after opening (default true). */
  migrate?: boolean;
  /** Max pooled connections for Postgres. */
  max?: number;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");
export const DEFAULT_PGLITE_DIR = path.join(process.cwd(), ".data", "pglite");

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const shouldMigrate = options.migrate ?? true;
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const url = options.url;
    const connect = () => {
      const client = postgres(url, {
        max: options.max ?? 10,
        onnotice: () => {},
        // Idle connections are closed so a Postgres restart is survived without restarting the app.
        idle_timeout: 30,
        connect_timeout: 5,
        // postgres.js waits before reconnecting after failures, growing to 20 s: while Postgres was
        // down every request hung that long before its 503 (e2e/faults.spec.ts). Short and capped.
        backoff: (failures: number) => Math.min(0.05 * 2 ** failures, 1),
      });
      // Every statement prepared: one round trip each, pipelined (see preparing).
      return { client, db: drizzle(preparing(client), { schema, casing: "snake_case" }) };
    };
    const pool = renewingPool(connect);
    const pgDb = pool.db;
    if (shouldMigrate) {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      // Several app servers may start together: one migrates while the others wait on the lock.
      const lock = postgres(options.url, { max: 1, onnotice: () => {} });
      try {
        await lock`select pg_advisory_lock(727272)`;
        await migrate(pgDb, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lock.end({ timeout: 5 });
      }
    }
    return {
      // Read at each use, so that holders of the Database get the fresh pool after a renewal.
      get db() {
        return pool.db as unknown as Db;
      },
      kind: "postgres",
      close: () => pool.end(),
    };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  let releaseLock = () => {};
  if (!dir.startsWith("memory://")) {
    mkdirSync(dir, { recursive: true });
    releaseLock = acquireDirectoryLock(dir);
  }
  const client = await PGlite.create(dir).catch((error: unknown) => {
    releaseLock();
    throw error;
  });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  if (shouldMigrate) {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(drizzle(client, { schema, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return {
    db,
    kind: "pglite",
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite does not lock its directory and two processes on one directory corrupt it quietly
 * (STACK.md pitfall 6), so we keep a lock file with the owner's pid and refuse a second opener.
 */
function acquireDirectoryLock(dir: string): () => void {
  const lockPath = path.join(dir, "recoup.lock");
  try {
    const pid = Number(readFileSync(lockPath, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${pid} (probably the running app). ` +
          "Stop it first, or set DATABASE_URL to use Postgres.",
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  writeFileSync(lockPath, String(process.pid));
  const release = () => {
    try {
      if (readFileSync(lockPath, "utf8") === String(process.pid)) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const globalForDb = globalThis as unknown as { __recoupDb?: Promise<Database> };

/**
 * The app's database, opened lazily on first use (never at import time, so `next build` workers do
 * not open the PGlite directory) and migrated on open. One per process.
 */
export function getDatabase(): Promise<Database> {
  globalForDb.__recoupDb ??= openDatabase({
    url: process.env.DATABASE_URL || undefined,
    pgliteDir: process.env.PGLITE_DIR || undefined,
  }).catch((error: unknown) => {
    globalForDb.__recoupDb = undefined;
    throw error;
  });
  return globalForDb.__recoupDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
