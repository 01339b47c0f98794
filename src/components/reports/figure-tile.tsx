import { cn } from "@/lib/utils";
import type { Drill } from "@/lib/reports/drill";
import { FigureLink } from "./figure-link";
import type { Change } from "./report-format";

const TONES = { good: "bg-success/10 text-success", bad: "bg-destructive/8 text-destructive", neutral: "bg-muted text-muted-foreground" } as const;

/** "+12.5%" in green or red, depending on whether up is good news for the figure. */
export function ChangeChip({ change, className }: { change: Change; className?: string }) {
  return (
    <span
      className={cn("inline-flex shrink-0 items-center rounded px-1 py-px text-[11px] font-medium tabular-nums", TONES[change.tone], className)}
      title={change.description}
    >
      <span aria-hidden>{change.label}</span>
      <span className="sr-only">{change.description}</span>
    </span>
  );
}

export interface TileProps {
  label: string;
  /** The figure, formatted. */
  value: string;
  drill: Drill | null;
  /** Nothing behind it: shown muted and not linked. */
  empty: boolean;
  /** A line under the value: "8 of 22 requests", "incl. $585.49 in the store". */
  detail?: React.ReactNode;
  previous: { value: string; drill: Drill | null; empty: boolean; change: Change } | null;
  /** Red for figures that are bad news when above zero (net loss, overdue). */
  alarming?: boolean;
  testId: string;
}

/** One headline figure: the value (a link to the orders behind it), a detail line and the previous period. */
export function FigureTile({ label, value, drill, empty, detail, previous, alarming, testId }: TileProps) {
  return (
    <div className="flex flex-col gap-1 bg-card px-4 py-3 print:gap-0.5 print:px-2 print:py-1" data-testid={testId}>
      <dt className="text-xs font-medium text-muted-foreground print:text-[10px]">{label}</dt>
      <dd className={cn("text-lg font-semibold tabular-nums tracking-tight print:text-sm", alarming && !empty && "text-destructive")}>
        {drill ? (
          <FigureLink drill={drill} empty={empty} aria-label={`${label}: ${value}. Show the orders`} className={cn(empty && "text-muted-foreground")}>
            {value}
          </FigureLink>
        ) : (
          <span className={cn(empty && "text-muted-foreground")}>{value}</span>
        )}
      </dd>
      {detail ? <dd className="text-[11px] leading-snug text-muted-foreground print:hidden">{detail}</dd> : null}
      {previous ? (
        <dd
          className="mt-auto flex flex-wrap items-center gap-x-1.5 gap-y-0.5 pt-0.5 text-[11px] leading-snug text-muted-foreground print:text-[9px]"
          data-testid="previous"
        >
          <span>
            Previous:{" "}
            {previous.drill ? (
              <FigureLink drill={previous.drill} empty={previous.empty} aria-label={`${label}, previous period: ${previous.value}. Show the orders`}>
                {previous.value}
              </FigureLink>
            ) : (
              previous.value
            )}
          </span>
          {previous.change.label === "—" ? null : <ChangeChip change={previous.change} />}
        </dd>
      ) : null}
    </div>
  );
}

/** Tiles in a bordered grid, as the ledger shows its figures. */
export function TileGrid({ className, ...props }: React.ComponentProps<"dl">) {
  return (
    <dl
      className={cn("grid grid-cols-2 gap-px overflow-hidden rounded-lg border bg-border sm:grid-cols-3 lg:grid-cols-5 print:grid-cols-5", className)}
      {...props}
    />
  );
}
