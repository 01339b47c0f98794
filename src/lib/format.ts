import { formatDistanceToNowStrict } from "date-fns";

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const fullDateTime = new Intl.DateTimeFormat("en", { dateStyle: "full", timeStyle: "long" });

/** "Mar 4, 2025, 2:07 PM" in the reader's time zone. */
export function formatDateTime(date: Date | string): string {
  return dateTime.format(new Date(date));
}

export function formatDate(date: Date | string): string {
  return dateOnly.format(new Date(date));
}

/** The unambiguous form, with the zone, for tooltips and `title` attributes. */
export function formatFullDateTime(date: Date | string): string {
  return fullDateTime.format(new Date(date));
}

/** "3 minutes ago", "in 6 days"; "just now" under a minute. */
export function formatRelative(date: Date | string, now = Date.now()): string {
  const value = new Date(date);
  if (Math.abs(now - value.getTime()) < 45_000) return "just now";
  return formatDistanceToNowStrict(value, { addSuffix: true });
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
