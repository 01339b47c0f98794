/**
 * Reading the fields of a Shopify delivery with the CSV importer's rules (src/server/imports/values.ts):
 * the same length limits, amounts and timestamps, and the same refusal of values Postgres cannot hold.
 * A delivery that breaks one is refused whole with a message naming the field; nothing is written.
 */
import { DomainError } from "../errors";
import { normalizeCurrencyCode, parseAmountToMinor } from "../imports/money";
import { parseTimestamp, shown } from "../imports/values";

export type PayloadKind = "order" | "refund" | "dispute";

export function payloadError(kind: PayloadKind, field: string, problem: string): DomainError {
  return new DomainError("INVALID", `The ${kind} payload is not valid: ${field} ${problem}`);
}

/** The path of the first text holding a NUL (a zero byte: Postgres text cannot hold it), or null. */
export function nulPath(value: unknown, path: (string | number)[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "the body" : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const found = nulPath(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses a payload whose parsed fields hold a NUL anywhere. */
export function refuseNul(kind: PayloadKind, parsed: unknown): void {
  const at = nulPath(parsed);
  if (at) throw payloadError(kind, at, "holds a NUL character (a zero byte), which is not text and cannot be stored.");
}

export function limitLength(kind: PayloadKind, field: string, text: string | null | undefined, max: number): void {
  if (text && text.length > max) throw payloadError(kind, field, `is ${text.length} characters long; at most ${max} fit.`);
}

/** A timestamp with an offset, between 1970 and 2099; absent or empty is null unless required. */
export function timestampField(kind: PayloadKind, field: string, text: string | null | undefined, required: true): Date;
export function timestampField(kind: PayloadKind, field: string, text: string | null | undefined, required?: false): Date | null;
export function timestampField(kind: PayloadKind, field: string, text: string | null | undefined, required = false): Date | null {
  if (text === null || text === undefined || text.trim() === "") {
    if (required) throw payloadError(kind, field, "is missing. Shopify sends it with every delivery.");
    return null;
  }
  const result = parseTimestamp(text);
  if (!result.ok) throw payloadError(kind, field, result.message);
  return result.value;
}

/** An amount in minor units of `currency`, zero when absent. */
export function amountField(kind: PayloadKind, field: string, text: string | null | undefined, currency: string): number {
  if (text === null || text === undefined || text === "") return 0;
  const result = parseAmountToMinor(text, currency);
  if (!result.ok) throw payloadError(kind, field, result.message);
  return result.minor;
}

export function currencyField(kind: PayloadKind, field: string, text: string): string {
  const code = normalizeCurrencyCode(text);
  if (code === null) throw payloadError(kind, field, `"${shown(text)}" is not an ISO 4217 currency code, like USD or EUR.`);
  return code;
}
