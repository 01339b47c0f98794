/**
 * Money under concurrency. Identical requests (same idempotency key, same version) racing each other
 * have exactly one effect and all get the first answer; different refunds racing on one order never
 * refund more than was paid, and the losers get a clear refusal (never a 500). The database enforces
 * the limit by itself too (CHECK on orders, kept by a trigger) and the ledger is append-only.
 *
 * Every request runs in its own transaction (Promise.all over separate tRPC calls / withTenant), so on
 * Postgres they really interleave; PGlite serialises them and the same assertions still hold. The
 * tests marked "(Postgres: forced overlap)" hold a row lock until every request is queued behind it,
 * which proves the requests were in flight at once — they need a real server.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Db, Tx } from "@/server/db/client";
import { cancellationCases, idempotencyKeys, orders } from "@/server/db/schema";
import { withTenant } from "@/server/db/tenant";
import { queryRows } from "@/server/db/rows";
import { DomainError } from "@/server/errors";
import { recordCustomerRefund } from "./entries";
import { handleShopifyWebhook } from "@/server/webhooks/handle";
import { signShopifyBody } from "@/server/webhooks/verify";
import { createTestDatabase, isRealPostgres } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { databaseError } from "@/test/sql";
import { countRows, importFixtures, movementsOf, ordersOfStore, type OrderRow } from "@/test/cases";

const N = 50;

let database: Database;
let db: Db;
let t: TenantFixture;
/** Orders of the first store (every test) and of the second (the forced-overlap tests). */
let ordersA: Map<string, OrderRow>;
let ordersB: Map<string, OrderRow>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Race");
  await importFixtures(db, t.organizationId, t.storeIds[0]!);
  await importFixtures(db, t.organizationId, t.storeIds[1]!);
  ordersA = await ordersOfStore(db, t.organizationId, t.storeIds[0]!);
  ordersB = await ordersOfStore(db, t.organizationId, t.storeIds[1]!);
});
afterAll(async () => {
  await database.close();
});

/** A fresh caller per request: each is its own HTTP request, its own transaction. */
const asOwner = () => callerFor(db, t.owner, t.organizationId);

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T,>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

function describeFailures(results: Settled<unknown>[]) {
  return results.flatMap((r) => (r.ok ? [] : [`${(r.error as TRPCError).code ?? "?"}: ${(r.error as Error).message}`]));
}

/** A case on `order` in supplier_pending (or supplier_accepted when `accept`), made through tRPC. */
async function pendingCase(order: OrderRow, accept = false) {
  const caller = asOwner();
  let c = await caller.case.open({ orderId: order.id, reason: "changed_mind" });
  c = await caller.case.requestAtSupplier({ caseId: c.id, version: c.version });
  if (accept) c = await caller.case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: `setup-${randomUUID()}` });
  return c;
}

async function caseRow(caseId: string) {
  const [row] = await db.select().from(cancellationCases).where(eq(cancellationCases.id, caseId));
  return row!;
}

async function orderRow(orderId: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  return row!;
}

