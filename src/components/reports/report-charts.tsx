"use client";

import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { currencyExponent, formatMoney } from "@/lib/money";
import { convertMinor } from "@/lib/reports/figures";
import { monthLabel, reasonLabel } from "@/lib/reports/export";
import { monthsIn } from "@/lib/reports/input";
import { RETURN_REASONS } from "@/lib/supplier-terms";
import { cn } from "@/lib/utils";
import { TableCsvButton } from "./csv-download";
import { FigureLink, makeDrill, type DrillScope } from "./figure-link";
import { formatDay, monthWithin } from "./report-format";
import type { LossReportData } from "./report-types";
import { useElementWidth } from "./use-element-width";
import { usePrinting } from "./use-printing";

const ALL = "all";

/** One colour per reason, told apart in print and by most colour-blind readers (with the legend's order). */
const REASON_COLORS: Record<string, string> = {
  not_as_described: "#3b5bdb",
  damaged: "#e8590c",
  wrong_size: "#0c8599",
  changed_mind: "#c2255c",
  not_delivered: "#7048e8",
  other: "#f59f00",
  unspecified: "#adb5bd",
};
const REASON_ORDER = [...RETURN_REASONS, "unspecified"] as string[];
/**
 * The widths the charts are drawn at on paper: about their columns in the printed report (landscape
 * A4 or Letter at the print stylesheet's zoom), which scales the drawing to fit exactly.
 */
const PRINT_WIDTH = { month: 880, store: 580 } as const;
const MONTH_HEIGHT = 256;
const MONTH_PRINT_HEIGHT = 200;
const REFUNDED_COLOR = "#e03131";
const RECOVERED_COLOR = "#2b8a3e";

function reasonColor(reason: string): string {
  return REASON_COLORS[reason] ?? "#868e96";
}

/** What the charts are drawn in: one currency as it is, or every currency converted into the reporting one. */
interface ChartView {
  /** The currency the amounts are in. */
  currency: string;
  /** Converted from several currencies (no single currency to filter the drill-down by). */
  converted: boolean;
  /** The rows of this currency, or all rows when converted. */
  includes: (currency: string) => boolean;
  /** Minor units of `currency` into minor units of the view's currency. */
  convert: (minor: number, currency: string) => number;
}

function useChartView(report: LossReportData) {
  const target = report.reportingCurrency;
  const currencies = report.totals.map((t) => t.currency);
  const convertible = report.rollup.current.missing.length === 0;
  const multi = currencies.length > 1;
  const fallback = multi && convertible ? ALL : currencies.includes(target) ? target : (currencies[0] ?? target);
  const [chosen, setChosen] = useState<string | null>(null);
  const value = chosen && (chosen === ALL ? multi && convertible : currencies.includes(chosen)) ? chosen : fallback;

  const view = useMemo<ChartView>(() => {
    if (value !== ALL) {
      return { currency: value, converted: false, includes: (c) => c === value, convert: (minor) => minor };
    }
    const rates = new Map(report.rollup.current.rates.map((r) => [r.currency, r.rate]));
    return {
      currency: target,
      converted: true,
      includes: () => true,
      convert: (minor, currency) => {
        if (currency === target) return minor;
        const rate = rates.get(currency);
        return rate ? convertMinor(minor, currency, target, rate) : 0;
      },
    };
  }, [value, report.rollup.current.rates, target]);

  return { view, value, setValue: setChosen, currencies, convertible, multi, target };
}

const monthShort = new Intl.DateTimeFormat("en-US", { month: "short", timeZone: "UTC" });

/** An axis label: "Sep", or "Sep 26" when the chart spans more than a year. */
function shortMonth(month: string, withYear: boolean): string {
  const name = monthShort.format(new Date(`${month}T00:00:00Z`));
  return withYear ? `${name} ${month.slice(2, 4)}` : name;
}

function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

function compactMoney(currency: string) {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });
  } catch {
    format = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
  }
  return (value: number) => format.format(value);
}

