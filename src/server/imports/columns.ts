import { shown } from "./values";

/**
 * Loose header matching. Exports are edited in spreadsheets and Shopify's own headers changed over
 * the years, so "Financial Status", "financial_status" and "FINANCIAL STATUS", "Lineitem sku" and
 * "Line item SKU", "Cancelled at" and "Canceled at" all name the same column.
 */

export type ColumnSpec = { label: string; aliases?: readonly string[]; required?: boolean };

export type ResolvedColumns<K extends string> = {
  /** Position of each column found in the file. */
  index: Partial<Record<K, number>>;
  /** The column's name as the file writes it (canonical label when absent), for error messages. */
  label: Record<K, string>;
  /** How many columns the header has; every row must have as many. */
  width: number;
};

export type ColumnResolution<K extends string> =
  | { ok: true; columns: ResolvedColumns<K> }
  | { ok: false; message: string };

export function headerKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-.]+/g, "")
    .replace(/canceled/g, "cancelled");
}

export function resolveColumns<K extends string>(
  header: readonly string[],
  specs: Record<K, ColumnSpec>,
  fileDescription: string,
): ColumnResolution<K> {
  const positions = new Map<string, number>();
  header.forEach((text, position) => {
    const key = headerKey(text);
    // A repeated header keeps its first column: that is the one a spreadsheet user sees first.
    if (key !== "" && !positions.has(key)) positions.set(key, position);
  });

  const index: Partial<Record<K, number>> = {};
  const label = {} as Record<K, string>;
  const missing: string[] = [];
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const position = [spec.label, ...(spec.aliases ?? [])]
      .map((name) => positions.get(headerKey(name)))
      .find((found) => found !== undefined);
    if (position === undefined) {
      label[key] = spec.label;
      if (spec.required) missing.push(spec.label);
    } else {
      index[key] = position;
      label[key] = shown(header[position]!);
    }
  }

  if (missing.length > 0) return { ok: false, message: missingColumnsMessage(header, missing, fileDescription) };
  return { ok: true, columns: { index, label, width: header.length } };
}

function missingColumnsMessage(header: readonly string[], missing: string[], fileDescription: string): string {
  const list = missing.map((name) => `"${name}"`).join(", ");
  const what = missing.length === 1 ? `no ${list} column` : `none of the columns ${list}`;
  const only = header.length === 1 ? header[0]! : "";
  if (only.includes(";") || only.includes("\t")) {
    const separator = only.includes(";") ? "semicolons" : "tabs";
    return `the columns are separated by ${separator}, not commas. Save the file as comma-separated CSV (UTF-8) and upload it again.`;
  }
  return `the file has ${what}, so it does not look like ${fileDescription}. Check that the first line holds the column names, or export the file again.`;
}

/** A cell's text without surrounding spaces; "" when the column is absent. */
export function cellText<K extends string>(fields: readonly string[], columns: ResolvedColumns<K>, key: K): string {
  const position = columns.index[key];
  return position === undefined ? "" : (fields[position] ?? "").trim();
}

export function cellOrNull<K extends string>(fields: readonly string[], columns: ResolvedColumns<K>, key: K): string | null {
  const text = cellText(fields, columns, key);
  return text === "" ? null : text;
}