/** Runs `fn` while holding `lockSql`'s row lock, releasing it only once `minWaiting` backends wait on a lock. */
async function whileLocked<T>(lockSql: ReturnType<typeof sql>, minWaiting: number, start: () => T): Promise<{ started: T; maxWaiting: number }> {
  let started!: T;
  let maxWaiting = 0;
  await db.transaction(async (tx: Tx) => {
    await tx.execute(lockSql);
    started = start();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const [row] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      maxWaiting = Math.max(maxWaiting, Number(row!.n));
      if (maxWaiting >= minWaiting) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  return { started, maxWaiting };
}

describe("identical requests racing: exactly one effect", () => {
  it(`${N} concurrent case.supplierAccepted with one key and one version: one expected supplier refund, one audit event, version +1, every answer the first`, async () => {
    const order = ordersA.get("#1001")!;
    const c = await pendingCase(order);
    const key = `race-accept-${randomUUID()}`;
    const auditBefore = await countRows(db, "audit_events", t.organizationId);
    const results = await Promise.all(Array.from({ length: N }, () => settle(asOwner().case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: key }))));

    expect(describeFailures(results)).toEqual([]);
    const answers = results.map((r) => (r.ok ? r.value : null));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ id: c.id, state: "supplier_accepted", version: c.version + 1 });

    const rows = (await movementsOf(db, t.organizationId)).filter((m) => m.case_id === c.id);
    expect(rows.map((r) => [r.type, r.amount_minor])).toEqual([["supplier_refund_expected", 1120]]);
    expect(await countRows(db, "audit_events", t.organizationId)).toBe(auditBefore + 1);
    expect(await caseRow(c.id)).toMatchObject({ state: "supplier_accepted", version: c.version + 1 });
    const keys = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.organizationId, t.organizationId), eq(idempotencyKeys.key, key)));
    expect(keys).toHaveLength(1);
  });

  it(`${N} concurrent case.cancelStoreOrder with one key: exactly one customer refund, one audit event, every answer the first`, async () => {
    const order = ordersA.get("#1007")!;
    const c = await pendingCase(order, true);
    const key = `race-cancel-${randomUUID()}`;
    const auditBefore = await countRows(db, "audit_events", t.organizationId);
    const input = { caseId: c.id, version: c.version, amountMinor: order.totalMinor, cancelReason: "customer" as const, restock: true, notifyCustomer: true, idempotencyKey: key };
    const results = await Promise.all(Array.from({ length: N }, () => settle(asOwner().case.cancelStoreOrder(input))));

    expect(describeFailures(results)).toEqual([]);
    for (const r of results) expect(r.ok && r.value).toEqual(results[0]!.ok && results[0]!.value);
    const refunds = (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === order.id && m.type === "customer_refund");
    expect(refunds.map((r) => r.amount_minor)).toEqual([order.totalMinor]);
    expect(await countRows(db, "audit_events", t.organizationId)).toBe(auditBefore + 1);
    expect(await orderRow(order.id)).toMatchObject({ ledgerRefundedMinor: order.totalMinor, financialStatus: "refunded" });
    expect(await caseRow(c.id)).toMatchObject({ state: "store_cancelled", version: c.version + 1 });
  });

  it(`${N} concurrent case.refundItems with one key: exactly one customer refund, allocated once`, async () => {
    const order = ordersB.get("#1002")!; // fulfilled, supplier shipped: the case is too late
    const c = await asOwner().case.open({ orderId: order.id, reason: "damaged" });
    const detail = await asOwner().case.get({ caseId: c.id });
    const key = `race-items-one-${randomUUID()}`;
    const input = { caseId: c.id, version: c.version, lines: [{ lineItemId: detail.lineItems[1]!.id, quantity: 2 }], includeShipping: true, amountMinor: 1500, idempotencyKey: key };
    const auditBefore = await countRows(db, "audit_events", t.organizationId);
    const results = await Promise.all(Array.from({ length: N }, () => settle(asOwner().case.refundItems(input))));
    expect(describeFailures(results)).toEqual([]);
    for (const r of results) expect(r.ok && r.value).toEqual(results[0]!.ok && results[0]!.value);
    const refunds = (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === order.id && m.type === "customer_refund");
    expect(refunds.map((r) => r.amount_minor)).toEqual([1500]);
    expect(await countRows(db, "audit_events", t.organizationId)).toBe(auditBefore + 1);
    // The units were refunded once: the line has nothing left.
    const after = await asOwner().case.get({ caseId: c.id });
    expect(after.lineItems[1]).toMatchObject({ quantity: 2, refundedQuantity: 2 });
    expect(after.shippingRefundedMinor).toBeGreaterThan(0);
  });

  it(`${N} concurrent identical requests that must be refused: all refused alike, nothing written, the key not spent`, async () => {
    const order = ordersA.get("#1006")!; // EUR, no supplier order: accepted without an expectation
    const c = await pendingCase(order, true);
    const key = `race-over-${randomUUID()}`;
    const auditBefore = await countRows(db, "audit_events", t.organizationId);
    const rowsBefore = await countRows(db, "money_movements", t.organizationId);
    const input = { caseId: c.id, version: c.version, amountMinor: order.totalMinor + 1, cancelReason: "customer" as const, restock: true, notifyCustomer: true, idempotencyKey: key };
    const results = await Promise.all(Array.from({ length: N }, () => settle(asOwner().case.cancelStoreOrder(input))));

    for (const r of results) {
      expect(r.ok).toBe(false);
      expect((r as { error: TRPCError }).error).toMatchObject({ code: "PRECONDITION_FAILED" });
      expect((r as { error: TRPCError }).error.message).toMatch(/You can refund at most €24\.49 on order #1006/);
    }
    expect(await countRows(db, "audit_events", t.organizationId)).toBe(auditBefore);
    expect(await countRows(db, "money_movements", t.organizationId)).toBe(rowsBefore);
    expect(await caseRow(c.id)).toMatchObject({ state: "supplier_accepted", version: c.version });
    const keys = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.organizationId, t.organizationId), eq(idempotencyKeys.key, key)));
    expect(keys).toEqual([]);
  });
});

