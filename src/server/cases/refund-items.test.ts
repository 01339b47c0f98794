/**
 * Refunds by line item, to the minor unit (computeItemRefund), and the largest-remainder split under
 * it (allocateByLargestRemainder). The expected numbers below were worked out by hand (exact
 * fractions) from the rule in refund-items.ts: discount and tax spread over lines by value, a line's
 * net over its units with cum(n) = ⌊net·n/qty⌋ and cum(qty) = net, a smaller amount spread over the
 * chosen lines and shipping by largest remainder, ties to the earlier part.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { allocateByLargestRemainder } from "@/lib/money";
import { DomainError } from "../errors";
import { computeItemRefund, type ItemRefund, type ItemRefundRequest, type PriorAllocation, type RefundLine } from "./refund-items";

interface TestOrder {
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  discountMinor: number;
  lines: RefundLine[];
}

const totalOf = (o: TestOrder) => o.subtotalMinor - o.discountMinor + o.taxMinor + o.shippingMinor;

function order(lines: [quantity: number, unitPriceMinor: number][], opts: { shipping: number; tax: number; discount: number }): TestOrder {
  const refundLines = lines.map(([quantity, unitPriceMinor], i) => ({ id: `line-${i + 1}`, quantity, unitPriceMinor }));
  return {
    subtotalMinor: refundLines.reduce((a, l) => a + l.quantity * l.unitPriceMinor, 0),
    shippingMinor: opts.shipping,
    taxMinor: opts.tax,
    discountMinor: opts.discount,
    lines: refundLines,
  };
}

/** A refund ledger for one order: what computeItemRefund is given as `prior` / `priorShipping`. */
class History {
  prior: PriorAllocation[] = [];
  priorShipping = 0;
  refunded = 0;
  constructor(readonly o: TestOrder) {}
  refund(request: ItemRefundRequest): ItemRefund {
    const r = computeItemRefund(this.o, this.o.lines, this.prior, this.priorShipping, request);
    this.prior.push(...r.allocation.map((a) => ({ lineItemId: a.lineItemId, quantity: a.quantity })));
    this.priorShipping += r.shippingMinor;
    this.refunded += r.totalMinor;
    return r;
  }
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("a partial refund of three lines allocates to the last minor unit", () => {
  it("KRW (0 decimals): ₩20,001 of ₩38,385 worth of items and shipping", () => {
    // Lines 2 × ₩15,000, 1 × ₩9,900, 3 × ₩4,500 (subtotal ₩53,400), discount ₩3,000, tax ₩5,340, shipping ₩3,000.
    // Discount by value: 1685.39 | 556.18 | 758.43 → 1685 | 556 | 759 (the one unit left goes to the largest remainder).
    // Tax 5340 splits exactly 3000 | 990 | 1350. Nets: 31315 | 10334 | 14091 (sum 55,740 = 53,400 − 3,000 + 5,340).
    const o = order([[2, 15000], [1, 9900], [3, 4500]], { shipping: 3000, tax: 5340, discount: 3000 });
    const request = { lines: [{ lineItemId: "line-1", quantity: 1 }, { lineItemId: "line-2", quantity: 1 }, { lineItemId: "line-3", quantity: 2 }], includeShipping: true };
    const full = computeItemRefund(o, o.lines, [], 0, request);
    expect(full.allocation.map((a) => a.amountMinor)).toEqual([15657, 10334, 9394]); // ⌊31315/2⌋, 10334, ⌊14091·2/3⌋
    expect(full).toMatchObject({ shippingMinor: 3000, totalMinor: 38385 });

    const partial = computeItemRefund(o, o.lines, [], 0, { ...request, amountMinor: 20001 });
    expect(partial.allocation.map((a) => a.amountMinor)).toEqual([8158, 5385, 4895]);
    expect(partial.shippingMinor).toBe(1563);
    expect(partial.totalMinor).toBe(20001);
    expect(partial.allocation.reduce((a, l) => a + l.amountMinor, 0) + partial.shippingMinor).toBe(20001);
    partial.allocation.forEach((a, i) => expect(a.amountMinor).toBeLessThanOrEqual(full.allocation[i]!.amountMinor));
    expect(partial.allocation.map((a) => a.quantity)).toEqual([1, 1, 2]);
  });

  it("USD (2 decimals): $50.00 of $70.43 worth of items and shipping", () => {
    // Lines 3 × $19.99, 1 × $24.99, 7 × $0.50 (subtotal $88.46), discount $10.00, tax $7.31, shipping $5.99.
    // Discount: 677.93 | 282.50 | 39.57 → 678 | 282 | 40; tax: 495.57 | 206.51 | 28.92 → 496 | 206 | 29.
    // Nets 5815 | 2423 | 339 (sum 8577 = 8846 − 1000 + 731).
    const o = order([[3, 1999], [1, 2499], [7, 50]], { shipping: 599, tax: 731, discount: 1000 });
    const request = { lines: [{ lineItemId: "line-1", quantity: 2 }, { lineItemId: "line-2", quantity: 1 }, { lineItemId: "line-3", quantity: 3 }], includeShipping: true };
    const full = computeItemRefund(o, o.lines, [], 0, request);
    expect(full.allocation.map((a) => a.amountMinor)).toEqual([3876, 2423, 145]); // ⌊5815·2/3⌋, 2423, ⌊339·3/7⌋
    expect(full.totalMinor).toBe(7043);

    const partial = computeItemRefund(o, o.lines, [], 0, { ...request, amountMinor: 5000 });
    expect(partial.allocation.map((a) => a.amountMinor)).toEqual([2752, 1720, 103]);
    expect(partial.shippingMinor).toBe(425);
    expect(partial.allocation.reduce((a, l) => a + l.amountMinor, 0) + partial.shippingMinor).toBe(5000);
    partial.allocation.forEach((a, i) => expect(a.amountMinor).toBeLessThanOrEqual(full.allocation[i]!.amountMinor));
    expect(partial.shippingMinor).toBeLessThanOrEqual(full.shippingMinor);
  });

  it("ties are broken deterministically: the extra units go to the earlier lines, the same every time", () => {
    const o = order([[1, 1000], [1, 1000], [1, 1000]], { shipping: 0, tax: 0, discount: 0 });
    const lines = ["line-1", "line-2", "line-3"].map((lineItemId) => ({ lineItemId, quantity: 1 }));
    const first = computeItemRefund(o, o.lines, [], 0, { lines, includeShipping: false, amountMinor: 1001 });
    expect(first.allocation.map((a) => a.amountMinor)).toEqual([334, 334, 333]);
    for (let i = 0; i < 5; i++) expect(computeItemRefund(o, o.lines, [], 0, { lines, includeShipping: false, amountMinor: 1001 })).toEqual(first);
    // In the request's order: reversed lines, reversed winners.
    const reversed = computeItemRefund(o, o.lines, [], 0, { lines: [...lines].reverse(), includeShipping: false, amountMinor: 1001 });
    expect(reversed.allocation.map((a) => [a.lineItemId, a.amountMinor])).toEqual([["line-3", 334], ["line-2", 334], ["line-1", 333]]);
    // The same rule in the splitter itself.
    expect(allocateByLargestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateByLargestRemainder(1, [5, 5])).toEqual([1, 0]);
    expect(allocateByLargestRemainder(5, [1, 2, 1, 2])).toEqual([1, 2, 1, 1]);
  });
});

describe("whole lines, in steps", () => {
  it("refunding every unit of a line in several steps returns exactly the line's net", () => {
    // One line 5 × $3.33 = 1665 with discount 100 and tax 137 spread with a second line 1 × $10.00.
    const o = order([[5, 333], [1, 1000]], { shipping: 500, tax: 137, discount: 100 });
    const h = new History(o);
    const net1 = computeItemRefund(o, o.lines, [], 0, { lines: [{ lineItemId: "line-1", quantity: 5 }], includeShipping: false }).totalMinor;
    const steps = [1, 2, 1, 1].map((quantity) => h.refund({ lines: [{ lineItemId: "line-1", quantity }], includeShipping: false }).totalMinor);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(net1);
    // ⌊n·net/5⌋ differences: the rounding catches up on the last unit, never loses or invents one.
    expect(Math.max(...steps.map((s, i) => s / [1, 2, 1, 1][i]!)) - Math.min(...steps.map((s, i) => s / [1, 2, 1, 1][i]!))).toBeLessThanOrEqual(1);
    // And the rest of the order then comes to exactly the order total.
    h.refund({ lines: [{ lineItemId: "line-2", quantity: 1 }], includeShipping: true });
    expect(h.refunded).toBe(totalOf(o));
  });

  it("a line worth ₩1,000 net over 3 units (3 × ₩334, ₩2 discount) refunded one unit at a time: ₩333, ₩333, ₩334", () => {
    const o = order([[3, 334]], { shipping: 0, tax: 0, discount: 2 });
    const h = new History(o);
    expect([1, 1, 1].map(() => h.refund({ lines: [{ lineItemId: "line-1", quantity: 1 }], includeShipping: false }).totalMinor)).toEqual([333, 333, 334]);
  });

  it("order-level discount and tax are spread over the lines by largest remainder", () => {
    // Gross 1000 | 1000 | 1 (sum 2001); discount 10 → 4.997… each: 4 | 4 | 0 + 2 left → the two big remainders (lines 1, 2).
    // Tax 7 → 3.498 | 3.498 | 0.003 → 3 | 3 | 0 + 1 left → line 1.
    const o = order([[1, 1000], [1, 1000], [1, 1]], { shipping: 0, tax: 7, discount: 10 });
    const nets = o.lines.map((l) => computeItemRefund(o, o.lines, [], 0, { lines: [{ lineItemId: l.id, quantity: 1 }], includeShipping: false }).totalMinor);
    expect(nets).toEqual([1000 - 5 + 4, 1000 - 5 + 3, 1]);
    expect(nets.reduce((a, b) => a + b, 0)).toBe(o.subtotalMinor - o.discountMinor + o.taxMinor);
  });

  it("shipping is refunded once: what is left of it, never more", () => {
    const o = order([[1, 1000]], { shipping: 499, tax: 0, discount: 0 });
    const h = new History(o);
    expect(h.refund({ lines: [], includeShipping: true, amountMinor: 200 }).shippingMinor).toBe(200);
    expect(h.refund({ lines: [], includeShipping: true }).shippingMinor).toBe(299);
    expect(refusal(() => h.refund({ lines: [], includeShipping: true })).message).toBe("Choose at least one line item or the shipping to refund.");
  });
});

describe("what is refused, with a message", () => {
  const o = order([[2, 1500], [1, 700]], { shipping: 300, tax: 0, discount: 0 });

  it("a quantity over what is left of the line", () => {
    const h = new History(o);
    const over = refusal(() => h.refund({ lines: [{ lineItemId: "line-1", quantity: 3 }], includeShipping: false }));
    expect(over).toMatchObject({ code: "INVALID", message: "You can refund at most 2 of that line." });
    h.refund({ lines: [{ lineItemId: "line-1", quantity: 1 }], includeShipping: false });
    expect(refusal(() => h.refund({ lines: [{ lineItemId: "line-1", quantity: 2 }], includeShipping: false })).message).toBe("You can refund at most 1 of that line.");
    h.refund({ lines: [{ lineItemId: "line-1", quantity: 1 }], includeShipping: false });
    expect(refusal(() => h.refund({ lines: [{ lineItemId: "line-1", quantity: 1 }], includeShipping: false })).message).toBe("A chosen line was already fully refunded.");
  });

  it("an amount above what the chosen items are worth, a line of another order, a line twice, nothing chosen", () => {
    const one = { lines: [{ lineItemId: "line-2", quantity: 1 }], includeShipping: false };
    expect(refusal(() => computeItemRefund(o, o.lines, [], 0, { ...one, amountMinor: 701 }))).toMatchObject({ code: "INVALID", message: "The amount is more than the chosen items are worth." });
    expect(refusal(() => computeItemRefund(o, o.lines, [], 0, { ...one, amountMinor: 0 }))).toMatchObject({ code: "INVALID", message: "Enter an amount greater than zero." });
    expect(refusal(() => computeItemRefund(o, o.lines, [], 0, { lines: [{ lineItemId: "elsewhere", quantity: 1 }], includeShipping: false })).message).toBe(
      "A chosen line item is not part of this order.",
    );
    expect(refusal(() => computeItemRefund(o, o.lines, [], 0, { lines: [{ lineItemId: "line-1", quantity: 1 }, { lineItemId: "line-1", quantity: 1 }], includeShipping: false })).message).toBe(
      "Each line item may appear once.",
    );
    expect(refusal(() => computeItemRefund(o, o.lines, [], 0, { lines: [{ lineItemId: "line-1", quantity: 0 }], includeShipping: false })).message).toBe(
      "Choose at least one line item or the shipping to refund.",
    );
  });
});

// --- Properties -----------------------------------------------------------------------------------------

const orderArb: fc.Arbitrary<TestOrder> = fc
  .record({
    lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 5 }), unitPriceMinor: fc.integer({ min: 1, max: 10_000_000 }) }), { minLength: 1, maxLength: 6 }),
    shipping: fc.integer({ min: 0, max: 100_000 }),
    taxPermille: fc.integer({ min: 0, max: 300 }),
    discountPermille: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ lines, shipping, taxPermille, discountPermille }) => {
    const o = order(lines.map((l) => [l.quantity, l.unitPriceMinor]), { shipping, tax: 0, discount: 0 });
    return { ...o, discountMinor: Math.floor((o.subtotalMinor * discountPermille) / 1000), taxMinor: Math.floor((o.subtotalMinor * taxPermille) / 1000) };
  });

