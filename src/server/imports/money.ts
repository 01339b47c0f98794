/**
 * Amounts read from import files: decimal text to integer minor units, by string arithmetic only.
 * A float never touches an amount — "0.1 + 0.2" bugs and "29.90 * 100 = 2989.9999" cannot happen.
 *
 * Lives in `imports` until a shared `money` domain exists; nothing here depends on the CSV layer.
 */

/** ISO 4217 currencies without a minor unit. */
const ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV",
  "XAF", "XOF", "XPF",
]);

/** ISO 4217 currencies with three decimals. */
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

/** How many decimals a currency's minor unit has: 0 (JPY, KRW…), 3 (BHD, KWD…), otherwise 2. */
export function currencyExponent(code: string): 0 | 2 | 3 {
  const upper = code.trim().toUpperCase();
  if (ZERO_DECIMAL.has(upper)) return 0;
  if (THREE_DECIMAL.has(upper)) return 3;
  return 2;
}

let knownCurrencies: ReadonlySet<string> | null = null;

function isKnownCurrency(code: string): boolean {
  if (knownCurrencies === null) {
    // ICU's list is the ISO 4217 list; a runtime without it still gets the shape check below.
    const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [];
    knownCurrencies = new Set(list);
  }
  return knownCurrencies.size === 0 || knownCurrencies.has(code);
}

/** "usd " → "USD"; null when the text is not a known ISO 4217 code. */
export function normalizeCurrencyCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return null;
  return isKnownCurrency(code) ? code : null;
}

export type AmountResult = { ok: true; minor: number } | { ok: false; message: string };

/**
 * The message of a failed result reads after the field's name: `Total ${message}` gives
 * `Total "12,3x" is not an amount. Use digits with an optional decimal point, like 34.89.`
 */
export function parseAmountToMinor(
  text: string,
  currency: string,
  options: { allowNegative?: boolean } = {},
): AmountResult {
  const exponent = currencyExponent(currency);
  const example = exampleAmount(exponent);
  const value = text.trim();
  if (value === "") return { ok: false, message: `is empty. Enter an amount like ${example}.` };
  // No amount is this long; the text is not repeated in the message, which must stay readable.
  if (value.length > 40) return { ok: false, message: `is too long to be an amount. Enter an amount like ${example}.` };

  // Digits with optional comma thousands separators (groups of exactly three), then an optional
  // fraction. A comma anywhere else is not a separator we can read safely, so it is refused.
  const match = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/.exec(value);
  const integerPart = match?.[2] ?? "";
  const fraction = match?.[3] ?? "";
  if (!match || (integerPart === "" && fraction === "")) {
    if (/^[+-]?\d+,\d{1,2}$/.test(value)) {
      return {
        ok: false,
        message: `"${value}" is not an amount. Use a point for decimals, like ${value.replace(",", ".")}, and no other separators.`,
      };
    }
    return {
      ok: false,
      message: `"${value}" is not an amount. Use digits with an optional decimal point, like ${example}.`,
    };
  }

  if (fraction.length > exponent && /[^0]/.test(fraction.slice(exponent))) {
    const code = currency.trim().toUpperCase();
    return {
      ok: false,
      message:
        exponent === 0
          ? `"${value}" has a fraction, but ${code} has no minor unit. Use a whole number, like ${example}.`
          : `"${value}" has ${fraction.length} decimal places, but ${code} has ${exponent}. Use at most ${exponent} decimals, like ${example}.`,
    };
  }

  const digits = (integerPart.replaceAll(",", "") + fraction.slice(0, exponent).padEnd(exponent, "0")).replace(/^0+/, "");
  // Up to 16 digits converts exactly, and anything above MAX_SAFE_INTEGER stays above it.
  if (digits.length > 16 || Number(digits) > Number.MAX_SAFE_INTEGER) {
    return { ok: false, message: `"${value}" is too large to be an amount.` };
  }
  const magnitude = digits === "" ? 0 : Number(digits);
  const negative = match[1] === "-" && magnitude !== 0;
  if (negative && !options.allowNegative) {
    return { ok: false, message: `"${value}" is negative. Enter zero or a positive amount.` };
  }
  return { ok: true, minor: negative ? -magnitude : magnitude };
}

function exampleAmount(exponent: 0 | 2 | 3): string {
  if (exponent === 0) return "1500";
  if (exponent === 3) return "12.345";
  return "34.89";
}
