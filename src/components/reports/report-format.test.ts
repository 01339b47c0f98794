import { describe, expect, it } from "vitest";
import { lossReportInputSchema } from "@/lib/reports/input";
import { describeChange, formatRange, localToday, matchPreset, monthWithin, presetRange, RANGE_PRESETS } from "./report-format";
import { parseReportFilters, serializeReportFilters } from "./use-report-filters";

describe("range presets", () => {
  it.each([
    ["this_month", "2026-02-14", { from: "2026-02-01", to: "2026-02-28" }],
    ["this_month", "2024-02-14", { from: "2024-02-01", to: "2024-02-29" }],
    ["last_month", "2026-01-10", { from: "2025-12-01", to: "2025-12-31" }],
    ["last_month", "2026-03-31", { from: "2026-02-01", to: "2026-02-28" }],
    ["last_90_days", "2026-03-01", { from: "2025-12-02", to: "2026-03-01" }],
    ["this_year", "2026-07-04", { from: "2026-01-01", to: "2026-12-31" }],
    ["last_year", "2026-07-04", { from: "2025-01-01", to: "2025-12-31" }],
    ["last_12_months", "2026-03-15", { from: "2025-04-01", to: "2026-03-15" }],
    ["last_12_months", "2026-12-04", { from: "2026-01-01", to: "2026-12-04" }],
  ] as const)("%s on %s covers whole calendar days across month and year ends", (preset, today, range) => {
    expect(presetRange(preset, today)).toEqual(range);
  });

  it("every preset is a range the report accepts, and is recognised again from its dates", () => {
    for (const today of ["2026-01-01", "2026-02-28", "2024-02-29", "2026-12-31"]) {
      for (const preset of RANGE_PRESETS) {
        const range = presetRange(preset, today);
        expect(lossReportInputSchema.safeParse(range).success, `${preset} on ${today}`).toBe(true);
        // Presets can coincide (last 12 months and this year in December); the first listed wins.
        const matched = matchPreset(range, today);
        expect(matched && presetRange(matched, today)).toEqual(range);
      }
    }
    expect(matchPreset({ from: "2026-01-02", to: "2026-01-31" }, "2026-01-15")).toBeNull();
  });

  it("today is the reader's calendar day, not UTC's", () => {
    expect(localToday(new Date(2026, 0, 31, 23, 59))).toBe("2026-01-31");
  });
});

describe("report dates and changes", () => {
  it("a range reads as days, one day on its own", () => {
    expect(formatRange({ from: "2026-01-01", to: "2026-12-31" })).toBe("1 Jan 2026 – 31 Dec 2026");
    expect(formatRange({ from: "2026-03-05", to: "2026-03-05" })).toBe("5 Mar 2026");
  });

  it("a month's drill-down covers only its days inside the range", () => {
    const range = { from: "2026-01-15", to: "2026-03-10" };
    expect(monthWithin("2026-01-01", range)).toEqual({ from: "2026-01-15", to: "2026-01-31" });
    expect(monthWithin("2026-02-01", range)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(monthWithin("2026-03-01", range)).toEqual({ from: "2026-03-01", to: "2026-03-10" });
  });

  it("a change is good or bad news depending on the figure, and in points for shares", () => {
    expect(describeChange(120, 100, "up-bad")).toMatchObject({ label: "+20.0%", tone: "bad" });
    expect(describeChange(80, 100, "up-bad")).toMatchObject({ label: "−20.0%", tone: "good" });
    expect(describeChange(80, 100, "up-good")).toMatchObject({ label: "−20.0%", tone: "bad" });
    expect(describeChange(5, 5, "up-bad")).toMatchObject({ label: "No change", tone: "neutral" });
    expect(describeChange(5, 0, "up-bad")).toMatchObject({ label: "New", tone: "bad" });
    expect(describeChange(0.25, 0.2, "up-good", "share")).toMatchObject({ label: "+5.0 pts", tone: "good" });
    expect(describeChange(null, 0.2, "up-good", "share")).toMatchObject({ label: "—", tone: "neutral" });
    expect(describeChange(500, 100, "neutral").label).toBe("+400%");
    expect(describeChange(3000, 100, "neutral").label).toBe("+2.9k%");
    expect(describeChange(200_000, 100, "neutral").label).toBe("+199.9k%");
  });
});

describe("the report's filters in the address", () => {
  const today = "2026-12-04";
  const store = "0b6f7a57-2f6b-4c55-9d5e-8a1f0c1d2e3f";
  const other = "6a1e2f7b-8c9d-4e0f-a1b2-c3d4e5f60718";

  it("without a range the report covers this year, over every store", () => {
    expect(parseReportFilters(new URLSearchParams(""), today)).toEqual({ from: "2026-01-01", to: "2026-12-31", storeIds: [] });
  });

  it("round-trips the range and stores, commas kept readable and repeats dropped", () => {
    const filters = { from: "2026-10-01", to: "2026-12-31", storeIds: [store, other] };
    const query = serializeReportFilters(filters);
    expect(query).toBe(`from=2026-10-01&to=2026-12-31&stores=${store},${other}`);
    expect(parseReportFilters(new URLSearchParams(query), today)).toEqual(filters);
    expect(parseReportFilters(new URLSearchParams(`stores=${store},,${store}`), today).storeIds).toEqual([store]);
  });
});