interface TooltipRow {
  dataKey?: unknown;
  name?: unknown;
  color?: string;
  payload?: { minor?: Record<string, number>; label?: string; name?: string };
}

/** The tooltip's amounts are exact: the minor units kept beside each bar's chart value. */
function MoneyTooltip({ active, payload, label, currency, labels }: { active?: boolean; payload?: TooltipRow[]; label?: unknown; currency: string; labels: (key: string) => string }) {
  if (!active || !payload?.length) return null;
  const rows = payload.filter((p) => (p.payload?.minor?.[String(p.dataKey)] ?? 0) !== 0);
  return (
    <div className="grid min-w-44 gap-1 rounded-md border bg-card px-3 py-2 text-xs shadow-md">
      <p className="font-medium">{payload[0]?.payload?.name ?? payload[0]?.payload?.label ?? String(label ?? "")}</p>
      {rows.length === 0 ? <p className="text-muted-foreground">Nothing</p> : null}
      {rows.map((p) => {
        const key = String(p.dataKey);
        return (
          <p key={key} className="flex items-center justify-between gap-4">
            <span className="flex items-center gap-1.5">
              <span className="size-2 rounded-xs" style={{ background: p.color }} aria-hidden />
              {labels(key)}
            </span>
            <span className="tabular-nums">{formatMoney(p.payload?.minor?.[key] ?? 0, currency)}</span>
          </p>
        );
      })}
    </div>
  );
}

