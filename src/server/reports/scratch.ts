import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { queryRows } from "../db/rows";
import { notFound } from "../errors";
import type { ResolvedMembership } from "../tenancy/membership";
import type { LossReportInput } from "@/lib/reports/input";
import { FIGURE_KEYS, MONEY_FIGURE_KEYS, zeroFigures, type AppliedRate, type LossFigures, type PeriodFigures } from "@/lib/reports/figures";
import { currencyExponent } from "@/lib/money";
import type { LossReport, ProductLoss, ReportStore, RolledUp } from "./loss";

/**
 * The refund-loss report computed from scratch: plain rows of the base tables (stores, orders, line
 * items, supplier orders, cases, the ledger, exchange rates) and TypeScript, with none of the
 * roll-up tables, SQL aggregation or columns a trigger filled in. It is the oracle the property test
 * holds `lossReport` (loss.ts) to, and it spells out the rules the roll-ups follow (drizzle/0012):
 *
 * - A day is the store-local calendar day (the store's current time zone) of the instant: an order's
 *   placement, a case's opening, a ledger entry's `occurred_at`. A report range is inclusive; the
 *   previous period is as long and ends the day before.
 * - Orders and revenue have no reason or supplier: they count in the total, store and month slices.
 * - A cancellation request is a case, on the day it opened, with the case's reason. It counts as
 *   cancelled before dispatch when the state is `supplier_accepted` or `store_cancelled`, or the outcome
 *   `cancelled_full_recovery` or `cancelled_with_loss`.
 * - Supplier of a case: its supplier order's supplier; without one, the order's first supplier order
 *   (by created_at, then id); '' when the order has none.
 * - A ledger entry settling an expectation takes the expectation's reason and supplier; otherwise (or
 *   where the expectation has none) its case's reason and supplier; the supplier falls back to the
 *   order's first supplier order, then ''. The reason is 'unspecified' when nothing gives one. (The app
 *   only ever writes a case's own reason on an entry, so the entry's `reason` column is read only when
 *   neither an expectation nor a case can give one.)
 * - Refunded = customer refunds + corrections (negative ones too), in the store's part when the source
 *   is `store`; refunds = the count of customer refunds above zero. Recovered = supplier refunds
 *   received. Expected / written off: those entries. Net loss = refunded − recovered.
 * - Exposure: each expectation made in the period, less everything received or written off against it
 *   (whenever that happened); overdue when its latest expected day (store-local) is before today
 *   (store-local, at `now`).
 * - Products: a refund's or recovery's amount is shared over the order's lines in proportion to the
 *   refunded items' amounts (when the entry lists them) or to the line totals; each share is truncated
 *   toward zero and the remainder goes to the largest line (the first by position among equals), so the
 *   shares add up to the amount. Without a line of positive weight it all goes to the product ''. A
 *   product is its SKU, or `title:<title>` for a line without one.
 * - Roll-up: each period's totals converted at the rate valid on the period's last day (the one with
 *   the latest start among those covering it), rounding half away from zero per currency and figure; a
 *   currency without a rate leaves the figures out (null) and is named as missing.
 */

