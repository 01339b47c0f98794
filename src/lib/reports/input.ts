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

const DAY_MS = 86_400_000;

function toUtc(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  return new Date(toUtc(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
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
  let [year, month] = range.from.split("-").map(Number) as [number, number];
  const [endYear, endMonth] = range.to.split("-").map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, "0")}-01`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
