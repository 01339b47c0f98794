import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FIGURE_KEYS, type LossFigures } from "./figures";
import { packLossReport, unpackLossReport } from "./wire";

const figures: fc.Arbitrary<LossFigures> = fc.record(
  Object.fromEntries(FIGURE_KEYS.map((k) => [k, fc.integer({ min: -1e12, max: 1e12 })])) as Record<keyof LossFigures, fc.Arbitrary<number>>,
);
const text = fc.string({ maxLength: 12 });
const period = fc.record({ currency: text, current: figures, previous: figures });

const report = fc.record({
  range: fc.record({ from: text, to: text }),
  stores: fc.array(fc.record({ id: text, name: text }), { maxLength: 3 }),
  reportingCurrency: text,
  topProducts: fc.array(fc.record({ product: text, netLossMinor: fc.integer() }), { maxLength: 3 }),
  totals: fc.array(period, { maxLength: 4 }),
  byStore: fc.array(fc.record({ storeId: text, currency: text, current: figures, previous: figures }), { maxLength: 4 }),
  bySupplier: fc.array(fc.record({ supplier: text, currency: text, current: figures, previous: figures }), { maxLength: 4 }),
  byReason: fc.array(fc.record({ reason: text, currency: text, current: figures, previous: figures }), { maxLength: 4 }),
  byMonth: fc.array(fc.record({ month: text, currency: text, figures }), { maxLength: 4 }),
  byMonthReason: fc.array(
    fc.record({ month: text, reason: text, currency: text, refundedMinor: fc.integer(), recoveredMinor: fc.integer(), netLossMinor: fc.integer() }),
    { maxLength: 4 },
  ),
});

describe("the loss report on the wire", () => {
  it("unpacks to exactly what was packed, through JSON", () => {
    fc.assert(
      fc.property(report, (r) => {
        expect(unpackLossReport(JSON.parse(JSON.stringify(packLossReport(r))) as ReturnType<typeof packLossReport<typeof r>>)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it("sends figures without their names: a report of many slices travels at under half the size", () => {
    const f: LossFigures = Object.fromEntries(FIGURE_KEYS.map((k, i) => [k, 1000 * i])) as unknown as LossFigures;
    const r = {
      totals: [{ currency: "USD", current: f, previous: f }],
      byStore: Array.from({ length: 100 }, (_, i) => ({ storeId: `store-${i}`, currency: "USD", current: f, previous: f })),
      bySupplier: [],
      byReason: [],
      byMonth: Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, "0")}-01`, currency: "USD", figures: f })),
      byMonthReason: [],
    };
    expect(JSON.stringify(packLossReport(r)).length).toBeLessThan(JSON.stringify(r).length / 2);
  });
});
