import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  char,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, optionalTime, tenantColumns, updatedAt } from "../columns";
import { stores } from "./tenancy";
import {
  CANCEL_REASONS,
  FINANCIAL_STATUSES,
  FULFILLMENT_STATUSES,
  LINE_ITEM_FULFILLMENT_STATUSES,
  SUPPLIER_ORDER_STATUSES,
} from "@/lib/orders";
import { timestamp } from "drizzle-orm/pg-core";

export const financialStatus = pgEnum("financial_status", FINANCIAL_STATUSES);
export const fulfillmentStatus = pgEnum("fulfillment_status", FULFILLMENT_STATUSES);
export const lineItemFulfillmentStatus = pgEnum("line_item_fulfillment_status", LINE_ITEM_FULFILLMENT_STATUSES);
export const cancelReason = pgEnum("cancel_reason", CANCEL_REASONS);
export const supplierOrderStatus = pgEnum("supplier_order_status", SUPPLIER_ORDER_STATUSES);
export const orderSource = pgEnum("order_source", ["import", "webhook", "manual", "seed"]);

const minor = () => bigint({ mode: "number" }).notNull().default(0);

/** The store side of an order. `name` (#1001) is unique per store and is how imports match. */
export const orders = pgTable(
  "orders",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    externalId: text(),
    name: text().notNull(),
    email: text(),
    customerName: text(),
    currency: char({ length: 3 }).notNull(),
    subtotalMinor: minor(),
    shippingMinor: minor(),
    taxMinor: minor(),
    discountMinor: minor(),
    totalMinor: minor(),
    /** What the store reports as refunded so far (imports, webhooks); the ledger is the source of truth. */
    storeRefundedMinor: minor(),
    /** Sum of customer refunds in the ledger, kept by a trigger; a CHECK keeps it within the total. */
    ledgerRefundedMinor: minor(),
    financialStatus: financialStatus().notNull(),
    fulfillmentStatus: fulfillmentStatus().notNull(),
    placedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    paidAt: optionalTime(),
    fulfilledAt: optionalTime(),
    cancelledAt: optionalTime(),
    cancelReason: cancelReason(),
    shippingCountry: char({ length: 2 }),
    note: text(),
    source: orderSource().notNull(),
    /** Hash of the imported content: a re-import of identical data changes nothing. */
    contentHash: text(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("orders_store_name_key").on(t.organizationId, t.storeId, t.name),
    foreignKey({ columns: [t.organizationId, t.storeId], foreignColumns: [stores.organizationId, stores.id] }),
    check("orders_refund_within_total", sql`ledger_refunded_minor >= 0 and ledger_refunded_minor <= total_minor`),
    // Plain ascending btrees: a backward scan serves "newest first" (NULLS FIRST, as the list asks),
    // a forward scan "oldest first" (docs/perf.md, EXPLAIN findings).
    index("orders_org_placed_idx").on(t.organizationId, t.placedAt, t.id),
    index("orders_store_placed_idx").on(t.organizationId, t.storeId, t.placedAt, t.id),
    index("orders_store_status_idx").on(t.organizationId, t.storeId, t.financialStatus),
    index("orders_store_external_idx").on(t.organizationId, t.storeId, t.externalId),
    index("orders_org_email_idx").on(t.organizationId, t.email),
  ],
);

export const orderLineItems = pgTable(
  "order_line_items",
  {
    ...tenantColumns,
    orderId: uuid().notNull(),
    position: integer().notNull(),
    sku: text(),
    title: text().notNull(),
    quantity: integer().notNull(),
    unitPriceMinor: minor(),
    supplierCostMinor: bigint({ mode: "number" }),
    fulfillmentStatus: lineItemFulfillmentStatus().notNull().default("unfulfilled"),
    vendor: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("order_line_items_position_key").on(t.organizationId, t.orderId, t.position),
    foreignKey({ columns: [t.organizationId, t.orderId], foreignColumns: [orders.organizationId, orders.id] }).onDelete("cascade"),
    index("order_line_items_sku_idx").on(t.organizationId, t.sku),
  ],
);

/** The supplier side: one store order may have several supplier orders. */
export const supplierOrders = pgTable(
  "supplier_orders",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    orderId: uuid().notNull(),
    supplier: text().notNull(),
    supplierOrderNumber: text().notNull(),
    status: supplierOrderStatus().notNull(),
    cancellationPending: boolean().notNull().default(false),
    disputeOpen: boolean().notNull().default(false),
    costMinor: minor(),
    currency: char({ length: 3 }).notNull(),
    paidAt: optionalTime(),
    /** Paid + the supplier's dispatch window in its country's business days; null until paid. */
    shipBy: optionalTime(),
    shippedAt: optionalTime(),
    carrier: text(),
    trackingNumber: text(),
    contentHash: text(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("supplier_orders_number_key").on(t.organizationId, t.storeId, t.supplier, t.supplierOrderNumber),
    foreignKey({ columns: [t.organizationId, t.orderId], foreignColumns: [orders.organizationId, orders.id] }).onDelete("cascade"),
    index("supplier_orders_order_idx").on(t.organizationId, t.orderId),
    index("supplier_orders_ship_by_idx").on(t.organizationId, t.shipBy),
  ],
);

/** Every Shopify delivery we accepted, de-duplicated by its webhook id per store. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    webhookId: text().notNull(),
    topic: text().notNull(),
    status: text().notNull(),
    payload: jsonb(),
    receivedAt: createdAt(),
    processedAt: optionalTime(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("webhook_deliveries_webhook_key").on(t.organizationId, t.storeId, t.webhookId),
  ],
);

export const importKind = pgEnum("import_kind", ["shopify_orders", "supplier_orders"]);
export const importStatus = pgEnum("import_status", ["previewed", "running", "completed", "failed", "discarded"]);

/** An uploaded file and its progress, so an import survives a page reload. */
export const importJobs = pgTable(
  "import_jobs",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    kind: importKind().notNull(),
    fileName: text().notNull(),
    fileSize: integer().notNull(),
    fileSha256: text().notNull(),
    status: importStatus().notNull(),
    skipBadRows: boolean().notNull().default(false),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    summary: jsonb(),
    errors: jsonb(),
    createdBy: uuid(),
    createdAt: createdAt(),
    finishedAt: optionalTime(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] }), index("import_jobs_store_idx").on(t.organizationId, t.storeId, t.createdAt)],
);

/** The uploaded bytes, kept until the import finishes or is discarded. */
export const importFiles = pgTable(
  "import_files",
  {
    organizationId: uuid().notNull(),
    jobId: uuid().notNull(),
    content: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.jobId] }),
    foreignKey({ columns: [t.organizationId, t.jobId], foreignColumns: [importJobs.organizationId, importJobs.id] }).onDelete("cascade"),
  ],
);
