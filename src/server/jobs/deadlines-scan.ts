import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { deadlineMarks, organizations } from "../db/schema";
import { withTenant } from "../db/tenant";
import { recordAudit } from "../audit/record";
import { DEADLINE_LABELS, listDeadlines, type Deadline } from "../deadlines/inbox";
import { caseWorkers, notify } from "../notifications/service";
import { formatMoney } from "@/lib/money";
import { and, eq, sql } from "drizzle-orm";
import { pgArray } from "../db/rows";

export interface ScanResult {
  organizations: number;
  near: number;
  missed: number;
  notifications: number;
  overdueRefunds: number;
}

/** "near" when at most one business day is left, "missed" once passed; nothing otherwise. */
export function urgencyOf(deadline: Deadline): "near" | "missed" | null {
  if (deadline.timeLeft.overdue) return "missed";
  if (deadline.timeLeft.businessDaysLeft <= 1) return "near";
  return null;
}

/**
 * Looks at every open deadline and acts once per deadline and level: a notification to the assignee
 * (or every case worker) when it is near and again when missed, and — for a supplier refund past its
 * latest date — one audit event marking it overdue. Idempotent: the marks table remembers what was
 * done, inside the same transaction, so running the job twice or after a crash repeats nothing.
 */
export async function scanDeadlines(db: Db, now = new Date()): Promise<ScanResult> {
  const orgs = await db.select({ id: organizations.id }).from(organizations);
  const result: ScanResult = { organizations: orgs.length, near: 0, missed: 0, notifications: 0, overdueRefunds: 0 };
  for (const org of orgs) {
    await withTenant(db, org.id, async (tx) => {
      // Every open deadline, not the inbox's first page: those come soonest-first, so the missed ones
      // (still open, already acted on) would otherwise crowd the newest out of the scan for good.
      const deadlines = await listDeadlines(tx, org.id, null, { limit: Number.MAX_SAFE_INTEGER }, now);
      const urgent = deadlines.flatMap((deadline) => {
        const level = urgencyOf(deadline);
        return level ? [{ deadline, level, key: `${deadline.key}:${level}` }] : [];
      });
      // Marked by an earlier scan: nothing to do (one lookup, not one insert attempt per deadline; at
      // 1M orders a scan with nothing new took 9.6 s that way).
      const marked = new Set(
        urgent.length
          ? (
              await tx
                .select({ key: deadlineMarks.key })
                .from(deadlineMarks)
                .where(and(eq(deadlineMarks.organizationId, org.id), sql`${deadlineMarks.key} = any(${pgArray(urgent.map((u) => u.key))}::text[])`))
            ).map((r) => r.key)
          : [],
      );
      for (const { deadline, level, key } of urgent) {
        if (marked.has(key)) continue;
        const [mark] = await tx
          .insert(deadlineMarks)
          .values({ organizationId: org.id, key, kind: `${deadline.kind}.${level}`, entityId: deadline.disputeId ?? deadline.caseId ?? deadline.orderId })
          .onConflictDoNothing()
          .returning({ key: deadlineMarks.key });
        if (!mark) continue;
        if (level === "near") result.near++;
        else result.missed++;
        if (deadline.kind === "supplier_refund" && level === "missed") {
          result.overdueRefunds++;
          await recordAudit(tx, {
            organizationId: org.id,
            storeId: deadline.storeId,
            orderId: deadline.orderId,
            actor: { type: "system", label: "Deadline watch" },
            action: "deadline.supplier_refund_overdue",
            entityId: deadline.caseId ?? deadline.orderId,
            after: {
              orderName: deadline.orderName,
              amount: formatMoney(deadline.amountMinor ?? 0, deadline.currency),
              dueAt: deadline.dueAt.toISOString(),
            },
            requestId: `scan-${randomUUID()}`,
          });
        }
        const recipients = deadline.assigneeId ? [deadline.assigneeId] : await caseWorkers(tx, org.id, deadline.storeId);
        result.notifications += await notify(tx, org.id, recipients, {
          kind: `deadline.${level}`,
          title: `${level === "missed" ? "Missed" : "Due soon"}: ${DEADLINE_LABELS[deadline.kind]} — ${deadline.orderName}`,
          body: `${deadline.storeName} · ${deadline.timeLeft.label}`,
          link: deadline.link,
          storeId: deadline.storeId,
          dedupeKey: key,
        });
      }
    });
  }
  return result;
}

