import Link from "next/link";
import { drillHref, type Drill, type DrillMetric } from "@/lib/reports/drill";
import { cn } from "@/lib/utils";

/** The days and stores a figure was summed over; every drill-down from it starts here. */
export interface DrillScope {
  from: string;
  to: string;
  /** The chosen stores; absent when the report covers every store the member may see. */
  storeIds?: string[];
}

export function makeDrill(scope: DrillScope, metric: DrillMetric, extra: Omit<Partial<Drill>, "metric"> = {}): Drill {
  const drill: Drill = { metric, from: scope.from, to: scope.to };
  if (scope.storeIds?.length) drill.storeIds = scope.storeIds;
  return { ...drill, ...extra };
}

/** The orders-list address for a drill-down; one store also preselects the list's store filter. */
export function figureHref(drill: Drill): string {
  return drillHref(drill, drill.storeIds?.length === 1 ? drill.storeIds[0] : null);
}

/**
 * A report figure that opens the orders behind it. A zero has no orders behind it, so it stays
 * plain text.
 */
export function FigureLink({
  drill,
  children,
  empty = false,
  className,
  "aria-label": ariaLabel,
  "data-testid": testId,
}: {
  drill: Drill;
  children: React.ReactNode;
  /** The figure is zero (or has nothing behind it): shown muted, not linked. */
  empty?: boolean;
  className?: string;
  "aria-label"?: string;
  "data-testid"?: string;
}) {
  if (empty) {
    return (
      <span className={cn("text-muted-foreground", className)} data-testid={testId}>
        {children}
      </span>
    );
  }
  return (
    <Link
      href={figureHref(drill)}
      aria-label={ariaLabel}
      title="Show the orders behind this figure"
      data-testid={testId}
      className={cn(
        "rounded-sm underline decoration-foreground/20 decoration-dotted underline-offset-4 transition-colors hover:text-primary hover:decoration-primary hover:decoration-solid print:no-underline",
        className,
      )}
    >
      {children}
    </Link>
  );
}
