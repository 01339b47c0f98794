/**
 * Wall-clock time in a store's IANA time zone, for the browser: showing an instant as the store
 * reads it, and turning what a user typed in a `datetime-local` or `date` input (meant as store
 * time) back into the exact UTC instant. No time-zone library: `Intl` knows every zone's offsets.
 */

const DAY_MS = 86_400_000;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, format);
  }
  return format;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(instant: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? NaN,
    month: fields.month ?? NaN,
    day: fields.day ?? NaN,
    hour: fields.hour ?? NaN,
    minute: fields.minute ?? NaN,
    second: fields.second ?? NaN,
  };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms (whole seconds). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClockOf(instant, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD`: the calendar date of `date` in `timeZone`. */
export function zonedDateKey(date: Date, timeZone: string): string {
  const w = wallClockOf(date.getTime(), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** `YYYY-MM-DDTHH:mm`, the value a `datetime-local` input shows for `date` in `timeZone`. */
export function toZonedInputValue(date: Date | null | undefined, timeZone: string): string {
  if (!date) return "";
  const w = wallClockOf(new Date(date).getTime(), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const INPUT_VALUE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The instant a store-local `YYYY-MM-DD[THH:mm[:ss]]` names, or null when it is not one. A time
 * skipped by a clock change (02:30 on a spring-forward night) is read with the offset from before
 * the jump, which lands just after it (03:30), as most calendars do; a repeated time is the first.
 */
export function fromZonedInputValue(value: string, timeZone: string): Date | null {
  const match = INPUT_VALUE.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = match;
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(naive);
  // Date.UTC rolls 2026-02-30 over into March: refuse rather than guess.
  if (Number.isNaN(naive) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  // Two passes: the offset a few hours either side of the guess can differ across a transition.
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  if (second + offsetAt(second, timeZone) === naive) return new Date(second);
  // The wall time does not exist: `first` read it with the offset from before the jump.
  return new Date(first);
}

/** The first instant of the store-local calendar day `YYYY-MM-DD`. */
export function startOfZonedDay(dateKey: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateKey)) return null;
  return fromZonedInputValue(`${dateKey}T00:00`, timeZone);
}

/** The first instant of the day after `YYYY-MM-DD` (an exclusive upper bound for "up to and including"). */
export function startOfNextZonedDay(dateKey: string, timeZone: string): Date | null {
  const start = startOfZonedDay(dateKey, timeZone);
  if (!start) return null;
  const next = new Date(Date.parse(`${dateKey}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return startOfZonedDay(next, timeZone);
}

/** Calendar days from today to `date`, both read in `timeZone`: 0 today, 1 tomorrow, -2 two days ago. */
export function calendarDaysFromToday(date: Date, timeZone: string, now = new Date()): number {
  const target = Date.parse(`${zonedDateKey(new Date(date), timeZone)}T00:00:00Z`);
  const today = Date.parse(`${zonedDateKey(now, timeZone)}T00:00:00Z`);
  return Math.round((target - today) / DAY_MS);
}

/** "today", "tomorrow", "in 3 days", "yesterday", "2 days ago". */
export function describeCalendarDays(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function displayFormatter(timeZone: string, kind: "date" | "dateTime" | "time" | "full"): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let format = displayFormatters.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === "date"
        ? { dateStyle: "medium" }
        : kind === "time"
          ? { timeStyle: "short" }
          : kind === "full"
            ? { dateStyle: "full", timeStyle: "long" }
            : { dateStyle: "medium", timeStyle: "short" };
    try {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    displayFormatters.set(key, format);
  }
  return format;
}

/** "Oct 1, 2026" as the store reads it. */
export function formatZonedDate(date: Date | string, timeZone: string): string {
  return displayFormatter(timeZone, "date").format(new Date(date));
}

/** "9:12 AM" as the store reads it. */
export function formatZonedTime(date: Date | string, timeZone: string): string {
  return displayFormatter(timeZone, "time").format(new Date(date));
}

/** "Oct 1, 2026, 9:12 AM" as the store reads it. */
export function formatZonedDateTime(date: Date | string, timeZone: string): string {
  return displayFormatter(timeZone, "dateTime").format(new Date(date));
}

/** The unambiguous form with the zone's name, for tooltips. */
export function formatZonedFull(date: Date | string, timeZone: string): string {
  return displayFormatter(timeZone, "full").format(new Date(date));
}

/** "GMT-4" / "GMT+2": the zone's short offset name at `date`. */
export function zoneAbbreviation(timeZone: string, date = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
      .formatToParts(date)
      .find((p) => p.type === "timeZoneName");
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
