import Link from "next/link";
import { ArrowLeftRight, TriangleAlert } from "lucide-react";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMoney } from "@/lib/money";
import type { DrillMetric } from "@/lib/reports/drill";
import { cancelledShare, lossShare, type LossFigures } from "@/lib/reports/figures";
import { FigureTile, TileGrid } from "./figure-tile";
import { makeDrill, FigureLink, type DrillScope } from "./figure-link";
import { describeChange, formatCount, formatDay, formatShare, type Direction } from "./report-format";
import type { LossReportData, ReportPeriodFigures } from "./report-types";

interface HeadlineDef {
  key: string;
  label: string;
  metric: DrillMetric;
  direction: Direction;
  kind: "count" | "money" | "share";
  value: (f: LossFigures) => number | null;
  /** Whether anything is behind the figure (a share of zero requests has nothing to open). */
  has: (f: LossFigures) => boolean;
  alarming?: boolean;
}

/** The headline figures in the order the page shows them: volume first, then the money. */
const HEADLINES: HeadlineDef[] = [
  { key: "orders", label: "Orders", metric: "orders", direction: "neutral", kind: "count", value: (f) => f.orders, has: (f) => f.orders > 0 },
  { key: "revenue", label: "Revenue", metric: "orders", direction: "up-good", kind: "money", value: (f) => f.revenueMinor, has: (f) => f.orders > 0 },
  { key: "requests", label: "Cancellation requests", metric: "requests", direction: "up-bad", kind: "count", value: (f) => f.requests, has: (f) => f.requests > 0 },
  {
    key: "cancelled_share",
    label: "Cancelled before dispatch",
    metric: "cancelled",
    direction: "up-good",
    kind: "share",
    value: cancelledShare,
    has: (f) => f.cancelledBeforeDispatch > 0,
  },
  { key: "loss_share", label: "Net loss / revenue", metric: "loss", direction: "up-bad", kind: "share", value: lossShare, has: (f) => f.netLossMinor !== 0 },
  { key: "refunded", label: "Refunded to customers", metric: "refunded", direction: "up-bad", kind: "money", value: (f) => f.refundedMinor, has: (f) => f.refundedMinor !== 0 },
  { key: "recovered", label: "Recovered from suppliers", metric: "recovered", direction: "up-good", kind: "money", value: (f) => f.recoveredMinor, has: (f) => f.recoveredMinor !== 0 },
  {
    key: "net_loss",
    label: "Net loss",
    metric: "loss",
    direction: "up-bad",
    kind: "money",
    value: (f) => f.netLossMinor,
    has: (f) => f.refundedMinor !== 0 || f.recoveredMinor !== 0,
    alarming: true,
  },
  { key: "exposure", label: "Exposure", metric: "exposure", direction: "up-bad", kind: "money", value: (f) => f.exposureMinor, has: (f) => f.exposureMinor !== 0 },
  { key: "overdue", label: "Overdue", metric: "overdue", direction: "up-bad", kind: "money", value: (f) => f.overdueMinor, has: (f) => f.overdueMinor !== 0, alarming: true },
];

function formatValue(def: HeadlineDef, value: number | null, currency: string): string {
  if (value === null) return "—";
  return def.kind === "money" ? formatMoney(value, currency) : def.kind === "share" ? formatShare(value) : formatCount(value);
}

function detailFor(def: HeadlineDef, f: LossFigures, currency: string, scope: DrillScope): React.ReactNode {
  switch (def.key) {
    case "cancelled_share":
      return f.requests > 0 ? `${formatCount(f.cancelledBeforeDispatch)} of ${formatCount(f.requests)} requests` : "No requests";
    case "loss_share":
      return "Net loss as a share of revenue";
    case "refunded":
      return (
        <>
          incl.{" "}
          <FigureLink drill={makeDrill(scope, "store_refunded", { currency })} empty={f.storeRefundedMinor === 0}>
            {formatMoney(f.storeRefundedMinor, currency)}
          </FigureLink>{" "}
          in the store
        </>
      );
    case "recovered":
      return f.writtenOffMinor ? (
        <>
          <FigureLink drill={makeDrill(scope, "written_off", { currency })}>{formatMoney(f.writtenOffMinor, currency)}</FigureLink> written off
        </>
      ) : (
        "Nothing written off"
      );
    case "net_loss":
      return "Refunded − recovered";
    case "exposure":
      return "Expected, not yet received";
    case "overdue":
      return "Past the latest expected date";
    default:
      return null;
  }
}