describe("other races on one order", () => {
  it(`${N} concurrent case.open on one order: one case, the rest a clear CONFLICT`, async () => {
    const order = ordersB.get("#1005")!;
    const results = await Promise.all(Array.from({ length: N }, () => settle(asOwner().case.open({ orderId: order.id, reason: "wrong_size" }))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok) as { error: TRPCError }[]) {
      expect(r.error.code).toBe("CONFLICT");
      expect(r.error.message).toBe("Order #1005 already has an open case. Continue that one, or withdraw it first.");
    }
    const cases = await db.select().from(cancellationCases).where(eq(cancellationCases.orderId, order.id));
    expect(cases).toHaveLength(1);
  });

  it(`${N} concurrent deliveries of one store refund (same and different webhook ids): one ledger entry, every answer 200`, async () => {
    const order = ordersB.get("#1005")!;
    const storeId = t.storeIds[1]!;
    const secret = (await asOwner().store.webhookSecret({ storeId })).webhookSecret;
    const raw = Buffer.from(JSON.stringify({ id: 61005, order_id: 5101005, transactions: [{ amount: "10.00", kind: "refund", status: "success" }] }));
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        settle(handleShopifyWebhook(db, { storeId, rawBody: raw, hmac: signShopifyBody(raw, secret), webhookId: i % 2 ? "same-delivery" : `delivery-${i}`, topic: "refunds/create" })),
      ),
    );
    expect(describeFailures(results)).toEqual([]);
    for (const r of results) expect(r.ok && r.value.status).toBe(200);
    const rows = (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === order.id && m.type === "customer_refund");
    expect(rows.map((r) => [r.source, r.amount_minor, r.external_ref])).toEqual([["store", 1000, "store-refund:61005"]]);
    expect(await orderRow(order.id)).toMatchObject({ ledgerRefundedMinor: 1000, storeRefundedMinor: 1000, financialStatus: "partially_refunded" });
  });
});

describe("different refunds racing on one order: never more than was paid", () => {
  it(`${N} concurrent recordCustomerRefund in separate transactions: sum ≤ total, the rest refused with a clear PRECONDITION`, async () => {
    const order = ordersA.get("#1005")!; // total 4599
    const amount = 500;
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        settle(
          withTenant(db, t.organizationId, (tx) =>
            recordCustomerRefund(tx, t.organizationId, order.id, { amountMinor: amount, reason: "damaged", externalRef: `race-${i}`, note: `racer ${i}` }),
          ),
        ),
      ),
    );
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok) as { ok: false; error: unknown }[];
    expect(won).toHaveLength(Math.floor(order.totalMinor / amount));
    for (const l of lost) {
      expect(l.error).toBeInstanceOf(DomainError);
      expect(l.error).toMatchObject({ code: "PRECONDITION" });
      expect((l.error as Error).message).toMatch(/You can refund at most \$0\.99 on order #1005|already fully refunded/);
    }
    const refunded = (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === order.id && m.type === "customer_refund").reduce((a, m) => a + m.amount_minor, 0);
    expect(refunded).toBe(Math.floor(order.totalMinor / amount) * amount);
    expect(refunded).toBeLessThanOrEqual(order.totalMinor);
    expect(await orderRow(order.id)).toMatchObject({ ledgerRefundedMinor: refunded, financialStatus: "partially_refunded" });
  });

  it(`${N} concurrent case.refundItems with different keys on one case: one refund, the rest CONFLICT (version), none a 500`, async () => {
    const order = ordersA.get("#1002")!; // fulfilled, supplier shipped: too_late, refund items is the way
    const caller = asOwner();
    const c = await caller.case.open({ orderId: order.id, reason: "damaged" });
    expect(c.state).toBe("too_late");
    const detail = await caller.case.get({ caseId: c.id });
    const line = detail.lineItems[1]!; // 2 × $6.50
    const auditBefore = await countRows(db, "audit_events", t.organizationId);
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        settle(asOwner().case.refundItems({ caseId: c.id, version: c.version, lines: [{ lineItemId: line.id, quantity: 1 }], includeShipping: false, idempotencyKey: `race-items-${randomUUID()}` })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok) as { error: TRPCError }[]) {
      expect(r.error.code).toBe("CONFLICT");
      expect(r.error.message).toMatch(/changed since you loaded it/);
    }
    const refunds = (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === order.id && m.type === "customer_refund");
    expect(refunds.map((r) => r.amount_minor)).toEqual([650]);
    expect(await countRows(db, "audit_events", t.organizationId)).toBe(auditBefore + 1);
    expect(await orderRow(order.id)).toMatchObject({ ledgerRefundedMinor: 650 });
  });
});

