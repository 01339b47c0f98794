/**
 * Business days and the deadlines built on them (SPEC §2 and §5).
 *
 * Business days are Monday to Friday minus the public holidays of the country that owns the deadline
 * (the supplier's for supplier deadlines, the store's for store ones); what counts as a public
 * holiday is decided in holidays.ts. Deadlines are computed in the store's time zone: an instant is
 * read as its local date there, business days are counted on local dates, and a deadline is the end
 * of its local business day (23:59:59.999 local) as a UTC Date.
 */
import { holidayCalendar, type HolidayCalendar } from "./holidays";
import {
  dayNumberAt,
  dayNumberOf,
  endOfDayNumber,
  instantOf,
  weekdayOfDayNumber,
  type LocalDate,
} from "./local-time";

export { endOfLocalDay, localDateOf, type LocalDate } from "./local-time";
export { hasHolidayCalendar, publicHolidays } from "./holidays";

export interface CalendarOptions {
  /** ISO 3166 alpha-2 code of the country whose public holidays count. */
  country: string;
  /** IANA time zone the local dates are read in: the store's. */
  timeZone: string;
}

/**
 * Options shared by the supplier deadlines. The field names match `SupplierTerms`
 * (src/lib/supplier-terms.ts), so a store's terms can be spread in: `{ ...terms, timeZone }`.
 */
export interface SupplierDeadlineOptions {
  /** The store's IANA time zone. */
  timeZone: string;
  /** Country whose public holidays count; AliExpress suppliers are in CN. */
  supplierCountry?: string;
}

export const DEFAULT_SUPPLIER_COUNTRY = "CN";
export const DEFAULT_DISPATCH_BUSINESS_DAYS = 7;
export const DEFAULT_REFUND_MIN_BUSINESS_DAYS = 3;
export const DEFAULT_REFUND_MAX_BUSINESS_DAYS = 15;
export const DEFAULT_TRACKING_DUE_BUSINESS_DAYS = 5;

function isBusinessDayNumber(day: number, holidays: HolidayCalendar): boolean {
  const weekday = weekdayOfDayNumber(day);
  if (holidays.isHoliday(day)) return false;
  return (weekday !== 0 && weekday !== 6) || holidays.isWorkedWeekend(day);
}

// About 40 years: far beyond any real deadline, and it keeps a bad input from spinning a loop.
const MAX_BUSINESS_DAYS = 10_000;

function wholeDays(days: number): number {
  if (!Number.isInteger(days) || Math.abs(days) > MAX_BUSINESS_DAYS) {
    throw new RangeError(`The number of business days must be a whole number from -${MAX_BUSINESS_DAYS} to ${MAX_BUSINESS_DAYS}, got ${days}.`);
  }
  return days;
}

/** Whether `localDate` (YYYY-MM-DD) is a business day in `country`. */
export function isBusinessDay(localDate: LocalDate, country: string): boolean {
  return isBusinessDayNumber(dayNumberOf(localDate), holidayCalendar(country));
}

/** The day number `days` business days after `day` (before it when negative); `day` itself never counts. */
function shiftBusinessDays(day: number, days: number, holidays: HolidayCalendar): number {
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  let current = day;
  while (remaining > 0) {
    current += step;
    if (isBusinessDayNumber(current, holidays)) remaining--;
  }
  return current;
}

/**
 * The end of the `days`-th business day after the local date of `start` (the start day itself does
 * not count, so a payment on a Monday + 7 is the end of the next Wednesday when there are no
 * holidays). Negative `days` count backwards; 0 is the end of the start's own local day.
 */
export function addBusinessDays(start: Date, days: number, opts: CalendarOptions): Date {
  const holidays = holidayCalendar(opts.country);
  const startDay = dayNumberAt(instantOf(start), opts.timeZone);
  return endOfDayNumber(shiftBusinessDays(startDay, wholeDays(days), holidays), opts.timeZone);
}

/**
 * Signed count of business days from the local date of `from` to the local date of `to`: the days
 * after `from` up to and including `to`. When `to` is earlier the count is negative: minus the
 * business days from `to` up to, but not including, `from`. So for any n,
 * `businessDaysBetween(start, addBusinessDays(start, n)) === n`.
 */
