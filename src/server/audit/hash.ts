import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so jsonb's reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export const GENESIS_HASH = "0".repeat(64);

export interface HashedFields {
  organizationId: string;
  id: string;
  seq: number;
  storeId: string | null;
  orderId?: string | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  createdAt: Date;
  prevHash: string;
}

export function hashAuditEvent(event: HashedFields): string {
  const payload = canonicalJson({
    organizationId: event.organizationId,
    id: event.id,
    seq: event.seq,
    storeId: event.storeId,
    // Added after the first events were written: hashed only when set, so older hashes still hold.
    ...(event.orderId ? { orderId: event.orderId } : {}),
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: event.before ?? null,
    after: event.after ?? null,
    requestId: event.requestId,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
  });
  return createHash("sha256").update(payload).digest("hex");
}
