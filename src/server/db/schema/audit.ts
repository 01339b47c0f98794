import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenantColumns } from "../columns";
import { actorType } from "./enums";

/**
 * Append-only, hash-chained per organization. Triggers in the migrations reject UPDATE, DELETE and
 * TRUNCATE; the application role may only SELECT and INSERT.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    ...tenantColumns,
    seq: bigint({ mode: "number" }).notNull(),
    storeId: uuid(),
    /** The store order this event belongs to, if any: the order page's timeline reads by it. */
    orderId: uuid(),
    actorType: actorType().notNull(),
    actorId: text(),
    actorLabel: text().notNull(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("audit_events_org_seq_key").on(t.organizationId, t.seq),
    index("audit_events_org_time_idx").on(t.organizationId, t.createdAt),
    index("audit_events_org_order_idx").on(t.organizationId, t.orderId, t.seq),
    index("audit_events_org_entity_idx").on(t.organizationId, t.entityType, t.entityId),
  ],
);
