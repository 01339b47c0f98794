import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { pgArray, queryRows } from "../db/rows";
import { notFound } from "../errors";
import type { ResolvedMembership } from "../tenancy/membership";
import { addDays, daysBetween, monthsIn, previousRange, type LossReportInput } from "@/lib/reports/input";
import {
  FIGURE_KEYS,
  MONEY_FIGURE_KEYS,
  convertMinor,
  zeroFigures,
  type AppliedRate,
  type LossFigures,
  type PeriodFigures,
} from "@/lib/reports/figures";
import { ratesOn } from "./rates";
import { zonedDateKey } from "@/lib/zoned-time";

/**
 * The refund-loss report (SPEC §4), read from the roll-up tables that triggers keep in the same
 * transaction as every order, case and ledger write (drizzle/0012, 0014, 0016, 0018). One statement
 * aggregates every slice of both periods; a second lists the top products; both go out together with
 * the exchange rates, after one statement for the stores and the days that hold data.
 *
 * Two ways to the same figures: over every store of the organization (the default, and what agencies
 * open) it reads the period models — per currency and reason, per store, per reason × supplier, and
 * per product, in year, month and day rows (`coarseSpans`: a year up to today is about two rows per
 * key); over a choice of stores it reads the store × day × reason × supplier day tables of those
 * stores. `lossReportFromScratch` in scratch.ts computes the same figures from the base tables, and
 * the property test holds both ways equal to it.
 */

export interface ReportStore {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  archived: boolean;
}

export interface ProductLoss {
  product: string;
  title: string;
  currency: string;
  refundedMinor: number;
  recoveredMinor: number;
  netLossMinor: number;
}

export interface RolledUp {
  /** Sums converted into the reporting currency; null when a rate is missing (never guessed). */
  figures: Pick<LossFigures, (typeof MONEY_FIGURE_KEYS)[number]> | null;
  rates: AppliedRate[];
  missing: string[];
}

export interface LossReport {
  range: { from: string; to: string };
  previousRange: { from: string; to: string };
  /** The stores the report covers (the chosen ones, or every store the member may see). */
  stores: ReportStore[];
  allStores: boolean;
  reportingCurrency: string;
  totals: PeriodFigures[];
  rollup: { current: RolledUp; previous: RolledUp };
  byStore: (PeriodFigures & { storeId: string })[];
  /** `supplier` is '' for money and cases on orders without a supplier order. */
  bySupplier: (PeriodFigures & { supplier: string })[];
  byReason: (PeriodFigures & { reason: string })[];
  /** This period's months (`YYYY-MM-01`). */
  byMonth: { month: string; currency: string; figures: LossFigures }[];
  /** Net loss by month and reason, for the stacked chart. */
  byMonthReason: { month: string; reason: string; currency: string; refundedMinor: number; recoveredMinor: number; netLossMinor: number }[];
  topProducts: ProductLoss[];
}

const TOP_PRODUCTS = 10;

type Row = Record<string, string | number | null>;

// grouping(store_id, supplier, reason, month): a set bit is a column rolled up.
const DIMENSION_BY_GROUPING: Record<number, Dimension> = {
  15: "total",
  7: "store",
  11: "supplier",
  13: "reason",
  14: "month",
  12: "month_reason",
};

const METRIC_COLUMNS = [
  ["orders", "orders"],
  ["revenueMinor", "revenue"],
  ["requests", "requests"],
  ["cancelledBeforeDispatch", "cbd"],
  ["refunds", "refunds"],
  ["refundedMinor", "refunded"],
  ["storeRefundedMinor", "store_refunded"],
  ["recoveredMinor", "recovered"],
  ["expectedMinor", "expected"],
  ["writtenOffMinor", "written_off"],
  ["exposureMinor", "exposure"],
  ["overdueMinor", "overdue"],
] as const;

/**
 * A union branch's metric columns: the ones it has (SQL expressions without parameters), summed; zero
 * for the rest. One raw fragment: drizzle renders each nested piece of a statement separately, and the
 * report's statement held ~800 of them (0.17 ms of rendering per report, now a fraction of that).
 */
function metrics(have: Partial<Record<(typeof METRIC_COLUMNS)[number][1], string>>): SQL {
  return sql.raw(METRIC_COLUMNS.map(([, column]) => `${have[column] ?? "0::bigint"} as ${column}`).join(", "));
}

const DIMENSIONS = sql`period, currency, store_id, supplier, reason, month, grouping(store_id, supplier, reason, month)::int as g`;
const ALL_SETS = sql`grouping sets ((period, currency), (period, currency, store_id), (period, currency, supplier),
  (period, currency, reason), (period, currency, month), (period, currency, month, reason))`;