describe("the database is the last word", () => {
  it("the CHECK alone refuses an over-refund inserted straight into money_movements, bypassing the service", async () => {
    const order = ordersA.get("#1003")!; // total 1798, 500 refunded in the store
    const before = await orderRow(order.id);
    const left = before.totalMinor - before.ledgerRefundedMinor;
    expect(left).toBe(1298);
    const insert = (tx: Tx, amount: number) =>
      tx.execute(sql`insert into money_movements (organization_id, store_id, order_id, type, source, amount_minor, currency, occurred_at, local_date)
                     values (${t.organizationId}, ${before.storeId}, ${order.id}, 'customer_refund', 'recoup', ${amount}, 'USD', now(), current_date)`);
    const error = await databaseError(withTenant(db, t.organizationId, (tx) => insert(tx, left + 1)));
    expect(error.code).toBe("23514");
    expect(error.message).toMatch(/orders_refund_within_total/);
    // Exactly what is left passes the CHECK (rolled back here, so nothing stays).
    const Rollback = class extends Error {};
    await expect(
      withTenant(db, t.organizationId, async (tx) => {
        await insert(tx, left);
        const [row] = await tx.select({ refunded: orders.ledgerRefundedMinor }).from(orders).where(eq(orders.id, order.id));
        expect(row!.refunded).toBe(before.totalMinor);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await orderRow(order.id)).toMatchObject({ ledgerRefundedMinor: before.ledgerRefundedMinor });
  });

  it(`${N} concurrent raw inserts that bypass the service's lock and check still never exceed the total`, async () => {
    const o = ordersA.get("#1001")!; // total 3489, nothing refunded
    expect((await orderRow(o.id)).ledgerRefundedMinor).toBe(0);
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        settle(
          withTenant(db, t.organizationId, (tx) =>
            tx.execute(sql`insert into money_movements (organization_id, store_id, order_id, type, source, amount_minor, currency, occurred_at, local_date)
                           values (${t.organizationId}, ${t.storeIds[0]!}, ${o.id}, 'customer_refund', 'recoup', 300, 'USD', now(), current_date)`),
          ),
        ),
      ),
    );
    const won = results.filter((r) => r.ok).length;
    expect(won).toBe(Math.floor(o.totalMinor / 300));
    for (const r of results) if (!r.ok) expect((await databaseError(Promise.reject(r.error))).code).toBe("23514");
    const rows = (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === o.id && m.type === "customer_refund");
    expect(rows.reduce((a, m) => a + m.amount_minor, 0)).toBe(won * 300);
    expect(await orderRow(o.id)).toMatchObject({ ledgerRefundedMinor: won * 300 });
  });

  it("money_movements is append-only: UPDATE, DELETE and TRUNCATE fail, as the app role and as the table owner", async () => {
    const [row] = await movementsOf(db, t.organizationId);
    expect(row).toBeDefined();
    const attempts = {
      update: sql`update money_movements set amount_minor = amount_minor + 1 where id = ${row!.id}`,
      // The one column a time-zone change may move (drizzle/0014): only to the day its instant is in the
      // store's zone, and never with anything else.
      "local_date to another day": sql`update money_movements set local_date = local_date + 1 where id = ${row!.id}`,
      "local_date with another column": sql`update money_movements set local_date = local_date, note = 'x' where id = ${row!.id}`,
      delete: sql`delete from money_movements where id = ${row!.id}`,
      truncate: sql`truncate money_movements`,
    };
    for (const [what, statement] of Object.entries(attempts)) {
      const asApp = await databaseError(withTenant(db, t.organizationId, (tx) => tx.execute(statement)));
      expect(asApp.code, `${what} as the app role`).toBe("42501");
      const asOwnerRole = await databaseError(db.transaction((tx) => tx.execute(statement)));
      expect(asOwnerRole.code, `${what} as the privileged connection`).toBe("42501");
      if (what !== "truncate") expect(asOwnerRole.message).toMatch(/append-only/);
    }
    const after = (await movementsOf(db, t.organizationId)).find((m) => m.id === row!.id);
    expect(after).toEqual(row);
  });
});

