import { FIGURE_KEYS, type LossFigures, type PeriodFigures } from "./figures";
import { plainJson } from "../transformer";

/**
 * The loss report on the wire. A year over a hundred stores holds ~1,400 figures objects of thirteen
 * named numbers each: as JSON, mostly the names (200 kB). The API sends each figures object as an
 * array in `FIGURE_KEYS` order and each slice row as a tuple; a store slice names its store by its
 * place in the report's store list, and the month × reason rows (the largest slice: months × reasons ×
 * currencies) name month, reason and currency by their place in lists sent once (78 → 63 kB for a
 * year over a hundred stores: less to write, compress, inflate and parse). The page unpacks it into the
 * same objects `lossReport` returns. `unpackLossReport(packLossReport(r))` equals `r` (wire.test.ts).
 */

type Figures = number[];
type MonthReasonRow = { month: string; reason: string; currency: string; refundedMinor: number; recoveredMinor: number; netLossMinor: number };

/** The slices that travel packed; everything else in the report travels as it is. */
export interface ReportSlices {
  totals: PeriodFigures[];
  byStore: (PeriodFigures & { storeId: string })[];
  bySupplier: (PeriodFigures & { supplier: string })[];
  byReason: (PeriodFigures & { reason: string })[];
  byMonth: { month: string; currency: string; figures: LossFigures }[];
  byMonthReason: MonthReasonRow[];
}

/** The stores a report lists (store slices refer to them by place). */
type StoreList = { stores?: readonly { id: string }[] };

export interface PackedSlices {
  /** [currency, current, previous] */
  totals: [string, Figures, Figures][];
  /** [store (its place in the report's `stores`, or its id when not listed), currency, current, previous] */
  byStore: [number | string, string, Figures, Figures][];
  /** [key (supplier or reason), currency, current, previous] */
  bySupplier: [string, string, Figures, Figures][];
  byReason: [string, string, Figures, Figures][];
  /** [month, currency, figures] */
  byMonth: [string, string, Figures][];
  /** rows: [month, reason and currency (places in the lists), refunded, recovered, net loss] */
  byMonthReason: { months: string[]; reasons: string[]; currencies: string[]; rows: [number, number, number, number, number, number][] };
}

export type PackedReport<R extends ReportSlices> = Omit<R, keyof ReportSlices> & { slices: PackedSlices };
export type UnpackedReport<P extends { slices: PackedSlices }> = Omit<P, "slices"> & ReportSlices;

function packFigures(f: LossFigures): Figures {
  return FIGURE_KEYS.map((k) => f[k]);
}

function unpackFigures(a: Figures): LossFigures {
  return {
    orders: a[0] ?? 0,
    revenueMinor: a[1] ?? 0,
    requests: a[2] ?? 0,
    cancelledBeforeDispatch: a[3] ?? 0,
    refunds: a[4] ?? 0,
    refundedMinor: a[5] ?? 0,
    storeRefundedMinor: a[6] ?? 0,
    recoveredMinor: a[7] ?? 0,
    expectedMinor: a[8] ?? 0,
    writtenOffMinor: a[9] ?? 0,
    netLossMinor: a[10] ?? 0,
    exposureMinor: a[11] ?? 0,
    overdueMinor: a[12] ?? 0,
  } satisfies Record<(typeof FIGURE_KEYS)[number], number>;
}

/** The report for the wire: JSON values only (numbers and strings), sent without the transformer's walk. */
export function packLossReport<R extends ReportSlices & StoreList>(report: R): PackedReport<R> {
  const { totals, byStore, bySupplier, byReason, byMonth, byMonthReason, ...rest } = report;
  const storePlace = new Map(report.stores?.map((s, i) => [s.id, i]));
  const months = new Places();
  const reasons = new Places();
  const currencies = new Places();
  return plainJson({
    ...rest,
    slices: {
      totals: totals.map((t) => [t.currency, packFigures(t.current), packFigures(t.previous)]),
      byStore: byStore.map((s) => [storePlace.get(s.storeId) ?? s.storeId, s.currency, packFigures(s.current), packFigures(s.previous)]),
      bySupplier: bySupplier.map((s) => [s.supplier, s.currency, packFigures(s.current), packFigures(s.previous)]),
      byReason: byReason.map((s) => [s.reason, s.currency, packFigures(s.current), packFigures(s.previous)]),
      byMonth: byMonth.map((m) => [m.month, m.currency, packFigures(m.figures)]),
      byMonthReason: {
        rows: byMonthReason.map((m) => [months.of(m.month), reasons.of(m.reason), currencies.of(m.currency), m.refundedMinor, m.recoveredMinor, m.netLossMinor]),
        months: months.list,
        reasons: reasons.list,
        currencies: currencies.list,
      },
    },
  } as PackedReport<R>);
}

/** Distinct values in order of first use, each with its place. */
class Places {
  readonly list: string[] = [];
  private readonly places = new Map<string, number>();

  of(value: string): number {
    let place = this.places.get(value);
    if (place === undefined) {
      place = this.list.push(value) - 1;
      this.places.set(value, place);
    }
    return place;
  }
}

export function unpackLossReport<P extends { slices: PackedSlices } & StoreList>(packed: P): UnpackedReport<P> {
  const { slices, ...rest } = packed;
  const stores = packed.stores ?? [];
  const { months, reasons, currencies } = slices.byMonthReason;
  return {
    ...rest,
    totals: slices.totals.map(([currency, current, previous]) => ({ currency, current: unpackFigures(current), previous: unpackFigures(previous) })),
    byStore: slices.byStore.map(([store, currency, current, previous]) => ({
      storeId: typeof store === "number" ? stores[store]!.id : store,
      currency,
      current: unpackFigures(current),
      previous: unpackFigures(previous),
    })),
    bySupplier: slices.bySupplier.map(([supplier, currency, current, previous]) => ({
      supplier,
      currency,
      current: unpackFigures(current),
      previous: unpackFigures(previous),
    })),
    byReason: slices.byReason.map(([reason, currency, current, previous]) => ({
      reason,
      currency,
      current: unpackFigures(current),
      previous: unpackFigures(previous),
    })),
    byMonth: slices.byMonth.map(([month, currency, figures]) => ({ month, currency, figures: unpackFigures(figures) })),
    byMonthReason: slices.byMonthReason.rows.map(([month, reason, currency, refundedMinor, recoveredMinor, netLossMinor]) => ({
      month: months[month]!,
      reason: reasons[reason]!,
      currency: currencies[currency]!,
      refundedMinor,
      recoveredMinor,
      netLossMinor,
    })),
  };
}
