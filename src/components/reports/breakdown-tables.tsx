import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMoney } from "@/lib/money";
import type { Drill, DrillMetric } from "@/lib/reports/drill";
import { monthLabel, reasonLabel, supplierLabel } from "@/lib/reports/export";
import { cancelledShare, lossShare, zeroFigures, type LossFigures } from "@/lib/reports/figures";
import { cn } from "@/lib/utils";
import { TableCsvButton } from "./csv-download";
import { FigureLink, makeDrill, type DrillScope } from "./figure-link";
import { describeChange, formatCount, formatShare, monthWithin } from "./report-format";
import { ChangeChip } from "./figure-tile";
import type { LossReportData } from "./report-types";

/** A row of a breakdown: one slice (a store, a supplier, …) in one currency. */
interface SliceRow {
  key: string;
  label: React.ReactNode;
  currency: string;
  current: LossFigures;
  previous?: LossFigures;
  /** What narrows the drill-down to this slice: a reason, a supplier, a store, a month's days. */
  narrow: Omit<Partial<Drill>, "metric">;
}

interface Column {
  header: string;
  /** Shown on hover over the header: what the figure counts. */
  hint?: string;
  cell: (row: SliceRow, ctx: CellContext) => React.ReactNode;
}

interface CellContext {
  scope: DrillScope;
  previousScope: DrillScope;
}

function drillOf(row: SliceRow, scope: DrillScope, metric: DrillMetric): Drill {
  return makeDrill(scope, metric, { currency: row.currency, ...row.narrow });
}

function money(metric: DrillMetric, pick: (f: LossFigures) => number, has: (f: LossFigures) => boolean = (f) => pick(f) !== 0): Column["cell"] {
  return (row, { scope }) => (
    <FigureLink drill={drillOf(row, scope, metric)} empty={!has(row.current)}>
      {formatMoney(pick(row.current), row.currency)}
    </FigureLink>
  );
}

function count(metric: DrillMetric, pick: (f: LossFigures) => number): Column["cell"] {
  return (row, { scope }) => (
    <FigureLink drill={drillOf(row, scope, metric)} empty={pick(row.current) === 0}>
      {formatCount(pick(row.current))}
    </FigureLink>
  );
}

const hasMoney = (f: LossFigures) => f.refundedMinor !== 0 || f.recoveredMinor !== 0;

const ORDERS: Column = { header: "Orders", cell: count("orders", (f) => f.orders) };
const REVENUE: Column = { header: "Revenue", cell: money("orders", (f) => f.revenueMinor, (f) => f.orders > 0) };
const REQUESTS: Column = { header: "Requests", hint: "Cancellation requests opened", cell: count("requests", (f) => f.requests) };
const CANCELLED: Column = {
  header: "Cancelled before dispatch",
  hint: "Share of requests cancelled at the supplier before it shipped",
  cell: (row, { scope }) => (
    <FigureLink drill={drillOf(row, scope, "cancelled")} empty={row.current.cancelledBeforeDispatch === 0}>
      {formatShare(cancelledShare(row.current))}
    </FigureLink>
  ),
};
const REFUNDED: Column = { header: "Refunded", hint: "Refunded to customers, in Recoup and in the store", cell: money("refunded", (f) => f.refundedMinor) };
const RECOVERED: Column = { header: "Recovered", hint: "Recovered from suppliers", cell: money("recovered", (f) => f.recoveredMinor) };
const NET_LOSS: Column = {
  header: "Net loss",
  hint: "Refunded − recovered",
  cell: (row, { scope }) => (
    <FigureLink drill={drillOf(row, scope, "loss")} empty={!hasMoney(row.current)} className={cn("font-medium", row.current.netLossMinor > 0 && "text-destructive")}>
      {formatMoney(row.current.netLossMinor, row.currency)}
    </FigureLink>
  ),
};
const EXPOSURE: Column = { header: "Exposure", hint: "Expected from suppliers, not yet received", cell: money("exposure", (f) => f.exposureMinor) };
const OVERDUE: Column = { header: "Overdue", hint: "Exposure past its latest expected date", cell: money("overdue", (f) => f.overdueMinor) };
const LOSS_SHARE: Column = {
  header: "Loss / revenue",
  hint: "Net loss as a share of revenue",
  cell: (row, { scope }) => (
    <FigureLink drill={drillOf(row, scope, "loss")} empty={!hasMoney(row.current)}>
      {formatShare(lossShare(row.current))}
    </FigureLink>
  ),
};
const PREVIOUS: Column = {
  header: "Net loss, previous",
  hint: "Net loss in the period before, and the change",
  cell: (row, { previousScope }) => {
    const before = row.previous;
    if (!before) return "—";
    return (
      <span className="inline-flex items-center justify-end gap-1.5">
        <FigureLink drill={drillOf(row, previousScope, "loss")} empty={!hasMoney(before)}>
          {formatMoney(before.netLossMinor, row.currency)}
        </FigureLink>
        <ChangeChip change={describeChange(row.current.netLossMinor, before.netLossMinor, "up-bad")} />
      </span>
    );
  },
};