function Legend({ items }: { items: { key: string; label: string; color: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-hidden>
      {items.map((item) => (
        <li key={item.key} className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-xs" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** The chart's figures as a real table, for screen readers and anyone who wants the numbers. */
function DataTable({ summary, children, testId }: { summary: string; children: React.ReactNode; testId: string }) {
  return (
    <details className="group border-t print:hidden" data-testid={testId}>
      <summary className="cursor-pointer select-none px-5 py-2.5 text-[13px] font-medium text-muted-foreground hover:text-foreground">
        {summary}
      </summary>
      <div className="relative overflow-x-auto border-t">{children}</div>
    </details>
  );
}

const th = "h-8 whitespace-nowrap px-3 text-left align-middle text-xs font-medium text-muted-foreground first:pl-5 last:pr-5";
const td = "whitespace-nowrap px-3 py-2 text-right tabular-nums first:pl-5 last:pr-5";

/** Both charts, drawn in one currency or all converted into the reporting currency. */
export function ReportCharts({ report, scope }: { report: LossReportData; scope: DrillScope }) {
  const { view, value, setValue, currencies, convertible, multi, target } = useChartView(report);
  const rateDay = formatDay(report.range.to);

  return (
    <section aria-labelledby="charts-heading" className="grid gap-3 break-inside-avoid print:gap-1">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="charts-heading" className="text-sm font-semibold tracking-tight print:sr-only">
            Charts
          </h2>
          <p className="mt-0.5 text-[13px] text-muted-foreground" data-testid="charts-currency-note">
            {view.converted
              ? `All currencies converted into ${target} at the rates valid on ${rateDay}.`
              : multi
                ? `Amounts in ${view.currency} only.`
                : `Amounts in ${view.currency}.`}
          </p>
        </div>
        {multi ? (
          <Select value={value} onValueChange={setValue}>
            <SelectTrigger className="w-56 print:hidden" aria-label="Chart currency">
              <SelectValue />
            </SelectTrigger>
            <SelectContent align="end">
              <SelectItem value={ALL} disabled={!convertible} description={convertible ? undefined : "A rate is missing"}>
                All, in {target}
              </SelectItem>
              <SelectSeparator />
              {currencies.map((c) => (
                <SelectItem key={c} value={c}>
                  {c} only
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        ) : null}
      </div>
      <div className="grid gap-4 lg:grid-cols-5 print:grid-cols-5 print:gap-2">
        <MonthChart report={report} view={view} scope={scope} className="lg:col-span-3 print:col-span-3" />
        <StoreChart report={report} view={view} scope={scope} className="lg:col-span-2 print:col-span-2" />
      </div>
    </section>
  );
}

function MonthChart({ report, view, scope, className }: { report: LossReportData; view: ChartView; scope: DrillScope; className?: string }) {
  const [ref, measured] = useElementWidth<HTMLDivElement>();
  const printing = usePrinting();
  const width = printing ? PRINT_WIDTH.month : measured;
  const height = printing ? MONTH_PRINT_HEIGHT : MONTH_HEIGHT;
  const months = useMemo(() => monthsIn(report.range), [report.range]);
  const { rows, reasons, totals } = useMemo(() => {
    const byMonth = new Map<string, Record<string, number>>(months.map((m) => [m, {}]));
    const seen = new Set<string>();
    for (const row of report.byMonthReason) {
      if (!view.includes(row.currency)) continue;
      const cell = byMonth.get(row.month);
      if (!cell) continue;
      cell[row.reason] = (cell[row.reason] ?? 0) + view.convert(row.netLossMinor, row.currency);
      seen.add(row.reason);
    }
    const reasons = [...seen].sort((a, b) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b));
    const rows = months.map((month) => {
      const minor = byMonth.get(month)!;
      const datum: Record<string, unknown> = { month, label: monthLabel(month), tick: shortMonth(month, months.length > 12), minor };
      for (const reason of reasons) datum[reason] = toMajor(minor[reason] ?? 0, view.currency);
      return datum;
    });
    const totals = months.map((month) => Object.values(byMonth.get(month)!).reduce((a, b) => a + b, 0));
    return { rows, reasons, totals };
  }, [report.byMonthReason, months, view]);
  const monthDrill = (month: string, reason?: string) =>
    makeDrill({ ...scope, ...monthWithin(month, report.range) }, "loss", {
      ...(reason === undefined ? {} : { reason }),
      ...(view.converted ? {} : { currency: view.currency }),
    });
  const tick = compactMoney(view.currency);
  const empty = reasons.length === 0;

  return (
    <Card className={cn("min-w-0 overflow-hidden", className)} data-testid="chart-month">
      <CardHeader className="print:pb-1 print:pt-1.5">
        <div className="min-w-0 flex-1">
          <CardTitle>Net loss by month</CardTitle>
          <CardDescription className="print:hidden">Refunded minus recovered, stacked by the reason for the cancellation.</CardDescription>
        </div>
        <TableCsvButton report={report} tableId="by-month-and-reason" label="net loss by month and reason" />
      </CardHeader>
      <div className="grid gap-3 px-5 pb-4 print:px-3 print:pb-2">
        <div ref={ref} className="h-64" aria-hidden data-chart-plot data-testid="chart-month-plot">
          {empty ? (
            <p className="flex h-full items-center justify-center rounded-lg border border-dashed text-[13px] text-muted-foreground">
              No refunds or recoveries in {view.converted ? "this period" : `${view.currency} in this period`}.
            </p>
          ) : width > 0 ? (
            <BarChart width={width} height={height} data={rows} stackOffset="sign" margin={{ top: 8, right: 4, bottom: 0, left: 4 }} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke="#e9ecef" />
              <XAxis
                dataKey="tick"
                tickLine={false}
                axisLine={false}
                tick={{ fontSize: 11, fill: "#6b7280" }}
                // Every month when each has room for its label ("Sep", or "Sep 26" over a year); else a spread of them.
                interval={(width - 64) / rows.length >= (months.length > 12 ? 48 : 32) ? 0 : "preserveStartEnd"}
                minTickGap={4}
              />
              <YAxis tickFormatter={tick} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "#6b7280" }} width={64} />
              <Tooltip
                cursor={{ fill: "rgba(0,0,0,0.04)" }}
                content={(props) => <MoneyTooltip {...(props as object)} currency={view.currency} labels={reasonLabel} />}
              />
              {reasons.map((reason) => (
                <Bar key={reason} dataKey={reason} name={reasonLabel(reason)} stackId="loss" fill={reasonColor(reason)} maxBarSize={48} isAnimationActive={false} />
              ))}
            </BarChart>
          ) : null}
        </div>
        {empty ? null : <Legend items={reasons.map((r) => ({ key: r, label: reasonLabel(r), color: reasonColor(r) }))} />}
      </div>
      <DataTable summary="Net loss by month and reason as a table" testId="chart-month-table">
        <table className="w-full border-collapse text-[13px]">
          <caption className="sr-only">
            Net loss by month and reason, {formatDay(report.range.from)} to {formatDay(report.range.to)}, in {view.currency}
            {view.converted ? " (converted)" : ""}
          </caption>
          <thead className="bg-muted/40">
            <tr className="border-b">
              <th scope="col" className={th}>
                Month
              </th>
              {reasons.map((r) => (
                <th key={r} scope="col" className={cn(th, "text-right")}>
                  {reasonLabel(r)}
                </th>
              ))}
              <th scope="col" className={cn(th, "text-right")}>
                Net loss
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const month = String(row.month);
              const minor = row.minor as Record<string, number>;
              return (
                <tr key={month} className="border-b last:border-0" data-testid="chart-month-row">
                  <th scope="row" className={cn(td, "text-left font-medium")}>
                    {String(row.label)}
                  </th>
                  {reasons.map((r) => (
                    <td key={r} className={td}>
                      <FigureLink drill={monthDrill(month, r)} empty={!minor[r]}>
                        {formatMoney(minor[r] ?? 0, view.currency)}
                      </FigureLink>
                    </td>
                  ))}
                  <td className={cn(td, "font-medium")}>
                    <FigureLink drill={monthDrill(month)} empty={!totals[i] && !reasons.some((r) => minor[r])}>
                      {formatMoney(totals[i] ?? 0, view.currency)}
                    </FigureLink>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </DataTable>
    </Card>
  );
}

function StoreChart({ report, view, scope, className }: { report: LossReportData; view: ChartView; scope: DrillScope; className?: string }) {
  const [ref, measured] = useElementWidth<HTMLDivElement>();
  const width = usePrinting() ? PRINT_WIDTH.store : measured;
  const names = useMemo(() => new Map(report.stores.map((s) => [s.id, s.name])), [report.stores]);
  const rows = useMemo(() => {
    const byStore = new Map<string, { storeId: string; name: string; refunded: number; recovered: number }>();
    for (const row of report.byStore) {
      if (!view.includes(row.currency)) continue;
      const entry = byStore.get(row.storeId) ?? { storeId: row.storeId, name: names.get(row.storeId) ?? "Unknown store", refunded: 0, recovered: 0 };
      entry.refunded += view.convert(row.current.refundedMinor, row.currency);
      entry.recovered += view.convert(row.current.recoveredMinor, row.currency);
      byStore.set(row.storeId, entry);
    }
    return [...byStore.values()]
      .filter((r) => r.refunded !== 0 || r.recovered !== 0)
      .sort((a, b) => b.refunded - a.refunded || a.name.localeCompare(b.name))
      .map((r) => ({
        ...r,
        label: r.name.length > 22 ? `${r.name.slice(0, 21)}…` : r.name,
        refundedValue: toMajor(r.refunded, view.currency),
        recoveredValue: toMajor(r.recovered, view.currency),
        minor: { refundedValue: r.refunded, recoveredValue: r.recovered },
      }));
  }, [report.byStore, names, view]);
  const height = Math.max(160, rows.length * 52 + 40);
  const tick = compactMoney(view.currency);
  const storeDrill = (storeId: string, metric: "refunded" | "recovered" | "loss") =>
    makeDrill({ ...scope, storeIds: [storeId] }, metric, view.converted ? {} : { currency: view.currency });
  const seriesLabel = (key: string) => (key === "refundedValue" ? "Refunded" : "Recovered");

  return (
    <Card className={cn("min-w-0 overflow-hidden", className)} data-testid="chart-store">
      <CardHeader className="print:pb-1 print:pt-1.5">
        <div className="min-w-0 flex-1">
          <CardTitle>Refunded and recovered by store</CardTitle>
          <CardDescription className="print:hidden">Paid back to customers against what suppliers returned.</CardDescription>
        </div>
        <TableCsvButton report={report} tableId="by-store" label="refunded and recovered by store" />
      </CardHeader>
      <div className="grid gap-3 px-5 pb-4 print:px-3 print:pb-2">
        <div ref={ref} style={{ height: rows.length ? height : 256 }} aria-hidden data-chart-plot data-testid="chart-store-plot">
          {rows.length === 0 ? (
            <p className="flex h-full items-center justify-center rounded-lg border border-dashed text-[13px] text-muted-foreground">
              No refunds in {view.converted ? "this period" : `${view.currency} in this period`}.
            </p>
          ) : width > 0 ? (
            <BarChart width={width} height={height} data={rows} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 4 }} barGap={2} accessibilityLayer={false}>
              <CartesianGrid horizontal={false} stroke="#e9ecef" />
              <XAxis type="number" tickFormatter={tick} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "#6b7280" }} />
              <YAxis type="category" dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "#374151" }} width={112} />
              <Tooltip
                cursor={{ fill: "rgba(0,0,0,0.04)" }}
                content={(props) => <MoneyTooltip {...(props as object)} currency={view.currency} labels={seriesLabel} />}
              />
              <Bar dataKey="refundedValue" name="Refunded" fill={REFUNDED_COLOR} maxBarSize={18} isAnimationActive={false} />
              <Bar dataKey="recoveredValue" name="Recovered" fill={RECOVERED_COLOR} maxBarSize={18} isAnimationActive={false} />
            </BarChart>
          ) : null}
        </div>
        {rows.length ? (
          <Legend
            items={[
              { key: "refunded", label: "Refunded to customers", color: REFUNDED_COLOR },
              { key: "recovered", label: "Recovered from suppliers", color: RECOVERED_COLOR },
            ]}
          />
        ) : null}
      </div>
      <DataTable summary="Refunded and recovered by store as a table" testId="chart-store-table">
        <table className="w-full border-collapse text-[13px]">
          <caption className="sr-only">
            Refunded and recovered by store, {formatDay(report.range.from)} to {formatDay(report.range.to)}, in {view.currency}
            {view.converted ? " (converted)" : ""}
          </caption>
          <thead className="bg-muted/40">
            <tr className="border-b">
              <th scope="col" className={th}>
                Store
              </th>
              <th scope="col" className={cn(th, "text-right")}>
                Refunded
              </th>
              <th scope="col" className={cn(th, "text-right")}>
                Recovered
              </th>
              <th scope="col" className={cn(th, "text-right")}>
                Net loss
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-5 py-3 text-muted-foreground">
                  No refunds in this period.
                </td>
              </tr>
            ) : null}
            {rows.map((row) => (
              <tr key={row.storeId} className="border-b last:border-0" data-testid="chart-store-row">
                <th scope="row" className={cn(td, "text-left font-medium")}>
                  {row.name}
                </th>
                <td className={td}>
                  <FigureLink drill={storeDrill(row.storeId, "refunded")} empty={row.refunded === 0}>
                    {formatMoney(row.refunded, view.currency)}
                  </FigureLink>
                </td>
                <td className={td}>
                  <FigureLink drill={storeDrill(row.storeId, "recovered")} empty={row.recovered === 0}>
                    {formatMoney(row.recovered, view.currency)}
                  </FigureLink>
                </td>
                <td className={cn(td, "font-medium")}>
                  <FigureLink drill={storeDrill(row.storeId, "loss")}>{formatMoney(row.refunded - row.recovered, view.currency)}</FigureLink>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </DataTable>
    </Card>
  );
}