const requestArb = fc.record({
  lines: fc.array(fc.record({ line: fc.nat(5), quantity: fc.integer({ min: 0, max: 6 }) }), { maxLength: 6 }),
  includeShipping: fc.boolean(),
  /** A share of what the chosen items are worth, sometimes over it. */
  amountPermille: fc.option(fc.integer({ min: 0, max: 1200 }), { freq: 2 }),
});

describe("properties", () => {
  it("random sequences of partial item refunds never exceed subtotal − discount + tax + shipping, never go negative, add up exactly", () => {
    fc.assert(
      fc.property(orderArb, fc.array(requestArb, { maxLength: 12 }), (o, requests) => {
        const h = new History(o);
        let partialAmounts = false;
        for (const r of requests) {
          const seen = new Set<string>();
          const lines = r.lines
            .map((l) => ({ lineItemId: o.lines[l.line % o.lines.length]!.id, quantity: l.quantity }))
            .filter((l) => !seen.has(l.lineItemId) && Boolean(seen.add(l.lineItemId)));
          let worth: number;
          try {
            worth = computeItemRefund(o, o.lines, h.prior, h.priorShipping, { lines, includeShipping: r.includeShipping }).totalMinor;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          const amountMinor = r.amountPermille === null ? undefined : Math.floor((worth * r.amountPermille) / 1000);
          let result: ItemRefund;
          try {
            result = h.refund({ lines, includeShipping: r.includeShipping, amountMinor });
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect(amountMinor === 0 || (amountMinor ?? 0) > worth, "only a zero or too-large amount is refused here").toBe(true);
            continue;
          }
          if (amountMinor !== undefined && amountMinor !== worth) partialAmounts = true;
          if (amountMinor !== undefined) expect(result.totalMinor).toBe(amountMinor);
          expect(result.totalMinor).toBe(result.allocation.reduce((a, l) => a + l.amountMinor, 0) + result.shippingMinor);
          for (const a of result.allocation) {
            expect(Number.isSafeInteger(a.amountMinor) && a.amountMinor >= 0).toBe(true);
            expect(a.quantity).toBeGreaterThan(0);
          }
          expect(result.shippingMinor).toBeGreaterThanOrEqual(0);
          expect(h.refunded).toBeLessThanOrEqual(totalOf(o));
          expect(h.priorShipping).toBeLessThanOrEqual(o.shippingMinor);
          for (const l of o.lines) {
            expect(h.prior.filter((p) => p.lineItemId === l.id).reduce((a, p) => a + p.quantity, 0)).toBeLessThanOrEqual(l.quantity);
          }
        }
        // Refunding whatever is left, in full, lands exactly on the total when no smaller amount was ever chosen.
        const left = o.lines
          .map((l) => ({ lineItemId: l.id, quantity: l.quantity - h.prior.filter((p) => p.lineItemId === l.id).reduce((a, p) => a + p.quantity, 0) }))
          .filter((l) => l.quantity > 0);
        if (left.length || h.priorShipping < o.shippingMinor) h.refund({ lines: left, includeShipping: true });
        if (partialAmounts) expect(h.refunded).toBeLessThanOrEqual(totalOf(o));
        else expect(h.refunded).toBe(totalOf(o));
      }),
      { numRuns: 500 },
    );
  });

  it("allocateByLargestRemainder: the parts add up exactly and each is within 1 of its proportional share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateByLargestRemainder(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          expect(Number.isSafeInteger(p) && p >= 0).toBe(true);
          if (sum > 0) {
            // |p − total·w/sum| < 1, in exact integer arithmetic: |p·sum − total·w| < sum.
            const diff = BigInt(p) * BigInt(sum) - BigInt(total) * BigInt(weights[i]!);
            expect(diff < BigInt(sum) && -diff < BigInt(sum), `part ${i}: ${p} for weight ${weights[i]} of ${sum}`).toBe(true);
            // A part is the floor of its share, or one more.
            const floor = (BigInt(total) * BigInt(weights[i]!)) / BigInt(sum);
            expect(BigInt(p) === floor || BigInt(p) === floor + 1n).toBe(true);
          }
        });
        if (sum === 0) expect(parts).toEqual([...weights.slice(1).map(() => 0), total]);
        // Deterministic.
        expect(allocateByLargestRemainder(total, weights)).toEqual(parts);
      }),
      { numRuns: 1000 },
    );
  });

  it("allocateByLargestRemainder refuses a negative or fractional total", () => {
    expect(() => allocateByLargestRemainder(-1, [1])).toThrow();
    expect(() => allocateByLargestRemainder(1.5, [1])).toThrow();
    expect(allocateByLargestRemainder(7, [])).toEqual([]);
  });
});