// Orders have no reason or supplier: they only appear in the total, store and month slices, with the
// same `g` as the other branches give those slices.
const ORDER_DIMENSIONS = sql`period, currency, store_id, null::text as supplier, null::text as reason, month,
  case grouping(store_id, month) when 3 then 15 when 1 then 7 else 14 end as g`;
const ORDER_SETS = sql`grouping sets ((period, currency), (period, currency, store_id), (period, currency, month))`;

/** The first and last day holding any figure, in the organization model and in the product model. */
export interface ModelBounds {
  data: DataBounds | null;
  products: DataBounds | null;
}

/**
 * The stores in the report: the chosen ones (each must be visible, else NOT_FOUND) or all visible;
 * in the same statement, the days with data of the organization's period models (for coarseSpans).
 */
export async function reportStores(
  db: DbOrTx,
  organizationId: string,
  membership: ResolvedMembership,
  storeIds: string[] | undefined,
): Promise<{ stores: ReportStore[]; allStores: boolean; wholeOrganization: boolean; bounds: ModelBounds }> {
  const chosen = storeIds?.length ? [...new Set(storeIds)] : null;
  const visible =
    membership.storeIds === null ? sql`true` : membership.storeIds.length ? sql`id in ${membership.storeIds}` : sql`false`;
  const edge = (fn: "min" | "max", table: string) =>
    sql`(select ${sql.raw(fn)}(start) from ${sql.raw(table)} where organization_id = ${organizationId} and grain = 'd')::text`;
  const rows = await queryRows<Row>(
    db,
    sql`select id, name, currency, timezone, archived_at, b.*
        from stores
        cross join (select (select count(*) from stores t where t.organization_id = ${organizationId})::int as organization_stores,
                           ${edge("min", ORG_MODEL)} as data_first, ${edge("max", ORG_MODEL)} as data_last,
                           ${edge("min", "report_product_periods")} as product_first, ${edge("max", "report_product_periods")} as product_last) b
        where organization_id = ${organizationId} and ${visible} ${chosen ? sql`and id in ${chosen}` : sql``}
        order by name, id`,
  );
  const first = rows[0];
  const bounds = (lo: unknown, hi: unknown): DataBounds | null => (lo && hi ? { first: String(lo), last: String(hi) } : null);
  // Another tenant's store, or one a client was not granted, answers exactly like one that does not exist.
  if (chosen && rows.length !== chosen.length) throw notFound("Store");
  return {
    stores: rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      currency: String(r.currency),
      timezone: String(r.timezone),
      archived: r.archived_at !== null,
    })),
    allStores: !chosen,
    wholeOrganization: rows.length > 0 && rows.length === Number(first!.organization_stores),
    bounds: { data: bounds(first?.data_first, first?.data_last), products: bounds(first?.product_first, first?.product_last) },
  };
}

/** A stretch of period-model rows, added to a period (sign 1) or taken out of it (sign -1). */
export interface PeriodSpan {
  grain: "d" | "m" | "y";
  /** First and last `start` covered (days for 'd', months' first days for 'm', 1 January for 'y'). */
  lo: string;
  hi: string;
  period: "c" | "p";
  sign: 1 | -1;
}

/**
 * How to read a period from the period models with the fewest rows: its whole months as month rows;
 * a partial month as its days, or — when it covers most of the month — as the month row less the
 * days it leaves out (a year from the 5th reads 12 month rows and 8 day rows, not 62 days).
 */
export function periodSpans(range: { from: string; to: string }, period: "c" | "p"): PeriodSpan[] {
  const spans: PeriodSpan[] = [];
  for (const month of monthsIn(range)) {
    const end = lastDayOf(month);
    const lo = range.from > month ? range.from : month;
    const hi = range.to < end ? range.to : end;
    const last = spans[spans.length - 1];
    if (lo === month && hi === end) {
      // A whole month: joins the previous whole months into one stretch.
      // (A partial month always ends in a day stretch, so a month stretch last is whole months before this one.)
      if (last?.grain === "m") last.hi = month;
      else spans.push({ grain: "m", lo: month, hi: month, period, sign: 1 });
      continue;
    }
    const inside = daysBetween(lo, hi) + 1;
    const outside = daysBetween(month, end) + 1 - inside;
    if (inside <= outside + 1) {
      spans.push({ grain: "d", lo, hi, period, sign: 1 });
    } else {
      spans.push({ grain: "m", lo: month, hi: month, period, sign: 1 });
      if (lo > month) spans.push({ grain: "d", lo: month, hi: addDays(lo, -1), period, sign: -1 });
      if (hi < end) spans.push({ grain: "d", lo: addDays(hi, 1), hi: end, period, sign: -1 });
    }
  }
  return spans;
}

/** The first and last day holding any figure in a model, for `coarseSpans`. */
export interface DataBounds {
  first: string;
  last: string;
}

