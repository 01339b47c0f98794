import { sql, type SQL } from "drizzle-orm";
import type { Drill } from "@/lib/reports/drill";

/**
 * The orders-list condition (on `o`, an orders row) selecting the orders behind a loss-report figure:
 * the same rows the roll-ups summed (drizzle/0012), read from the base tables.
 */
export function drillCondition(drill: Drill): SQL {
  const tz = sql`(select s2.timezone from stores s2 where s2.organization_id = o.organization_id and s2.id = o.store_id)`;
  const parts: SQL[] = [];
  if (drill.storeIds?.length) parts.push(sql`o.store_id in ${drill.storeIds}`);
  const between = (day: SQL) => sql`${day} between ${drill.from}::date and ${drill.to}::date`;

  if (drill.metric === "orders") {
    parts.push(between(sql`(o.placed_at at time zone ${tz})::date`));
    if (drill.currency) parts.push(sql`o.currency = ${drill.currency}`);
  } else if (drill.metric === "requests" || drill.metric === "cancelled") {
    const c: SQL[] = [sql`c.organization_id = o.organization_id`, sql`c.order_id = o.id`, between(sql`(c.created_at at time zone ${tz})::date`)];
    if (drill.reason !== undefined) c.push(sql`c.reason::text = ${drill.reason}`);
    if (drill.supplier !== undefined) c.push(sql`recoup_case_supplier(c.organization_id, c.supplier_order_id, c.order_id) = ${drill.supplier}`);
    if (drill.currency) c.push(sql`c.currency = ${drill.currency}`);
    if (drill.metric === "cancelled") c.push(sql`recoup_case_cancelled_before_dispatch(c.state, c.outcome) = 1`);
    parts.push(sql`exists (select 1 from cancellation_cases c where ${sql.join(c, sql` and `)})`);
  } else {
    const m: SQL[] = [sql`m.organization_id = o.organization_id`, sql`m.order_id = o.id`, between(sql`m.local_date`)];
    const types: Record<Exclude<Drill["metric"], "orders" | "requests" | "cancelled">, SQL> = {
      refunded: sql`m.type in ('customer_refund', 'customer_refund_correction') and m.amount_minor <> 0`,
      store_refunded: sql`m.type in ('customer_refund', 'customer_refund_correction') and m.amount_minor <> 0 and m.source = 'store'`,
      recovered: sql`m.type = 'supplier_refund_received'`,
      loss: sql`m.type in ('customer_refund', 'customer_refund_correction', 'supplier_refund_received') and m.amount_minor <> 0`,
      written_off: sql`m.type = 'supplier_refund_written_off'`,
      exposure: sql`m.type = 'supplier_refund_expected'`,
      overdue: sql`m.type = 'supplier_refund_expected'
        and coalesce((m.expected_latest at time zone ${tz})::date, m.local_date) < (now() at time zone ${tz})::date`,
    };
    m.push(types[drill.metric]);
    if (drill.metric === "exposure" || drill.metric === "overdue") {
      m.push(sql`m.amount_minor > coalesce((select sum(x.amount_minor) from money_movements x
        where x.organization_id = m.organization_id and x.settles_id = m.id
          and x.type in ('supplier_refund_received', 'supplier_refund_written_off')), 0)`);
    }
    if (drill.reason !== undefined) m.push(sql`coalesce(m.reason::text, 'unspecified') = ${drill.reason}`);
    if (drill.supplier !== undefined) m.push(sql`coalesce(m.supplier, '') = ${drill.supplier}`);
    if (drill.currency) m.push(sql`m.currency = ${drill.currency}`);
    parts.push(sql`exists (select 1 from money_movements m where ${sql.join(m, sql` and `)})`);
    if (drill.product !== undefined) {
      parts.push(
        drill.product === ""
          ? sql`not exists (select 1 from order_line_items li where li.organization_id = o.organization_id and li.order_id = o.id)`
          : sql`exists (select 1 from order_line_items li where li.organization_id = o.organization_id and li.order_id = o.id
                  and coalesce(nullif(li.sku, ''), 'title:' || li.title) = ${drill.product})`,
      );
    }
  }
  return sql.join(parts, sql` and `);
}
