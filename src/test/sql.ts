import { sql, type SQL } from "drizzle-orm";
import { getTRPCErrorShape, TRPCError } from "@trpc/server";
import { appRouter } from "@/server/api/root";
import type { DbOrTx } from "@/server/db/client";
import { queryRows } from "@/server/db/rows";

/** Runs a `select count(*)`-style query and returns the number (as the caller's role sees it). */
export async function countOf(db: DbOrTx, query: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, query);
  return Number(row?.n ?? 0);
}

/** Audit events of one organization, or of the whole database, read as the privileged connection. */
export function auditCount(db: DbOrTx, organizationId?: string): Promise<number> {
  return countOf(
    db,
    organizationId
      ? sql`select count(*)::int as n from audit_events where organization_id = ${organizationId}`
      : sql`select count(*)::int as n from audit_events`,
  );
}

/**
 * Awaits a statement that must fail and returns the database error under whatever wrapped it
 * (Drizzle's query error, tRPC's error): its SQLSTATE and every message of the chain.
 */
export async function databaseError(promise: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    let code: string | undefined;
    const messages: string[] = [];
    let current: unknown = error;
    for (let depth = 0; current && depth < 6; depth++) {
      const { code: c, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
      if (!code && typeof c === "string" && /^[0-9A-Z]{5}$/.test(c)) code = c;
      if (typeof message === "string") messages.push(message);
      current = cause;
    }
    return { code, message: messages.join(" | ") };
  }
  throw new Error("Expected the statement to fail, but it succeeded.");
}

/** The message a browser is shown for a procedure's error, after the app's error formatter. */
export async function shownError(promise: Promise<unknown>, path: string): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type: "unknown", path, input: undefined, ctx: undefined });
    return { code: error.code, message: shape.message };
  }
  throw new Error(`Expected ${path} to fail, but it succeeded.`);
}
