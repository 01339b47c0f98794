import { bigint, char, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, tenantColumns } from "../columns";
import { organizations } from "./tenancy";

/**
 * Exchange rates an admin enters for the organization's reporting currency: 1 unit of `currency` is
 * `rate` units of `quoteCurrency`, from `validFrom` until the day before the next rate (or `validTo`).
 * A report never guesses a missing rate.
 */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    ...tenantColumns,
    currency: char({ length: 3 }).notNull(),
    quoteCurrency: char({ length: 3 }).notNull(),
    rate: numeric({ precision: 24, scale: 10 }).notNull(),
    validFrom: date({ mode: "string" }).notNull(),
    validTo: date({ mode: "string" }),
    createdBy: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }).onDelete("cascade"),
    index("exchange_rates_lookup_idx").on(t.organizationId, t.currency, t.quoteCurrency, t.validFrom),
  ],
);

// Report rollups. Kept by triggers in the same transaction as every order, case and ledger write
// (drizzle/0011_reports.sql); `recoup_rebuild_report_rollups(org)` recomputes them from scratch.
// Days are the store's local calendar days. `supplier` is '' when the order had no supplier order.

const minor = () => bigint({ mode: "number" }).notNull().default(0);

/** Orders and revenue per store, local day of placement and currency. */
export const reportOrderDays = pgTable(
  "report_order_days",
  {
    organizationId: uuid().notNull(),
    storeId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    orders: integer().notNull().default(0),
    revenueMinor: minor(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.storeId, t.day, t.currency] })],
);

/** Cancellation requests per store, local day the case opened, currency, reason and supplier. */
export const reportCaseDays = pgTable(
  "report_case_days",
  {
    organizationId: uuid().notNull(),
    storeId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    reason: text().notNull(),
    supplier: text().notNull(),
    requests: integer().notNull().default(0),
    cancelledBeforeDispatch: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.storeId, t.day, t.currency, t.reason, t.supplier] })],
);

/** Ledger money per store, local day it moved, currency, reason and supplier. */
export const reportMoneyDays = pgTable(
  "report_money_days",
  {
    organizationId: uuid().notNull(),
    storeId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    reason: text().notNull(),
    supplier: text().notNull(),
    refundedMinor: minor(),
    /** Refunds made in the store outside Recoup (imports, webhooks): part of refundedMinor. */
    storeRefundedMinor: minor(),
    recoveredMinor: minor(),
    expectedMinor: minor(),
    writtenOffMinor: minor(),
    refunds: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.storeId, t.day, t.currency, t.reason, t.supplier] })],
);

/** What is still expected from suppliers, by the expectation's day and its latest local day. */
export const reportExposure = pgTable(
  "report_exposure",
  {
    organizationId: uuid().notNull(),
    storeId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    reason: text().notNull(),
    supplier: text().notNull(),
    latestDay: date({ mode: "string" }).notNull(),
    outstandingMinor: minor(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.storeId, t.day, t.currency, t.reason, t.supplier, t.latestDay] }),
    // The report reads the few rows not yet due (latest day from today on) to tell overdue from outstanding.
    index("report_exposure_latest_day_idx").on(t.organizationId, t.latestDay),
  ],
);

/** Refunded and recovered money attributed to products (SKU, or title without one). */
export const reportProductDays = pgTable(
  "report_product_days",
  {
    organizationId: uuid().notNull(),
    storeId: uuid().notNull(),
    day: date({ mode: "string" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    product: text().notNull(),
    title: text().notNull(),
    refundedMinor: minor(),
    recoveredMinor: minor(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.storeId, t.day, t.currency, t.product] })],
);

// Report read models, kept from the day tables above by triggers (drizzle/0014, 0016, 0018): the same
// figures summed over every store (`report_dim_periods`, `report_product_periods`), over every store
// and supplier (`report_org_periods`) or over reasons and suppliers (`report_store_periods`), at three
// grains — `grain` 'd' rows are days, 'm' rows whole months, 'y' rows whole years (`start` is the
// first day). A year of an organization's report reads a year row and a month row or two per key,
// and its months from the organization model's month rows: about a thousand rows instead of every
// store × day × reason × supplier.

const periodKey = {
  organizationId: uuid().notNull(),
  grain: char({ length: 1 }).notNull(),
  start: date({ mode: "string" }).notNull(),
  currency: char({ length: 3 }).notNull(),
};

const periodFigures = {
  requests: integer().notNull().default(0),
  cancelledBeforeDispatch: integer().notNull().default(0),
  refunds: integer().notNull().default(0),
  refundedMinor: minor(),
  storeRefundedMinor: minor(),
  recoveredMinor: minor(),
  expectedMinor: minor(),
  writtenOffMinor: minor(),
  /** Supplier refunds still expected, by the expectation's day (drizzle/0016, from report_exposure). */
  outstandingMinor: minor(),
};

/** Per store: orders, revenue, requests and money, over every reason and supplier. */
export const reportStorePeriods = pgTable(
  "report_store_periods",
  {
    ...periodKey,
    storeId: uuid().notNull(),
    orders: integer().notNull().default(0),
    revenueMinor: minor(),
    ...periodFigures,
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.grain, t.start, t.storeId, t.currency] })],
);

/** Per reason and supplier: requests and money, over every store. */
export const reportDimPeriods = pgTable(
  "report_dim_periods",
  {
    ...periodKey,
    reason: text().notNull(),
    supplier: text().notNull(),
    ...periodFigures,
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.grain, t.start, t.currency, t.reason, t.supplier] })],
);

/**
 * Per reason, over every store and supplier (drizzle/0017): the total, reason, month and month × reason
 * slices of the organization's report. Orders and revenue have no reason: they sit under reason ''
 * (no cancellation reason is ever ''; a case without one is 'unspecified').
 */
export const reportOrgPeriods = pgTable(
  "report_org_periods",
  {
    ...periodKey,
    reason: text().notNull(),
    orders: integer().notNull().default(0),
    revenueMinor: minor(),
    ...periodFigures,
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.grain, t.start, t.currency, t.reason] })],
);

/** Per product: refunded and recovered money, over every store. */
export const reportProductPeriods = pgTable(
  "report_product_periods",
  {
    ...periodKey,
    product: text().notNull(),
    title: text().notNull(),
    refundedMinor: minor(),
    recoveredMinor: minor(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.grain, t.start, t.currency, t.product] })],
);