// ---------------------------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------------------------

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `instant` in `timeZone`, `YYYY-MM-DD`. */
export function localDay(instant: Date, timeZone: string): string {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hourCycle: "h23" });
    dayFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function dayCount(from: string, to: string): number {
  const at = (day: string) => {
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((at(to) - at(from)) / 86_400_000) + 1;
}

// ---------------------------------------------------------------------------------------------
// Base rows
// ---------------------------------------------------------------------------------------------

interface OrderRow {
  id: string;
  storeId: string;
  currency: string;
  totalMinor: number;
  placedAt: Date;
}
interface LineRow {
  id: string;
  orderId: string;
  position: number;
  sku: string | null;
  title: string;
  quantity: number;
  unitPriceMinor: number;
}
interface SupplierOrderRow {
  id: string;
  orderId: string;
  supplier: string;
  /** created_at in UTC to the microsecond, so it sorts as text exactly as the timestamps do. */
  createdKey: string;
}
interface CaseRow {
  id: string;
  storeId: string;
  orderId: string;
  supplierOrderId: string | null;
  currency: string;
  reason: string;
  state: string;
  outcome: string | null;
  createdAt: Date;
}
interface MovementRow {
  id: string;
  storeId: string;
  orderId: string;
  caseId: string | null;
  type: string;
  source: string;
  amountMinor: number;
  currency: string;
  reason: string | null;
  settlesId: string | null;
  expectedLatest: Date | null;
  allocation: unknown;
  occurredAt: Date;
}
interface RateRow {
  currency: string;
  quoteCurrency: string;
  rate: string;
  validFrom: string;
  validTo: string | null;
  createdKey: string;
}

type Raw = Record<string, unknown>;
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const time = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
const utcKey = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`);

async function loadBase(db: DbOrTx, organizationId: string) {
  const [stores, orders, lines, supplierOrders, cases, movements, rates] = await Promise.all([
    queryRows<Raw>(db, sql`select id, name, currency, timezone, archived_at from stores where organization_id = ${organizationId}`),
    queryRows<Raw>(db, sql`select id, store_id, currency, total_minor, placed_at from orders where organization_id = ${organizationId}`),
    queryRows<Raw>(
      db,
      sql`select id, order_id, position, sku, title, quantity, unit_price_minor from order_line_items where organization_id = ${organizationId}`,
    ),
    queryRows<Raw>(db, sql`select id, order_id, supplier, ${utcKey("created_at")} as created_key from supplier_orders where organization_id = ${organizationId}`),
    queryRows<Raw>(
      db,
      sql`select id, store_id, order_id, supplier_order_id, currency, reason, state, outcome, created_at
          from cancellation_cases where organization_id = ${organizationId}`,
    ),
    queryRows<Raw>(
      db,
      sql`select id, store_id, order_id, case_id, type, source, amount_minor, currency, reason, settles_id, expected_latest, allocation, occurred_at
          from money_movements where organization_id = ${organizationId}`,
    ),
    queryRows<Raw>(
      db,
      sql`select currency, quote_currency, rate::text as rate, valid_from::text as valid_from, valid_to::text as valid_to,
                 ${utcKey("created_at")} as created_key
          from exchange_rates where organization_id = ${organizationId}`,
    ),
  ]);
  return {
    stores: stores.map(
      (r): ReportStore => ({
        id: String(r.id),
        name: String(r.name),
        currency: String(r.currency),
        timezone: String(r.timezone),
        archived: r.archived_at !== null,
      }),
    ),
    orders: orders.map(
      (r): OrderRow => ({
        id: String(r.id),
        storeId: String(r.store_id),
        currency: String(r.currency),
        totalMinor: Number(r.total_minor),
        placedAt: time(r.placed_at)!,
      }),
    ),
    lines: lines.map(
      (r): LineRow => ({
        id: String(r.id),
        orderId: String(r.order_id),
        position: Number(r.position),
        sku: text(r.sku),
        title: String(r.title),
        quantity: Number(r.quantity),
        unitPriceMinor: Number(r.unit_price_minor),
      }),
    ),
    supplierOrders: supplierOrders.map(
      (r): SupplierOrderRow => ({ id: String(r.id), orderId: String(r.order_id), supplier: String(r.supplier), createdKey: String(r.created_key) }),
    ),
    cases: cases.map(
      (r): CaseRow => ({
        id: String(r.id),
        storeId: String(r.store_id),
        orderId: String(r.order_id),
        supplierOrderId: text(r.supplier_order_id),
        currency: String(r.currency),
        reason: String(r.reason),
        state: String(r.state),
        outcome: text(r.outcome),
        createdAt: time(r.created_at)!,
      }),
    ),
    movements: movements.map(
      (r): MovementRow => ({
        id: String(r.id),
        storeId: String(r.store_id),
        orderId: String(r.order_id),
        caseId: text(r.case_id),
        type: String(r.type),
        source: String(r.source),
        amountMinor: Number(r.amount_minor),
        currency: String(r.currency),
        reason: text(r.reason),
        settlesId: text(r.settles_id),
        expectedLatest: time(r.expected_latest),
        allocation: typeof r.allocation === "string" ? (JSON.parse(r.allocation) as unknown) : r.allocation,
        occurredAt: time(r.occurred_at)!,
      }),
    ),
    rates: rates.map(
      (r): RateRow => ({
        currency: String(r.currency),
        quoteCurrency: String(r.quote_currency),
        rate: String(r.rate),
        validFrom: String(r.valid_from),
        validTo: text(r.valid_to),
        createdKey: String(r.created_key),
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Attribution
// ---------------------------------------------------------------------------------------------

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function attribution(base: Awaited<ReturnType<typeof loadBase>>) {
  const supplierOrderById = new Map(base.supplierOrders.map((s) => [s.id, s]));
  const firstSupplier = new Map<string, SupplierOrderRow>();
  for (const s of base.supplierOrders) {
    const current = firstSupplier.get(s.orderId);
    if (!current || byCodePoint(s.createdKey, current.createdKey) < 0 || (s.createdKey === current.createdKey && byCodePoint(s.id, current.id) < 0)) {
      firstSupplier.set(s.orderId, s);
    }
  }
  const orderSupplier = (orderId: string) => firstSupplier.get(orderId)?.supplier ?? "";
  const caseSupplier = (kase: CaseRow, orderId: string) =>
    kase.supplierOrderId === null ? orderSupplier(orderId) : (supplierOrderById.get(kase.supplierOrderId)?.supplier ?? "");

  const caseById = new Map(base.cases.map((c) => [c.id, c]));
  const movementById = new Map(base.movements.map((m) => [m.id, m]));
  const memo = new Map<string, { reason: string | null; supplier: string }>();
  const ofMovement = (m: MovementRow, depth = 0): { reason: string | null; supplier: string } => {
    const known = memo.get(m.id);
    if (known) return known;
    let reason: string | null = null;
    let supplier: string | null = null;
    const expectation = m.settlesId !== null && depth < 8 ? movementById.get(m.settlesId) : undefined;
    if (expectation) ({ reason, supplier } = ofMovement(expectation, depth + 1));
    const kase = m.caseId !== null ? caseById.get(m.caseId) : undefined;
    if (kase) {
      reason ??= kase.reason;
      supplier ??= caseSupplier(kase, m.orderId);
    }
    const result = { reason: reason ?? m.reason, supplier: supplier ?? orderSupplier(m.orderId) };
    memo.set(m.id, result);
    return result;
  };
  return { caseSupplier, ofMovement };
}

export function cancelledBeforeDispatch(state: string, outcome: string | null): boolean {
  return state === "supplier_accepted" || state === "store_cancelled" || outcome === "cancelled_full_recovery" || outcome === "cancelled_with_loss";
}

// ---------------------------------------------------------------------------------------------
// Product shares
// ---------------------------------------------------------------------------------------------

export function productOf(line: { sku: string | null; title: string }): string {
  return line.sku !== null && line.sku !== "" ? line.sku : `title:${line.title}`;
}

/** An amount shared over an order's lines (see the rules above); the shares add up to the amount. */
export function productShares(
  amountMinor: number,
  lines: readonly LineRow[],
  allocation: unknown,
): { product: string; title: string; share: number }[] {
  const byItem = new Map<string, bigint>();
  if (Array.isArray(allocation)) {
    for (const entry of allocation as Record<string, unknown>[]) {
      if (!entry || typeof entry !== "object" || !("lineItemId" in entry) || !("amountMinor" in entry)) continue;
      const id = String(entry.lineItemId);
      byItem.set(id, (byItem.get(id) ?? 0n) + BigInt(Number(entry.amountMinor)));
    }
  }
  const allocated = [...byItem.values()].reduce((a, b) => a + b, 0n);
  const weighted = lines.map((line) => ({
    line,
    weight: allocated > 0n ? (byItem.get(line.id) ?? 0n) : BigInt(line.quantity) * BigInt(line.unitPriceMinor),
  }));
  const total = weighted.reduce((a, w) => a + w.weight, 0n);
  if (total <= 0n) return [{ product: "", title: "", share: amountMinor }];

  const amount = BigInt(amountMinor);
  // BigInt division truncates toward zero, as the shares do for a negative correction too.
  const shares = weighted.map((w) => ({ ...w, share: (amount * w.weight) / total }));
  const largest = [...shares].sort((a, b) => (b.weight > a.weight ? 1 : b.weight < a.weight ? -1 : a.line.position - b.line.position))[0]!;
  largest.share += amount - shares.reduce((a, s) => a + s.share, 0n);
  return shares.map((s) => ({ product: productOf(s.line), title: s.line.title, share: Number(s.share) }));
}

// ---------------------------------------------------------------------------------------------
// Exchange rates
// ---------------------------------------------------------------------------------------------

/** "0.0007400000" → "0.00074", "1.0000000000" → "1". */
function tidy(rate: string): string {
  if (!rate.includes(".")) return rate;
  const trimmed = rate.replace(/0+$/, "");
  return trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed;
}

function rateOn(rates: RateRow[], currency: string, quote: string, day: string): RateRow | null {
  const covering = rates.filter((r) => r.currency === currency && r.quoteCurrency === quote && r.validFrom <= day && (r.validTo === null || r.validTo >= day));
  covering.sort((a, b) => byCodePoint(b.validFrom, a.validFrom) || byCodePoint(b.createdKey, a.createdKey));
  return covering[0] ?? null;
}

/** minor × rate, rescaled between the currencies' exponents, rounded half away from zero. */
function convert(minor: number, from: string, to: string, rate: string): number {
  const [whole, fraction = ""] = rate.split(".") as [string, string?];
  const numerator = BigInt(minor) * BigInt(whole + fraction) * 10n ** BigInt(currencyExponent(to));
  const denominator = 10n ** BigInt(fraction.length + currencyExponent(from));
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator * sign;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return Number(sign * rounded);
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

interface Slice extends PeriodFigures {
  dimension: "total" | "store" | "supplier" | "reason" | "month" | "month_reason";
  key: string;
}

export async function lossReportFromScratch(
  db: DbOrTx,
  organizationId: string,
  membership: ResolvedMembership,
  input: LossReportInput,
  now = new Date(),
): Promise<LossReport> {
  const base = await loadBase(db, organizationId);

  // The stores: every one the member may see, or the chosen ones (each of which must be visible).
  const visible = base.stores.filter((s) => membership.storeIds === null || membership.storeIds.includes(s.id));
  const chosen = input.storeIds?.length ? new Set(input.storeIds) : null;
  const stores = visible.filter((s) => !chosen || chosen.has(s.id)).sort((a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id));
  if (chosen && stores.length !== chosen.size) throw notFound("Store");
  const storeById = new Map(stores.map((s) => [s.id, s]));

  const range = { from: input.from, to: input.to };
  const previousTo = shiftDay(range.from, -1);
  const previous = { from: shiftDay(previousTo, -(dayCount(range.from, range.to) - 1)), to: previousTo };
  const periodOf = (day: string): "current" | "previous" | null =>
    day >= range.from && day <= range.to ? "current" : day >= previous.from && day <= previous.to ? "previous" : null;

  const { caseSupplier, ofMovement } = attribution(base);
  const slices = new Map<string, Slice>();
  const add = (dimension: Slice["dimension"], key: string, currency: string, period: "current" | "previous", more: Partial<LossFigures>) => {
    const id = `${dimension}|${key}|${currency}`;
    let slice = slices.get(id);
    if (!slice) {
      slice = { dimension, key, currency, current: zeroFigures(), previous: zeroFigures() };
      slices.set(id, slice);
    }
    for (const k of FIGURE_KEYS) slice[period][k] += more[k] ?? 0;
  };
  /** One fact on a store-local day; orders have no reason or supplier and skip those slices. */
  const count = (storeId: string, day: string, currency: string, who: { reason: string; supplier: string } | null, more: Partial<LossFigures>) => {
    const period = periodOf(day);
    if (!period) return;
    const month = `${day.slice(0, 7)}-01`;
    add("total", "", currency, period, more);
    add("store", storeId, currency, period, more);
    add("month", month, currency, period, more);
    if (who) {
      add("supplier", who.supplier, currency, period, more);
      add("reason", who.reason, currency, period, more);
      add("month_reason", `${month}|${who.reason}`, currency, period, more);
    }
  };
  const dayIn = (storeId: string, instant: Date) => localDay(instant, storeById.get(storeId)!.timezone);

  for (const order of base.orders) {
    if (!storeById.has(order.storeId)) continue;
    count(order.storeId, dayIn(order.storeId, order.placedAt), order.currency, null, { orders: 1, revenueMinor: order.totalMinor });
  }

  for (const kase of base.cases) {
    if (!storeById.has(kase.storeId)) continue;
    count(kase.storeId, dayIn(kase.storeId, kase.createdAt), kase.currency, { reason: kase.reason, supplier: caseSupplier(kase, kase.orderId) }, {
      requests: 1,
      cancelledBeforeDispatch: cancelledBeforeDispatch(kase.state, kase.outcome) ? 1 : 0,
    });
  }

  const settledOf = new Map<string, number>();
  for (const m of base.movements) {
    if (m.settlesId !== null && (m.type === "supplier_refund_received" || m.type === "supplier_refund_written_off")) {
      settledOf.set(m.settlesId, (settledOf.get(m.settlesId) ?? 0) + m.amountMinor);
    }
  }
  const linesOf = new Map<string, LineRow[]>();
  for (const line of base.lines) linesOf.set(line.orderId, [...(linesOf.get(line.orderId) ?? []), line]);
  const products = new Map<string, ProductLoss>();

  for (const m of base.movements) {
    if (!storeById.has(m.storeId)) continue;
    const store = storeById.get(m.storeId)!;
    const day = localDay(m.occurredAt, store.timezone);
    const attributed = ofMovement(m);
    const who = { reason: attributed.reason ?? "unspecified", supplier: attributed.supplier };
    const isRefund = m.type === "customer_refund" || m.type === "customer_refund_correction";
    count(m.storeId, day, m.currency, who, {
      refunds: m.type === "customer_refund" && m.amountMinor > 0 ? 1 : 0,
      refundedMinor: isRefund ? m.amountMinor : 0,
      storeRefundedMinor: isRefund && m.source === "store" ? m.amountMinor : 0,
      recoveredMinor: m.type === "supplier_refund_received" ? m.amountMinor : 0,
      expectedMinor: m.type === "supplier_refund_expected" ? m.amountMinor : 0,
      writtenOffMinor: m.type === "supplier_refund_written_off" ? m.amountMinor : 0,
    });

    if (m.type === "supplier_refund_expected") {
      const outstanding = m.amountMinor - (settledOf.get(m.id) ?? 0);
      const latestDay = m.expectedLatest ? localDay(m.expectedLatest, store.timezone) : day;
      const overdue = latestDay < localDay(now, store.timezone);
      if (outstanding !== 0) count(m.storeId, day, m.currency, who, { exposureMinor: outstanding, overdueMinor: overdue ? outstanding : 0 });
    }

    const recovered = m.type === "supplier_refund_received";
    if ((isRefund || recovered) && m.amountMinor !== 0 && periodOf(day) === "current") {
      for (const share of productShares(m.amountMinor, linesOf.get(m.orderId) ?? [], m.allocation)) {
        const id = `${m.currency}|${share.product}`;
        const p = products.get(id) ?? { product: share.product, title: share.title, currency: m.currency, refundedMinor: 0, recoveredMinor: 0, netLossMinor: 0 };
        if (byCodePoint(share.title, p.title) > 0) p.title = share.title;
        if (recovered) p.recoveredMinor += share.share;
        else p.refundedMinor += share.share;
        p.netLossMinor = p.refundedMinor - p.recoveredMinor;
        products.set(id, p);
      }
    }
  }

  for (const slice of slices.values()) {
    slice.current.netLossMinor = slice.current.refundedMinor - slice.current.recoveredMinor;
    slice.previous.netLossMinor = slice.previous.refundedMinor - slice.previous.recoveredMinor;
  }
  const hasAny = (f: LossFigures) => FIGURE_KEYS.some((k) => f[k] !== 0);
  const of = (dimension: Slice["dimension"]) =>
    [...slices.values()].filter((s) => s.dimension === dimension && (hasAny(s.current) || hasAny(s.previous)));
  const figuresOf = (s: Slice): PeriodFigures => ({ currency: s.currency, current: s.current, previous: s.previous });
  const storeOrder = new Map(stores.map((s, i) => [s.id, i]));

  const totals = of("total")
    .map(figuresOf)
    .sort((a, b) => a.currency.localeCompare(b.currency));

  // Top products per currency by net loss: the ten largest, of those with a loss.
  const topProducts: ProductLoss[] = [];
  const currencies = [...new Set([...products.values()].map((p) => p.currency))].sort(byCodePoint);
  for (const currency of currencies) {
    const ranked = [...products.values()]
      .filter((p) => p.currency === currency)
      .sort((a, b) => b.netLossMinor - a.netLossMinor || byCodePoint(a.product, b.product));
    topProducts.push(...ranked.slice(0, 10).filter((p) => p.netLossMinor > 0));
  }

  const report: LossReport = {
    range,
    previousRange: previous,
    stores,
    allStores: !chosen,
    reportingCurrency: membership.reportingCurrency,
    totals,
    rollup: { current: rollUp(base.rates, totals, "current", membership.reportingCurrency, range.to), previous: rollUp(base.rates, totals, "previous", membership.reportingCurrency, previous.to) },
    byStore: of("store")
      .map((s) => ({ storeId: s.key, ...figuresOf(s) }))
      .sort((a, b) => (storeOrder.get(a.storeId) ?? 0) - (storeOrder.get(b.storeId) ?? 0) || a.currency.localeCompare(b.currency)),
    bySupplier: of("supplier")
      .map((s) => ({ supplier: s.key, ...figuresOf(s) }))
      .sort((a, b) => b.current.netLossMinor - a.current.netLossMinor || a.supplier.localeCompare(b.supplier) || a.currency.localeCompare(b.currency)),
    byReason: of("reason")
      .map((s) => ({ reason: s.key, ...figuresOf(s) }))
      .sort((a, b) => b.current.netLossMinor - a.current.netLossMinor || a.reason.localeCompare(b.reason) || a.currency.localeCompare(b.currency)),
    byMonth: of("month")
      .filter((s) => hasAny(s.current))
      .map((s) => ({ month: s.key, currency: s.currency, figures: s.current }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)),
    byMonthReason: of("month_reason")
      .filter((s) => s.current.refundedMinor !== 0 || s.current.recoveredMinor !== 0)
      .map((s) => {
        const [month, reason] = s.key.split("|") as [string, string];
        const { refundedMinor, recoveredMinor, netLossMinor } = s.current;
        return { month, reason, currency: s.currency, refundedMinor, recoveredMinor, netLossMinor };
      })
      .sort((a, b) => a.month.localeCompare(b.month) || a.reason.localeCompare(b.reason) || a.currency.localeCompare(b.currency)),
    topProducts,
  };
  return report;
}

function rollUp(rates: RateRow[], totals: PeriodFigures[], which: "current" | "previous", target: string, day: string): RolledUp {
  const applied: AppliedRate[] = totals
    .filter((t) => t.currency !== target)
    .map((t) => {
      const row = rateOn(rates, t.currency, target, day);
      return { currency: t.currency, onDay: day, rate: row ? tidy(row.rate) : null, validFrom: row ? row.validFrom : null };
    });
  const missing = applied.filter((r) => r.rate === null).map((r) => r.currency);
  if (missing.length) return { figures: null, rates: applied, missing };
  const figures = Object.fromEntries(MONEY_FIGURE_KEYS.map((k) => [k, 0])) as Record<(typeof MONEY_FIGURE_KEYS)[number], number>;
  for (const total of totals) {
    const rate = total.currency === target ? "1" : applied.find((r) => r.currency === total.currency)!.rate!;
    for (const key of MONEY_FIGURE_KEYS) figures[key] += convert(total[which][key], total.currency, target, rate);
  }
  figures.netLossMinor = figures.refundedMinor - figures.recoveredMinor;
  return { figures, rates: applied, missing };
}
