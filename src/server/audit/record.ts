import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../db/client";
import { auditEvents } from "../db/schema";
import { AUDIT_ACTIONS, type AuditAction } from "./events";
import { GENESIS_HASH, hashAuditEvent } from "./hash";

export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "system"; label?: string }
  | { type: "webhook"; id?: string; label?: string };

export interface AuditInput {
  organizationId: string;
  actor: Actor;
  action: AuditAction;
  entityId: string;
  storeId?: string | null;
  orderId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
}

/**
 * The lock that serialises the writers of one organization, held until the transaction ends. The
 * audit chain needs it (one head at a time). Every tRPC mutation takes it first, before any write: a
 * mutation's writes and the report roll-up triggers they fire lock shared rows (an organization's
 * day and month periods) in an order that depends on the action, and two actions of one store at the
 * same moment deadlocked on them (src/server/cases/deadlock.test.ts). Taking it again is free.
 */
export async function lockOrganizationWriters(tx: Tx, organizationId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${organizationId}`}, 0))`);
}

/**
 * Appends one event to the organization's hash chain, inside the caller's transaction, so the event
 * exists exactly when the change it records does. The organization's writer lock serialises the
 * chain's writers; other organizations are not blocked.
 */
export async function recordAudit(tx: Tx, input: AuditInput) {
  await lockOrganizationWriters(tx, input.organizationId);
  const [head] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, input.organizationId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);

  const actor = input.actor;
  const row = {
    organizationId: input.organizationId,
    id: randomUUID(),
    seq: (head?.seq ?? 0) + 1,
    storeId: input.storeId ?? null,
    orderId: input.orderId ?? null,
    actorType: actor.type,
    actorId: actor.type === "system" ? null : (actor.id ?? null),
    actorLabel: actor.label ?? (actor.type === "webhook" ? "Shopify webhook" : "Recoup"),
    action: input.action,
    entityType: AUDIT_ACTIONS[input.action].entity,
    entityId: input.entityId,
    before: input.before ?? null,
    after: input.after ?? null,
    requestId: input.requestId ?? null,
    // Millisecond precision survives the round trip through timestamptz unchanged.
    createdAt: new Date(),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(row);
  await tx.insert(auditEvents).values({ ...row, hash });
  return { ...row, hash };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBad?: { id: string; seq: number; reason: string };
}

/** Walks the chain in order and reports the first event whose hash or link does not hold. */
export async function verifyAuditChain(db: DbOrTx, organizationId: string): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let lastSeq = 0;
  let checked = 0;
  const pageSize = 1000;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, organizationId), gt(auditEvents.seq, lastSeq)))
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    for (const event of page) {
      const bad = (reason: string): VerifyResult => ({
        ok: false,
        checked,
        firstBad: { id: event.id, seq: event.seq, reason },
      });
      if (event.seq !== expectedSeq) return bad(`expected event #${expectedSeq}, found #${event.seq} (missing event)`);
      if (event.prevHash !== prevHash) return bad("its link to the previous event is broken");
      if (hashAuditEvent(event) !== event.hash) return bad("its content does not match its hash (altered)");
      prevHash = event.hash;
      expectedSeq += 1;
      lastSeq = event.seq;
      checked += 1;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, checked };
}
