import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { queryRows } from "../db/rows";

/** Refunded, recovered, net loss, exposure and overdue for a set of ledger entries (SPEC §4). */
export interface MoneyFigures {
  refundedMinor: number;
  recoveredMinor: number;
  netLossMinor: number;
  expectedMinor: number;
  writtenOffMinor: number;
  exposureMinor: number;
  overdueMinor: number;
}

export const ZERO_FIGURES: MoneyFigures = {
  refundedMinor: 0,
  recoveredMinor: 0,
  netLossMinor: 0,
  expectedMinor: 0,
  writtenOffMinor: 0,
  exposureMinor: 0,
  overdueMinor: 0,
};

/**
 * Figures over the entries matching `where` (a condition on `m`, the money_movements row).
 * Exposure is what is still expected from suppliers (expected − received against it − written off);
 * overdue is the part of it whose latest date has passed.
 */
export async function ledgerFigures(db: DbOrTx, organizationId: string, where: ReturnType<typeof sql>, now = new Date()) {
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`with m as (
          select * from money_movements m where m.organization_id = ${organizationId} and ${where}
        ), settled as (
          select settles_id, sum(amount_minor) as amount from m
          where type in ('supplier_refund_received', 'supplier_refund_written_off') and settles_id is not null
          group by settles_id
        ), outstanding as (
          select e.id, e.expected_latest, greatest(e.amount_minor - coalesce(s.amount, 0), 0) as left_minor
          from m e left join settled s on s.settles_id = e.id
          where e.type = 'supplier_refund_expected'
        )
        select
          coalesce((select sum(amount_minor) from m where type in ('customer_refund', 'customer_refund_correction')), 0) as refunded,
          coalesce((select sum(amount_minor) from m where type = 'supplier_refund_received'), 0) as recovered,
          coalesce((select sum(amount_minor) from m where type = 'supplier_refund_expected'), 0) as expected,
          coalesce((select sum(amount_minor) from m where type = 'supplier_refund_written_off'), 0) as written_off,
          coalesce((select sum(left_minor) from outstanding), 0) as exposure,
          coalesce((select sum(left_minor) from outstanding where expected_latest < ${now.toISOString()}::timestamptz), 0) as overdue`,
  );
  const refunded = Number(row?.refunded ?? 0);
  const recovered = Number(row?.recovered ?? 0);
  return {
    refundedMinor: refunded,
    recoveredMinor: recovered,
    netLossMinor: refunded - recovered,
    expectedMinor: Number(row?.expected ?? 0),
    writtenOffMinor: Number(row?.written_off ?? 0),
    exposureMinor: Number(row?.exposure ?? 0),
    overdueMinor: Number(row?.overdue ?? 0),
  } satisfies MoneyFigures;
}
