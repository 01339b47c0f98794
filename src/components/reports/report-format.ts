import { addDays } from "@/lib/reports/input";

/**
 * Dates, ranges, counts, shares and changes as the loss report shows them. Report days are calendar
 * days (`YYYY-MM-DD`, store-local on the server), so they are formatted in UTC and never shift.
 */

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const countFormat = new Intl.NumberFormat("en-US");

/** "2026-01-01" → "1 Jan 2026". */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
}

/** "1 Jan 2026 – 31 Dec 2026" (one day on its own when both ends are the same). */
export function formatRange(range: { from: string; to: string }): string {
  return range.from === range.to ? formatDay(range.from) : `${formatDay(range.from)} – ${formatDay(range.to)}`;
}

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** A share (0–1) as "12.3%"; "—" without a base to divide by. */
export function formatShare(share: number | null): string {
  return share === null ? "—" : `${(share * 100).toFixed(1)}%`;
}

/** The last day of the month that starts on `month` (`YYYY-MM-01`). */
export function monthEnd(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/** The part of `range` that falls in `month`: the days a month's figures were summed over. */
export function monthWithin(month: string, range: { from: string; to: string }): { from: string; to: string } {
  const end = monthEnd(month);
  return { from: month < range.from ? range.from : month, to: end > range.to ? range.to : end };
}

/** Which way is good news for a figure: more orders is, more net loss is not. */
export type Direction = "up-good" | "up-bad" | "neutral";

export interface Change {
  /** "+12.5%", "−3.0 pts", "New", "No change" or "—". */
  label: string;
  tone: "good" | "bad" | "neutral";
  /** Spoken and shown on hover: "up 12.5% on the previous period". */
  description: string;
}

/** The change from the previous period: relative for amounts and counts, in points for shares. */
export function describeChange(current: number | null, previous: number | null, direction: Direction, kind: "amount" | "share" = "amount"): Change {
  if (current === null || previous === null) return { label: "—", tone: "neutral", description: "no comparison" };
  if (current === previous) return { label: "No change", tone: "neutral", description: "the same as the previous period" };
  const up = current > previous;
  const tone = direction === "neutral" ? "neutral" : (direction === "up-good") === up ? "good" : "bad";
  if (kind === "share") {
    const points = Math.abs(current - previous) * 100;
    const label = `${up ? "+" : "−"}${points.toFixed(1)} pts`;
    return { label, tone, description: `${up ? "up" : "down"} ${points.toFixed(1)} percentage points on the previous period` };
  }
  if (previous === 0) return { label: "New", tone, description: "none in the previous period" };
  const ratio = Math.abs((current - previous) / previous) * 100;
  const text = ratio >= 1000 ? `${Math.round(ratio / 100) / 10}k%` : ratio >= 100 ? `${Math.round(ratio)}%` : `${ratio.toFixed(1)}%`;
  return { label: `${up ? "+" : "−"}${text}`, tone, description: `${up ? "up" : "down"} ${text} on the previous period` };
}

/** Today in the reader's time zone, as `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

export const RANGE_PRESETS = ["this_month", "last_month", "last_90_days", "this_year", "last_year", "last_12_months"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_PRESET_LABELS: Record<RangePreset, string> = {
  this_month: "This month",
  last_month: "Last month",
  last_90_days: "Last 90 days",
  this_year: "This year",
  last_year: "Last year",
  last_12_months: "Last 12 months",
};

export const DEFAULT_PRESET: RangePreset = "this_year";

function monthStart(year: number, month: number): string {
  // `month` may run past either end of the year; Date.UTC carries it over.
  return new Date(Date.UTC(year, month - 1, 1)).toISOString().slice(0, 10);
}

/** The days a preset covers, counted from `today`. Months and years are whole calendar ones. */
export function presetRange(preset: RangePreset, today: string): { from: string; to: string } {
  const [year, month] = today.split("-").map(Number) as [number, number];
  switch (preset) {
    case "this_month":
      return { from: monthStart(year, month), to: monthEnd(monthStart(year, month)) };
    case "last_month": {
      const start = monthStart(year, month - 1);
      return { from: start, to: monthEnd(start) };
    }
    case "last_90_days":
      return { from: addDays(today, -89), to: today };
    case "this_year":
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case "last_year":
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case "last_12_months":
      // This month and the eleven before it: twelve bars in the monthly chart.
      return { from: monthStart(year, month - 11), to: today };
  }
}

/** The preset that covers exactly this range today, or null for a custom range. */
export function matchPreset(range: { from: string; to: string }, today: string): RangePreset | null {
  return RANGE_PRESETS.find((preset) => {
    const candidate = presetRange(preset, today);
    return candidate.from === range.from && candidate.to === range.to;
  }) ?? null;
}
