import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { currencyExponent } from "@/lib/money";
import { FIGURE_KEYS, MONEY_FIGURE_KEYS, addFigures, cancelledShare, convertMinor, lossShare, zeroFigures } from "./figures";

describe("convertMinor", () => {
  it.each([
    // KRW (no decimals) → USD: 1,234,567 × 0.00074 = 913.57958 USD.
    [1_234_567, "KRW", "USD", "0.00074", 91_358],
    // JPY → USD, exactly half a cent: 6.505 USD rounds away from zero, both ways.
    [1000, "JPY", "USD", "0.006505", 651],
    [-1000, "JPY", "USD", "0.006505", -651],
    [999, "JPY", "USD", "0.006505", 650], // 6.498495
    // USD → KRW: 70.00 × 1350.55 = 94,538.5 KRW.
    [7000, "USD", "KRW", "1350.55", 94_539],
    [-7000, "USD", "KRW", "1350.55", -94_539],
    // Three decimals (KWD) both ways: 1.234 KWD × 3.25 = 4.0105 USD; 1.00 USD × 0.307 = 0.307 KWD.
    [1234, "KWD", "USD", "3.25", 401],
    [100, "USD", "KWD", "0.307", 307],
    // KWD → JPY (3 → 0 decimals): 1.5 and -1.5 yen round away from zero; 1.499 does not.
    [1500, "KWD", "JPY", "1", 2],
    [-1500, "KWD", "JPY", "1", -2],
    [1499, "KWD", "JPY", "1", 1],
    // JPY → KRW (0 → 0).
    [1001, "JPY", "KRW", "9.05", 9059], // 9,059.05
    [12_345, "EUR", "USD", "1", 12_345],
    [0, "EUR", "USD", "1.0812345678", 0],
    // Trailing zeros and a rate with ten decimals change nothing.
    [1_000_000, "EUR", "USD", "1.0800000000", 1_080_000],
    [3, "EUR", "USD", "0.1666666667", 1], // 0.5000000001 cents
    [3, "EUR", "USD", "0.1666666666", 0], // 0.4999999998 cents
    // Large amounts stay exact (no floating point): 9 trillion cents at a rate with ten decimals.
    [9_000_000_000_000, "USD", "EUR", "0.9234567891", 8_311_111_101_900],
  ])("%d %s → %s at %s = %d", (minor, from, to, rate, expected) => {
    expect(convertMinor(minor, from, to, rate)).toBe(expected);
  });

  it("refuses what is not a plain non-negative decimal", () => {
    for (const rate of ["", "-1", "1e3", "1,5", ".5", "abc"]) expect(() => convertMinor(100, "USD", "EUR", rate)).toThrow(/Not a rate/);
    expect(convertMinor(100, "USD", "EUR", " 2 ")).toBe(200);
  });

  const currency = fc.constantFrom("USD", "EUR", "JPY", "KRW", "KWD", "BHD", "CLP");
  const rate = fc
    .record({ mantissa: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.bigInt({ min: 0n, max: 10n ** 14n })), scale: fc.integer({ min: 0, max: 10 }) })
    .map(({ mantissa, scale }) => {
      const digits = mantissa.toString().padStart(scale + 1, "0");
      return { text: scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits, mantissa, scale };
    });

  it("is the exact product rounded to the nearest minor unit, halves away from zero (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), currency, currency, rate, (minor, from, to, r) => {
        // exact = minor × rate × 10^(e_to − e_from) = N / D; results are JavaScript numbers, so safe integers only.
        const N = BigInt(minor) * r.mantissa * 10n ** BigInt(currencyExponent(to));
        const D = 10n ** BigInt(r.scale + currencyExponent(from));
        fc.pre((N < 0n ? -N : N) / D < BigInt(Number.MAX_SAFE_INTEGER));
        const result = convertMinor(minor, from, to, r.text);
        const gap = 2n * N - 2n * BigInt(result) * D; // 2D × (exact − result)
        const abs = gap < 0n ? -gap : gap;
        expect(abs <= D).toBe(true);
        if (abs === D) expect(BigInt(Math.abs(result)) * D > (N < 0n ? -N : N)).toBe(true); // a half went away from zero
        // Symmetric: the negative amount converts to exactly the negated result.
        expect(convertMinor(-minor, from, to, r.text)).toBe(result === 0 ? 0 : -result);
      }),
      { numRuns: 500 },
    );
  });

  it("a rate of 1 between currencies with the same exponent is the identity (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (minor) => {
        expect(convertMinor(minor, "EUR", "USD", "1.000")).toBe(minor);
      }),
    );
  });
});

describe("figures", () => {
  it("zero, added, and the shares", () => {
    const f = zeroFigures();
    expect(Object.keys(f).sort()).toEqual([...FIGURE_KEYS].sort());
    expect(Object.values(f).every((v) => v === 0)).toBe(true);
    addFigures(f, { refundedMinor: 500, recoveredMinor: 200, requests: 4, cancelledBeforeDispatch: 1 });
    addFigures(f, { refundedMinor: -100 });
    expect(f).toMatchObject({ refundedMinor: 400, recoveredMinor: 200, requests: 4, cancelledBeforeDispatch: 1, orders: 0 });
    expect(cancelledShare(f)).toBe(0.25);
    expect(cancelledShare(zeroFigures())).toBeNull();
    expect(lossShare({ netLossMinor: 250, revenueMinor: 1000 })).toBe(0.25);
    expect(lossShare({ netLossMinor: 250, revenueMinor: 0 })).toBeNull();
    expect(MONEY_FIGURE_KEYS.every((k) => (FIGURE_KEYS as readonly string[]).includes(k))).toBe(true);
    expect(MONEY_FIGURE_KEYS).not.toContain("orders");
    expect(MONEY_FIGURE_KEYS).not.toContain("requests");
  });
});
