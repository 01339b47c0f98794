import { AlarmClock, CircleAlert } from "lucide-react";
import { cn } from "@/lib/utils";
import { calendarDaysFromToday, formatZonedDate, formatZonedFull } from "@/lib/zoned-time";

/** What the server says about a deadline: business days left in the store's calendar. */
export interface TimeLeft {
  businessDaysLeft: number;
  overdue: boolean;
  label: string;
}

export type Urgency = "overdue" | "soon" | "calm";

export function urgencyOf(timeLeft: TimeLeft): Urgency {
  if (timeLeft.overdue) return "overdue";
  return timeLeft.businessDaysLeft <= 1 ? "soon" : "calm";
}

export const URGENCY_TEXT: Record<Urgency, string> = {
  overdue: "text-destructive",
  soon: "text-[oklch(0.5_0.12_65)]",
  calm: "text-muted-foreground",
};

/** "3 business days left" in grey, amber on the last day, red once overdue. */
export function TimeLeftText({ timeLeft, className }: { timeLeft: TimeLeft; className?: string }) {
  const urgency = urgencyOf(timeLeft);
  const Icon = urgency === "overdue" ? CircleAlert : urgency === "soon" ? AlarmClock : null;
  return (
    <span
      className={cn("relative inline-flex items-center gap-1 whitespace-nowrap text-xs font-medium", URGENCY_TEXT[urgency], className)}
      data-urgency={urgency}
      data-testid="time-left"
    >
      {Icon ? <Icon className="size-3 shrink-0" aria-hidden /> : null}
      {urgency === "overdue" ? <span className="sr-only">Overdue: </span> : null}
      {timeLeft.label}
    </span>
  );
}

/**
 * A deadline the list endpoints return without a business-day count: the date in the store's zone
 * and calendar days from today (the case page shows the server's business-day figure).
 */
export function approximateTimeLeft(at: Date, timeZone: string, now = new Date()): TimeLeft {
  const days = calendarDaysFromToday(at, timeZone, now);
  const overdue = new Date(at).getTime() < now.getTime();
  const label = overdue
    ? days < 0
      ? `${-days} day${days === -1 ? "" : "s"} overdue`
      : "overdue"
    : days === 0
      ? "due today"
      : days === 1
        ? "due tomorrow"
        : `in ${days} days`;
  return { businessDaysLeft: days, overdue, label };
}

export function DeadlineLine({
  label,
  at,
  timeZone,
  timeLeft,
  className,
}: {
  label: string;
  at: Date;
  timeZone: string;
  timeLeft?: TimeLeft;
  className?: string;
}) {
  const left = timeLeft ?? approximateTimeLeft(at, timeZone);
  return (
    <span className={cn("flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs", className)} title={formatZonedFull(at, timeZone)}>
      <span className="text-muted-foreground">{label}</span>
      <span className="text-foreground/80">{formatZonedDate(at, timeZone)}</span>
      <TimeLeftText timeLeft={left} />
    </span>
  );
}

/**
 * The deadline that matters next for a case in a list, where the row carries only the ship-by and
 * the tracking due date (the case page lists every deadline).
 */
export function nextDeadlineOf(row: { state: string; shipBy: Date | null; trackingDueAt: Date | null }): { label: string; at: Date } | null {
  if ((row.state === "requested" || row.state === "supplier_pending") && row.shipBy) return { label: "Ship-by", at: new Date(row.shipBy) };
  if (row.state === "awaiting_tracking" && row.trackingDueAt) return { label: "Tracking due", at: new Date(row.trackingDueAt) };
  return null;
}