/**
 * Like `periodSpans`, with year rows too (every period model has them): a partial year is its months
 * and days, or the year row less what it leaves out, whichever reads fewer rows; and where the range
 * reaches past the model's first or last day with data, its edge may move to any day beyond that
 * (nothing is there to count), so a year up to today can read this year's row instead of its months.
 * With `years: false` the stretches stay within months (day and month rows only), for slices by month.
 * No data in the range: no rows at all.
 */
export function coarseSpans(
  range: { from: string; to: string },
  period: "c" | "p",
  bounds: DataBounds | null,
  { years = true }: { years?: boolean } = {},
): PeriodSpan[] {
  if (!bounds || range.to < bounds.first || range.from > bounds.last) return [];
  const froms = new Set([range.from]);
  if (range.from <= bounds.first) {
    for (const d of [bounds.first, monthStart(bounds.first), yearStart(bounds.first), monthStart(range.from), yearStart(range.from)]) froms.add(d);
  }
  const tos = new Set([range.to]);
  if (range.to >= bounds.last) {
    for (const d of [bounds.last, lastDayOf(monthStart(bounds.last)), yearEnd(bounds.last), lastDayOf(monthStart(range.to)), yearEnd(range.to)]) tos.add(d);
  }
  let best: PeriodSpan[] | null = null;
  let bestRows = Infinity;
  for (const from of froms) {
    for (const to of tos) {
      const spans = years ? yearSpans(from, to, period, bounds) : cheapestPart(from, to, period, bounds);
      const rows = spanRowCount(spans, bounds);
      // Fewer rows first, then fewer stretches (each is an index scan of its own).
      if (rows < bestRows || (rows === bestRows && spans.length < (best?.length ?? Infinity))) [best, bestRows] = [spans, rows];
    }
  }
  return best ?? [];
}

const spanMemo = new Map<string, readonly PeriodSpan[]>();
const SPAN_MEMO_SIZE = 1000;

/**
 * `coarseSpans`, remembered (frozen): the same range over the same days with data comes back with
 * every view of a report, and working the stretches out takes ~0.03 ms a time, four times a report.
 */
function rememberedSpans(range: { from: string; to: string }, period: "c" | "p", bounds: DataBounds | null, years: boolean): readonly PeriodSpan[] {
  const key = `${range.from}|${range.to}|${period}|${bounds?.first}|${bounds?.last}|${years}`;
  let spans = spanMemo.get(key);
  if (!spans) {
    if (spanMemo.size >= SPAN_MEMO_SIZE) spanMemo.clear();
    spans = Object.freeze(coarseSpans(range, period, bounds, { years }).map((s) => Object.freeze(s)));
    spanMemo.set(key, spans);
  }
  return spans;
}

/**
 * Rows a stretch list reads per key: each day, month or year row once; with `bounds`, only the rows
 * that can exist (days, months and years holding a day with data).
 */
export function spanRowCount(spans: PeriodSpan[], bounds?: DataBounds): number {
  const first = bounds?.first ?? "0000-01-01";
  const last = bounds?.last ?? "9999-12-31";
  return spans.reduce((n, s) => {
    if (s.grain === "d") {
      const lo = s.lo > first ? s.lo : first;
      const hi = s.hi < last ? s.hi : last;
      return lo > hi ? n : n + daysBetween(lo, hi) + 1;
    }
    if (s.grain === "m") {
      const lo = s.lo > monthStart(first) ? s.lo : monthStart(first);
      const hi = s.hi < monthStart(last) ? s.hi : monthStart(last);
      return lo > hi ? n : n + monthCount(lo, hi);
    }
    const lo = Math.max(Number(s.lo.slice(0, 4)), Number(first.slice(0, 4)));
    const hi = Math.min(Number(s.hi.slice(0, 4)), Number(last.slice(0, 4)));
    return lo > hi ? n : n + hi - lo + 1;
  }, 0);
}

/** The cheapest way to read [from, to] from day rows alone or from `periodSpans` (months and days). */
function cheapestPart(from: string, to: string, period: "c" | "p", bounds: DataBounds): PeriodSpan[] {
  const months = periodSpans({ from, to }, period);
  const days: PeriodSpan[] = [{ grain: "d", lo: from, hi: to, period, sign: 1 }];
  return spanRowCount(days, bounds) <= spanRowCount(months, bounds) ? days : months;
}

