import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, optionalTime, tenantColumns, updatedAt } from "../columns";
import { orders, supplierOrders } from "./orders";
import { CASE_OUTCOMES, CASE_STATES, DISPUTE_STATES } from "@/lib/cases";
import { RETURN_REASONS } from "@/lib/supplier-terms";

export const caseState = pgEnum("case_state", CASE_STATES);
export const caseOutcome = pgEnum("case_outcome", CASE_OUTCOMES);
export const returnReason = pgEnum("return_reason", RETURN_REASONS);
export const disputeState = pgEnum("dispute_state", DISPUTE_STATES);
export const disputeKind = pgEnum("dispute_kind", ["supplier", "chargeback"]);

/** One attempt to cancel an order: the guided path from the customer's request to the outcome. */
export const cancellationCases = pgTable(
  "cancellation_cases",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    orderId: uuid().notNull(),
    supplierOrderId: uuid(),
    state: caseState().notNull(),
    reason: returnReason().notNull(),
    reasonNote: text(),
    currency: char({ length: 3 }).notNull(),
    /** The supplier's ship-by when the case opened: the cancel window. */
    shipBy: optionalTime(),
    tooLateReason: text(),
    supplierRequestedAt: optionalTime(),
    contactedSupplierDirectly: boolean().notNull().default(false),
    supplierRespondedAt: optionalTime(),
    trackingDueAt: optionalTime(),
    carrier: text(),
    trackingNumber: text(),
    outcome: caseOutcome(),
    /** Net loss from the ledger at closing: refunded − recovered. Never typed in. */
    lossMinor: bigint({ mode: "number" }),
    assigneeId: uuid(),
    openedBy: uuid(),
    closedAt: optionalTime(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.orderId], foreignColumns: [orders.organizationId, orders.id] }),
    foreignKey({ columns: [t.organizationId, t.supplierOrderId], foreignColumns: [supplierOrders.organizationId, supplierOrders.id] }),
    // One open case per order at a time.
    uniqueIndex("cancellation_cases_one_open_per_order")
      .on(t.organizationId, t.orderId)
      .where(sql`state not in ('closed', 'withdrawn')`),
    index("cancellation_cases_state_idx").on(t.organizationId, t.state, t.updatedAt),
    index("cancellation_cases_store_idx").on(t.organizationId, t.storeId, t.createdAt),
  ],
);

/** A supplier dispute (merchant against supplier) or a chargeback (customer against merchant). */
export const disputes = pgTable(
  "disputes",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    orderId: uuid().notNull(),
    caseId: uuid(),
    supplierOrderId: uuid(),
    kind: disputeKind().notNull(),
    state: disputeState().notNull(),
    reason: text().notNull(),
    currency: char({ length: 3 }).notNull(),
    claimedMinor: bigint({ mode: "number" }).notNull(),
    awardedMinor: bigint({ mode: "number" }),
    respondBy: optionalTime(),
    externalId: text(),
    externalStatus: text(),
    /** Shopify's dispute type (chargeback, inquiry) and reason, for chargebacks. */
    externalType: text(),
    /** A chargeback on an order the merchant had already refunded: the money goes out twice. */
    doubleLoss: boolean().notNull().default(false),
    openedAt: createdAt(),
    resolvedAt: optionalTime(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.orderId], foreignColumns: [orders.organizationId, orders.id] }),
    index("disputes_state_idx").on(t.organizationId, t.state, t.respondBy),
    index("disputes_case_idx").on(t.organizationId, t.caseId),
    uniqueIndex("disputes_external_key").on(t.organizationId, t.storeId, t.externalId).where(sql`external_id is not null`),
    check("disputes_amounts_ok", sql`claimed_minor >= 0 and (awarded_minor is null or (awarded_minor >= 0 and awarded_minor <= claimed_minor))`),
  ],
);

export const evidenceKind = pgEnum("evidence_kind", ["note", "tracking_check", "link"]);

export const disputeEvidence = pgTable(
  "dispute_evidence",
  {
    ...tenantColumns,
    disputeId: uuid().notNull(),
    kind: evidenceKind().notNull(),
    body: text().notNull(),
    url: text(),
    authorId: uuid(),
    authorLabel: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.disputeId], foreignColumns: [disputes.organizationId, disputes.id] }),
    index("dispute_evidence_dispute_idx").on(t.organizationId, t.disputeId, t.createdAt),
  ],
);

export const movementType = pgEnum("movement_type", [
  "customer_refund",
  "customer_refund_correction",
  "supplier_refund_expected",
  "supplier_refund_received",
  "supplier_refund_written_off",
]);
export const movementSource = pgEnum("movement_source", ["recoup", "store", "dispute", "chargeback"]);

/**
 * The refund ledger: append-only money movements. A correction is a new entry. Supplier refunds are
 * expected (with a window), then received or written off against the expectation.
 */
export const moneyMovements = pgTable(
  "money_movements",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    orderId: uuid().notNull(),
    caseId: uuid(),
    disputeId: uuid(),
    type: movementType().notNull(),
    source: movementSource().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    reason: returnReason(),
    /** The supplier this money is attributed to, fixed when it is written (reports); '' when none. */
    supplier: text(),
    /** For received / written-off entries: the expectation they settle. */
    settlesId: uuid(),
    expectedEarliest: optionalTime(),
    expectedLatest: optionalTime(),
    /** Refund-items detail: [{ lineItemId, quantity, amountMinor }] plus shipping. */
    allocation: jsonb(),
    shippingMinor: bigint({ mode: "number" }),
    /** Identifies a store-side refund (Shopify refund id or reported total) so it counts once. */
    externalRef: text(),
    note: text(),
    occurredAt: createdAt(),
    /** The day the money moved, in the store's time zone (for reports). */
    localDate: date({ mode: "string" }),
    createdBy: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.orderId], foreignColumns: [orders.organizationId, orders.id] }),
    index("money_movements_order_idx").on(t.organizationId, t.orderId, t.createdAt),
    index("money_movements_case_idx").on(t.organizationId, t.caseId),
    index("money_movements_store_date_idx").on(t.organizationId, t.storeId, t.localDate),
    // What settled an expectation (exposure, and the roll-up rebuild; without it the rebuild is quadratic).
    index("money_movements_settles_idx").on(t.organizationId, t.settlesId).where(sql`settles_id is not null`),
    uniqueIndex("money_movements_external_ref_key").on(t.organizationId, t.orderId, t.externalRef).where(sql`external_ref is not null`),
    check("money_movements_amount_sign", sql`(type = 'customer_refund_correction') or amount_minor > 0 or (source = 'store' and amount_minor = 0)`),
  ],
);

/** A money mutation's key: a retry returns the first result; the same key with other input is refused. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    organizationId: uuid().notNull(),
    key: text().notNull(),
    operation: text().notNull(),
    requestHash: text().notNull(),
    response: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.key] })],
);
