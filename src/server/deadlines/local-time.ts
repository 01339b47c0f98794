/**
 * Local calendar dates in an IANA time zone, without a time-zone library.
 *
 * A local date is handled as a day number (days since 1970-01-01) so that business-day arithmetic is
 * plain integer arithmetic. Converting between instants and local dates goes through the start of
 * each local day, which is computed once per (time zone, day) with `Intl.DateTimeFormat` and cached:
 * `formatToParts` costs several microseconds a call, far too slow to run for every order in a loop.
 */

export const DAY_MS = 86_400_000;

/** A calendar date written `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumberOf(localDate: LocalDate): number {
  const match = LOCAL_DATE.exec(localDate);
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    const day = ms / DAY_MS;
    // Date.UTC rolls 2026-02-30 over to March; a round trip catches it.
    if (Number.isInteger(day) && localDateOfDayNumber(day) === localDate) return day;
  }
  throw new RangeError(`"${localDate}" is not a calendar date in the form YYYY-MM-DD.`);
}

export function localDateOfDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function instantOf(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("The date is invalid (NaN).");
  return ms;
}

interface ZoneCache {
  format: Intl.DateTimeFormat;
  /** day number → first instant (epoch ms) whose local date is that day */
  dayStarts: Map<number, number>;
}

const zones = new Map<string, ZoneCache>();

function zone(timeZone: string): ZoneCache {
  let cache = zones.get(timeZone);
  if (!cache) {
    cache = {
      // Throws a RangeError naming the zone when it is not a valid IANA name.
      format: new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      }),
      dayStarts: new Map(),
    };
    zones.set(timeZone, cache);
  }
  return cache;
}

/** The local wall-clock time at instant `t`, written as if it were a UTC epoch value. */
function wallClock(format: Intl.DateTimeFormat, t: number): number {
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(t)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const wholeSeconds = Date.UTC(
    fields.year ?? NaN,
    (fields.month ?? NaN) - 1,
    fields.day ?? NaN,
    fields.hour ?? NaN,
    fields.minute ?? NaN,
    fields.second ?? NaN,
  );
  return wholeSeconds + (((t % 1000) + 1000) % 1000);
}

function computeDayStart(format: Intl.DateTimeFormat, day: number): number {
  const midnight = day * DAY_MS;
  // Offsets stay within ±14 h, so a day either side of local midnight lies outside any transition
  // that could move it; real zones never change offset twice within that window.
  const offsets = new Set([wallClock(format, midnight - DAY_MS) - (midnight - DAY_MS), wallClock(format, midnight + DAY_MS) - (midnight + DAY_MS)]);
  const candidates = [...offsets].map((offset) => midnight - offset).sort((a, b) => a - b);
  // When midnight happens twice (clocks going back over it) the day starts at the first one.
  for (const t of candidates) {
    if (wallClock(format, t) === midnight) return t;
  }
  // Midnight does not exist (clocks jump over it, e.g. America/Santiago in September): the day
  // starts at the transition itself. Search for the first instant whose wall clock reads this day.
  let lo = midnight - DAY_MS;
  let hi = midnight + DAY_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(format, mid) >= midnight) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** First instant (epoch ms) of the local day `day` in `timeZone`. */
export function startOfDayNumber(day: number, timeZone: string): number {
  const cache = zone(timeZone);
  let start = cache.dayStarts.get(day);
  if (start === undefined) {
    start = computeDayStart(cache.format, day);
    cache.dayStarts.set(day, start);
  }
  return start;
}

/** The local day number of instant `t` (epoch ms) in `timeZone`. */
export function dayNumberAt(t: number, timeZone: string): number {
  // Offsets are under a day, so the local date is the UTC date or one either side of it.
  const utcDay = Math.floor(t / DAY_MS);
  if (t < startOfDayNumber(utcDay, timeZone)) return utcDay - 1;
  if (t >= startOfDayNumber(utcDay + 1, timeZone)) return utcDay + 1;
  return utcDay;
}

/** The calendar date, in `timeZone`, of the instant `date`. */
export function localDateOf(date: Date, timeZone: string): LocalDate {
  return localDateOfDayNumber(dayNumberAt(instantOf(date), timeZone));
}

/**
 * The last millisecond of `localDate` in `timeZone` (23:59:59.999 local), as a UTC Date. On a day
 * whose end is repeated by a clock change it is the later of the two, so a deadline never ends early.
 */
export function endOfLocalDay(localDate: LocalDate, timeZone: string): Date {
  return new Date(startOfDayNumber(dayNumberOf(localDate) + 1, timeZone) - 1);
}

export function endOfDayNumber(day: number, timeZone: string): Date {
  return new Date(startOfDayNumber(day + 1, timeZone) - 1);
}