function yearSpans(from: string, to: string, period: "c" | "p", bounds: DataBounds): PeriodSpan[] {
  const spans: PeriodSpan[] = [];
  const flip = (list: PeriodSpan[]) => list.map((s) => ({ ...s, sign: (s.sign === 1 ? -1 : 1) as 1 | -1 }));
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const first = `${year}-01-01`;
    const last = `${year}-12-31`;
    const lo = from > first ? from : first;
    const hi = to < last ? to : last;
    const previous = spans[spans.length - 1];
    if (lo === first && hi === last) {
      if (previous?.grain === "y" && previous.sign === 1) previous.hi = first;
      else spans.push({ grain: "y", lo: first, hi: first, period, sign: 1 });
      continue;
    }
    const direct = cheapestPart(lo, hi, period, bounds);
    const complement: PeriodSpan[] = [
      { grain: "y", lo: first, hi: first, period, sign: 1 },
      ...(lo > first ? flip(cheapestPart(first, addDays(lo, -1), period, bounds)) : []),
      ...(hi < last ? flip(cheapestPart(addDays(hi, 1), last, period, bounds)) : []),
    ];
    spans.push(...(spanRowCount(complement, bounds) < spanRowCount(direct, bounds) ? complement : direct));
  }
  return spans;
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function yearStart(day: string): string {
  return `${day.slice(0, 4)}-01-01`;
}

function yearEnd(day: string): string {
  return `${day.slice(0, 4)}-12-31`;
}

function lastDayOf(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return `${month.slice(0, 8)}${days}`;
}

/** Months from the month of `lo` to the month of `hi`, both counted (0 when `hi` is earlier). */
function monthCount(lo: string, hi: string): number {
  const n = (Number(hi.slice(0, 4)) - Number(lo.slice(0, 4))) * 12 + Number(hi.slice(5, 7)) - Number(lo.slice(5, 7)) + 1;
  return n > 0 ? n : 0;
}

/**
 * A period model's rows for these stretches, each signed and labelled with its period. The stretches
 * travel as five array parameters, so the statement's text is the same whatever the range: one nested
 * loop over the stretches, each an index range scan on the model's primary key (organization, grain,
 * start), planned once however many stretches there are.
 */
function spanRows(table: string, columns: string[], organizationId: string, spans: readonly PeriodSpan[]): SQL {
  return sql`select s.period, r.currency, date_trunc('month', r.start::timestamp)::date as month,
      ${sql.raw(columns.map((c) => (KEY_COLUMNS.has(c) ? `r.${c}` : `s.sign * r.${c} as ${c}`)).join(", "))}
    from unnest(${pgArray(spans.map((x) => x.period))}::text[], ${pgArray(spans.map((x) => x.grain))}::bpchar[],
                ${pgArray(spans.map((x) => x.lo))}::date[], ${pgArray(spans.map((x) => x.hi))}::date[],
                ${pgArray(spans.map((x) => x.sign))}::int[]) as s(period, grain, lo, hi, sign)
    cross join lateral (select * from ${sql.raw(table)} m
                        where m.organization_id = ${organizationId} and m.grain = s.grain and m.start between s.lo and s.hi
                        offset 0) r`;
}

const KEY_COLUMNS = new Set(["store_id", "supplier", "reason", "product", "title"]);

export async function lossReport(
  db: DbOrTx,
  organizationId: string,
  membership: ResolvedMembership,
  input: LossReportInput,
  now = new Date(),
): Promise<LossReport> {
  const { stores, allStores, wholeOrganization, bounds } = await reportStores(db, organizationId, membership, input.storeIds);
  const range = { from: input.from, to: input.to };
  const previous = previousRange(range);
  const base = emptyReport(range, previous, stores, allStores, membership.reportingCurrency);
  if (stores.length === 0) return finish(db, organizationId, base, sliceRows([]), null);
  const target = membership.reportingCurrency;
  const currencies = [...new Set(stores.map((s) => s.currency))].filter((c) => c !== target).sort();
  const figures = wholeOrganization
    ? organizationFigures(organizationId, stores, bounds, range, previous, now)
    : storeFigures(organizationId, stores, range, previous, now);
  // The figures, the exchange rates of the stores' currencies and the top products go out together, in
  // that order (one round trip's wait for all of them: the driver pipelines them on the transaction's
  // connection, and Postgres answers them in turn). The slices are sorted and rolled up as soon as the
  // figures and rates are in, while Postgres still works on the top products.
  const slices = (figures.rows ? queryRows<Row>(db, figures.rows) : Promise.resolve([])).then(sliceRows);
  const rates = ratesOn(db, organizationId, currencies, target, [range.to, previous.to]);
  const productsQuery = figures.products ? queryRows<Row>(db, figures.products) : Promise.resolve([]);
  const [report, products] = await Promise.all([
    Promise.all([slices, rates]).then(([sliced, [thisPeriod, lastPeriod]]) =>
      finish(db, organizationId, base, sliced, { currencies, current: thisPeriod!, previous: lastPeriod! }),
    ),
    productsQuery,
  ]);
  report.topProducts = products.map(productLoss);
  return report;
}