/** Every headline figure of one currency, this period against the previous one. */
export function CurrencyFigures({
  figures,
  storeNames,
  scope,
  previousScope,
}: {
  figures: ReportPeriodFigures;
  /** The stores whose money is in this currency. */
  storeNames: string[];
  scope: DrillScope;
  previousScope: DrillScope;
}) {
  const { currency, current, previous } = figures;
  return (
    <Card data-testid="currency-figures" data-currency={currency} className="break-inside-avoid">
      <CardHeader className="print:pb-1 print:pt-1.5">
        <div className="min-w-0 flex-1 print:flex print:items-baseline print:gap-2">
          <CardTitle>{currency}</CardTitle>
          <CardDescription className="print:mt-0">{storeNames.length ? storeNames.join(", ") : "No store activity"}</CardDescription>
        </div>
      </CardHeader>
      <div className="px-5 pb-5 print:px-3 print:pb-2">
        <TileGrid className="print:grid-cols-10">
          {HEADLINES.map((def) => {
            const value = def.value(current);
            const before = def.value(previous);
            return (
              <FigureTile
                key={def.key}
                testId={`figure-${def.key}`}
                label={def.label}
                value={formatValue(def, value, currency)}
                drill={makeDrill(scope, def.metric, { currency })}
                empty={!def.has(current)}
                alarming={def.alarming && (value ?? 0) > 0}
                detail={detailFor(def, current, currency, scope)}
                previous={{
                  value: formatValue(def, before, currency),
                  drill: makeDrill(previousScope, def.metric, { currency }),
                  empty: !def.has(previous),
                  change: describeChange(value, before, def.direction, def.kind === "share" ? "share" : "amount"),
                }}
              />
            );
          })}
        </TileGrid>
      </div>
    </Card>
  );
}

type RolledFigures = NonNullable<LossReportData["rollup"]["current"]["figures"]>;

const ROLLUP: { key: string; label: string; metric: DrillMetric; direction: Direction; value: (f: RolledFigures) => number; alarming?: boolean }[] = [
  { key: "revenue", label: "Revenue", metric: "orders", direction: "up-good", value: (f) => f.revenueMinor },
  { key: "refunded", label: "Refunded to customers", metric: "refunded", direction: "up-bad", value: (f) => f.refundedMinor },
  { key: "recovered", label: "Recovered from suppliers", metric: "recovered", direction: "up-good", value: (f) => f.recoveredMinor },
  { key: "net_loss", label: "Net loss", metric: "loss", direction: "up-bad", value: (f) => f.netLossMinor, alarming: true },
  { key: "exposure", label: "Exposure", metric: "exposure", direction: "up-bad", value: (f) => f.exposureMinor },
  { key: "overdue", label: "Overdue", metric: "overdue", direction: "up-bad", value: (f) => f.overdueMinor, alarming: true },
];

/** A rate into the reporting currency, "1 EUR = 1.08 USD". */
function rateText(currency: string, rate: string, target: string) {
  return `1 ${currency} = ${rate} ${target}`;
}

/** Where to add a missing rate: the settings page with the currency and the period's first day filled in. */
export function addRateHref(currency: string, validFrom: string): string {
  return `/settings/exchange-rates?${new URLSearchParams({ currency, validFrom }).toString()}`;
}

/**
 * Every currency rolled up into the organization's reporting currency at the rates valid on each
 * period's last day. A missing rate is named, with a link to add it; nothing is guessed.
 */
