"use client";

import { useSyncExternalStore } from "react";
import { formatDate, formatDateTime, formatFullDateTime, formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";

const noop = () => () => {};

/** True once running in the browser; false during the server render and hydration. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

const FORMATS = { relative: formatRelative, datetime: formatDateTime, date: formatDate } as const;

/**
 * A time in the reader's own time zone. The server does not know that zone (and "3 minutes ago"
 * drifts between render and hydration), so the text is filled in on the client; the server sends an
 * invisible placeholder of the same rough width.
 */
export function LocalTime({
  date,
  format = "datetime",
  className,
  title = true,
}: {
  date: Date | string;
  format?: keyof typeof FORMATS;
  className?: string;
  /** Show the full, unambiguous date and time on hover. */
  title?: boolean;
}) {
  const hydrated = useHydrated();
  const value = new Date(date);
  return (
    <time
      dateTime={value.toISOString()}
      title={hydrated && title ? formatFullDateTime(value) : undefined}
      className={cn(!hydrated && "invisible", className)}
    >
      {hydrated ? FORMATS[format](value) : "—"}
    </time>
  );
}
