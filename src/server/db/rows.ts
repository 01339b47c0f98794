import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./client";

/** Raw SQL rows, whichever driver ran them (PGlite returns `{ rows }`, postgres-js an array). */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * JSON text for a statement that unpacks a whole batch from one parameter
 * (`${jsonText(rows)}::text::jsonb`; the `::text` keeps postgres-js from JSON-encoding it again).
 * jsonb refuses the escape of a lone UTF-16 surrogate, which a text parameter would have stored as
 * U+FFFD; the rare string holding one is made well formed first, so both paths store the same.
 */
export function jsonText(value: unknown): string {
  const json = JSON.stringify(value);
  if (!/\\u[dD][89a-fA-F]/.test(json)) return json;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? v.replace(LONE_SURROGATE, "\ufffd") : v));
}

/**
 * A Postgres array literal for one parameter (`${pgArray(ids)}::uuid[]`, `::date[]`, `::text[]`…):
 * every element quoted and escaped, so any text travels as it is, and the statement's text stays the
 * same however many elements there are.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
