import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

/** The non-owner role every tenant query runs as; row-level security applies to it. */
export const APP_ROLE = "recoup_app";

/**
 * Runs `fn` in one transaction scoped to an organization: the organization is set for the
 * row-level-security policies and the transaction drops to the application role, so even a query
 * that forgot its `where organization_id = …` cannot see or write another tenant's rows.
 */
export async function withTenant<T>(db: Db, organizationId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await enterTenant(tx, organizationId);
    return fn(tx);
  });
}

/** One statement: `set_config('role', …, true)` is `SET LOCAL ROLE` (the same check that the role may be taken). */
export async function enterTenant(tx: Tx, organizationId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.organization_id', ${organizationId}, true), set_config('role', ${APP_ROLE}, true)`);
}
