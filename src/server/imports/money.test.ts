import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { currencyExponent, normalizeCurrencyCode, parseAmountToMinor } from "./money";

const minor = (text: string, currency: string, options?: { allowNegative?: boolean }) => {
  const result = parseAmountToMinor(text, currency, options);
  if (!result.ok) throw new Error(result.message);
  return result.minor;
};
const failure = (text: string, currency: string) => {
  const result = parseAmountToMinor(text, currency);
  if (result.ok) throw new Error(`"${text}" parsed as ${result.minor}`);
  return result.message;
};

describe("currencyExponent", () => {
  it("knows the zero- and three-decimal currencies and gives 2 to the rest", () => {
    for (const code of ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "jpy"]) expect(currencyExponent(code)).toBe(0);
    for (const code of ["BHD", "KWD", "OMR", "JOD", "TND"]) expect(currencyExponent(code)).toBe(3);
    for (const code of ["USD", "EUR", "GBP", "CNY", "BRL"]) expect(currencyExponent(code)).toBe(2);
  });
});

describe("normalizeCurrencyCode", () => {
  it("accepts ISO 4217 codes in any case and refuses anything else", () => {
    expect(normalizeCurrencyCode(" usd ")).toBe("USD");
    expect(normalizeCurrencyCode("KRW")).toBe("KRW");
    for (const text of ["US$", "dollars", "", "XQZ", "EURO"]) expect(normalizeCurrencyCode(text)).toBeNull();
  });
});

describe("parseAmountToMinor", () => {
  it("parses decimal text exactly into minor units", () => {
    expect(minor("29.90", "USD")).toBe(2990);
    expect(minor("1,234.50", "USD")).toBe(123450);
    expect(minor("1,234,567.89", "USD")).toBe(123456789);
    expect(minor("0.07", "USD")).toBe(7);
    expect(minor(".5", "USD")).toBe(50);
    expect(minor("5.", "USD")).toBe(500);
    expect(minor(" 34.89 ", "USD")).toBe(3489);
    expect(minor("0.1", "EUR")).toBe(10);
    expect(minor("12.345", "KWD")).toBe(12345);
    expect(minor("12.3", "BHD")).toBe(12300);
  });

  it("does not go through floats (values that floats get wrong come out exact)", () => {
    expect(minor("1.15", "USD")).toBe(115);
    expect(minor("4.35", "USD")).toBe(435);
    expect(minor("1005.03", "USD")).toBe(100503);
    expect(minor("90071992547409.91", "USD")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("takes zero-decimal currencies as whole numbers, with trailing zeros allowed", () => {
    expect(minor("15000", "KRW")).toBe(15000);
    expect(minor("15000.00", "KRW")).toBe(15000);
    expect(minor("15,000", "JPY")).toBe(15000);
    expect(failure("15000.50", "KRW")).toBe('"15000.50" has a fraction, but KRW has no minor unit. Use a whole number, like 1500.');
  });

  it("allows extra zero decimals but refuses a finer fraction than the currency has", () => {
    expect(minor("29.900", "USD")).toBe(2990);
    expect(failure("1.234", "USD")).toBe('"1.234" has 3 decimal places, but USD has 2. Use at most 2 decimals, like 34.89.');
  });

  it("refuses negatives unless they are allowed", () => {
    expect(failure("-5.00", "USD")).toBe('"-5.00" is negative. Enter zero or a positive amount.');
    expect(minor("-5.00", "USD", { allowNegative: true })).toBe(-500);
    expect(Object.is(minor("-0.00", "USD"), 0)).toBe(true);
    expect(minor("+5", "USD")).toBe(500);
  });

  it("explains what is wrong with text that is not an amount", () => {
    expect(failure("abc", "USD")).toBe('"abc" is not an amount. Use digits with an optional decimal point, like 34.89.');
    expect(failure("12,3x", "USD")).toBe('"12,3x" is not an amount. Use digits with an optional decimal point, like 34.89.');
    expect(failure("12,50", "EUR")).toBe('"12,50" is not an amount. Use a point for decimals, like 12.50, and no other separators.');
    expect(failure("", "USD")).toBe("is empty. Enter an amount like 34.89.");
    expect(failure("abc", "JPY")).toContain("like 1500.");
    for (const text of ["$29.90", "1 234.50", "1,23.00", "12,3456", "1.2.3", ".", "-", "1e5", "Infinity", "NaN", "0x10"]) {
      expect(failure(text, "USD")).toContain("is not an amount");
    }
    expect(failure("9007199254740992", "JPY")).toBe('"9007199254740992" is too large to be an amount.');
    expect(failure("123456789012345678", "USD")).toContain("too large");
  });

  it("round-trips every integer amount written as a decimal, with or without separators", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("USD", "JPY", "KWD", "EUR", "KRW"),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.boolean(),
        fc.nat({ max: 3 }),
        (currency, amount, grouped, extraZeros) => {
          const exponent = currencyExponent(currency);
          const digits = String(amount).padStart(exponent + 1, "0");
          let whole = exponent === 0 ? digits : digits.slice(0, -exponent);
          if (grouped) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
          const fraction = (exponent === 0 ? "" : digits.slice(-exponent)) + "0".repeat(extraZeros);
          const text = fraction === "" ? whole : `${whole}.${fraction}`;
          expect(minor(text, currency)).toBe(amount);
        },
      ),
    );
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom("USD", "JPY", "KWD", "???"), (text, currency) => {
        const result = parseAmountToMinor(text, currency, { allowNegative: true });
        if (result.ok) expect(Number.isSafeInteger(result.minor)).toBe(true);
        else expect(result.message.length).toBeGreaterThan(0);
      }),
    );
  });
});
