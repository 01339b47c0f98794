import { z } from "zod";

/** A calendar day, `YYYY-MM-DD`: report ranges are store-local days, inclusive at both ends. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The longest range a report covers (ten years); the previous period doubles it. */
export const MAX_REPORT_DAYS = 3660;

export function isValidDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const daySchema = (label: string) =>
  z.string().refine(isValidDay, { message: `${label} must be a real date written YYYY-MM-DD, like 2026-01-31.` });

export const lossReportInputSchema = z
  .object({
    from: daySchema("The start date"),
    to: daySchema("The end date"),
    /** Some of the organization's stores; absent or empty means every store the member may see. */
    storeIds: z.array(z.uuid({ message: "That store id is not valid." })).max(500, "Choose at most 500 stores.").optional(),
  })
  .refine((v) => !isValidDay(v.from) || !isValidDay(v.to) || v.from <= v.to, {
    message: "The start date must be on or before the end date.",
    path: ["to"],
  })
  .refine((v) => !isValidDay(v.from) || !isValidDay(v.to) || daysBetween(v.from, v.to) < MAX_REPORT_DAYS, {
    message: `A report covers at most ${MAX_REPORT_DAYS} days; choose a shorter range.`,
    path: ["from"],
  });
export type LossReportInput = z.infer<typeof lossReportInputSchema>;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` day, in the proleptic Gregorian calendar (H. Hinnant's
 * `days_from_civil`): integer arithmetic only. The report's stretches (`coarseSpans`) do a few
 * thousand of these per report, where `Date.parse` and `toISOString` cost ~1 ms.
 */
export function dayNumber(day: string): number {
  const digit = (i: number) => day.charCodeAt(i) - 48;
  const month = digit(5) * 10 + digit(6);
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + digit(8) * 10 + digit(9) - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The `YYYY-MM-DD` day of a day number (`civil_from_days`); the inverse of `dayNumber`. */
export function dayOfNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? String(year).padStart(4, "0") : year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

export function addDays(day: string, days: number): string {
  return dayOfNumber(dayNumber(day) + days);
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The period of the same length that ends the day before `from`. */
export function previousRange(range: { from: string; to: string }): { from: string; to: string } {
  const length = daysBetween(range.from, range.to) + 1;
  const to = addDays(range.from, -1);
  return { from: addDays(to, -(length - 1)), to };
}

/** `YYYY-MM-01` of every month the range touches, in order. */
export function monthsIn(range: { from: string; to: string }): string[] {
  const months: string[] = [];
  let year = Number(range.from.slice(0, 4));
  let month = Number(range.from.slice(5, 7));
  const endYear = Number(range.to.slice(0, 4));
  const endMonth = Number(range.to.slice(5, 7));
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${month < 10 ? "0" : ""}${month}-01`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
