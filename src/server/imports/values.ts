import { EARLIEST_DATE, LATEST_DATE } from "@/lib/validation";
import type { CsvRecord } from "./csv-stream";

/** A problem with one row, on the physical line where the row starts (1 = the header). */
export type RowError = {
  line: number;
  message: string;
  /** The order the row belongs to, when known: that whole order is invalid. */
  orderName?: string;
};

/**
 * Longest keys (and line item titles, which reports key products by) that can be stored and indexed,
 * and the largest quantity: what a refund can name for one line (the refund-items form's limit), well
 * inside an integer column. The CSV importers and the Shopify webhooks both apply them.
 */
export const MAX_KEY_CHARS = 255;
export const MAX_EMAIL_CHARS = 254;
export const MAX_TITLE_CHARS = 500;
export const MAX_QUANTITY = 100_000;

export type ValueResult<T> = { ok: true; value: T } | { ok: false; message: string };

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

const TIMESTAMP_HINT = "like 2026-10-01 09:12:03 -0400 or 2026-10-01T13:12:03Z";

/**
 * Shopify's "2026-10-01 09:12:03 -0400" and ISO 8601 with an offset. A time without an offset is
 * refused rather than guessed: the same text is a different instant in every store's time zone.
 * The message reads after the field's name, like amount messages.
 */
export function parseTimestamp(text: string): ValueResult<Date> {
  const value = shown(text);
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return { ok: false, message: `"${value}" is not a date and time. Write it ${TIMESTAMP_HINT}.` };
  const [, year, month, day, hour, minute, second = "0", fraction = "", zone] = match;
  if (zone === undefined) {
    return { ok: false, message: `"${value}" has no time zone offset. Add one, ${TIMESTAMP_HINT}.` };
  }
  const y = Number(year), mo = Number(month), d = Number(day), h = Number(hour), mi = Number(minute), s = Number(second);
  const offsetMinutes = parseOffset(zone);
  const validClock = h < 24 && mi < 60 && s < 60;
  const validDay = mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
  if (!validClock || !validDay || offsetMinutes === null) {
    return { ok: false, message: `"${value}" is not a real date and time. Write it ${TIMESTAMP_HINT}.` };
  }
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
  // The year is checked as written first: Date.UTC reads years 0–99 as 1900–1999.
  const utc = y < EARLIEST_DATE.getUTCFullYear() ? Number.NaN : Date.UTC(y, mo - 1, d, h, mi, s, millis) - offsetMinutes * 60_000;
  if (!(utc >= EARLIEST_DATE.getTime() && utc < LATEST_DATE.getTime())) {
    // Nothing Recoup tracks happens outside these years, and Postgres cannot store years past 9999.
    return { ok: false, message: `"${value}" is not between 1970 and 2099. Check the year.` };
  }
  return { ok: true, value: new Date(utc) };
}

function parseOffset(zone: string): number | null {
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes >= 60) return null;
  return (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "Partially refunded", "partially-refunded", " PARTIALLY_REFUNDED " → "partially_refunded". */
export function statusKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/**
 * Looks a status up in a table of accepted spellings. The message names the value and lists what
 * is accepted (`accepted` is the list shown, the table may hold more aliases).
 */
export function lookupStatus<T>(
  text: string,
  table: Readonly<Record<string, T>>,
  kind: string,
  accepted: readonly string[],
): ValueResult<T> {
  const key = statusKey(text);
  if (Object.hasOwn(table, key)) return { ok: true, value: table[key]! };
  return { ok: false, message: `"${shown(text)}" is not ${kind} we know. Use one of: ${accepted.join(", ")}.` };
}

/** A value as a message quotes it: trimmed, and cut short when long, so that the message stays readable. */
export function shown(text: string): string {
  const characters = Array.from(text.trim());
  return characters.length > 60 ? `${characters.slice(0, 57).join("")}…` : characters.join("");
}

/** Why a record cannot be read as a row at all (quotes, column count); null when it can. */
export function structuralProblem(record: CsvRecord, width: number): string | null {
  const where = record.endLine > record.line ? `Lines ${record.line}–${record.endLine} were read as one row. ` : "";
  switch (record.problem) {
    case "unterminated_quote":
      return `a quoted field on this line never closes, so the file looks cut off here. ${where}Export the file again, or add the missing closing quote (").`;
    case "malformed_quote":
      return `a quoted field is not closed properly: a closing quote (") must be followed by a comma or the end of the line, and a quote inside a value is written twice (""). ${where}Fix the quotes and upload the file again.`;
    case "too_long":
      return `this row is longer than 1 MB, so a quote (") that opens a field probably never closes. The rest of the file was not read; fix the quote and upload the file again.`;
    case null:
      break;
  }
  if (record.fields.some((field) => field.includes("\u0000"))) {
    return `the row holds a NUL character (a zero byte), which is not text and cannot be stored. ${where}Remove it, or export the file again as CSV (UTF-8).`;
  }
  const count = record.fields.length;
  if (count < width && record.endsFile) {
    return `the row has only ${count} of the ${width} columns and the file ends there, so it looks cut off. Export the file again.`;
  }
  if (count < width) {
    return `the row has ${count} columns, but the header has ${width}. Check that no value lost its commas or quotes.`;
  }
  if (count > width) {
    return `the row has ${count} columns, but the header has ${width}. A value that contains a comma must be in double quotes.`;
  }
  return null;
}

/**
 * Why a value is too long for its field, or null. Names, numbers and SKUs are keys that Postgres
 * indexes, and an index entry cannot hold more than a few kilobytes: a longer value would pass the
 * preview and then fail the import, so it is refused here. The limits match the forms'.
 */
export function tooLong(label: string, text: string, max: number): string | null {
  if (text.length <= max) return null;
  return `${label} is ${text.length} characters long; at most ${max} fit. Shorten it, or check that a quote (") did not swallow the cells after it.`;
}

export function isBlankRecord(record: CsvRecord): boolean {
  return record.problem === null && record.fields.every((field) => field.trim() === "");
}

/** "Line 7: " + message, the one shape every import error has. */
export function lineMessage(line: number, message: string): string {
  return `Line ${line}: ${message}`;
}
