import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { auditEvents, orderLineItems, orders, stores, supplierOrders } from "../db/schema";
import { describeAuditEvent } from "../audit/events";
import { describeTimeLeft } from "../deadlines/calendar";
import { notFound } from "../errors";
import { DISPATCHED_SUPPLIER_STATUSES } from "@/lib/orders";
import type { ResolvedMembership } from "../tenancy/membership";

/** Reads one order the member may see (NOT_FOUND otherwise, as for an order that does not exist). */
export async function findVisibleOrder(db: DbOrTx, organizationId: string, membership: ResolvedMembership, orderId: string) {
  const [row] = await db
    .select({ order: orders, store: stores })
    .from(orders)
    .innerJoin(stores, and(eq(stores.organizationId, orders.organizationId), eq(stores.id, orders.storeId)))
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId)));
  if (!row || (membership.storeIds && !membership.storeIds.includes(row.order.storeId))) throw notFound("Order");
  return row;
}

/** Both halves of an order, its deadlines with time left, and its timeline from the audit trail. */
export async function getOrderDetail(
  db: DbOrTx,
  organizationId: string,
  membership: ResolvedMembership,
  orderId: string,
  now = new Date(),
) {
  const { order, store } = await findVisibleOrder(db, organizationId, membership, orderId);
  const [lineItems, suppliers, timeline] = await Promise.all([
    db
      .select()
      .from(orderLineItems)
      .where(and(eq(orderLineItems.organizationId, organizationId), eq(orderLineItems.orderId, orderId)))
      .orderBy(asc(orderLineItems.position)),
    db
      .select()
      .from(supplierOrders)
      .where(and(eq(supplierOrders.organizationId, organizationId), eq(supplierOrders.orderId, orderId)))
      .orderBy(asc(supplierOrders.createdAt)),
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, organizationId), eq(auditEvents.orderId, orderId)))
      .orderBy(asc(auditEvents.seq))
      .limit(500),
  ]);
  const calendar = { country: store.supplierTerms.supplierCountry, timeZone: store.timezone };
  return {
    order,
    store: {
      id: store.id,
      name: store.name,
      currency: store.currency,
      timezone: store.timezone,
      country: store.country,
      supplierTerms: store.supplierTerms,
    },
    lineItems,
    supplierOrders: suppliers.map((s) => {
      const open = !DISPATCHED_SUPPLIER_STATUSES.includes(s.status) && s.status !== "cancelled" && s.status !== "closed";
      return {
        ...s,
        shipByTimeLeft: s.shipBy && open ? describeTimeLeft(s.shipBy, now, calendar) : null,
      };
    }),
    timeline: timeline.map((e) => ({
      id: e.id,
      seq: e.seq,
      action: e.action,
      actorType: e.actorType,
      actorLabel: e.actorLabel,
      createdAt: e.createdAt,
      sentence: describeAuditEvent(e.action, { ...(e.before as object), ...(e.after as object) }),
    })),
  };
}