/** A report's two statements (null: nothing to read). */
interface FigureQueries {
  rows: SQL | null;
  products: SQL | null;
}

/** The figures of a choice of stores, from their day tables. */
function storeFigures(
  organizationId: string,
  stores: ReportStore[],
  range: { from: string; to: string },
  previous: { from: string; to: string },
  now: Date,
): FigureQueries {
  const storeIds = stores.map((s) => s.id);
  const inStores = sql`store_id in ${storeIds}`;
  const period = sql`case when day >= ${range.from}::date then 'c' else 'p' end as period`;
  const month = sql`date_trunc('month', day)::date as month`;
  const within = sql`organization_id = ${organizationId} and ${inStores} and day between ${previous.from}::date and ${range.to}::date`;

  const rows = sql`with
      o as (select ${period}, currency, store_id, ${month}, orders, revenue_minor
            from report_order_days where ${within}),
      c as (select ${period}, currency, store_id, supplier, reason, ${month}, requests, cancelled_before_dispatch
            from report_case_days where ${within}),
      m as (select ${period}, currency, store_id, supplier, reason, ${month}, refunds, refunded_minor, store_refunded_minor,
                   recovered_minor, expected_minor, written_off_minor
            from report_money_days where ${within}),
      x as (select ${period}, x.currency, x.store_id, x.supplier, x.reason, ${month}, x.outstanding_minor,
                   case when x.latest_day < (${now.toISOString()}::timestamptz at time zone s.timezone)::date
                        then x.outstanding_minor else 0 end as overdue_minor
            from report_exposure x join stores s on s.organization_id = x.organization_id and s.id = x.store_id
            where x.organization_id = ${organizationId} and x.store_id in ${storeIds}
              and x.day between ${previous.from}::date and ${range.to}::date and x.outstanding_minor <> 0)
      select ${ORDER_DIMENSIONS}, ${metrics(ORDER_SUMS)}
        from o group by ${ORDER_SETS}
      union all
      select ${DIMENSIONS}, ${metrics(CASE_SUMS)}
        from c group by ${ALL_SETS}
      union all
      select ${DIMENSIONS}, ${metrics(LEDGER_SUMS)}
        from m group by ${ALL_SETS}
      union all
      select ${DIMENSIONS}, ${metrics({ exposure: "sum(outstanding_minor)", overdue: "sum(overdue_minor)" })}
        from x group by ${ALL_SETS}`;

  const products = sql`select product, title, currency, refunded, recovered, refunded - recovered as net from (
          select product, max(title) as title, currency, sum(refunded_minor) as refunded, sum(recovered_minor) as recovered,
                 row_number() over (partition by currency order by sum(refunded_minor) - sum(recovered_minor) desc, product) as rank
          from report_product_days
          where organization_id = ${organizationId} and ${inStores} and day between ${range.from}::date and ${range.to}::date
          group by product, currency
        ) p
        where rank <= ${TOP_PRODUCTS} and refunded - recovered > 0
        order by currency, net desc, product`;
  return { rows, products };
}

/**
 * The figures over every store of the organization, from the period models: the organization model
 * (by currency and reason; orders under reason '') gives the total, reason, month and month × reason
 * slices; the per-store model the store slice; the reason × supplier model the supplier slice. All
 * carry the exposure (outstanding by the expectation's day). Slices over a whole period read year rows
 * where they can (`coarseSpans`); slices by month read month and day rows of this period only (the
 * report shows months of this period alone).
 */
