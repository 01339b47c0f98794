import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { dateSchema } from "@/lib/validation";
import type { DbOrTx } from "../db/client";
import { queryRows } from "../db/rows";
import { FINANCIAL_STATUSES, FULFILLMENT_STATUSES, SUPPLIER_ORDER_STATUSES } from "@/lib/orders";
import type { ResolvedMembership } from "../tenancy/membership";
import { invalid } from "../errors";
import { drillSchema } from "@/lib/reports/drill";
import { drillCondition } from "../reports/drill";

export const ORDER_SORTS = ["placed_desc", "placed_asc", "total_desc", "total_asc"] as const;

export const listOrdersSchema = z.object({
  storeId: z.uuid().optional(),
  financialStatus: z.array(z.enum(FINANCIAL_STATUSES)).max(FINANCIAL_STATUSES.length).optional(),
  fulfillmentStatus: z.array(z.enum(FULFILLMENT_STATUSES)).max(FULFILLMENT_STATUSES.length).optional(),
  /** A supplier status, `none` (no supplier order yet) or `past_ship_by` (not dispatched, window closed). */
  supplierStatus: z.enum([...SUPPLIER_ORDER_STATUSES, "none", "past_ship_by"]).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  q: z.string().trim().max(100).optional(),
  orderIds: z.array(z.uuid()).max(500).optional(),
  /** The orders behind a loss-report figure (src/lib/reports/drill.ts). */
  drill: drillSchema.optional(),
  sort: z.enum(ORDER_SORTS).default("placed_desc"),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListOrdersInput = z.infer<typeof listOrdersSchema>;

export interface OrderListRow {
  id: string;
  storeId: string;
  storeName: string;
  storeTimezone: string;
  name: string;
  email: string | null;
  customerName: string | null;
  currency: string;
  totalMinor: number;
  financialStatus: string;
  fulfillmentStatus: string;
  placedAt: Date;
  supplierStatus: string | null;
  supplierCount: number;
  shipBy: Date | null;
}

function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === "string" && /^[0-9a-f-]{36}$/.test(parsed[1])) {
      return parsed as [string | number, string];
    }
  } catch {
    // fall through
  }
  throw invalid("That page link is no longer valid. Start from the first page.");
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The WHERE clause shared by the page and the count: tenant, visible stores, filters. */
export function orderFilters(organizationId: string, membership: ResolvedMembership, input: ListOrdersInput): SQL {
  const parts: SQL[] = [sql`o.organization_id = ${organizationId}`];
  if (membership.storeIds) {
    parts.push(membership.storeIds.length ? sql`o.store_id in ${membership.storeIds}` : sql`false`);
  }
  if (input.storeId) parts.push(sql`o.store_id = ${input.storeId}`);
  if (input.financialStatus?.length) parts.push(sql`o.financial_status in ${input.financialStatus}`);
  if (input.fulfillmentStatus?.length) parts.push(sql`o.fulfillment_status in ${input.fulfillmentStatus}`);
  if (input.from) parts.push(sql`o.placed_at >= ${input.from.toISOString()}::timestamptz`);
  if (input.to) parts.push(sql`o.placed_at < ${input.to.toISOString()}::timestamptz`);
  if (input.orderIds) parts.push(input.orderIds.length ? sql`o.id in ${input.orderIds}` : sql`false`);
  if (input.drill) parts.push(drillCondition(input.drill));
  if (input.supplierStatus === "none") {
    parts.push(sql`not exists (select 1 from supplier_orders so where so.organization_id = o.organization_id and so.order_id = o.id)`);
  } else if (input.supplierStatus === "past_ship_by") {
    parts.push(
      sql`exists (select 1 from supplier_orders so where so.organization_id = o.organization_id and so.order_id = o.id
            and so.status in ('awaiting_payment', 'awaiting_shipment') and so.ship_by < now())`,
    );
  } else if (input.supplierStatus) {
    parts.push(
      sql`exists (select 1 from supplier_orders so where so.organization_id = o.organization_id and so.order_id = o.id and so.status = ${input.supplierStatus})`,
    );
  }
  if (input.q) {
    const pattern = `%${escapeLike(input.q)}%`;
    parts.push(sql`(o.name ilike ${pattern} or o.email ilike ${pattern} or o.customer_name ilike ${pattern}
      or exists (select 1 from order_line_items li where li.organization_id = o.organization_id and li.order_id = o.id and li.sku ilike ${pattern}))`);
  }
  return sql.join(parts, sql` and `);
}

const COUNT_CAP = 10_000;

/** One keyset page of orders across the member's stores, plus a (capped) count of all matches. */
export async function listOrders(db: DbOrTx, organizationId: string, membership: ResolvedMembership, input: ListOrdersInput) {
  const where = orderFilters(organizationId, membership, input);
  const byTotal = input.sort.startsWith("total");
  const desc = input.sort.endsWith("desc");
  const key = byTotal ? sql`o.total_minor` : sql`o.placed_at`;
  let keyset = sql`true`;
  if (input.cursor) {
    const [value, id] = decodeCursor(input.cursor);
    const typed = byTotal ? sql`${Number(value)}::bigint` : sql`${String(value)}::timestamptz`;
    keyset = desc ? sql`(${key}, o.id) < (${typed}, ${id}::uuid)` : sql`(${key}, o.id) > (${typed}, ${id}::uuid)`;
  }
  const direction = desc ? sql`desc` : sql`asc`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select o.id, o.store_id, s.name as store_name, s.timezone as store_timezone, o.name, o.email, o.customer_name,
          o.currency, o.total_minor, o.financial_status, o.fulfillment_status, o.placed_at,
          sup.status as supplier_status, sup.ship_by, coalesce(sup.n, 0) as supplier_count
        from orders o
        join stores s on s.organization_id = o.organization_id and s.id = o.store_id
        left join lateral (
          select so.status, so.ship_by, count(*) over () as n
          from supplier_orders so
          where so.organization_id = o.organization_id and so.order_id = o.id
          order by (so.status in ('awaiting_payment', 'awaiting_shipment')) desc, so.ship_by asc nulls last
          limit 1
        ) sup on true
        where ${where} and ${keyset}
        order by ${key} ${direction}, o.id ${direction}
        limit ${input.limit + 1}`,
  );
  const page = rows.slice(0, input.limit).map(
    (r): OrderListRow => ({
      id: String(r.id),
      storeId: String(r.store_id),
      storeName: String(r.store_name),
      storeTimezone: String(r.store_timezone),
      name: String(r.name),
      email: (r.email as string | null) ?? null,
      customerName: (r.customer_name as string | null) ?? null,
      currency: String(r.currency),
      totalMinor: Number(r.total_minor),
      financialStatus: String(r.financial_status),
      fulfillmentStatus: String(r.fulfillment_status),
      placedAt: new Date(r.placed_at as string),
      supplierStatus: (r.supplier_status as string | null) ?? null,
      supplierCount: Number(r.supplier_count),
      shipBy: r.ship_by ? new Date(r.ship_by as string) : null,
    }),
  );
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > input.limit && last ? encodeCursor(byTotal ? last.totalMinor : last.placedAt.toISOString(), last.id) : null;
  return { items: page, nextCursor };
}

export async function countOrders(db: DbOrTx, organizationId: string, membership: ResolvedMembership, input: ListOrdersInput) {
  const where = orderFilters(organizationId, membership, input);
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (select 1 from orders o where ${where} limit ${COUNT_CAP + 1}) t`,
  );
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
