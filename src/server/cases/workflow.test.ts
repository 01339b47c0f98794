import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db/client";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { importFile } from "@/server/imports/jobs";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../imports/fixtures", name), "utf8");
const key = () => `test-${randomUUID()}`;

let database: Database;
let t: TenantFixture;
let owner: ReturnType<typeof callerFor>;

async function orderByName(name: string) {
  const [order] = (await owner.order.list({ q: name })).items;
  return order!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  t = await makeTenant(database.db, "Flow");
  const scope = { organizationId: t.organizationId, storeId: t.grantedStoreId };
  const actor = { type: "system", label: "test" } as const;
  await importFile(database.db, scope, "shopify_orders", "o.csv", fixture("shopify-orders-export.csv"), { skipBadRows: false, actor });
  await importFile(database.db, scope, "supplier_orders", "s.csv", fixture("supplier-orders.csv"), { skipBadRows: false, actor });
  owner = callerFor(database.db, t.owner, t.organizationId);
});
afterAll(async () => {
  await database.close();
});

describe("the seeds' paths through a cancellation case", () => {
  it("accepted at the supplier, store order cancelled, supplier refund received: closed with full recovery", async () => {
    const order = await orderByName("#1001");
    let c = await owner.case.open({ orderId: order.id, reason: "changed_mind" });
    expect(c.state).toBe("requested");
    expect(c.shipBy).toBeInstanceOf(Date);
    c = await owner.case.requestAtSupplier({ caseId: c.id, version: c.version, contactedSupplierDirectly: true });
    c = await owner.case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: key() });
    expect(c.state).toBe("supplier_accepted");
    let detail = await owner.case.get({ caseId: c.id });
    expect(detail.money.exposureMinor).toBe(1120);
    expect(detail.actions.map((a) => a.action)).toContain("cancelStoreOrder");
    c = await owner.case.cancelStoreOrder({ caseId: c.id, version: c.version, amountMinor: detail.order.refundableMinor, cancelReason: "customer", restock: true, notifyCustomer: true, idempotencyKey: key() });
    expect(c.state).toBe("store_cancelled");
    detail = await owner.case.get({ caseId: c.id });
    const close = detail.actions.find((a) => a.action === "close")!;
    expect(close.enabled).toBe(false);
    expect(close.reason).toMatch(/still expected/);
    c = await owner.case.recordSupplierRefund({ caseId: c.id, version: c.version, amountMinor: 1120, idempotencyKey: key() });
    c = await owner.case.close({ caseId: c.id, version: c.version });
    // Net loss is refunded − recovered (SPEC §4); the outcome says the supplier paid everything back.
    expect(c).toMatchObject({ state: "closed", outcome: "cancelled_full_recovery", lossMinor: 3489 - 1120 });
  });

  it("refused, supplier says shipped, tracking provided: not cancellable", async () => {
    const order = await orderByName("#1007");
    let c = await owner.case.open({ orderId: order.id, reason: "wrong_size" });
    c = await owner.case.requestAtSupplier({ caseId: c.id, version: c.version });
    c = await owner.case.supplierRefused({ caseId: c.id, version: c.version, claimsShipped: true });
    expect(c.state).toBe("awaiting_tracking");
    expect(c.trackingDueAt).toBeInstanceOf(Date);
    const detail = await owner.case.get({ caseId: c.id });
    expect(detail.actions.find((a) => a.action === "openDispute")).toMatchObject({ enabled: false });
    c = await owner.case.trackingProvided({ caseId: c.id, version: c.version, carrier: "Cainiao", trackingNumber: "LP0099887766" });
    expect(c.state).toBe("shipped");
    c = await owner.case.close({ caseId: c.id, version: c.version });
    expect(c).toMatchObject({ state: "closed", outcome: "not_cancelled", lossMinor: 0 });
  });

  it("a shipped supplier order makes a new case too late, with the reason", async () => {
    const order = await orderByName("#1002");
    const c = await owner.case.open({ orderId: order.id, reason: "not_as_described" });
    expect(c.state).toBe("too_late");
    expect(c.tooLateReason).toMatch(/8190001002/);
  });

  it("cancelling a fulfilled order is refused and offers refund items", async () => {
    const order = await orderByName("#1002");
    const [c] = (await owner.case.list({ orderId: order.id })).filter((x) => x.state === "too_late");
    const detail = await owner.case.get({ caseId: c!.id });
    expect(detail.actions.map((a) => a.action)).toContain("refundItems");
    expect(detail.actions.map((a) => a.action)).not.toContain("cancelStoreOrder");
  });

  it("a repeated request with the same key returns the first result; with other input it is refused", async () => {
    const order = await orderByName("#1006");
    const orderId = order.id;
    let c = await owner.case.open({ orderId, reason: "changed_mind" });
    c = await owner.case.requestAtSupplier({ caseId: c.id, version: c.version });
    const k = key();
    const first = await owner.case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: k });
    const again = await owner.case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: k });
    expect(again).toEqual(first);
    await expect(owner.case.supplierAccepted({ caseId: c.id, version: c.version, expectedRefundMinor: 1, idempotencyKey: k })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(owner.case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: key() })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
