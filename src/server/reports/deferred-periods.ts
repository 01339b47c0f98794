import { sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { lockOrganizationWriters } from "../audit/record";

/**
 * Runs `work` (an import: thousands of rows in one transaction) with its period-model changes kept
 * aside, then adds them up at its end, under the organization's writer lock (drizzle/0019).
 *
 * Written row by row, an import's changes took the organization's day, month and year rows of the
 * period models at its first order and held them until it committed: every same-currency order, case
 * or money write of the organization, in any store, waited for the whole import, and, holding the
 * writer lock meanwhile, so did every other mutation of the organization. Kept aside, they are added
 * once, summed per model, day and key, right before the import's audit event; until then the import
 * holds only its own store's rows. The writer lock comes first, as for every mutation, so the import
 * meets no other writer half-way.
 */
export async function withDeferredPeriods<T>(tx: Tx, organizationId: string, work: () => Promise<T>): Promise<T> {
  await tx.execute(sql`select recoup_defer_periods()`);
  const result = await work();
  await lockOrganizationWriters(tx, organizationId);
  await tx.execute(sql`select recoup_flush_periods()`);
  return result;
}