function organizationFigures(
  organizationId: string,
  stores: ReportStore[],
  bounds: ModelBounds,
  range: { from: string; to: string },
  previous: { from: string; to: string },
  now: Date,
): FigureQueries {
  // The first and last day holding any figure (the organization model holds every day that any model
  // does), and the same for products: stretches may then run past them at no cost (coarseSpans).
  const { data, products: productData } = bounds;
  const whole = [...rememberedSpans(previous, "p", data, true), ...rememberedSpans(range, "c", data, true)];
  const monthly = rememberedSpans(range, "c", data, false);
  const MONEY = [
    "requests",
    "cancelled_before_dispatch",
    "refunds",
    "refunded_minor",
    "store_refunded_minor",
    "recovered_minor",
    "expected_minor",
    "written_off_minor",
    "outstanding_minor",
  ];
  const ALL = ["orders", "revenue_minor", ...MONEY];
  const branches: SQL[] = [];
  if (whole.length) {
    branches.push(
      sql`select period, currency, null::uuid as store_id, null::text as supplier, nullif(reason, '') as reason, null::date as month,
                 case grouping(reason) when 1 then 15 else 13 end as g, ${SUMMED}
            from (${spanRows(ORG_MODEL, ["reason", ...ALL], organizationId, whole)}) o
            group by grouping sets ((period, currency), (period, currency, reason))
            having grouping(reason) = 1 or reason <> ''`,
      sql`select period, currency, store_id, null::text as supplier, null::text as reason, null::date as month, 7 as g, ${SUMMED}
            from (${spanRows(STORE_MODEL, ["store_id", ...ALL], organizationId, whole)}) s
            group by period, currency, store_id`,
      sql`select period, currency, null::uuid as store_id, supplier, null::text as reason, null::date as month, 11 as g, ${SUMMED_NO_ORDERS}
            from (${spanRows(DIM_MODEL, ["supplier", ...MONEY], organizationId, whole)}) d
            group by period, currency, supplier`,
    );
  }
  if (monthly.length) {
    branches.push(
      sql`select period, currency, null::uuid as store_id, null::text as supplier, nullif(reason, '') as reason, month,
                 case grouping(reason) when 1 then 14 else 12 end as g, ${SUMMED}
            from (${spanRows(ORG_MODEL, ["reason", ...ALL], organizationId, monthly)}) om
            group by grouping sets ((period, currency, month), (period, currency, month, reason))
            having grouping(reason) = 1 or reason <> ''`,
    );
  }
  // Overdue is the outstanding amount less what is not due yet: the exposure rows whose latest day is
  // today or later in the store's zone, read through report_exposure_latest_day_idx. Stores' todays
  // differ by at most a day: rows due on or after the latest today are not due anywhere; only rows due
  // between the earliest and the latest today need their store's own today.
  let notDueRows: SQL | null = null;
  if (data) {
    const todayIn = new Map<string, string>();
    const todays = stores.map((store) => {
      let today = todayIn.get(store.timezone);
      if (today === undefined) todayIn.set(store.timezone, (today = zonedDateKey(now, store.timezone)));
      return { id: store.id, today };
    });
    const earliest = todays.reduce((a, t) => (t.today < a ? t.today : a), todays[0]!.today);
    const latest = todays.reduce((a, t) => (t.today > a ? t.today : a), todays[0]!.today);
    const behind = todays.filter((t) => t.today < latest);
    const notDue = (where: SQL, from: SQL = sql`report_exposure x`) =>
      sql`select case when x.day >= ${range.from}::date then 'c' else 'p' end as period, x.currency, x.store_id, x.supplier, x.reason,
                 date_trunc('month', x.day::timestamp)::date as month, x.outstanding_minor
          from ${from}
          where x.organization_id = ${organizationId} and x.day between ${previous.from}::date and ${range.to}::date and ${where}`;
    const parts = [notDue(sql`x.latest_day >= ${latest}::date`)];
    if (behind.length) {
      parts.push(
        notDue(
          sql`x.latest_day >= ${earliest}::date and x.latest_day < ${latest}::date and x.latest_day >= t.today`,
          sql`report_exposure x join unnest(${pgArray(behind.map((t) => t.id))}::uuid[], ${pgArray(behind.map((t) => t.today))}::date[])
                as t(id, today) on t.id = x.store_id`,
        ),
      );
    }
    // Summed first by store × month and by supplier × reason (a few hundred rows), then into the slices:
    // each grouping of the not-due rows costs as much as reading them.
    notDueRows = sql.join(parts, sql` union all `);
    branches.push(
      sql`select period, currency, store_id, null::text as supplier, null::text as reason, month,
                 case grouping(store_id, month) when 3 then 15 when 1 then 7 else 14 end as g, ${NOT_DUE_TAKEN_OFF}
            from (select period, currency, store_id, month, sum(outstanding_minor) as outstanding_minor from nd group by 1, 2, 3, 4) n
            group by grouping sets ((period, currency), (period, currency, store_id), (period, currency, month))`,
      sql`select period, currency, null::uuid as store_id, supplier, reason, null::date as month,
                 case grouping(supplier, reason) when 1 then 11 else 13 end as g, ${NOT_DUE_TAKEN_OFF}
            from (select period, currency, supplier, reason, sum(outstanding_minor) as outstanding_minor from nd group by 1, 2, 3, 4) n
            group by grouping sets ((period, currency, supplier), (period, currency, reason))`,
    );
  }
  const rows = branches.length ? sql`${notDueRows ? sql`with nd as (${notDueRows}) ` : sql``}${sql.join(branches, sql` union all `)}` : null;
  // Top products read year rows where they can (coarseSpans), within the days the model holds.
  const productSpans = rememberedSpans(range, "c", productData, true);
  const products = productSpans.length
    ? sql`select product, title, currency, refunded, recovered, refunded - recovered as net from (
              select product, max(title) as title, currency, sum(refunded_minor) as refunded, sum(recovered_minor) as recovered,
                     row_number() over (partition by currency order by sum(refunded_minor) - sum(recovered_minor) desc, product) as rank
              from (${spanRows("report_product_periods", ["product", "title", "refunded_minor", "recovered_minor"], organizationId, productSpans)}) r
              group by product, currency
            ) p
            where rank <= ${TOP_PRODUCTS} and refunded - recovered > 0
            order by currency, net desc, product`
    : null;
  return { rows, products };
}