const SLICE_COLUMNS = [REQUESTS, CANCELLED, REFUNDED, RECOVERED, NET_LOSS, EXPOSURE, OVERDUE, PREVIOUS];

const th = "py-2 px-2.5 align-bottom text-xs font-medium leading-tight text-muted-foreground first:pl-5 last:pr-5 print:px-1.5 print:py-1";
const td = "whitespace-nowrap px-2.5 py-2.5 text-right tabular-nums first:pl-5 last:pr-5 print:px-1.5 print:py-0.5";

/** A breakdown as a table: rows grouped by currency when there is more than one. */
function BreakdownTable({
  title,
  description,
  firstHeader,
  columns,
  rows,
  report,
  tableId,
  scope,
  previousScope,
  emptyText,
  screenOnly = false,
  printDescription,
  className,
}: {
  title: string;
  description: string;
  firstHeader: string;
  columns: Column[];
  rows: SliceRow[];
  report: LossReportData;
  tableId: string;
  scope: DrillScope;
  previousScope: DrillScope;
  emptyText: string;
  /** Left off the printed page, which holds the summary; the CSV has every table. */
  screenOnly?: boolean;
  /** Shown on paper in place of the description. */
  printDescription?: string;
  className?: string;
}) {
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const grouped = currencies.length > 1;
  const ctx = { scope, previousScope };
  return (
    <Card className={cn("min-w-0 overflow-hidden break-inside-avoid", screenOnly && "print:hidden", className)} data-testid={`table-${tableId}`}>
      <CardHeader className="print:pb-1 print:pt-1.5">
        <div className="min-w-0 flex-1 print:flex print:items-baseline print:gap-2">
          <CardTitle id={`${tableId}-title`}>{title}</CardTitle>
          <CardDescription className="print:hidden">{description}</CardDescription>
          {printDescription ? <CardDescription className="hidden print:mt-0 print:block print:text-[10px]">{printDescription}</CardDescription> : null}
        </div>
        <TableCsvButton report={report} tableId={tableId} label={title.toLowerCase()} />
      </CardHeader>
      {rows.length === 0 ? (
        <p className="border-t px-5 py-4 text-[13px] text-muted-foreground">{emptyText}</p>
      ) : (
        <div className="relative overflow-x-auto border-t">
          {/* Positioned (relative): the absolutely placed screen-reader text in the cells then scrolls with the table instead of widening the page. */}
          <table className="w-full border-collapse text-[13px] print:text-[10px]" aria-labelledby={`${tableId}-title`}>
            <thead className="bg-muted/40">
              <tr className="border-b">
                <th scope="col" className={cn(th, "text-left")}>
                  {firstHeader}
                </th>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={cn(th, "text-right")} title={c.hint}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            {currencies.map((currency) => (
              <tbody key={currency} className="[&_tr:last-child]:border-0">
                {grouped ? (
                  <tr className="border-b bg-muted/20">
                    <th scope="rowgroup" colSpan={columns.length + 1} className="px-5 py-1.5 text-left text-[11px] font-semibold tracking-wide text-muted-foreground print:py-0.5">
                      {currency}
                    </th>
                  </tr>
                ) : null}
                {rows
                  .filter((r) => r.currency === currency)
                  .map((row) => (
                    <tr key={`${row.key}|${row.currency}`} className="border-b transition-colors hover:bg-muted/30" data-testid={`${tableId}-row`}>
                      <th scope="row" className={cn(td, "max-w-64 truncate text-left font-medium")}>
                        {row.label}
                      </th>
                      {columns.map((c) => (
                        <td key={c.header} className={td}>
                          {c.cell(row, ctx)}
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </Card>
  );
}

/** The report broken down by store, supplier, reason and month, and the products that lost most. */
export function BreakdownTables({ report, scope, previousScope }: { report: LossReportData; scope: DrillScope; previousScope: DrillScope }) {
  const names = new Map(report.stores.map((s) => [s.id, s.name]));
  const common = { report, scope, previousScope };
  const storeRows: SliceRow[] = report.byStore.map((s) => ({
    key: s.storeId,
    label: names.get(s.storeId) ?? "Unknown store",
    currency: s.currency,
    current: s.current,
    previous: s.previous,
    narrow: { storeIds: [s.storeId] },
  }));
  const supplierRows: SliceRow[] = report.bySupplier.map((s) => ({
    key: s.supplier,
    label: s.supplier === "" ? <span className="font-normal text-muted-foreground">{supplierLabel(s.supplier)}</span> : s.supplier,
    currency: s.currency,
    current: s.current,
    previous: s.previous,
    narrow: { supplier: s.supplier },
  }));
  const reasonRows: SliceRow[] = report.byReason.map((s) => ({
    key: s.reason,
    label: reasonLabel(s.reason),
    currency: s.currency,
    current: s.current,
    previous: s.previous,
    narrow: { reason: s.reason },
  }));
  const monthRows: SliceRow[] = report.byMonth.map((m) => ({
    key: m.month,
    label: monthLabel(m.month),
    currency: m.currency,
    current: m.figures,
    narrow: monthWithin(m.month, report.range),
  }));
  const productRows = report.topProducts.map((p) => ({
    key: p.product,
    label: (
      <span className="grid">
        <span className="truncate">{p.title || (p.product === "" ? "Orders without line items" : p.product)}</span>
        {p.product && !p.product.startsWith("title:") ? <span className="font-mono text-[11px] font-normal text-muted-foreground">{p.product}</span> : null}
      </span>
    ),
    currency: p.currency,
    current: { ...zeroFigures(), refundedMinor: p.refundedMinor, recoveredMinor: p.recoveredMinor, netLossMinor: p.netLossMinor },
    narrow: { product: p.product },
  }));

  return (
    <div className="grid gap-6 print:gap-1">
      <BreakdownTable
        {...common}
        title="By store"
        description="Each store's orders, cancellations and money, against the previous period."
        printDescription="By supplier, reason, month and product: in Recoup and in the report's CSV download."
        firstHeader="Store"
        tableId="by-store"
        columns={[ORDERS, REVENUE, ...SLICE_COLUMNS.slice(0, 7), LOSS_SHARE, PREVIOUS]}
        rows={storeRows}
        emptyText="Nothing happened in the chosen stores in this period."
      />
      <BreakdownTable
        {...common}
        title="By supplier"
        screenOnly
        description="Cases and money on orders placed with each supplier; refunds on orders with no supplier order are listed apart."
        firstHeader="Supplier"
        tableId="by-supplier"
        columns={SLICE_COLUMNS}
        rows={supplierRows}
        emptyText="No cancellations or refunds in this period."
      />
      <BreakdownTable
        {...common}
        title="By reason"
        screenOnly
        description="Why orders were cancelled or refunded. Refunds made in the store carry no reason unless a case gave one."
        firstHeader="Reason"
        tableId="by-reason"
        columns={SLICE_COLUMNS}
        rows={reasonRows}
        emptyText="No cancellations or refunds in this period."
      />
      <BreakdownTable
        {...common}
        title="By month"
        screenOnly
        description="The period month by month; a month cut by the range counts only its days inside it."
        firstHeader="Month"
        tableId="by-month"
        columns={[ORDERS, REVENUE, REQUESTS, REFUNDED, RECOVERED, NET_LOSS, EXPOSURE, OVERDUE]}
        rows={monthRows}
        emptyText="Nothing happened in this period."
      />
      <BreakdownTable
        {...common}
        title="Top products by loss"
        screenOnly
        description="The ten products per currency whose refunds cost most after recoveries."
        firstHeader="Product"
        tableId="top-products"
        columns={[REFUNDED, RECOVERED, NET_LOSS]}
        rows={productRows}
        emptyText="No product lost money in this period."
      />
    </div>
  );
}
