/**
 * Two members working two different cases of one store at the same moment must both succeed. Each
 * action also updates the report roll-ups (case days, money days, and the store and reason × supplier
 * periods above them), and two actions took those row locks in opposite orders: "supplier accepted"
 * writes the expected supplier refund (money day, then the store's day and month periods) before it
 * moves its case (case day, then the same periods), while "request at supplier" on a case opened the
 * same day with the same reason and supplier moves its case first (that case day, then the periods).
 * Postgres broke the cycle by aborting one of them ("deadlock detected"), which the member saw as
 * "Someone else changed this at the same moment" — found by bench/load.ts with 50 simulated users.
 *
 * The overlap is forced (Postgres only): a held lock on the accepted case's supplier order stops
 * "supplier accepted" after its ledger entry, "request at supplier" is started and queued, then the
 * lock is released.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Db, Tx } from "@/server/db/client";
import { cancellationCases } from "@/server/db/schema";
import { queryRows } from "@/server/db/rows";
import { createTestDatabase, isRealPostgres } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { importFixtures, ordersOfStore } from "@/test/cases";

let database: Database;
let db: Db;
let t: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Deadlock");
  await importFixtures(db, t.organizationId, t.storeIds[0]!);
});
afterAll(async () => {
  await database.close();
});

const asOwner = () => callerFor(db, t.owner, t.organizationId);
const settle = <T,>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** Asked outside the lock holder's transaction: pg_stat_activity is read once per transaction. */
async function backendsWaitingOnLocks(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return Number(row!.n);
}

async function untilWaiting(n: number) {
  const deadline = Date.now() + 20_000;
  while ((await backendsWaitingOnLocks()) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} requests ever waited on a lock`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("two case actions in one store at once (Postgres only: forced overlap)", () => {
  it.runIf(isRealPostgres())("supplier accepted on one case and request at supplier on another, same day, reason and supplier: both succeed", async () => {
    const orders = await ordersOfStore(db, t.organizationId, t.storeIds[0]!);
    // Both AliExpress orders awaiting shipment, cases opened today for the same reason.
    const owner = asOwner();
    let accepted = await owner.case.open({ orderId: orders.get("#1007")!.id, reason: "changed_mind" });
    accepted = await owner.case.requestAtSupplier({ caseId: accepted.id, version: accepted.version });
    const requested = await owner.case.open({ orderId: orders.get("#1001")!.id, reason: "changed_mind" });

    let accept!: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
    let request!: typeof accept;
    await db.transaction(async (tx: Tx) => {
      await tx.execute(sql`select 1 from supplier_orders where id = ${accepted.supplierOrderId} for update`);
      accept = settle(asOwner().case.supplierAccepted({ caseId: accepted.id, version: accepted.version, idempotencyKey: `deadlock-${randomUUID()}` }));
      await untilWaiting(1);
      request = settle(asOwner().case.requestAtSupplier({ caseId: requested.id, version: requested.version }));
      await untilWaiting(2);
    });
    const results = await Promise.all([accept, request]);

    const failures = results.flatMap((r) => (r.ok ? [] : [`${(r.error as TRPCError).code}: ${(r.error as Error).message}`]));
    expect(failures).toEqual([]);
    const states = await db
      .select({ id: cancellationCases.id, state: cancellationCases.state })
      .from(cancellationCases)
      .where(and(eq(cancellationCases.organizationId, t.organizationId)));
    expect(Object.fromEntries(states.map((s) => [s.id, s.state]))).toMatchObject({
      [accepted.id]: "supplier_accepted",
      [requested.id]: "supplier_pending",
    });
  });
});