export function RollupCard({
  report,
  scope,
  previousScope,
  canManageRates,
}: {
  report: LossReportData;
  scope: DrillScope;
  previousScope: DrillScope;
  canManageRates: boolean;
}) {
  const target = report.reportingCurrency;
  const { current, previous } = report.rollup;
  // One line per currency: the days it lacks a rate on, and one link whose rate would cover them all.
  const missing = [...new Set([...current.missing, ...previous.missing])].map((currency) => ({
    currency,
    current: current.missing.includes(currency),
    previous: previous.missing.includes(currency),
    validFrom: previous.missing.includes(currency) ? report.previousRange.from : report.range.from,
  }));
  const applied = current.rates.filter((r) => r.rate !== null);
  const onlyTarget = report.totals.every((t) => t.currency === target);

  return (
    <Card data-testid="rollup" className="break-inside-avoid">
      <CardHeader className="print:pb-1 print:pt-1.5">
        <div className="min-w-0 flex-1">
          <CardTitle>All currencies in {target}</CardTitle>
          <CardDescription className="print:hidden">
            {onlyTarget
              ? `Every amount in this report is already in ${target}, the reporting currency.`
              : `Each currency converted into ${target}, the reporting currency, at the rate valid on the period's last day.`}
          </CardDescription>
        </div>
      </CardHeader>
      <div className="grid gap-3 px-5 pb-5 print:px-3 print:pb-2">
        {missing.length ? (
          <div
            role="status"
            className="flex gap-2.5 rounded-lg border border-warning/40 bg-warning/10 px-3.5 py-3 text-sm print:px-2 print:py-1 print:text-xs"
            data-testid="missing-rates"
          >
            <TriangleAlert className="mt-0.5 size-4 shrink-0 text-[oklch(0.55_0.13_65)]" aria-hidden />
            <div className="grid gap-1">
              <ul className="grid gap-0.5 font-medium">
                {missing.map((m) => (
                  <li key={m.currency}>
                    {m.current ? `Missing rate for ${m.currency} on ${report.range.to}` : null}
                    {m.current && m.previous ? `, and on ${report.previousRange.to} for the previous period` : null}
                    {!m.current ? (
                      <>
                        Missing rate for {m.currency} on {report.previousRange.to}
                        <span className="font-normal text-muted-foreground"> (previous period)</span>
                      </>
                    ) : null}
                    {canManageRates ? (
                      <>
                        {" · "}
                        <Link href={addRateHref(m.currency, m.validFrom)} className="font-medium text-primary hover:underline print:hidden">
                          Add a {m.currency} rate
                        </Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
              <p className="text-[13px] text-muted-foreground">
                {current.figures ? "The previous period is not rolled up" : "The roll-up is left out"} rather than guessed.{" "}
                {canManageRates ? null : (
                  <>
                    Ask an owner or admin to add the rate under{" "}
                    <Link href="/settings/exchange-rates" className="text-primary hover:underline">
                      Settings → Exchange rates
                    </Link>
                    .
                  </>
                )}
              </p>
            </div>
          </div>
        ) : null}
        {current.figures ? (
          <TileGrid className="lg:grid-cols-6 print:grid-cols-6">
            {ROLLUP.map((def) => {
              const value = def.value(current.figures!);
              const before = previous.figures ? def.value(previous.figures) : null;
              return (
                <FigureTile
                  key={def.key}
                  testId={`rollup-${def.key}`}
                  label={def.label}
                  value={formatMoney(value, target)}
                  drill={makeDrill(scope, def.metric)}
                  empty={value === 0}
                  alarming={def.alarming && value > 0}
                  previous={{
                    value: before === null ? "—" : formatMoney(before, target),
                    drill: before === null ? null : makeDrill(previousScope, def.metric),
                    empty: !before,
                    change: describeChange(value, before, def.direction),
                  }}
                />
              );
            })}
          </TileGrid>
        ) : null}
      </div>
      {applied.length ? (
        <CardFooter className="text-xs text-muted-foreground print:py-1.5">
          <p className="flex flex-wrap items-center gap-x-1.5">
            <ArrowLeftRight className="size-3.5" aria-hidden />
            Rates on {formatDay(report.range.to)}:{" "}
            {applied.map((r, i) => (
              <span key={r.currency} className="tabular-nums">
                {rateText(r.currency, r.rate!, target)}
                {i < applied.length - 1 ? "," : ""}
              </span>
            ))}
          </p>
          <Link href="/settings/exchange-rates" className="font-medium text-primary hover:underline print:hidden">
            Exchange rates
          </Link>
        </CardFooter>
      ) : null}
    </Card>
  );
}
