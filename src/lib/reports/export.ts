import { RETURN_REASON_LABELS } from "@/lib/cases";
import type { ReturnReason } from "@/lib/supplier-terms";
import { minorToDecimal } from "@/lib/money";
import { cancelledShare, lossShare, type LossFigures, type PeriodFigures } from "./figures";
import { toCsv, type CsvCell } from "./csv";

/**
 * The loss report as tables: what the page shows, the CSV downloads and `report:loss --format csv`
 * print. Amounts are exact decimals of their currency; shares are percentages with one decimal.
 */

/** The report's shape as the API returns it (kept structural so the browser can pass its copy). */
export interface ReportForExport {
  range: { from: string; to: string };
  previousRange: { from: string; to: string };
  reportingCurrency: string;
  stores: { id: string; name: string }[];
  totals: PeriodFigures[];
  rollup: {
    current: { figures: Partial<LossFigures> | null; missing: string[] };
    previous: { figures: Partial<LossFigures> | null; missing: string[] };
  };
  byStore: (PeriodFigures & { storeId: string })[];
  bySupplier: (PeriodFigures & { supplier: string })[];
  byReason: (PeriodFigures & { reason: string })[];
  byMonth: { month: string; currency: string; figures: LossFigures }[];
  byMonthReason: { month: string; reason: string; currency: string; refundedMinor: number; recoveredMinor: number; netLossMinor: number }[];
  topProducts: { product: string; title: string; currency: string; refundedMinor: number; recoveredMinor: number; netLossMinor: number }[];
}

export interface ReportTable {
  /** A file-name-safe id: `by-store`. */
  id: string;
  title: string;
  header: string[];
  rows: CsvCell[][];
}

export const SUPPLIER_NOT_LINKED = "Not linked to a supplier order";

export function reasonLabel(reason: string): string {
  if (reason === "unspecified") return "No reason recorded";
  return RETURN_REASON_LABELS[reason as ReturnReason] ?? reason;
}

export function supplierLabel(supplier: string): string {
  return supplier === "" ? SUPPLIER_NOT_LINKED : supplier;
}

export function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
}

export function percent(share: number | null): string {
  return share === null ? "" : (share * 100).toFixed(1);
}

const amount = (minor: number, currency: string) => minorToDecimal(minor, currency);

/** The headline figures, in the order the page shows them. */
export const HEADLINE_FIGURES: { key: string; label: string; value: (f: LossFigures, currency: string) => CsvCell }[] = [
  { key: "orders", label: "Orders", value: (f) => f.orders },
  { key: "revenue", label: "Revenue", value: (f, c) => amount(f.revenueMinor, c) },
  { key: "requests", label: "Cancellation requests", value: (f) => f.requests },
  { key: "cancelled_share", label: "Cancelled before dispatch (%)", value: (f) => percent(cancelledShare(f)) },
  { key: "refunded", label: "Refunded to customers", value: (f, c) => amount(f.refundedMinor, c) },
  { key: "store_refunded", label: "of which refunded in the store", value: (f, c) => amount(f.storeRefundedMinor, c) },
  { key: "recovered", label: "Recovered from suppliers", value: (f, c) => amount(f.recoveredMinor, c) },
  { key: "net_loss", label: "Net loss", value: (f, c) => amount(f.netLossMinor, c) },
  { key: "loss_share", label: "Net loss as share of revenue (%)", value: (f) => percent(lossShare(f)) },
  { key: "exposure", label: "Exposure (expected, not received)", value: (f, c) => amount(f.exposureMinor, c) },
  { key: "overdue", label: "Overdue", value: (f, c) => amount(f.overdueMinor, c) },
  { key: "written_off", label: "Written off", value: (f, c) => amount(f.writtenOffMinor, c) },
];

const SLICE_HEADER = [
  "Currency",
  "Requests",
  "Cancelled before dispatch (%)",
  "Refunded",
  "Recovered",
  "Net loss",
  "Exposure",
  "Overdue",
  "Net loss, previous period",
];

function sliceCells(p: PeriodFigures): CsvCell[] {
  const f = p.current;
  const c = p.currency;
  return [
    c,
    f.requests,
    percent(cancelledShare(f)),
    amount(f.refundedMinor, c),
    amount(f.recoveredMinor, c),
    amount(f.netLossMinor, c),
    amount(f.exposureMinor, c),
    amount(f.overdueMinor, c),
    amount(p.previous.netLossMinor, c),
  ];
}