const ORG_MODEL = "report_org_periods";
const STORE_MODEL = "report_store_periods";
const DIM_MODEL = "report_dim_periods";

const ORDER_SUMS = { orders: "sum(orders)", revenue: "sum(revenue_minor)" };
const CASE_SUMS = { requests: "sum(requests)", cbd: "sum(cancelled_before_dispatch)" };
const LEDGER_SUMS = {
  refunds: "sum(refunds)",
  refunded: "sum(refunded_minor)",
  store_refunded: "sum(store_refunded_minor)",
  recovered: "sum(recovered_minor)",
  expected: "sum(expected_minor)",
  written_off: "sum(written_off_minor)",
};
// In the period models, overdue starts as the whole outstanding amount; the not-due rows then take
// their part off (NOT_DUE_TAKEN_OFF).
const MONEY_SUMS = { ...CASE_SUMS, ...LEDGER_SUMS, exposure: "sum(outstanding_minor)", overdue: "sum(outstanding_minor)" };
const SUMMED = metrics({ ...ORDER_SUMS, ...MONEY_SUMS });
const SUMMED_NO_ORDERS = metrics(MONEY_SUMS);
/** Overdue = outstanding less the amounts not due yet: the not-due rows count against it. */
const NOT_DUE_TAKEN_OFF = metrics({ overdue: "-sum(outstanding_minor)" });

function emptyReport(
  range: { from: string; to: string },
  previous: { from: string; to: string },
  stores: ReportStore[],
  allStores: boolean,
  reportingCurrency: string,
): LossReport {
  const noRollup = (): RolledUp => ({ figures: null, rates: [], missing: [] });
  return {
    range,
    previousRange: previous,
    stores,
    allStores,
    reportingCurrency,
    totals: [],
    rollup: { current: noRollup(), previous: noRollup() },
    byStore: [],
    bySupplier: [],
    byReason: [],
    byMonth: [],
    byMonthReason: [],
    topProducts: [],
  };
}

type Dimension = "total" | "store" | "supplier" | "reason" | "month" | "month_reason";
type Slice = PeriodFigures & { key: string };

/** Adds an aggregate row's metric columns into a figures object (sums arrive as numeric text). */
function addRow(target: LossFigures, row: Row): void {
  for (const [field, column] of METRIC_COLUMNS) {
    const value = row[column];
    if (value !== null && value !== 0 && value !== "0") target[field] += Number(value);
  }
}

/** Code-point order, for codes (currencies, ISO days, reasons): what localeCompare gives them, without ICU's cost. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Exchange rates fetched with the figures: for these currencies, on the last day of each period. */
interface FetchedRates {
  currencies: string[];
  current: AppliedRate[];
  previous: AppliedRate[];
}

type Slices = Record<Dimension, Map<string, Slice>>;

/** Sorts the aggregate rows into the report's slices (by dimension, key and currency), both periods added up. */
function sliceRows(rows: Row[]): Slices {
  const slices: Slices = {
    total: new Map(),
    store: new Map(),
    supplier: new Map(),
    reason: new Map(),
    month: new Map(),
    month_reason: new Map(),
  };
  for (const row of rows) {
    const dimension = DIMENSION_BY_GROUPING[Number(row.g)];
    if (!dimension) continue;
    const currency = String(row.currency);
    const key =
      dimension === "store"
        ? String(row.store_id)
        : dimension === "supplier"
          ? String(row.supplier)
          : dimension === "reason"
            ? String(row.reason)
            : dimension === "month"
              ? dayString(row.month)
              : dimension === "month_reason"
                ? `${dayString(row.month)}|${String(row.reason)}`
                : "";
    const id = `${key}|${currency}`;
    const map = slices[dimension];
    let slice = map.get(id);
    if (!slice) {
      slice = { key, currency, current: zeroFigures(), previous: zeroFigures() };
      map.set(id, slice);
    }
    addRow(row.period === "c" ? slice.current : slice.previous, row);
  }
  return slices;
}

