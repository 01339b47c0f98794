import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_REPORT_DAYS, addDays, dayNumber, dayOfNumber, daysBetween, isValidDay, lossReportInputSchema, monthsIn, previousRange } from "./input";

describe("days", () => {
  it("day numbers count days as the UTC clock does, for every day of years 1000–9999, and back", () => {
    const DAY_MS = 86_400_000;
    const epochDays = fc.integer({ min: Date.UTC(1000, 0, 1) / DAY_MS, max: Date.UTC(9999, 11, 31) / DAY_MS });
    fc.assert(
      fc.property(epochDays, fc.integer({ min: -4000, max: 4000 }), (n, shift) => {
        const day = new Date(n * DAY_MS).toISOString().slice(0, 10);
        expect(dayNumber(day)).toBe(n);
        expect(dayOfNumber(n)).toBe(day);
        const later = new Date((n + shift) * DAY_MS).toISOString().slice(0, 10);
        if (later.length === 10 && !later.startsWith("+")) {
          expect(addDays(day, shift)).toBe(later);
          expect(daysBetween(day, later)).toBe(shift);
        }
      }),
      { numRuns: 2000 },
    );
    for (const [day, n] of [["1970-01-01", 0], ["2000-02-29", 11016], ["1600-03-01", -135080], ["9999-12-31", 2932896]] as const) {
      expect(dayNumber(day)).toBe(n);
      expect(dayOfNumber(n)).toBe(day);
    }
  });

  it("a real calendar day written YYYY-MM-DD, leap days included", () => {
    for (const day of ["2024-02-29", "2000-02-29", "2026-01-31", "2026-12-31", "1999-01-01"]) expect(isValidDay(day), day).toBe(true);
    for (const day of ["2025-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01T00:00", " 2026-01-01", ""]) {
      expect(isValidDay(day), day).toBe(false);
    }
  });

  it("adds and counts days across months, years and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2025-01-01", "2026-01-01")).toBe(365);
    expect(daysBetween("2026-03-29", "2026-03-30")).toBe(1);
  });
});

describe("previousRange", () => {
  it.each([
    [{ from: "2026-01-01", to: "2026-01-31" }, { from: "2025-12-01", to: "2025-12-31" }],
    [{ from: "2026-03-01", to: "2026-03-31" }, { from: "2026-01-29", to: "2026-02-28" }],
    [{ from: "2024-03-01", to: "2024-03-31" }, { from: "2024-01-30", to: "2024-02-29" }],
    [{ from: "2024-02-01", to: "2024-02-29" }, { from: "2024-01-03", to: "2024-01-31" }],
    [{ from: "2025-01-01", to: "2025-12-31" }, { from: "2024-01-02", to: "2024-12-31" }],
    [{ from: "2024-01-01", to: "2024-12-31" }, { from: "2022-12-31", to: "2023-12-31" }],
    [{ from: "2026-01-01", to: "2026-01-01" }, { from: "2025-12-31", to: "2025-12-31" }],
  ])("%j follows %j", (range, previous) => {
    expect(previousRange(range)).toEqual(previous);
  });

  it("is as long as the range and ends the day before it (property)", () => {
    const day = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: MAX_REPORT_DAYS - 1 }), (from, extra) => {
        const to = addDays(from, extra);
        const previous = previousRange({ from, to });
        expect(isValidDay(previous.from) && isValidDay(previous.to)).toBe(true);
        expect(addDays(previous.to, 1)).toBe(from);
        expect(daysBetween(previous.from, previous.to)).toBe(daysBetween(from, to));
      }),
    );
  });
});

describe("monthsIn", () => {
  it("lists every month the range touches, across years", () => {
    expect(monthsIn({ from: "2025-11-15", to: "2026-02-01" })).toEqual(["2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01"]);
    expect(monthsIn({ from: "2024-02-29", to: "2024-02-29" })).toEqual(["2024-02-01"]);
    expect(monthsIn({ from: "2025-12-31", to: "2026-01-01" })).toEqual(["2025-12-01", "2026-01-01"]);
    expect(monthsIn({ from: "2023-01-01", to: "2025-12-31" })).toHaveLength(36);
  });

  it("has one entry per month between the ends, in order (property)", () => {
    const day = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 4000 }), (from, extra) => {
        const to = addDays(from, extra);
        const months = monthsIn({ from, to });
        const [y1, m1] = from.split("-").map(Number) as [number, number];
        const [y2, m2] = to.split("-").map(Number) as [number, number];
        expect(months).toHaveLength((y2 - y1) * 12 + m2 - m1 + 1);
        expect(months[0]).toBe(`${from.slice(0, 7)}-01`);
        expect(months.at(-1)).toBe(`${to.slice(0, 7)}-01`);
        expect([...months].sort()).toEqual(months);
        expect(months.every(isValidDay)).toBe(true);
      }),
    );
  });
});

describe("lossReportInputSchema", () => {
  const message = (input: unknown) => {
    const result = lossReportInputSchema.safeParse(input);
    return result.success ? null : `${result.error.issues[0]!.path.join(".")}: ${result.error.issues[0]!.message}`;
  };

  it("accepts a range of real days, with or without stores", () => {
    expect(message({ from: "2024-02-29", to: "2024-02-29" })).toBeNull();
    expect(message({ from: "2026-01-01", to: "2026-01-31", storeIds: [] })).toBeNull();
    expect(message({ from: "2026-01-01", to: "2026-01-31", storeIds: ["0b8f8f0e-5d7e-4b8a-9d35-2f1f4a0c1e11"] })).toBeNull();
  });

  it("says what is wrong", () => {
    expect(message({ from: "2026-02-01", to: "2026-01-31" })).toBe("to: The start date must be on or before the end date.");
    expect(message({ from: "2026-02-30", to: "2026-03-31" })).toBe("from: The start date must be a real date written YYYY-MM-DD, like 2026-01-31.");
    expect(message({ from: "2026-01-01", to: "2025-02-29" })).toBe("to: The end date must be a real date written YYYY-MM-DD, like 2026-01-31.");
    expect(message({ from: "2026-01-01", to: "2026-01-31", storeIds: ["nope"] })).toBe("storeIds.0: That store id is not valid.");
    expect(message({ from: "2026-01-01", to: "2026-01-31", storeIds: Array(501).fill("0b8f8f0e-5d7e-4b8a-9d35-2f1f4a0c1e11") })).toBe("storeIds: Choose at most 500 stores.");
  });

  it("covers at most ten years", () => {
    expect(message({ from: "2016-01-01", to: addDays("2016-01-01", MAX_REPORT_DAYS - 1) })).toBeNull();
    expect(message({ from: "2016-01-01", to: addDays("2016-01-01", MAX_REPORT_DAYS) })).toBe(
      `from: A report covers at most ${MAX_REPORT_DAYS} days; choose a shorter range.`,
    );
  });
});
