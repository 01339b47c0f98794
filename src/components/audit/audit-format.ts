import { formatDateTime } from "@/lib/format";

/** Entries per page of the audit log; the page prefetches the first one on the server with the same size. */
export const AUDIT_PAGE_SIZE = 25;

/** The keyset cursor for the next page, or undefined on the last one. */
export function nextAuditCursor(page: { nextCursor: number | null }): number | undefined {
  return page.nextCursor ?? undefined;
}

/** "store.webhook_secret_rotated" → "Store: webhook secret rotated", for filters and labels. */
export function actionLabel(action: string): string {
  const [entity = "", ...rest] = action.split(".");
  const what = rest.join(" ").replaceAll("_", " ");
  const subject = entity.replaceAll("_", " ");
  const capitalised = subject.charAt(0).toUpperCase() + subject.slice(1);
  return what ? `${capitalised}: ${what}` : capitalised;
}

export type AuditValue = Record<string, unknown> | null;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** The fields of an event's before and after snapshots, side by side, changed ones marked. */
export function diffSnapshots(before: unknown, after: unknown): FieldChange[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => ({
    field,
    before: b[field],
    after: a[field],
    changed: JSON.stringify(b[field]) !== JSON.stringify(a[field]),
  }));
}

const FIELD_LABELS: Record<string, string> = {
  storeIds: "Stores",
  timezone: "Time zone",
  toEmail: "New owner",
  ownerUserId: "Owner's user id",
};

/** "shopDomain" → "Shop domain". */
export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A snapshot value as people read it: timestamps in their own time zone, store ids as store names,
 * anything structured as indented JSON.
 */
export function displayValue(value: unknown, storeNames?: Map<string, string>): string {
  if (value === undefined) return "";
  if (value === null) return "—";
  if (typeof value === "string") {
    if (value === "") return "“”";
    if (ISO_TIMESTAMP.test(value)) return formatDateTime(value);
    return storeNames?.get(value) ?? value;
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && storeNames?.has(v))) {
    return value.map((v) => storeNames!.get(v as string)).join(", ");
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, null, 2);
}
