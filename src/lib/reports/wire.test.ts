import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FIGURE_KEYS, type LossFigures } from "./figures";
import { packLossReport, unpackLossReport } from "./wire";

const figures: fc.Arbitrary<LossFigures> = fc.record(
  Object.fromEntries(FIGURE_KEYS.map((k) => [k, fc.integer({ min: -1e12, max: 1e12 })])) as Record<keyof LossFigures, fc.Arbitrary<number>>,
);
const text = fc.string({ maxLength: 12 });
const period = fc.record({ currency: text, current: figures, previous: figures });

const storeList = fc.array(fc.record({ id: text, name: text }), { maxLength: 3 });
const report = storeList.chain((stores) =>
  fc.record({
    range: fc.record({ from: text, to: text }),
    stores: fc.constant(stores),
    reportingCurrency: text,
    topProducts: fc.array(fc.record({ product: text, netLossMinor: fc.integer() }), { maxLength: 3 }),
    totals: fc.array(period, { maxLength: 4 }),
    // Store slices of listed stores (sent by place) and of stores the list lacks (sent by id).
    byStore: fc.array(
      fc.record({ storeId: stores.length ? fc.oneof(fc.constantFrom(...stores.map((st) => st.id)), text) : text, currency: text, current: figures, previous: figures }),
      { maxLength: 4 },
    ),
    bySupplier: fc.array(fc.record({ supplier: text, currency: text, current: figures, previous: figures }), { maxLength: 4 }),
    byReason: fc.array(fc.record({ reason: text, currency: text, current: figures, previous: figures }), { maxLength: 4 }),
    byMonth: fc.array(fc.record({ month: text, currency: text, figures }), { maxLength: 4 }),
    byMonthReason: fc.array(
      fc.record({
        month: fc.constantFrom("2026-01-01", "2026-02-01", "x"),
        reason: fc.oneof(text, fc.constant("changed_mind")),
        currency: fc.constantFrom("USD", "KRW", ""),
        refundedMinor: fc.integer(),
        recoveredMinor: fc.integer(),
        netLossMinor: fc.integer(),
      }),
      { maxLength: 8 },
    ),
  }),
);

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

  it("names a listed store by its place, and months, reasons and currencies of the month × reason rows once", () => {
    const f: LossFigures = Object.fromEntries(FIGURE_KEYS.map((k) => [k, 7])) as unknown as LossFigures;
    const stores = [{ id: "3f1c7a52-0000-4000-8000-000000000001" }, { id: "3f1c7a52-0000-4000-8000-000000000002" }];
    const months = ["2026-01-01", "2026-02-01"];
    const r = {
      stores,
      totals: [],
      byStore: [
        { storeId: stores[1]!.id, currency: "USD", current: f, previous: f },
        { storeId: "not-listed", currency: "USD", current: f, previous: f },
      ],
      bySupplier: [],
      byReason: [],
      byMonth: [],
      byMonthReason: months.flatMap((month) =>
        ["changed_mind", "late_delivery"].map((reason) => ({ month, reason, currency: "USD", refundedMinor: 5, recoveredMinor: 2, netLossMinor: 3 })),
      ),
    };
    const packed = packLossReport(r);
    expect(packed.slices.byStore.map((s) => s[0])).toEqual([1, "not-listed"]);
    expect(packed.slices.byMonthReason).toEqual({
      months,
      reasons: ["changed_mind", "late_delivery"],
      currencies: ["USD"],
      rows: [
        [0, 0, 0, 5, 2, 3],
        [0, 1, 0, 5, 2, 3],
        [1, 0, 0, 5, 2, 3],
        [1, 1, 0, 5, 2, 3],
      ],
    });
    expect(unpackLossReport(JSON.parse(JSON.stringify(packed)) as typeof packed)).toEqual(r);
  });
});
