import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays, daysBetween, monthsIn } from "@/lib/reports/input";
import { coarseSpans, periodSpans, spanRowCount, type PeriodSpan } from "./loss";

/** Every day a span covers, with the sign it adds (month rows stand for each of their days). */
function coverage(spans: PeriodSpan[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const s of spans) {
    const from = s.lo;
    const to =
      s.grain === "d"
        ? s.hi
        : s.grain === "m"
          ? addDays(monthsIn({ from: addDays(s.hi, 32), to: addDays(s.hi, 32) })[0]!, -1)
          : `${s.hi.slice(0, 4)}-12-31`;
    for (let d = from; d <= to; d = addDays(d, 1)) days.set(d, (days.get(d) ?? 0) + s.sign);
  }
  return days;
}

/** Rows read from a period model for one key: a month row, or a day row. */
function rowsRead(spans: PeriodSpan[]): number {
  return spans.reduce((n, s) => n + (s.grain === "d" ? daysBetween(s.lo, s.hi) + 1 : monthsIn({ from: s.lo, to: s.hi }).length), 0);
}

const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2024-01-01", n));

describe("periodSpans", () => {
  it("a year from the 5th: twelve month rows and a few day rows, not 62 days", () => {
    const spans = periodSpans({ from: "2025-12-05", to: "2026-12-04" }, "c");
    expect(spans).toEqual([
      { grain: "m", lo: "2025-12-01", hi: "2025-12-01", period: "c", sign: 1 },
      { grain: "d", lo: "2025-12-01", hi: "2025-12-04", period: "c", sign: -1 },
      { grain: "m", lo: "2026-01-01", hi: "2026-11-01", period: "c", sign: 1 },
      { grain: "d", lo: "2026-12-01", hi: "2026-12-04", period: "c", sign: 1 },
    ]);
    expect(rowsRead(spans)).toBe(20);
  });

  it("whole months are one stretch of month rows; a short range is its days", () => {
    expect(periodSpans({ from: "2026-01-01", to: "2026-03-31" }, "p")).toEqual([{ grain: "m", lo: "2026-01-01", hi: "2026-03-01", period: "p", sign: 1 }]);
    expect(periodSpans({ from: "2026-02-10", to: "2026-02-12" }, "c")).toEqual([{ grain: "d", lo: "2026-02-10", hi: "2026-02-12", period: "c", sign: 1 }]);
  });

  it("any range: each of its days counted exactly once, no other day, and never more rows than its days", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 500 }), fc.constantFrom("c" as const, "p" as const), (from, length, period) => {
        const to = addDays(from, length);
        const spans = periodSpans({ from, to }, period);
        const counted = coverage(spans);
        for (const [d, n] of counted) expect(n, d).toBe(d >= from && d <= to ? 1 : 0);
        for (let d = from; d <= to; d = addDays(d, 1)) expect(counted.get(d), d).toBe(1);
        expect(spans.every((s) => s.period === period && s.lo <= s.hi)).toBe(true);
        expect(rowsRead(spans)).toBeLessThanOrEqual(length + 1);
      }),
      { numRuns: 150 },
    );
  });
});

describe("coarseSpans (year rows, within the days that hold data)", () => {
  it("a year up to today reads this year's row, last December's month row and four day rows", () => {
    const spans = coarseSpans({ from: "2025-12-05", to: "2026-12-04" }, "c", { first: "2024-03-10", last: "2026-12-04" });
    expect(spans).toEqual([
      { grain: "m", lo: "2025-12-01", hi: "2025-12-01", period: "c", sign: 1 },
      { grain: "d", lo: "2025-12-01", hi: "2025-12-04", period: "c", sign: -1 },
      { grain: "y", lo: "2026-01-01", hi: "2026-01-01", period: "c", sign: 1 },
    ]);
    expect(spanRowCount(spans)).toBe(6);
  });

  it("a year up to today, with data from tomorrow in zones east of here: this year's row less those few days", () => {
    const spans = coarseSpans({ from: "2025-12-05", to: "2026-12-04" }, "c", { first: "2025-11-20", last: "2026-12-05" });
    expect(spans).toEqual([
      { grain: "m", lo: "2025-12-01", hi: "2025-12-01", period: "c", sign: 1 },
      { grain: "d", lo: "2025-12-01", hi: "2025-12-04", period: "c", sign: -1 },
      { grain: "y", lo: "2026-01-01", hi: "2026-01-01", period: "c", sign: 1 },
      { grain: "d", lo: "2026-12-05", hi: "2026-12-31", period: "c", sign: -1 },
    ]);
    expect(spanRowCount(spans, { first: "2025-11-20", last: "2026-12-05" })).toBe(7);
  });

  it("without data in the range, or at all, it reads nothing", () => {
    expect(coarseSpans({ from: "2026-01-01", to: "2026-01-31" }, "c", null)).toEqual([]);
    expect(coarseSpans({ from: "2026-01-01", to: "2026-01-31" }, "c", { first: "2026-02-01", last: "2026-03-01" })).toEqual([]);
  });

  it("any range and any data: each day that can hold data counted once if in the range, never otherwise; never more rows than periodSpans", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 900 }), day, fc.integer({ min: 0, max: 900 }), (from, length, first, span) => {
        const to = addDays(from, length);
        const bounds = { first, last: addDays(first, span) };
        const spans = coarseSpans({ from, to }, "p", bounds);
        const counted = coverage(spans);
        for (let d = bounds.first; d <= bounds.last; d = addDays(d, 1)) {
          expect(counted.get(d) ?? 0, d).toBe(d >= from && d <= to ? 1 : 0);
        }
        expect(spans.every((s) => s.period === "p" && s.lo <= s.hi)).toBe(true);
        expect(spanRowCount(spans, bounds)).toBeLessThanOrEqual(spanRowCount(periodSpans({ from, to }, "p"), bounds));
      }),
      { numRuns: 300 },
    );
  });
  it("by month (years: false): only day and month rows, each day that can hold data counted once if in the range", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 900 }), day, fc.integer({ min: 0, max: 900 }), (from, length, first, span) => {
        const to = addDays(from, length);
        const bounds = { first, last: addDays(first, span) };
        const spans = coarseSpans({ from, to }, "c", bounds, { years: false });
        expect(spans.every((s) => s.grain !== "y" && s.lo <= s.hi)).toBe(true);
        const counted = coverage(spans);
        for (let d = bounds.first; d <= bounds.last; d = addDays(d, 1)) {
          expect(counted.get(d) ?? 0, d).toBe(d >= from && d <= to ? 1 : 0);
        }
        expect(spanRowCount(spans, bounds)).toBeLessThanOrEqual(spanRowCount(periodSpans({ from, to }, "c"), bounds));
      }),
      { numRuns: 300 },
    );
  });
});