describe("forced overlap (Postgres only: every request queued behind one held lock)", () => {
  it.runIf(isRealPostgres())(`${N} identical supplierAccepted requests queued at once: one effect, every answer the first`, async () => {
    const order = ordersB.get("#1001")!;
    const c = await pendingCase(order);
    const key = `forced-accept-${randomUUID()}`;
    const auditBefore = await countRows(db, "audit_events", t.organizationId);
    const { started, maxWaiting } = await whileLocked(sql`select 1 from cancellation_cases where id = ${c.id} for update`, 10, () =>
      Array.from({ length: N }, () => settle(asOwner().case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: key }))),
    );
    const results = await Promise.all(started);
    expect(maxWaiting).toBeGreaterThanOrEqual(10);
    expect(describeFailures(results)).toEqual([]);
    for (const r of results) expect(r.ok && r.value).toEqual(results[0]!.ok && results[0]!.value);
    const rows = (await movementsOf(db, t.organizationId)).filter((m) => m.case_id === c.id);
    expect(rows.map((r) => r.type)).toEqual(["supplier_refund_expected"]);
    expect(await countRows(db, "audit_events", t.organizationId)).toBe(auditBefore + 1);
    expect(await caseRow(c.id)).toMatchObject({ state: "supplier_accepted", version: c.version + 1 });
  });

  it.runIf(isRealPostgres())(`${N} different refunds queued on one order's lock at once: sum ≤ total, the rest PRECONDITION`, async () => {
    const order = ordersB.get("#1007")!; // total 4899
    const { started, maxWaiting } = await whileLocked(sql`select 1 from orders where id = ${order.id} for update`, 10, () =>
      Array.from({ length: N }, (_, i) =>
        settle(withTenant(db, t.organizationId, (tx) => recordCustomerRefund(tx, t.organizationId, order.id, { amountMinor: 700, note: `forced ${i}` }))),
      ),
    );
    const results = await Promise.all(started);
    expect(maxWaiting).toBeGreaterThanOrEqual(10);
    expect(results.filter((r) => r.ok)).toHaveLength(Math.floor(order.totalMinor / 700));
    for (const r of results) if (!r.ok) expect(r.error).toMatchObject({ code: "PRECONDITION" });
    expect(await orderRow(order.id)).toMatchObject({ ledgerRefundedMinor: Math.floor(order.totalMinor / 700) * 700 });
  });

  it.runIf(isRealPostgres())(`${N} identical cancelStoreOrder requests queued at once: exactly one customer refund`, async () => {
    const order = ordersB.get("#1006")!; // EUR 24.49
    const c = await pendingCase(order, true);
    const key = `forced-cancel-${randomUUID()}`;
    const input = { caseId: c.id, version: c.version, amountMinor: 1000, cancelReason: "customer" as const, restock: true, notifyCustomer: true, idempotencyKey: key };
    const { started, maxWaiting } = await whileLocked(sql`select 1 from cancellation_cases where id = ${c.id} for update`, 10, () =>
      Array.from({ length: N }, () => settle(asOwner().case.cancelStoreOrder(input))),
    );
    const results = await Promise.all(started);
    expect(maxWaiting).toBeGreaterThanOrEqual(10);
    expect(describeFailures(results)).toEqual([]);
    for (const r of results) expect(r.ok && r.value).toEqual(results[0]!.ok && results[0]!.value);
    const refunds = (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === order.id && m.type === "customer_refund");
    expect(refunds.map((r) => r.amount_minor)).toEqual([1000]);
  });
});