export function reportTables(report: ReportForExport): ReportTable[] {
  const storeName = new Map(report.stores.map((s) => [s.id, s.name]));
  const tables: ReportTable[] = [];

  tables.push({
    id: "summary",
    title: `Summary, ${report.range.from} to ${report.range.to} (previous period ${report.previousRange.from} to ${report.previousRange.to})`,
    header: ["Currency", "Figure", "This period", "Previous period"],
    rows: report.totals.flatMap((t) => HEADLINE_FIGURES.map((h) => [t.currency, h.label, h.value(t.current, t.currency), h.value(t.previous, t.currency)])),
  });

  const rolled = (which: "current" | "previous", key: keyof LossFigures): CsvCell => {
    const r = report.rollup[which];
    const value = r.figures?.[key];
    return value === undefined ? `missing rate: ${r.missing.join(", ")}` : amount(value, report.reportingCurrency);
  };
  tables.push({
    id: "reporting-currency",
    title: `All currencies in ${report.reportingCurrency}`,
    header: ["Figure", "This period", "Previous period"],
    rows: (
      [
        ["Revenue", "revenueMinor"],
        ["Refunded to customers", "refundedMinor"],
        ["Recovered from suppliers", "recoveredMinor"],
        ["Net loss", "netLossMinor"],
        ["Exposure", "exposureMinor"],
        ["Overdue", "overdueMinor"],
      ] as const
    ).map(([label, key]) => [label, rolled("current", key), rolled("previous", key)]),
  });

  tables.push({
    id: "by-store",
    title: "By store",
    header: ["Store", "Orders", "Revenue", ...SLICE_HEADER, "Net loss as share of revenue (%)"],
    rows: report.byStore.map((s) => {
      const [currency, ...rest] = sliceCells(s);
      return [storeName.get(s.storeId) ?? s.storeId, s.current.orders, amount(s.current.revenueMinor, s.currency), currency, ...rest, percent(lossShare(s.current))];
    }),
  });
  tables.push({
    id: "by-supplier",
    title: "By supplier",
    header: ["Supplier", ...SLICE_HEADER],
    rows: report.bySupplier.map((s) => [supplierLabel(s.supplier), ...sliceCells(s)]),
  });
  tables.push({
    id: "by-reason",
    title: "By reason",
    header: ["Reason", ...SLICE_HEADER],
    rows: report.byReason.map((s) => [reasonLabel(s.reason), ...sliceCells(s)]),
  });
  tables.push({
    id: "by-month",
    title: "By month",
    header: ["Month", "Currency", "Orders", "Revenue", "Requests", "Refunded", "Recovered", "Net loss", "Exposure", "Overdue"],
    rows: report.byMonth.map((m) => [
      m.month.slice(0, 7),
      m.currency,
      m.figures.orders,
      amount(m.figures.revenueMinor, m.currency),
      m.figures.requests,
      amount(m.figures.refundedMinor, m.currency),
      amount(m.figures.recoveredMinor, m.currency),
      amount(m.figures.netLossMinor, m.currency),
      amount(m.figures.exposureMinor, m.currency),
      amount(m.figures.overdueMinor, m.currency),
    ]),
  });
  tables.push({
    id: "by-month-and-reason",
    title: "Net loss by month and reason",
    header: ["Month", "Reason", "Currency", "Refunded", "Recovered", "Net loss"],
    rows: report.byMonthReason.map((m) => [
      m.month.slice(0, 7),
      reasonLabel(m.reason),
      m.currency,
      amount(m.refundedMinor, m.currency),
      amount(m.recoveredMinor, m.currency),
      amount(m.netLossMinor, m.currency),
    ]),
  });
  tables.push({
    id: "top-products",
    title: "Top products by net loss",
    header: ["Product", "SKU", "Currency", "Refunded", "Recovered", "Net loss"],
    rows: report.topProducts.map((p) => [
      p.title || (p.product === "" ? "Orders without line items" : p.product),
      p.product.startsWith("title:") || p.product === "" ? "" : p.product,
      p.currency,
      amount(p.refundedMinor, p.currency),
      amount(p.recoveredMinor, p.currency),
      amount(p.netLossMinor, p.currency),
    ]),
  });
  return tables;
}

export function tableCsv(table: ReportTable): string {
  return toCsv([table.header, ...table.rows]);
}

/** Every table in one file: each under its title, a blank line between them. */
export function reportCsv(report: ReportForExport): string {
  return reportTables(report)
    .map((t) => toCsv([[t.title], t.header, ...t.rows]))
    .join("\r\n");
}
