import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { reportMoneyDays } from "../db/schema";
import { dayNumberOf, localDateOf, localDateOfDayNumber } from "../deadlines/local-time";
import { LOSS_WINDOW_DAYS, type LossByReason } from "@/lib/policy/warnings";
import type { ReturnReason } from "@/lib/supplier-terms";

export interface StoreLoss {
  /** The window, as store-local calendar days, both ends included. */
  since: string;
  until: string;
  byReason: LossByReason;
}

/**
 * What refunds cost a store over its last 90 local days, per reason and currency: refunded to
 * customers minus recovered from suppliers, read from the ledger's daily rollup (kept by triggers
 * in the same transaction as every ledger entry, so it is never behind the ledger).
 */
export async function storeLossByReason(
  db: DbOrTx,
  organizationId: string,
  store: { id: string; timezone: string },
  now = new Date(),
): Promise<StoreLoss> {
  const until = localDateOf(now, store.timezone);
  const since = localDateOfDayNumber(dayNumberOf(until) - (LOSS_WINDOW_DAYS - 1));
  const rows = await db
    .select({
      reason: reportMoneyDays.reason,
      currency: reportMoneyDays.currency,
      lossMinor: sql<string>`sum(${reportMoneyDays.refundedMinor} - ${reportMoneyDays.recoveredMinor})`,
    })
    .from(reportMoneyDays)
    .where(
      and(
        eq(reportMoneyDays.organizationId, organizationId),
        eq(reportMoneyDays.storeId, store.id),
        gte(reportMoneyDays.day, since),
        lte(reportMoneyDays.day, until),
      ),
    )
    .groupBy(reportMoneyDays.reason, reportMoneyDays.currency)
    .orderBy(reportMoneyDays.reason, reportMoneyDays.currency);
  const byReason: LossByReason = {};
  for (const row of rows) {
    const reason = row.reason as ReturnReason | "unspecified";
    (byReason[reason] ??= []).push({ currency: row.currency, lossMinor: Number(row.lossMinor) });
  }
  return { since, until, byReason };
}
