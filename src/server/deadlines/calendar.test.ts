import Holidays from "date-holidays";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_SUPPLIER_TERMS } from "@/lib/supplier-terms";
import {
  addBusinessDays,
  businessDaysBetween,
  describeTimeLeft,
  endOfLocalDay,
  hasHolidayCalendar,
  isBusinessDay,
  localDateOf,
  publicHolidays,
  refundWindow,
  shipByDate,
  trackingDue,
} from "./calendar";

const NEW_YORK = "America/New_York";
const SHANGHAI = "Asia/Shanghai";
const BERLIN = "Europe/Berlin";
const us = { country: "US", timeZone: NEW_YORK };
const cnInNewYork = { country: "CN", timeZone: NEW_YORK };

const iso = (date: Date) => date.toISOString();

/** The supplier-orders fixture writes times as "2026-10-01 21:40:00 +0800". */
function fixtureTime(text: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?) ([+-]\d{2})(\d{2})$/.exec(text);
  if (!match) throw new Error(`unexpected fixture time ${text}`);
  return new Date(`${match[1]}T${match[2]}${match[3]}:${match[4]}`);
}

describe("China's calendar", () => {
  // For 2025 and 2026 the State Council's published schedule (holidays.ts, OFFICIAL_SCHEDULES)
  // replaces date-holidays' statutory-only data: the bridged weeks are days off and the make-up
  // weekend days (调休) are working days. Every other year still comes from date-holidays.

  it("follows the State Council's schedule for 2025 and 2026, including the bridged weeks", () => {
    // Notice of November 2024: Jan 1; Spring Festival Jan 28–Feb 4 (8 days); Qingming Apr 4–6;
    // Labour Day May 1–5; Dragon Boat May 31–Jun 2; National Day + Mid-Autumn Oct 1–8.
    expect(publicHolidays("CN", 2025)).toEqual([
      "2025-01-01",
      ...["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"],
      ...["2025-04-04", "2025-04-05", "2025-04-06"],
      ...["2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05"],
      ...["2025-05-31", "2025-06-01", "2025-06-02"],
      ...["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
    ]);
    // Notice of November 2025: New Year Jan 1–3; Spring Festival Feb 15–23 (9 days); Qingming
    // Apr 4–6; Labour Day May 1–5; Dragon Boat Jun 19–21; Mid-Autumn Sept 25–27; National Day Oct 1–7.
    expect(publicHolidays("CN", 2026)).toEqual([
      ...["2026-01-01", "2026-01-02", "2026-01-03"],
      ...["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"],
      ...["2026-04-04", "2026-04-05", "2026-04-06"],
      ...["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"],
      ...["2026-06-19", "2026-06-20", "2026-06-21"],
      ...["2026-09-25", "2026-09-26", "2026-09-27"],
      ...["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
    ]);
  });

  it("counts the make-up working weekend days (调休) as business days", () => {
    expect(isBusinessDay("2025-01-26", "CN")).toBe(true); // Sunday before Spring Festival 2025
    expect(isBusinessDay("2026-10-10", "CN")).toBe(true); // Saturday after National Day 2026
    expect(isBusinessDay("2026-10-05", "CN")).toBe(false); // Monday inside National Day week 2026
    const worked = [
      ...["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"], // Sun, Sat, Sun, Sun, Sat
      ...["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"], // Sun, Sat, Sat, Sat, Sun, Sat
    ];
    for (const day of worked) {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      expect(weekday === 0 || weekday === 6, `${day} is a weekend day`).toBe(true);
      expect(isBusinessDay(day, "CN"), day).toBe(true);
    }
    // The other half of those weekends, and ordinary weekends, stay days off.
    for (const day of ["2025-01-25", "2025-02-09", "2025-09-27", "2025-10-12", "2026-02-15", "2026-03-01", "2026-09-19", "2026-10-11", "2026-10-17"]) {
      expect(isBusinessDay(day, "CN"), day).toBe(false);
    }
  });

  it("has Golden Week 2025 = Oct 1–8 and 2026 = Oct 1–7", () => {
    // 2025: Tue Sept 30 works, Wed Oct 1 … Wed Oct 8 off, Thu Oct 9 works.
    expect(isBusinessDay("2025-09-30", "CN")).toBe(true);
    for (let d = 1; d <= 8; d++) expect(isBusinessDay(`2025-10-0${d}`, "CN"), `2025-10-0${d}`).toBe(false);
    expect(isBusinessDay("2025-10-09", "CN")).toBe(true);
    // 2026: Wed Sept 30 works, Thu Oct 1 … Wed Oct 7 off, Thu Oct 8 works.
    expect(isBusinessDay("2026-09-30", "CN")).toBe(true);
    for (let d = 1; d <= 7; d++) expect(isBusinessDay(`2026-10-0${d}`, "CN"), `2026-10-0${d}`).toBe(false);
    expect(isBusinessDay("2026-10-08", "CN")).toBe(true);
  });

  it("has Spring Festival 2026 = Feb 15–23, with Sat Feb 14 and Sat Feb 28 worked", () => {
    expect(isBusinessDay("2026-02-13", "CN")).toBe(true); // Friday
    expect(isBusinessDay("2026-02-14", "CN")).toBe(true); // Saturday, worked
    for (let d = 15; d <= 23; d++) expect(isBusinessDay(`2026-02-${d}`, "CN"), `2026-02-${d}`).toBe(false);
    expect(isBusinessDay("2026-02-24", "CN")).toBe(true); // Tuesday
    expect(isBusinessDay("2026-02-27", "CN")).toBe(true); // Friday
    expect(isBusinessDay("2026-02-28", "CN")).toBe(true); // Saturday, worked
    expect(isBusinessDay("2026-03-01", "CN")).toBe(false); // Sunday
  });

  it("falls back to date-holidays' statutory days for a year without a published schedule (2027)", () => {
    // Pinned, so that a date-holidays upgrade that changes them fails here first, with the reason.
    expect(publicHolidays("CN", 2027)).toEqual([
      "2027-01-01",
      "2027-02-05", // lunar New Year's Eve (Spring Festival: Feb 5–7, Friday to Sunday)
      "2027-02-06",
      "2027-02-07",
      "2027-04-05", // Qingming
      "2027-05-01", // a Saturday
      "2027-06-09", // Dragon Boat
      "2027-09-15", // Mid-Autumn
      "2027-10-01", // National Day: Oct 1–3 (Friday to Sunday)
      "2027-10-02",
      "2027-10-03",
    ]);
    // …which is what date-holidays itself lists as whole-day public holidays, minus Children's Day.
    const fromDateHolidays = new Holidays("CN")
      .getHolidays(2027)
      .filter((holiday) => holiday.type === "public" && holiday.date.slice(11, 19) === "00:00:00" && holiday.rule !== "06-01")
      .map((holiday) => holiday.date.slice(0, 10));
    expect(publicHolidays("CN", 2027)).toEqual(fromDateHolidays);
    // No bridged days: the Mondays after Spring Festival and National Day are business days…
    expect(isBusinessDay("2027-02-08", "CN")).toBe(true);
    expect(isBusinessDay("2027-10-04", "CN")).toBe(true);
    // …and no make-up days: every Saturday and Sunday of 2027 is a day off.
    for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
      const weekday = new Date(t).getUTCDay();
      if (weekday === 0 || weekday === 6) {
        const day = new Date(t).toISOString().slice(0, 10);
        expect(isBusinessDay(day, "CN"), day).toBe(false);
      }
    }
  });

  it("crosses the boundary between a published year and a date-holidays year", () => {
    // Paid Wed 2025-12-31 12:00 EST. Jan 1–3 2026 are off and Sun Jan 4 is worked, so + 1 is Sun
    // Jan 4 (a worked day loaded from the next year's schedule) and + 2 is Mon Jan 5.
    const newYearsEve2025 = new Date("2025-12-31T17:00:00Z");
    expect(iso(addBusinessDays(newYearsEve2025, 1, cnInNewYork))).toBe("2026-01-05T04:59:59.999Z");
    expect(iso(addBusinessDays(newYearsEve2025, 2, cnInNewYork))).toBe("2026-01-06T04:59:59.999Z");
    // Backwards from Mon 2026-01-05: − 1 is Sun Jan 4; − 2 skips Jan 3, 2, 1 to Wed 2025-12-31.
    const monday = new Date("2026-01-05T17:00:00Z");
    expect(iso(addBusinessDays(monday, -1, cnInNewYork))).toBe("2026-01-05T04:59:59.999Z");
    expect(iso(addBusinessDays(monday, -2, cnInNewYork))).toBe("2026-01-01T04:59:59.999Z");
    // Paid Wed 2026-12-30 12:00 EST: Thu Dec 31 is day 1 (2026 schedule); Fri 2027-01-01 is New
    // Year's Day (date-holidays), Jan 2–3 a weekend, so Mon 2027-01-04 is day 2.
    const paid = new Date("2026-12-30T17:00:00Z");
    expect(iso(addBusinessDays(paid, 1, cnInNewYork))).toBe("2027-01-01T04:59:59.999Z");
    expect(iso(addBusinessDays(paid, 2, cnInNewYork))).toBe("2027-01-05T04:59:59.999Z");
  });

  it("does not count half-day or group-only holidays as days off", () => {
    // In 2027 (no published schedule) Women's Day (Mon Mar 8, from 12:00), Youth Day (Tue May 4,
    // from 12:00, ages 14–28) and Children's Day (Tue Jun 1, under-14s) fall on weekdays, and
    // date-holidays types all three "public".
    const dateHolidays = new Holidays("CN");
    for (const [day, name] of [["2027-03-08", "国际妇女节"], ["2027-05-04", "青年节"], ["2027-06-01", "六一儿童节"]] as const) {
      const listed = dateHolidays.isHoliday(new Date(`${day}T12:00:00+08:00`));
      expect(listed && listed.some((holiday) => holiday.type === "public" && holiday.name === name), day).toBe(true);
      expect(isBusinessDay(day, "CN"), day).toBe(true);
    }
    // In 2026 the published schedule rules instead: Children's Day (Mon Jun 1) is worked, while Youth
    // Day (Mon May 4) falls inside the Labour Day days off (May 1–5).
    expect(isBusinessDay("2026-06-01", "CN")).toBe(true);
    expect(isBusinessDay("2026-05-04", "CN")).toBe(false);
  });
});

describe("business days", () => {
  it("are Monday to Friday", () => {
    expect(isBusinessDay("2026-06-05", "US")).toBe(true); // Friday
    expect(isBusinessDay("2026-06-06", "US")).toBe(false); // Saturday
    expect(isBusinessDay("2026-06-07", "US")).toBe(false); // Sunday
    expect(isBusinessDay("2026-06-08", "US")).toBe(true); // Monday
  });

  it("exclude the public holidays of the given country only", () => {
    expect(isBusinessDay("2026-10-01", "CN")).toBe(false);
    expect(isBusinessDay("2026-10-01", "US")).toBe(true);
    expect(isBusinessDay("2026-07-03", "US")).toBe(false); // Independence Day, observed on the Friday
    expect(isBusinessDay("2026-04-03", "DE")).toBe(false); // Good Friday
    expect(isBusinessDay("2026-11-27", "US")).toBe(true); // day after Thanksgiving is only an observance
  });

  it("accept a country code in any case", () => {
    expect(isBusinessDay("2026-10-02", "cn")).toBe(false);
  });

  it("fall back to Monday to Friday for a country date-holidays does not know", () => {
    expect(hasHolidayCalendar("AQ")).toBe(false);
    expect(hasHolidayCalendar("CN")).toBe(true);
    expect(isBusinessDay("2026-01-01", "AQ")).toBe(true);
    expect(isBusinessDay("2026-01-03", "AQ")).toBe(false);
  });

  it("reject malformed dates and country codes", () => {
    expect(() => isBusinessDay("2026-02-30", "CN")).toThrow(RangeError);
    expect(() => isBusinessDay("2026-2-3", "CN")).toThrow(RangeError);
    expect(() => isBusinessDay("2026-02-03", "CHN")).toThrow(/two-letter/);
  });
});

describe("local dates in the store's time zone", () => {
  it("a payment late in the evening belongs to that local date, not the UTC date", () => {
    // 02:00 UTC on Oct 1 is 22:00 on Sept 30 in New York, and 10:00 on Oct 1 in Shanghai.
    expect(localDateOf(new Date("2026-10-01T02:00:00Z"), NEW_YORK)).toBe("2026-09-30");
    expect(localDateOf(new Date("2026-10-01T02:00:00Z"), SHANGHAI)).toBe("2026-10-01");
    expect(localDateOf(new Date("2026-10-01T03:59:59.999Z"), NEW_YORK)).toBe("2026-09-30");
    expect(localDateOf(new Date("2026-10-01T04:00:00Z"), NEW_YORK)).toBe("2026-10-01");
  });

  it("a day ends at 23:59:59.999 local time, whatever the DST offset that day", () => {
    // New York springs forward on Sun 2026-03-08 (a 23-hour day) and falls back on Sun 2026-11-01.
    expect(iso(endOfLocalDay("2026-03-07", NEW_YORK))).toBe("2026-03-08T04:59:59.999Z"); // EST
    expect(iso(endOfLocalDay("2026-03-08", NEW_YORK))).toBe("2026-03-09T03:59:59.999Z"); // EDT
    expect(iso(endOfLocalDay("2026-10-31", NEW_YORK))).toBe("2026-11-01T03:59:59.999Z"); // EDT
    expect(iso(endOfLocalDay("2026-11-01", NEW_YORK))).toBe("2026-11-02T04:59:59.999Z"); // EST
    // Berlin changes on Sun 2026-03-29 and Sun 2026-10-25.
    expect(iso(endOfLocalDay("2026-03-28", BERLIN))).toBe("2026-03-28T22:59:59.999Z"); // CET
    expect(iso(endOfLocalDay("2026-03-29", BERLIN))).toBe("2026-03-29T21:59:59.999Z"); // CEST
    expect(iso(endOfLocalDay("2026-10-25", BERLIN))).toBe("2026-10-25T22:59:59.999Z"); // CET
    expect(iso(endOfLocalDay("2026-10-01", SHANGHAI))).toBe("2026-10-01T15:59:59.999Z");
  });

  it("a day ends correctly where clocks change at midnight", () => {
    // Santiago skips from Sat 2026-09-05 24:00 to Sun 01:00, and on 2026-04-04 repeats 23:00–24:00:
    // the day ends at the later 23:59:59.999, so a deadline never closes an hour early.
    expect(iso(endOfLocalDay("2026-09-05", "America/Santiago"))).toBe("2026-09-06T03:59:59.999Z");
    expect(localDateOf(new Date("2026-09-06T04:00:00Z"), "America/Santiago")).toBe("2026-09-06");
    expect(iso(endOfLocalDay("2026-04-04", "America/Santiago"))).toBe("2026-04-05T03:59:59.999Z");
    // Havana repeats 00:00–01:00 on Sun 2026-11-01: Oct 31 ends before the first midnight.
    expect(iso(endOfLocalDay("2026-10-31", "America/Havana"))).toBe("2026-11-01T03:59:59.999Z");
  });

  it("rejects an unknown time zone and an invalid date", () => {
    expect(() => localDateOf(new Date(), "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => localDateOf(new Date(Number.NaN), NEW_YORK)).toThrow(/invalid/);
  });
});

describe("addBusinessDays", () => {
  it("does not count the start day: paid Monday + 7 business days ends the next Wednesday", () => {
    // Mon 2026-06-01 → Tue 2, Wed 3, Thu 4, Fri 5, Mon 8, Tue 9, Wed 10 (no US holidays).
    const deadline = addBusinessDays(new Date("2026-06-01T13:00:00Z"), 7, us);
    expect(iso(deadline)).toBe("2026-06-11T03:59:59.999Z"); // Wed 2026-06-10 23:59:59.999 EDT
  });

  it("skips a plain weekend", () => {
    expect(iso(addBusinessDays(new Date("2026-06-05T14:00:00Z"), 1, us))).toBe("2026-06-09T03:59:59.999Z"); // Fri → Mon
    expect(iso(addBusinessDays(new Date("2026-06-06T14:00:00Z"), 1, us))).toBe("2026-06-09T03:59:59.999Z"); // Sat → Mon
    expect(iso(addBusinessDays(new Date("2026-06-07T14:00:00Z"), 1, us))).toBe("2026-06-09T03:59:59.999Z"); // Sun → Mon
    expect(iso(addBusinessDays(new Date("2026-06-08T14:00:00Z"), -1, us))).toBe("2026-06-06T03:59:59.999Z"); // Mon → Fri
  });

  it("with 0 days is the end of the start's own local day", () => {
    expect(iso(addBusinessDays(new Date("2026-06-06T14:00:00Z"), 0, us))).toBe("2026-06-07T03:59:59.999Z");
  });

  it("ends at 23:59:59.999 EDT after New York springs forward (Mar 8 2026)", () => {
    // Paid Mon 2026-03-02 09:00 EST; + 7 → Wed 2026-03-11, after the change.
    expect(iso(addBusinessDays(new Date("2026-03-02T14:00:00Z"), 7, us))).toBe("2026-03-12T03:59:59.999Z");
  });

  it("ends at 23:59:59.999 EST after New York falls back (Nov 1 2026), skipping Veterans Day", () => {
    const paidFridayNoon = new Date("2026-10-30T16:00:00Z"); // Fri 12:00 EDT
    expect(iso(addBusinessDays(paidFridayNoon, 1, us))).toBe("2026-11-03T04:59:59.999Z"); // Mon Nov 2
    // Nov 2 … Nov 10 are business days 1–7; Wed Nov 11 is Veterans Day, so day 8 is Thu Nov 12.
    expect(iso(addBusinessDays(paidFridayNoon, 7, us))).toBe("2026-11-11T04:59:59.999Z");
    expect(iso(addBusinessDays(paidFridayNoon, 8, us))).toBe("2026-11-13T04:59:59.999Z");
  });

  it("ends at 23:59:59.999 local in Berlin across the DST change and Easter", () => {
    const de = { country: "DE", timeZone: BERLIN };
    // Paid Thu 2026-03-26 15:00 CET. Fri 27, Mon 30, Tue 31, Wed Apr 1, Thu Apr 2 are days 1–5;
    // Good Friday (Apr 3) and Easter Monday (Apr 6) are holidays; Tue 7 and Wed 8 are days 6–7.
    expect(iso(addBusinessDays(new Date("2026-03-26T14:00:00Z"), 7, de))).toBe("2026-04-08T21:59:59.999Z");
    // Fri 2026-10-23 + 1 → Mon Oct 26, after the autumn change (CET).
    expect(iso(addBusinessDays(new Date("2026-10-23T10:00:00Z"), 1, de))).toBe("2026-10-26T22:59:59.999Z");
  });

  it("counts from the payment's date in the store's zone, not its UTC date", () => {
    // Thu 2026-06-04 23:30 EDT is already Fri 2026-06-05 03:30 UTC.
    const paid = new Date("2026-06-05T03:30:00Z");
    expect(iso(addBusinessDays(paid, 1, us))).toBe("2026-06-06T03:59:59.999Z"); // Fri Jun 5, New York
    expect(iso(addBusinessDays(paid, 1, { country: "US", timeZone: "UTC" }))).toBe("2026-06-08T23:59:59.999Z"); // Mon Jun 8
  });

  it("rejects a fractional or absurd number of days", () => {
    expect(() => addBusinessDays(new Date(), 1.5, us)).toThrow(RangeError);
    expect(() => addBusinessDays(new Date(), 1e9, us)).toThrow(RangeError);
  });
});

describe("businessDaysBetween", () => {
  it("counts the days after `from` up to and including `to`", () => {
    expect(businessDaysBetween(new Date("2026-06-01T13:00:00Z"), new Date("2026-06-10T20:00:00Z"), us)).toBe(7);
    expect(businessDaysBetween(new Date("2026-06-05T13:00:00Z"), new Date("2026-06-07T20:00:00Z"), us)).toBe(0);
  });

  it("is negative when `to` is earlier", () => {
    expect(businessDaysBetween(new Date("2026-06-10T20:00:00Z"), new Date("2026-06-01T13:00:00Z"), us)).toBe(-7);
  });

  it("is 0 within one local day, whatever the times", () => {
    expect(businessDaysBetween(new Date("2026-06-01T04:00:00Z"), new Date("2026-06-02T03:59:59.999Z"), us)).toBe(0);
  });

  it("skips the supplier's holidays across Golden Week and counts the worked Saturday", () => {
    // Wed Sept 30 → Thu Oct 8: Oct 1–7 are off, so only Oct 8 counts.
    expect(businessDaysBetween(new Date("2026-09-30T16:00:00Z"), new Date("2026-10-08T16:00:00Z"), cnInNewYork)).toBe(1);
    // Wed Sept 30 → Mon Oct 12: Thu 8, Fri 9, Sat 10 (worked, 调休), Mon 12; Sun 11 is off.
    expect(businessDaysBetween(new Date("2026-09-30T16:00:00Z"), new Date("2026-10-12T16:00:00Z"), cnInNewYork)).toBe(4);
    // And backwards: Mon Oct 12 → Wed Sept 30 is minus (Sept 30, Oct 8, 9, 10).
    expect(businessDaysBetween(new Date("2026-10-12T16:00:00Z"), new Date("2026-09-30T16:00:00Z"), cnInNewYork)).toBe(-4);
  });
});

describe("shipByDate: paid + 7 supplier business days, read in the store's time zone", () => {
  it("a supplier order paid on the Friday before National Day 2026 ships by Mon Oct 12", () => {
    // Paid Fri 2026-09-25 (a day off, Mid-Autumn; the start day never counts anyway). Sat 26, Sun 27
    // off; Mon Sept 28, Tue 29, Wed 30 = days 1–3; Oct 1–7 off; Thu 8, Fri 9, Sat 10 (worked, 调休) =
    // days 4–6; Sun 11 off; Mon Oct 12 = day 7 → ship-by end of Mon Oct 12, in either zone.
    expect(iso(shipByDate(new Date("2026-09-25T02:00:00Z"), { timeZone: SHANGHAI }))).toBe("2026-10-12T15:59:59.999Z");
    expect(iso(shipByDate(new Date("2026-09-25T14:00:00Z"), { timeZone: NEW_YORK }))).toBe("2026-10-13T03:59:59.999Z");
  });

  it("a supplier order paid on the Friday before National Day 2025 ships by Mon Oct 13", () => {
    // Paid Fri 2025-09-26. Sat 27 off; Sun Sept 28 (worked, 调休), Mon 29, Tue 30 = days 1–3;
    // Oct 1–8 off; Thu 9, Fri 10, Sat 11 (worked) = days 4–6; Sun 12 off; Mon Oct 13 = day 7.
    expect(iso(shipByDate(new Date("2025-09-26T16:00:00Z"), { timeZone: NEW_YORK }))).toBe("2025-10-14T03:59:59.999Z");
  });

  it("a supplier order paid on the Friday before Spring Festival 2026 ships by Mon Mar 2", () => {
    // Paid Fri 2026-02-13 12:00 EST. Sat Feb 14 (worked) = day 1; Feb 15–23 off; Tue 24, Wed 25,
    // Thu 26, Fri 27 = days 2–5; Sat Feb 28 (worked) = day 6; Sun Mar 1 off; Mon Mar 2 = day 7.
    expect(iso(shipByDate(new Date("2026-02-13T17:00:00Z"), { timeZone: NEW_YORK }))).toBe("2026-03-03T04:59:59.999Z");
  });

  it("a supplier order paid the day before Spring Festival 2025 ships by Wed Feb 12", () => {
    // Paid Mon 2025-01-27 12:00 EST. Jan 28–Feb 4 off; Wed Feb 5, Thu 6, Fri 7, Sat 8 (worked) =
    // days 1–4; Sun 9 off; Mon 10, Tue 11, Wed 12 = days 5–7.
    expect(iso(shipByDate(new Date("2025-01-27T17:00:00Z"), { timeZone: NEW_YORK }))).toBe("2025-02-13T04:59:59.999Z");
    // Paid Fri 2025-01-24: + 1 is the worked Sun Jan 26, + 2 Mon Jan 27, + 3 skips to Wed Feb 5.
    const friday = new Date("2025-01-24T17:00:00Z");
    expect(iso(addBusinessDays(friday, 1, cnInNewYork))).toBe("2025-01-27T04:59:59.999Z");
    expect(iso(addBusinessDays(friday, 2, cnInNewYork))).toBe("2025-01-28T04:59:59.999Z");
    expect(iso(addBusinessDays(friday, 3, cnInNewYork))).toBe("2025-02-06T04:59:59.999Z");
  });

  it("uses the supplier's holidays, not the store's", () => {
    // Paid Fri 2026-10-09 in New York. In China Sat Oct 10 is worked (day 1), Sun 11 off, and Mon
    // Oct 12 — Columbus Day in the US — is a working day: Mon 12 … Fri 16 are days 2–6, Mon 19 day 7.
    expect(isBusinessDay("2026-10-12", "CN")).toBe(true);
    expect(isBusinessDay("2026-10-12", "US")).toBe(false);
    const paid = new Date("2026-10-09T14:00:00Z");
    expect(iso(shipByDate(paid, { timeZone: NEW_YORK }))).toBe("2026-10-20T03:59:59.999Z");
    // With US holidays: Oct 10–11 weekend, Mon 12 Columbus Day; Oct 13–16, 19–21 → Wed Oct 21.
    expect(iso(addBusinessDays(paid, 7, us))).toBe("2026-10-22T03:59:59.999Z");
    // Paid Sun Oct 11 isolates Columbus Day: CN Oct 12–16, 19, 20 → Tue Oct 20; US → Wed Oct 21.
    const sunday = new Date("2026-10-11T16:00:00Z");
    expect(iso(shipByDate(sunday, { timeZone: NEW_YORK }))).toBe("2026-10-21T03:59:59.999Z");
    expect(iso(addBusinessDays(sunday, 7, us))).toBe("2026-10-22T03:59:59.999Z");
  });

  it("takes the dispatch time and supplier country from the store's supplier terms", () => {
    const paid = new Date("2026-10-09T14:00:00Z");
    expect(shipByDate(paid, { ...DEFAULT_SUPPLIER_TERMS, timeZone: NEW_YORK })).toEqual(shipByDate(paid, { timeZone: NEW_YORK }));
    expect(iso(shipByDate(paid, { timeZone: NEW_YORK, supplierCountry: "US", dispatchBusinessDays: 2 }))).toBe("2026-10-15T03:59:59.999Z");
  });

  describe("the supplier-orders fixture, store in New York, CN schedule (Oct 1–7 off, Sat Oct 10 worked)", () => {
    // Each payment is first read as a New York date (EDT, UTC−4); the start day does not count. All
    // six are paid on a day off, so each counts from Thu Oct 8: Thu 8, Fri 9, Sat 10 (worked, 调休),
    // Mon 12, Tue 13, Wed 14, Thu 15 = days 1–7 (Sun 11 off) → ship-by end of Thu Oct 15 EDT.
    const cases: [order: string, paidAt: string, newYorkDate: string, shipBy: string][] = [
      // 21:40 +0800 = 13:40Z = Thu Oct 1 09:40 EDT (Oct 1 off); Oct 2–7 off; Oct 8–15 → Thu Oct 15.
      ["#1001", "2026-10-01 21:40:00 +0800", "2026-10-01", "2026-10-16T03:59:59.999Z"],
      // 02:10 +0800 on Oct 3 = 18:10Z on Oct 2 = Fri Oct 2 14:10 EDT (already Oct 3 in China, but
      // both are days off): Oct 3–7 off; Oct 8–15 → Thu Oct 15.
      ["#1002", "2026-10-03 02:10:00 +0800", "2026-10-02", "2026-10-16T03:59:59.999Z"],
      // 20:45 +0800 = 12:45Z = Sat Oct 3 08:45 EDT: Oct 4–7 off → Thu Oct 15.
      ["#1003", "2026-10-03 20:45:00 +0800", "2026-10-03", "2026-10-16T03:59:59.999Z"],
      // 23:05 +0800 = 15:05Z = Sun Oct 4 11:05 EDT: Oct 5–7 off → Thu Oct 15.
      ["#1004", "2026-10-04 23:05:00 +0800", "2026-10-04", "2026-10-16T03:59:59.999Z"],
      // 05:00 +0800 on Oct 6 = 21:00Z on Oct 5 = Mon Oct 5 17:00 EDT (a day off, not a business
      // day as date-holidays alone would have it): Oct 6–7 off → Thu Oct 15.
      ["#1005", "2026-10-06 05:00:00 +0800", "2026-10-05", "2026-10-16T03:59:59.999Z"],
      // 00:30 +0800 on Oct 8 = 16:30Z on Oct 7 = Wed Oct 7 12:30 EDT (the last day off): Thu 8,
      // Fri 9, Sat 10, Mon 12 … Thu 15 = days 1–7 → Thu Oct 15.
      ["#1007", "2026-10-08 00:30:00 +0800", "2026-10-07", "2026-10-16T03:59:59.999Z"],
    ];

    it.each(cases)("%s paid %s (New York %s) ships by %s", (_order, paidAt, newYorkDate, shipBy) => {
      const paid = fixtureTime(paidAt);
      expect(localDateOf(paid, NEW_YORK)).toBe(newYorkDate);
      expect(iso(shipByDate(paid, { supplierCountry: "CN", dispatchBusinessDays: 7, timeZone: NEW_YORK }))).toBe(shipBy);
    });

    it("#1007 read in the supplier's own zone would ship a business day later", () => {
      // In Shanghai the payment is on Thu Oct 8, a business day that does not count: Fri 9, Sat 10
      // (worked), Mon 12 … Fri 16 = days 1–7 → Fri Oct 16. The store's zone rules (SPEC §2), which
      // is why the New York ship-by above is Thu Oct 15.
      expect(iso(shipByDate(fixtureTime("2026-10-08 00:30:00 +0800"), { timeZone: SHANGHAI }))).toBe("2026-10-16T15:59:59.999Z");
    });
  });
});

describe("refundWindow: supplier refund expected 3 to 15 business days after acceptance", () => {
  it("skips Golden Week holidays in both bounds", () => {
    // Accepted Tue 2026-09-29. Wed Sept 30 is day 1; Oct 1–7 off; Thu Oct 8, Fri 9 are days 2–3 →
    // earliest Fri Oct 9. Sat 10 (worked) is day 4, Sun 11 off, Oct 12–16 days 5–9, Oct 19–23 days
    // 10–14, Mon Oct 26 day 15 → latest Mon Oct 26 (still EDT).
    const window = refundWindow(new Date("2026-09-29T15:00:00Z"), { timeZone: NEW_YORK });
    expect(iso(window.earliest)).toBe("2026-10-10T03:59:59.999Z");
    expect(iso(window.latest)).toBe("2026-10-27T03:59:59.999Z");
  });

  it("follows the store's supplier terms", () => {
    const accepted = new Date("2026-09-29T15:00:00Z");
    expect(refundWindow(accepted, { ...DEFAULT_SUPPLIER_TERMS, timeZone: NEW_YORK })).toEqual(refundWindow(accepted, { timeZone: NEW_YORK }));
    const custom = refundWindow(accepted, { timeZone: NEW_YORK, refundMinBusinessDays: 1, refundMaxBusinessDays: 2 });
    expect(iso(custom.earliest)).toBe("2026-10-01T03:59:59.999Z"); // Wed Sept 30
    expect(iso(custom.latest)).toBe("2026-10-09T03:59:59.999Z"); // Thu Oct 8, after Oct 1–7 off
  });

  it("refuses a window that closes before it opens", () => {
    expect(() => refundWindow(new Date(), { timeZone: NEW_YORK, refundMinBusinessDays: 10, refundMaxBusinessDays: 5 })).toThrow(RangeError);
  });
});

describe("trackingDue: the supplier has 5 business days after a refusal to give tracking", () => {
  it("skips National Day", () => {
    // Refused Thu 2026-10-01 in New York. Oct 2–7 off; Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13
    // are days 1–5 → Tue Oct 13.
    expect(iso(trackingDue(new Date("2026-10-01T13:00:00Z"), { timeZone: NEW_YORK }))).toBe("2026-10-14T03:59:59.999Z");
  });

  it("ends at 23:59:59.999 EST when the store's zone falls back in between", () => {
    // Refused Wed 2026-10-28: Oct 29, 30, Nov 2, 3, 4 → Wed Nov 4, now on EST.
    expect(iso(trackingDue(new Date("2026-10-28T15:00:00Z"), { timeZone: NEW_YORK }))).toBe("2026-11-05T04:59:59.999Z");
  });

  it("follows the store's supplier terms", () => {
    const refused = new Date("2026-10-01T13:00:00Z");
    expect(trackingDue(refused, { ...DEFAULT_SUPPLIER_TERMS, timeZone: NEW_YORK })).toEqual(trackingDue(refused, { timeZone: NEW_YORK }));
    expect(iso(trackingDue(refused, { timeZone: NEW_YORK, trackingDueBusinessDays: 1 }))).toBe("2026-10-09T03:59:59.999Z"); // Thu Oct 8
  });
});

describe("describeTimeLeft", () => {
  // #1001's ship-by: end of Thu 2026-10-15 in New York (business days Oct 8, 9, 10, 12, 13, 14, 15).
  const deadline = new Date("2026-10-16T03:59:59.999Z");
  const at = (instant: string) => describeTimeLeft(deadline, new Date(instant), cnInNewYork);

  it("counts business days left before the deadline", () => {
    // Thu Oct 1 (noon EDT): Oct 8, 9, 10, 12, 13, 14, 15 are left.
    expect(at("2026-10-01T16:00:00Z")).toEqual({ businessDaysLeft: 7, overdue: false, label: "7 business days left" });
    // Wed Oct 7, the last day off: still all seven.
    expect(at("2026-10-07T16:00:00Z")).toEqual({ businessDaysLeft: 7, overdue: false, label: "7 business days left" });
    // Fri Oct 9: Sat 10 (worked), Mon 12 … Thu 15.
    expect(at("2026-10-09T16:00:00Z")).toEqual({ businessDaysLeft: 5, overdue: false, label: "5 business days left" });
    // Sat Oct 10 (worked) and Sun Oct 11 (off): Mon 12 … Thu 15.
    expect(at("2026-10-10T16:00:00Z")).toEqual({ businessDaysLeft: 4, overdue: false, label: "4 business days left" });
    expect(at("2026-10-11T16:00:00Z")).toEqual({ businessDaysLeft: 4, overdue: false, label: "4 business days left" });
    // Wed Oct 14: Thu 15.
    expect(at("2026-10-14T16:00:00Z")).toEqual({ businessDaysLeft: 1, overdue: false, label: "1 business day left" });
  });

  it("says 'due today' on the deadline's day, up to its last millisecond", () => {
    expect(at("2026-10-15T04:00:00Z")).toEqual({ businessDaysLeft: 0, overdue: false, label: "due today" });
    expect(at("2026-10-16T03:59:59.999Z")).toEqual({ businessDaysLeft: 0, overdue: false, label: "due today" });
  });

  it("counts business days overdue once the deadline has passed", () => {
    // Fri Oct 16 00:00 EDT: Thu 15 has passed → −1. Tue Oct 20: Thu 15, Fri 16, Mon 19 → −3.
    expect(at("2026-10-16T04:00:00Z")).toEqual({ businessDaysLeft: -1, overdue: true, label: "1 business day overdue" });
    expect(at("2026-10-20T16:00:00Z")).toEqual({ businessDaysLeft: -3, overdue: true, label: "3 business days overdue" });
  });

  it("a supplier order paid on the Friday before National Day week is '1 business day left' on Mon Sept 28 and overdue on Wed Sept 30", () => {
    // Paid Fri 2026-09-18 12:00 EDT. Sat 19 off; Sun Sept 20 (worked, 调休), Mon 21, Tue 22, Wed 23,
    // Thu 24 = days 1–5; Fri 25 (Mid-Autumn), Sat 26, Sun 27 off; Mon 28, Tue 29 = days 6–7 →
    // ship-by end of Tue Sept 29 (EDT).
    const shipBy = shipByDate(new Date("2026-09-18T16:00:00Z"), { timeZone: NEW_YORK });
    expect(iso(shipBy)).toBe("2026-09-30T03:59:59.999Z");
    const seenAt = (instant: string) => describeTimeLeft(shipBy, new Date(instant), cnInNewYork);
    // Fri Sept 18 and Sat 19: Sun 20, Mon 21 … Thu 24, Mon 28, Tue 29 are left.
    expect(seenAt("2026-09-18T16:00:00Z").label).toBe("7 business days left");
    expect(seenAt("2026-09-19T16:00:00Z").label).toBe("7 business days left");
    // Sun Sept 20 is itself worked: Mon 21 … Thu 24, Mon 28, Tue 29.
    expect(seenAt("2026-09-20T16:00:00Z").label).toBe("6 business days left");
    // Thu Sept 24 through Sun 27: Mon 28, Tue 29.
    for (const now of ["2026-09-24T16:00:00Z", "2026-09-25T16:00:00Z", "2026-09-27T16:00:00Z"]) {
      expect(seenAt(now), now).toEqual({ businessDaysLeft: 2, overdue: false, label: "2 business days left" });
    }
    // Mon Sept 28, from midnight to its last minute: only Tue 29 is left.
    expect(seenAt("2026-09-28T04:00:00Z")).toEqual({ businessDaysLeft: 1, overdue: false, label: "1 business day left" });
    expect(seenAt("2026-09-28T16:00:00Z")).toEqual({ businessDaysLeft: 1, overdue: false, label: "1 business day left" });
    expect(seenAt("2026-09-29T03:59:00Z")).toEqual({ businessDaysLeft: 1, overdue: false, label: "1 business day left" });
    // Tue Sept 29 is the deadline's day.
    expect(seenAt("2026-09-29T16:00:00Z")).toEqual({ businessDaysLeft: 0, overdue: false, label: "due today" });
    // Wed Sept 30, the day after, from its first millisecond: Tue 29 has passed.
    expect(seenAt("2026-09-30T04:00:00Z")).toEqual({ businessDaysLeft: -1, overdue: true, label: "1 business day overdue" });
    expect(seenAt("2026-09-30T16:00:00Z")).toEqual({ businessDaysLeft: -1, overdue: true, label: "1 business day overdue" });
    // Through Golden Week it stays 2 overdue (Tue 29, Wed 30), until Fri Oct 9 adds Thu Oct 8.
    for (const now of ["2026-10-01T16:00:00Z", "2026-10-05T16:00:00Z", "2026-10-08T16:00:00Z"]) {
      expect(seenAt(now), now).toEqual({ businessDaysLeft: -2, overdue: true, label: "2 business days overdue" });
    }
    expect(seenAt("2026-10-09T16:00:00Z")).toEqual({ businessDaysLeft: -3, overdue: true, label: "3 business days overdue" });
  });

  it("stays '1 business day overdue' over the weekend after a Friday deadline", () => {
    const friday = new Date("2026-10-17T03:59:59.999Z"); // end of Fri Oct 16
    for (const now of ["2026-10-17T12:00:00Z", "2026-10-18T12:00:00Z", "2026-10-19T12:00:00Z"]) {
      expect(describeTimeLeft(friday, new Date(now), cnInNewYork).label, now).toBe("1 business day overdue");
    }
    expect(describeTimeLeft(friday, new Date("2026-10-20T12:00:00Z"), cnInNewYork).label).toBe("2 business days overdue");
  });

  it("handles deadlines that are not the end of a business day", () => {
    // A respond-by at 10:00 today that has passed, and one on a Sunday seen from the Saturday.
    const tenAm = new Date("2026-10-13T14:00:00Z");
    expect(describeTimeLeft(tenAm, new Date("2026-10-13T15:00:00Z"), cnInNewYork)).toEqual({ businessDaysLeft: 0, overdue: true, label: "overdue" });
    const sunday = new Date("2026-10-18T16:00:00Z");
    expect(describeTimeLeft(sunday, new Date("2026-10-17T16:00:00Z"), cnInNewYork).label).toBe("due before the next business day");
  });
});

describe("properties", () => {
  const zones = [NEW_YORK, BERLIN, SHANGHAI, "America/Santiago", "America/Havana", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"];
  const countryCodes = ["CN", "US", "DE", "GB", "JP", "BR", "AE", "IN"];
  const instant = fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2028-12-31T00:00:00Z"), noInvalidDate: true });

  it("addBusinessDays lands at the end of a business day, n business days away", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -40, max: 40 }), fc.constantFrom(...zones), fc.constantFrom(...countryCodes), (start, n, timeZone, country) => {
        const opts = { country, timeZone };
        const deadline = addBusinessDays(start, n, opts);
        const day = localDateOf(deadline, timeZone);
        expect(deadline.getTime()).toBe(endOfLocalDay(day, timeZone).getTime());
        if (n !== 0) expect(isBusinessDay(day, country)).toBe(true);
        expect(businessDaysBetween(start, deadline, opts)).toBe(n);
        expect(addBusinessDays(start, n + 1, opts).getTime()).toBeGreaterThan(deadline.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it("localDateOf agrees with Intl for any instant and zone", () => {
    const formats = new Map(zones.map((zone) => [zone, new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })]));
    const intlDate = (date: Date, timeZone: string) => {
      const parts = formats.get(timeZone)?.formatToParts(date) ?? [];
      const part = (type: string) => parts.find((p) => p.type === type)?.value;
      return `${part("year")}-${part("month")}-${part("day")}`;
    };
    fc.assert(
      fc.property(fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true }), fc.constantFrom(...zones), (date, timeZone) => {
        expect(localDateOf(date, timeZone)).toBe(intlDate(date, timeZone));
      }),
      { numRuns: 3000 },
    );
  });

  it("every day of 2025–2026 ends at 23:59:59.999 local, and the next instant is the next day", () => {
    for (const timeZone of zones) {
      const wallClock = new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit", second: "2-digit" });
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        const end = endOfLocalDay(day, timeZone);
        const next = new Date(end.getTime() + 1);
        expect(localDateOf(end, timeZone)).toBe(day);
        expect(localDateOf(next, timeZone)).toBe(new Date(t + 86_400_000).toISOString().slice(0, 10));
        expect(wallClock.format(end), `${timeZone} ${day}`).toBe("23:59:59");
      }
    }
  });
});

