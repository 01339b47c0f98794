import Holidays from "date-holidays";
import { DAY_MS, dayNumberOf, localDateOfDayNumber, yearOfDayNumber } from "./local-time";

/*
 * Public holidays per country, from date-holidays, cached per (country, year): one `getHolidays`
 * call costs tens of milliseconds (CN works out the lunar calendar) and deadlines run in loops.
 *
 * A day is a holiday when date-holidays lists a holiday of type `public` on it that
 * - lasts the whole day. Half days (CN Women's Day, Youth Day and Army Day from 12:00; IS and GT
 *   Christmas Eve) leave the morning to work in, so they stay business days;
 * - applies to everyone. date-holidays types a few holidays `public` while its note limits them to a
 *   group (CN Children's Day: "Children below the age of 14"); GROUP_ONLY_RULES lists those.
 *
 * What date-holidays 3.37 does NOT model for China (checked against its data/countries/CN.yaml):
 * - make-up working days (调休): it has no way to say a Saturday or Sunday is a working day, so every
 *   weekend day is a day off here, even Sat 2026-10-10, which the State Council made a working day;
 * - the bridged weeks (National Day Oct 1–7, Spring Festival's nine days): outside 2021 it lists
 *   only the rule-based days — Jan 1; lunar New Year's Eve and the next two days; Qingming; May 1;
 *   Dragon Boat; Mid-Autumn; Oct 1–3 — not the 2025 reform's fourth Spring Festival day or May 2.
 * For the years whose schedule the State Council has published, OFFICIAL_SCHEDULES below replaces
 * date-holidays for that country and year: the real days off and the make-up working weekend days.
 * Add each new year's notice (published every November) here.
 */
interface OfficialYear {
  /** Inclusive date ranges of days off. */
  off: readonly (readonly [string, string])[];
  /** Weekend days declared working days (调休). */
  worked: readonly string[];
}
const OFFICIAL_SCHEDULES: Readonly<Record<string, Readonly<Record<number, OfficialYear>>>> = {
  CN: {
    // State Council notice of November 2024.
    2025: {
      off: [
        ["2025-01-01", "2025-01-01"],
        ["2025-01-28", "2025-02-04"],
        ["2025-04-04", "2025-04-06"],
        ["2025-05-01", "2025-05-05"],
        ["2025-05-31", "2025-06-02"],
        ["2025-10-01", "2025-10-08"],
      ],
      worked: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    },
    // State Council notice of November 2025.
    2026: {
      off: [
        ["2026-01-01", "2026-01-03"],
        ["2026-02-15", "2026-02-23"],
        ["2026-04-04", "2026-04-06"],
        ["2026-05-01", "2026-05-05"],
        ["2026-06-19", "2026-06-21"],
        ["2026-09-25", "2026-09-27"],
        ["2026-10-01", "2026-10-07"],
      ],
      worked: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    },
  },
};
const GROUP_ONLY_RULES: Readonly<Record<string, ReadonlySet<string>>> = {
  CN: new Set(["06-01"]),
};

export interface HolidayCalendar {
  /** Whether the local day (a day number, see local-time.ts) is a public holiday. */
  isHoliday(day: number): boolean;
  /** Whether a Saturday or Sunday was declared a working day (China's 调休). */
  isWorkedWeekend(day: number): boolean;
}

let supported: ReadonlySet<string> | undefined;

function normaliseCountry(country: string): string {
  const code = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new RangeError(`"${country}" is not a two-letter ISO 3166 country code.`);
  }
  return code;
}

/** Whether date-holidays knows the country's public holidays (if not, only weekends are days off). */
export function hasHolidayCalendar(country: string): boolean {
  supported ??= new Set(Object.keys(new Holidays().getCountries()));
  return supported.has(normaliseCountry(country));
}

function createCalendar(code: string): HolidayCalendar {
  const source = hasHolidayCalendar(code) ? new Holidays(code) : null;
  const groupOnly = GROUP_ONLY_RULES[code];
  const holidays = new Set<number>();
  const worked = new Set<number>();
  const official = OFFICIAL_SCHEDULES[code] ?? {};
  const loadedYears = new Set<number>();
  /** years whose holidays are all in `holidays`, including those spilling over from the year before */
  const readyYears = new Set<number>();

  function load(year: number): void {
    if (loadedYears.has(year)) return;
    loadedYears.add(year);
    const schedule = official[year];
    if (schedule) {
      for (const [from, to] of schedule.off) {
        for (let day = dayNumberOf(from); day <= dayNumberOf(to); day++) holidays.add(day);
      }
      for (const date of schedule.worked) worked.add(dayNumberOf(date));
      return;
    }
    for (const holiday of source?.getHolidays(year) ?? []) {
      if (holiday.type !== "public" || groupOnly?.has(holiday.rule)) continue;
      // `date` is "YYYY-MM-DD hh:mm:ss[ ±hhmm]" in the country's own time; the time tells a half day.
      if (holiday.date.slice(11, 19) !== "00:00:00") continue;
      const first = dayNumberOf(holiday.date.slice(0, 10));
      // Some span several days (Eid al-Fitr is 72 h in AE); a DST change makes that 71 or 73 h.
      const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      for (let i = 0; i < days; i++) holidays.add(first + i);
    }
  }

  // The year last asked about, as a range of days: loops over days rarely leave it, so most look-ups
  // skip working out the year.
  let windowFrom = 1;
  let windowTo = 0;
  return {
    isHoliday(day) {
      if (day < windowFrom || day > windowTo) {
        const year = yearOfDayNumber(day);
        if (!readyYears.has(year)) {
          load(year - 1);
          load(year);
          readyYears.add(year);
        }
        windowFrom = Date.UTC(year, 0, 1) / DAY_MS;
        windowTo = Date.UTC(year + 1, 0, 1) / DAY_MS - 1;
      }
      return holidays.has(day);
    },
    isWorkedWeekend(day) {
      // isHoliday loads the day's year first.
      this.isHoliday(day);
      return worked.has(day);
    },
  };
}

const calendarsByCode = new Map<string, HolidayCalendar>();
// Keyed by the code as callers spell it, so the hot path skips normalising it.
const calendarsByInput = new Map<string, HolidayCalendar>();

/** The holiday calendar of `country` (ISO 3166 alpha-2, any case). */
export function holidayCalendar(country: string): HolidayCalendar {
  let calendar = calendarsByInput.get(country);
  if (!calendar) {
    const code = normaliseCountry(country);
    calendar = calendarsByCode.get(code) ?? createCalendar(code);
    calendarsByCode.set(code, calendar);
    calendarsByInput.set(country, calendar);
  }
  return calendar;
}

/** The public holidays counted as days off in `country` during `year`, as sorted YYYY-MM-DD dates. */
export function publicHolidays(country: string, year: number): string[] {
  const calendar = holidayCalendar(country);
  const first = Date.UTC(year, 0, 1) / DAY_MS;
  const last = Date.UTC(year + 1, 0, 1) / DAY_MS - 1;
  const dates: string[] = [];
  for (let day = first; day <= last; day++) {
    if (calendar.isHoliday(day)) dates.push(localDateOfDayNumber(day));
  }
  return dates;
}
