import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";

export interface Figures {
  refundedMinor: number;
  recoveredMinor: number;
  netLossMinor: number;
  expectedMinor: number;
  writtenOffMinor: number;
  exposureMinor: number;
  overdueMinor: number;
}

const ROWS: { key: keyof Figures; label: string; hint: string }[] = [
  { key: "refundedMinor", label: "Refunded", hint: "Paid back to the customer" },
  { key: "recoveredMinor", label: "Recovered", hint: "Received from the supplier" },
  { key: "expectedMinor", label: "Expected", hint: "Supplier refunds promised, in total" },
  { key: "exposureMinor", label: "Exposure", hint: "Expected and not received yet" },
  { key: "overdueMinor", label: "Overdue", hint: "Exposure past its latest date" },
  { key: "netLossMinor", label: "Net loss", hint: "Refunded − recovered" },
];

/**
 * The six ledger figures (SPEC §4) in one currency. `layout="list"` is a compact column for a side
 * panel; `"grid"` spreads them as tiles.
 */
export function MoneyFigures({
  figures,
  currency,
  layout = "list",
  className,
}: {
  figures: Figures;
  currency: string;
  layout?: "list" | "grid";
  className?: string;
}) {
  const tone = (key: keyof Figures, value: number) => {
    if (key === "overdueMinor" && value > 0) return "text-destructive";
    if (key === "netLossMinor" && value > 0) return "text-destructive";
    if (key === "netLossMinor" && value < 0) return "text-success";
    if (key === "recoveredMinor" && value > 0) return "text-success";
    return "text-foreground";
  };
  if (layout === "grid") {
    return (
      <dl className={cn("grid grid-cols-2 gap-px overflow-hidden rounded-lg border bg-border sm:grid-cols-3 xl:grid-cols-6", className)}>
        {ROWS.map((row) => {
          const value = figures[row.key];
          return (
            <div key={row.key} className="grid content-start gap-1 bg-card px-4 py-3" data-testid={`figure-${row.key}`}>
              <dt className="text-xs font-medium text-muted-foreground">{row.label}</dt>
              <dd className={cn("text-lg font-semibold tabular-nums tracking-tight", tone(row.key, value))}>{formatMoney(value, currency)}</dd>
              <dd className="text-[11px] leading-snug text-muted-foreground">{row.hint}</dd>
            </div>
          );
        })}
      </dl>
    );
  }
  return (
    <dl className={cn("grid gap-2 text-[13px]", className)}>
      {ROWS.map((row) => {
        const value = figures[row.key];
        const strong = row.key === "netLossMinor";
        return (
          <div
            key={row.key}
            className={cn("flex items-baseline justify-between gap-4", strong && "mt-1 border-t pt-2.5 text-sm font-semibold")}
            data-testid={`figure-${row.key}`}
          >
            <dt className={cn(!strong && "text-muted-foreground")} title={row.hint}>
              {row.label}
            </dt>
            <dd className={cn("tabular-nums", tone(row.key, value), !strong && value === 0 && "text-muted-foreground")}>{formatMoney(value, currency)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
