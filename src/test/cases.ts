/**
 * Helpers for the cancellation-case tests: fixture imports, a TenantContext for calling services
 * directly (with a controllable `now`), and raw reads of the ledger and cases as the privileged
 * connection (what really is in the tables, whatever the services say).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/server/db/client";
import { orderLineItems, orders } from "@/server/db/schema";
import { withTenant } from "@/server/db/tenant";
import { importFile } from "@/server/imports/jobs";
import { resolveMembership } from "@/server/tenancy/membership";
import type { TenantContext } from "@/server/tenancy/context";
import { queryRows } from "@/server/db/rows";
import type { TestUser } from "./caller";

export const FIXTURES_DIR = path.join(process.cwd(), "src/server/imports/fixtures");
export const fixtureCsv = (name: string) => readFileSync(path.join(FIXTURES_DIR, name), "utf8");
export const SHOPIFY_EXPORT = "shopify-orders-export.csv";
export const SUPPLIER_ORDERS = "supplier-orders.csv";

const systemActor = { type: "system", label: "test import" } as const;

/** Imports the Shopify export (and, unless told otherwise, the supplier orders) into a store. */
export async function importFixtures(db: Db, organizationId: string, storeId: string, opts: { supplier?: boolean } = {}) {
  const scope = { organizationId, storeId };
  const shop = await importFile(db, scope, "shopify_orders", "orders.csv", fixtureCsv(SHOPIFY_EXPORT), { skipBadRows: false, actor: systemActor });
  if (shop.errors.length) throw new Error(`fixture import failed: ${JSON.stringify(shop.errors)}`);
  if (opts.supplier !== false) {
    const sup = await importFile(db, scope, "supplier_orders", "supplier.csv", fixtureCsv(SUPPLIER_ORDERS), { skipBadRows: false, actor: systemActor });
    if (sup.errors.length) throw new Error(`fixture import failed: ${JSON.stringify(sup.errors)}`);
  }
  return shop;
}

export type ServiceContext = Omit<TenantContext, "tx">;

/** What the tRPC layer would hand a service for `user` acting in `organizationId`. */
export async function serviceContext(db: Db, user: TestUser, organizationId: string): Promise<ServiceContext> {
  const membership = await resolveMembership(db, user.id, organizationId);
  if (!membership || membership.organizationId !== organizationId) throw new Error("not a member");
  return {
    organizationId,
    membership,
    actor: { type: "user", id: user.id, label: user.name },
    requestId: randomUUID(),
    userId: user.id,
  };
}

/** Runs a service in its own tenant transaction, exactly as a procedure does (RLS role, one tx). */
export function inTenant<T>(db: Db, base: ServiceContext, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  return withTenant(db, base.organizationId, (tx) => fn({ ...base, requestId: randomUUID(), tx }));
}

export interface OrderRow {
  id: string;
  name: string;
  totalMinor: number;
  shippingMinor: number;
  ledgerRefundedMinor: number;
  fulfillmentStatus: string;
}

export async function ordersOfStore(db: DbOrTx, organizationId: string, storeId: string) {
  const rows = await db
    .select({
      id: orders.id,
      name: orders.name,
      totalMinor: orders.totalMinor,
      shippingMinor: orders.shippingMinor,
      ledgerRefundedMinor: orders.ledgerRefundedMinor,
      fulfillmentStatus: orders.fulfillmentStatus,
    })
    .from(orders)
    .where(and(eq(orders.organizationId, organizationId), eq(orders.storeId, storeId)));
  return new Map(rows.map((r) => [r.name, r]));
}

export async function lineItemsOf(db: DbOrTx, organizationId: string, orderId: string) {
  return db
    .select()
    .from(orderLineItems)
    .where(and(eq(orderLineItems.organizationId, organizationId), eq(orderLineItems.orderId, orderId)))
    .orderBy(orderLineItems.position);
}

export interface MovementRow {
  id: string;
  order_id: string;
  case_id: string | null;
  dispute_id: string | null;
  type: string;
  source: string;
  amount_minor: number;
  settles_id: string | null;
  external_ref: string | null;
}

/** Every ledger row of an organization, read straight from the table. */
export async function movementsOf(db: DbOrTx, organizationId: string): Promise<MovementRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, order_id, case_id, dispute_id, type, source, amount_minor, settles_id, external_ref
        from money_movements where organization_id = ${organizationId} order by created_at, id`,
  );
  return rows.map((r) => ({ ...(r as unknown as MovementRow), amount_minor: Number(r.amount_minor) }));
}

export async function countRows(db: DbOrTx, table: "money_movements" | "audit_events" | "cancellation_cases" | "disputes", organizationId: string) {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId}`);
  return Number(row?.n ?? 0);
}

/** Refunded, recovered, exposure computed from raw rows (the reference the figures are checked against). */
export function figuresFromRows(rows: MovementRow[]) {
  const refunded = rows.filter((r) => r.type === "customer_refund" || r.type === "customer_refund_correction").reduce((a, r) => a + r.amount_minor, 0);
  const recovered = rows.filter((r) => r.type === "supplier_refund_received").reduce((a, r) => a + r.amount_minor, 0);
  const settled = new Map<string, number>();
  for (const r of rows) {
    if ((r.type === "supplier_refund_received" || r.type === "supplier_refund_written_off") && r.settles_id) {
      settled.set(r.settles_id, (settled.get(r.settles_id) ?? 0) + r.amount_minor);
    }
  }
  const exposure = rows
    .filter((r) => r.type === "supplier_refund_expected")
    .reduce((a, r) => a + Math.max(0, r.amount_minor - (settled.get(r.id) ?? 0)), 0);
  return { refunded, recovered, netLoss: refunded - recovered, exposure };
}

export const idemKey = () => `test-${randomUUID()}`;
