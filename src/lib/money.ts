/**
 * Money is an integer count of minor units plus an ISO 4217 currency code — never a float.
 * Shared by the server (parsing, arithmetic) and the browser (formatting, form input).
 */
const EXPONENT_0 = new Set(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"]);
const EXPONENT_3 = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (EXPONENT_0.has(code)) return 0;
  if (EXPONENT_3.has(code)) return 3;
  return 2;
}

export type ParseResult = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Parses a decimal amount exactly ("1,234.50" → 123450 for USD) by string arithmetic. A fraction
 * finer than the currency allows is refused rather than rounded.
 */
export function parseDecimalToMinor(text: string, currency: string, opts: { allowNegative?: boolean } = {}): ParseResult {
  const exponent = currencyExponent(currency);
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, "");
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) {
    return { ok: false, message: `"${text}" is not an amount. Use digits with an optional decimal point, like ${exponent ? "34.89" : "15000"}.` };
  }
  const [, sign, whole, fraction = ""] = match;
  if (sign && !opts.allowNegative) return { ok: false, message: `"${text}" is negative; amounts here must be zero or more.` };
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > exponent) {
    return {
      ok: false,
      message: exponent === 0 ? `"${text}" has a fraction, but ${currency} has no minor unit.` : `"${text}" has more than ${exponent} decimals for ${currency}.`,
    };
  }
  const minor = Number(whole! + significant.padEnd(exponent, "0"));
  if (!Number.isSafeInteger(minor)) return { ok: false, message: `"${text}" is too large.` };
  return { ok: true, minor: sign ? -minor : minor };
}

export function toMinor(text: string, currency: string): number {
  const result = parseDecimalToMinor(text, currency);
  if (!result.ok) throw new Error(result.message);
  return result.minor;
}

/** "1234.50" for 123450 USD: the exact decimal, for inputs and CSV exports. */
export function minorToDecimal(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? `.${digits.slice(-exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** "$1,234.50", "₩15,000": for people. */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const exponent = currencyExponent(currency);
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(Number(minorToDecimal(minor, currency)));
  } catch {
    return `${minorToDecimal(minor, currency)} ${currency}`;
  }
}

/**
 * Splits `total` minor units across parts in proportion to `weights`, by largest remainder, so the
 * parts add up to the total exactly (no unit lost or invented to rounding).
 */
export function allocateByLargestRemainder(total: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error("total must be a non-negative integer");
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    const out = weights.map(() => 0);
    out[out.length - 1] = total;
    return out;
  }
  // BigInt keeps total × weight exact even for large amounts.
  const exact = weights.map((w) => (BigInt(total) * BigInt(w)) as bigint);
  const base = exact.map((e) => Number(e / BigInt(sum)));
  const remainders = exact.map((e, i) => ({ i, r: Number(e % BigInt(sum)) }));
  let left = total - base.reduce((a, b) => a + b, 0);
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of remainders) {
    if (left <= 0) break;
    base[i]! += 1;
    left -= 1;
  }
  return base;
}