export function businessDaysBetween(from: Date, to: Date, opts: CalendarOptions): number {
  const holidays = holidayCalendar(opts.country);
  const fromDay = dayNumberAt(instantOf(from), opts.timeZone);
  const toDay = dayNumberAt(instantOf(to), opts.timeZone);
  let count = 0;
  if (toDay >= fromDay) {
    for (let day = fromDay + 1; day <= toDay; day++) if (isBusinessDayNumber(day, holidays)) count++;
    return count;
  }
  for (let day = toDay; day < fromDay; day++) if (isBusinessDayNumber(day, holidays)) count--;
  return count;
}

function supplierCalendar(opts: SupplierDeadlineOptions): CalendarOptions {
  return { country: opts.supplierCountry ?? DEFAULT_SUPPLIER_COUNTRY, timeZone: opts.timeZone };
}

/**
 * Ship-by: the supplier has `dispatchBusinessDays` business days (7 by default) after payment to
 * dispatch; until then the order can still be cancelled. Holidays are the supplier's country's, the
 * local dates the store's time zone's.
 */
export function shipByDate(
  paidAt: Date,
  opts: SupplierDeadlineOptions & { dispatchBusinessDays?: number },
): Date {
  return addBusinessDays(paidAt, opts.dispatchBusinessDays ?? DEFAULT_DISPATCH_BUSINESS_DAYS, supplierCalendar(opts));
}

export interface RefundWindow {
  /** End of the first day on which the supplier's refund may arrive (3 business days by default). */
  earliest: Date;
  /** End of the last day: after it, the expected supplier refund is overdue (15 by default). */
  latest: Date;
}

/** When the supplier's refund of an accepted cancellation is expected. */
export function refundWindow(
  acceptedAt: Date,
  opts: SupplierDeadlineOptions & { refundMinBusinessDays?: number; refundMaxBusinessDays?: number },
): RefundWindow {
  const min = opts.refundMinBusinessDays ?? DEFAULT_REFUND_MIN_BUSINESS_DAYS;
  const max = opts.refundMaxBusinessDays ?? DEFAULT_REFUND_MAX_BUSINESS_DAYS;
  if (min > max) {
    throw new RangeError(`The refund window cannot open (${min} business days) after it closes (${max}).`);
  }
  const calendar = supplierCalendar(opts);
  return { earliest: addBusinessDays(acceptedAt, min, calendar), latest: addBusinessDays(acceptedAt, max, calendar) };
}

/** After a refusal, the supplier has 5 business days (by default) to give a tracking number. */
export function trackingDue(
  refusedAt: Date,
  opts: SupplierDeadlineOptions & { trackingDueBusinessDays?: number },
): Date {
  return addBusinessDays(refusedAt, opts.trackingDueBusinessDays ?? DEFAULT_TRACKING_DUE_BUSINESS_DAYS, supplierCalendar(opts));
}

export interface TimeLeft {
  /** Business days from today to the deadline's day; negative once it has passed. */
  businessDaysLeft: number;
  overdue: boolean;
  /** English text for lists and logs; localised screens build their own from the two fields above. */
  label: string;
}

function businessDays(count: number): string {
  return count === 1 ? "1 business day" : `${count} business days`;
}

/**
 * How long is left before `deadline`, counted as in `businessDaysBetween`. A deadline from this
 * module ends a business day, so once it has passed it is at least "1 business day overdue" (and
 * stays so over the weekend after a Friday deadline).
 */
export function describeTimeLeft(deadline: Date, now: Date, opts: CalendarOptions): TimeLeft {
  const overdue = instantOf(now) > instantOf(deadline);
  const businessDaysLeft = businessDaysBetween(now, deadline, opts);
  let label: string;
  if (overdue) {
    // 0 only for a deadline that is not the end of a business day, e.g. earlier today.
    label = businessDaysLeft < 0 ? `${businessDays(-businessDaysLeft)} overdue` : "overdue";
  } else if (businessDaysLeft > 0) {
    label = `${businessDays(businessDaysLeft)} left`;
  } else {
    const sameDay = dayNumberAt(instantOf(now), opts.timeZone) === dayNumberAt(instantOf(deadline), opts.timeZone);
    // Otherwise the deadline is on a later weekend day or holiday, with no business day before it.
    label = sameDay ? "due today" : "due before the next business day";
  }
  return { businessDaysLeft, overdue, label };
}