describe("performance", () => {
  it("fetches holidays from date-holidays once per country and year", () => {
    const getHolidays = vi.spyOn(Holidays.prototype, "getHolidays");
    try {
      const start = Date.UTC(2031, 5, 1);
      for (let i = 0; i < 5_000; i++) shipByDate(new Date(start + i * 600_000), { timeZone: NEW_YORK });
      // 2030 (for holidays spilling into January) and 2031, nothing more.
      expect(getHolidays.mock.calls.map(([year]) => year)).toEqual([2030, 2031]);
    } finally {
      getHolidays.mockRestore();
    }
  });

  it("computes 100,000 ship-by dates well under a second", () => {
    const start = Date.UTC(2026, 0, 1);
    const run = () => {
      const began = performance.now();
      let last = 0;
      // One payment every 5 minutes: a year of orders, across both DST changes.
      for (let i = 0; i < 100_000; i++) last = shipByDate(new Date(start + i * 317_000), { timeZone: NEW_YORK }).getTime();
      expect(last).toBeGreaterThan(start);
      return performance.now() - began;
    };
    const first = run();
    const second = run();
    console.info(`100k shipByDate calls: ${first.toFixed(0)} ms with cold day caches, ${second.toFixed(0)} ms warm`);
    expect(first).toBeLessThan(1000);
  });
});
