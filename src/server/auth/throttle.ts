import { and, count, eq, gte, inArray, min } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { loginAttempts } from "../db/schema";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_MAX_FAILURES = 10;

export function throttleKeys(email: string, ip: string | null): string[] {
  return [`email:${email.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}

/**
 * Seconds until the caller may try again, or 0. Ten failures for an account or for an address
 * within 15 minutes lock that key until the oldest of them leaves the window.
 */
export async function secondsUntilRetry(db: DbOrTx, keys: string[], now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const rows = await db
    .select({ key: loginAttempts.key, failures: count(), oldest: min(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, keys), eq(loginAttempts.succeeded, false), gte(loginAttempts.createdAt, since)))
    .groupBy(loginAttempts.key);
  let wait = 0;
  for (const row of rows) {
    if (row.failures >= THROTTLE_MAX_FAILURES && row.oldest) {
      const until = new Date(row.oldest).getTime() + THROTTLE_WINDOW_MS;
      wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
    }
  }
  return wait;
}

export async function recordAttempt(db: DbOrTx, keys: string[], succeeded: boolean): Promise<void> {
  await db.insert(loginAttempts).values(keys.map((key) => ({ key, succeeded })));
}

export function describeRetry(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