/** Puts the slices in the report's order, then rolls the totals up into one currency. */
async function finish(db: DbOrTx, organizationId: string, report: LossReport, slices: Slices, fetched: FetchedRates | null): Promise<LossReport> {
  const of = (dimension: Dimension) => {
    const list: Slice[] = [];
    for (const slice of slices[dimension].values()) {
      slice.current.netLossMinor = slice.current.refundedMinor - slice.current.recoveredMinor;
      slice.previous.netLossMinor = slice.previous.refundedMinor - slice.previous.recoveredMinor;
      if (hasAny(slice.current) || hasAny(slice.previous)) list.push(slice);
    }
    return list;
  };
  const strip = ({ currency, current, previous }: PeriodFigures) => ({ currency, current, previous });
  const storeOrder = new Map(report.stores.map((s, i) => [s.id, i]));

  report.totals = of("total")
    .map(strip)
    .sort((a, b) => byCode(a.currency, b.currency));
  report.byStore = of("store")
    .map((s) => ({ storeId: s.key, ...strip(s) }))
    .sort((a, b) => (storeOrder.get(a.storeId) ?? 0) - (storeOrder.get(b.storeId) ?? 0) || byCode(a.currency, b.currency));
  report.bySupplier = of("supplier")
    .map((s) => ({ supplier: s.key, ...strip(s) }))
    .sort((a, b) => b.current.netLossMinor - a.current.netLossMinor || a.supplier.localeCompare(b.supplier) || byCode(a.currency, b.currency));
  report.byReason = of("reason")
    .map((s) => ({ reason: s.key, ...strip(s) }))
    .sort((a, b) => b.current.netLossMinor - a.current.netLossMinor || byCode(a.reason, b.reason) || byCode(a.currency, b.currency));
  report.byMonth = of("month")
    .filter((s) => hasAny(s.current))
    .map((s) => ({ month: s.key, currency: s.currency, figures: s.current }))
    .sort((a, b) => byCode(a.month, b.month) || byCode(a.currency, b.currency));
  report.byMonthReason = of("month_reason")
    .filter((s) => hasMoney(s.current))
    .map((s) => {
      const [month, reason] = s.key.split("|") as [string, string];
      return {
        month,
        reason,
        currency: s.currency,
        refundedMinor: s.current.refundedMinor,
        recoveredMinor: s.current.recoveredMinor,
        netLossMinor: s.current.netLossMinor,
      };
    })
    .sort((a, b) => byCode(a.month, b.month) || byCode(a.reason, b.reason) || byCode(a.currency, b.currency));
  report.rollup = await rollUp(db, organizationId, report, fetched);
  return report;
}

function productLoss(p: Row): ProductLoss {
  return {
    product: String(p.product),
    title: String(p.title ?? ""),
    currency: String(p.currency),
    refundedMinor: Number(p.refunded),
    recoveredMinor: Number(p.recovered),
    netLossMinor: Number(p.net),
  };
}

function hasAny(f: LossFigures): boolean {
  return FIGURE_KEYS.some((k) => f[k] !== 0);
}

function hasMoney(f: LossFigures): boolean {
  return f.refundedMinor !== 0 || f.recoveredMinor !== 0;
}

function dayString(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/**
 * The totals in the organization's reporting currency, each period at the rates valid on its last
 * day. A currency without a rate leaves the roll-up empty and is named, so nobody reads a guess.
 */
async function rollUp(db: DbOrTx, organizationId: string, report: LossReport, fetched: FetchedRates | null): Promise<LossReport["rollup"]> {
  const target = report.reportingCurrency;
  const currencies = report.totals.map((t) => t.currency).filter((c) => c !== target);
  // Usually fetched with the figures (the stores' currencies); a currency only older orders carry (a
  // store whose currency changed) is looked up now.
  const missing = currencies.filter((c) => !fetched?.currencies.includes(c));
  const more = missing.length ? await ratesOn(db, organizationId, missing, target, [report.range.to, report.previousRange.to]) : [];
  const pick = (which: "current" | "previous", index: 0 | 1): AppliedRate[] =>
    currencies.map((c) => (fetched?.[which].find((r) => r.currency === c) ?? more[index]?.find((r) => r.currency === c))!);
  const [currentRates, previousRates] = [pick("current", 0), pick("previous", 1)];
  const convert = (which: "current" | "previous", rates: AppliedRate[]): RolledUp => {
    const missing = rates.filter((r) => r.rate === null).map((r) => r.currency);
    if (missing.length) return { figures: null, rates, missing };
    const sums = Object.fromEntries(MONEY_FIGURE_KEYS.map((k) => [k, 0])) as Record<(typeof MONEY_FIGURE_KEYS)[number], number>;
    for (const total of report.totals) {
      const rate = total.currency === target ? "1" : rates.find((r) => r.currency === total.currency)!.rate!;
      for (const key of MONEY_FIGURE_KEYS) sums[key] += convertMinor(total[which][key], total.currency, target, rate);
    }
    // Net loss converts as its parts do, so it always equals refunded − recovered in the roll-up too.
    sums.netLossMinor = sums.refundedMinor - sums.recoveredMinor;
    return { figures: sums, rates, missing };
  };
  return { current: convert("current", currentRates), previous: convert("previous", previousRates) };
}
