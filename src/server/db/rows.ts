import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./client";

/** Raw SQL rows, whichever driver ran them (PGlite returns `{ rows }`, postgres-js an array). */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
