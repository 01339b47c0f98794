import { AlarmClock, CircleAlert } from "lucide-react";
import { cn } from "@/lib/utils";
import { calendarDaysFromToday, describeCalendarDays, formatZonedDate, formatZonedFull } from "@/lib/zoned-time";

/** Supplier statuses in which the parcel has not left yet: the ship-by still matters. */
export const OPEN_SUPPLIER_STATUSES = ["awaiting_payment", "awaiting_shipment"] as const;

export function isOpenSupplierStatus(status: string | null | undefined): boolean {
  return (OPEN_SUPPLIER_STATUSES as readonly string[]).includes(status ?? "");
}

export type Urgency = "overdue" | "soon" | "calm" | "done";

/**
 * How urgent a ship-by is for the list, in calendar days read in the store's time zone (the order
 * page shows the exact business-day count the server computes).
 */
export function shipByUrgency(shipBy: Date, open: boolean, timeZone: string, now = new Date()): { urgency: Urgency; relative: string } {
  const days = calendarDaysFromToday(shipBy, timeZone, now);
  const relative = describeCalendarDays(days);
  if (!open) return { urgency: "done", relative };
  if (new Date(shipBy).getTime() < now.getTime()) return { urgency: "overdue", relative };
  return { urgency: days <= 1 ? "soon" : "calm", relative };
}

const URGENCY_CLASSES: Record<Urgency, string> = {
  overdue: "text-destructive",
  soon: "text-[oklch(0.5_0.12_65)]",
  calm: "text-muted-foreground",
  done: "text-muted-foreground",
};

/** The ship-by cell of the orders list: the date in the store's zone and, while open, the time left. */
export function ShipByCell({
  shipBy,
  supplierStatus,
  timeZone,
  className,
}: {
  shipBy: Date | null;
  supplierStatus: string | null;
  timeZone: string;
  className?: string;
}) {
  const open = isOpenSupplierStatus(supplierStatus);
  if (!shipBy) {
    return (
      <span className={cn("text-[13px] text-muted-foreground", className)}>
        {supplierStatus === "awaiting_payment" ? "Not paid yet" : "—"}
      </span>
    );
  }
  const { urgency, relative } = shipByUrgency(shipBy, open, timeZone);
  const Icon = urgency === "overdue" ? CircleAlert : urgency === "soon" ? AlarmClock : null;
  return (
    <span
      className={cn("grid text-[13px] leading-tight", className)}
      title={formatZonedFull(shipBy, timeZone)}
      data-urgency={urgency}
    >
      <span className={cn("whitespace-nowrap", urgency === "done" ? "text-muted-foreground" : "text-foreground")}>
        {formatZonedDate(shipBy, timeZone)}
      </span>
      {urgency === "done" ? null : (
        <span className={cn("flex items-center gap-1 whitespace-nowrap text-xs font-medium", URGENCY_CLASSES[urgency])}>
          {Icon ? <Icon className="size-3 shrink-0" aria-hidden /> : null}
          {urgency === "overdue" ? <span className="sr-only">Overdue, </span> : null}
          {relative}
        </span>
      )}
    </span>
  );
}
