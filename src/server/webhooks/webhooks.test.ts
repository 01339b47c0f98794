import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { auditEvents, orders, stores, webhookDeliveries } from "@/server/db/schema";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { handleShopifyWebhook } from "./handle";
import { signShopifyBody } from "./verify";
import { sampleShopifyOrder } from "@/test/shopify-order";

let database: Database;
let a: TenantFixture;
let b: TenantFixture;
let secretA: string;

const orderPayload = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...sampleShopifyOrder(), ...overrides });

async function deliver(storeId: string, body: string, opts: { secret?: string; id?: string; topic?: string; hmac?: string | null } = {}) {
  const raw = Buffer.from(body);
  return handleShopifyWebhook(database.db, {
    storeId,
    rawBody: raw,
    hmac: opts.hmac === undefined ? signShopifyBody(raw, opts.secret ?? secretA) : opts.hmac,
    webhookId: opts.id ?? "delivery-1",
    topic: opts.topic ?? "orders/create",
  });
}

async function orderCount(storeId: string) {
  const [row] = await database.db.select({ n: count() }).from(orders).where(eq(orders.storeId, storeId));
  return row!.n;
}
async function auditCount(organizationId: string) {
  const [row] = await database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.organizationId, organizationId));
  return row!.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  a = await makeTenant(database.db, "Alpha");
  b = await makeTenant(database.db, "Bravo");
  const secret = await callerFor(database.db, a.owner, a.organizationId).store.webhookSecret({ storeId: a.storeIds[0]! });
  secretA = secret.webhookSecret;
});
afterAll(async () => {
  await database.close();
});

describe("Shopify webhooks", () => {
  it("a valid orders/create delivery creates the order once, even when delivered twice", async () => {
    const storeId = a.storeIds[0]!;
    const auditBefore = await auditCount(a.organizationId);
    const first = await deliver(storeId, orderPayload(), { id: "dup-1" });
    const second = await deliver(storeId, orderPayload(), { id: "dup-1" });
    expect(first).toEqual({ status: 200, body: { ok: true } });
    expect(second).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(await orderCount(storeId)).toBe(1);
    const [order] = await database.db.select().from(orders).where(eq(orders.storeId, storeId));
    expect(order).toMatchObject({ name: "#9001", email: "jon@example.com", totalMinor: 40300, shippingMinor: 500, source: "webhook", financialStatus: "paid" });
    const events = await database.db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, a.organizationId), eq(auditEvents.orderId, order!.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "webhook", action: "order.created" });
    expect(await auditCount(a.organizationId)).toBe(auditBefore + 1);
  });

  it("orders/updated with the same content under a new id changes nothing; a real change updates once", async () => {
    const storeId = a.storeIds[0]!;
    const before = await auditCount(a.organizationId);
    await deliver(storeId, orderPayload(), { id: "same-content", topic: "orders/updated" });
    expect(await auditCount(a.organizationId)).toBe(before);
    await deliver(storeId, orderPayload({ fulfillment_status: "fulfilled" }), { id: "upd-1", topic: "orders/updated" });
    const [order] = await database.db.select().from(orders).where(eq(orders.storeId, storeId));
    expect(order!.fulfillmentStatus).toBe("fulfilled");
    expect(await auditCount(a.organizationId)).toBe(before + 1);
  });

  it("refunds/create marks the order partially refunded with the amount", async () => {
    const storeId = a.storeIds[0]!;
    const body = JSON.stringify({ id: 555, order_id: 820982911946154500, transactions: [{ amount: "50.00", kind: "refund", status: "success" }] });
    const result = await deliver(storeId, body, { id: "refund-1", topic: "refunds/create" });
    expect(result.status).toBe(200);
    const [order] = await database.db.select().from(orders).where(eq(orders.storeId, storeId));
    expect(order).toMatchObject({ storeRefundedMinor: 5000, financialStatus: "partially_refunded" });
  });

  it("topics Recoup does not process are accepted and logged", async () => {
    const result = await deliver(a.storeIds[0]!, JSON.stringify({ id: 1 }), { id: "other-1", topic: "products/update" });
    expect(result).toEqual({ status: 200, body: { ok: true, ignored: true } });
    const [row] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, "other-1"));
    expect(row!.status).toBe("ignored");
  });

  describe("a delivery that fails verification gets 401 and changes nothing", () => {
    const cases: [string, () => Promise<Awaited<ReturnType<typeof deliver>>>][] = [
      ["wrong secret", () => deliver(a.storeIds[0]!, orderPayload({ name: "#9100" }), { id: "bad-1", secret: "whsec_wrong" })],
      [
        "body changed by one byte",
        () => {
          const body = orderPayload({ name: "#9101" });
          const hmac = signShopifyBody(body, secretA);
          return deliver(a.storeIds[0]!, body.replace("#9101", "#9102"), { id: "bad-2", hmac });
        },
      ],
      ["missing header", () => deliver(a.storeIds[0]!, orderPayload({ name: "#9103" }), { id: "bad-3", hmac: null })],
      ["header of the wrong length", () => deliver(a.storeIds[0]!, orderPayload({ name: "#9104" }), { id: "bad-4", hmac: "c2hvcnQ=" })],
      ["unknown store id", () => deliver("00000000-0000-4000-8000-000000000000", orderPayload({ name: "#9105" }), { id: "bad-5" })],
      ["malformed store id", () => deliver("not-a-uuid", orderPayload({ name: "#9106" }), { id: "bad-6" })],
    ];
    for (const [label, run] of cases) {
      it(label, async () => {
        const ordersBefore = await database.db.select({ n: count() }).from(orders);
        const deliveriesBefore = await database.db.select({ n: count() }).from(webhookDeliveries);
        const result = await run();
        expect(result.status).toBe(401);
        expect(await database.db.select({ n: count() }).from(orders)).toEqual(ordersBefore);
        expect(await database.db.select({ n: count() }).from(webhookDeliveries)).toEqual(deliveriesBefore);
      });
    }
  });

  it("another organization's store is unreachable with this store's secret", async () => {
    const result = await deliver(b.storeIds[0]!, orderPayload({ name: "#9200" }), { id: "cross-1" });
    expect(result.status).toBe(401);
    expect(await orderCount(b.storeIds[0]!)).toBe(0);
  });

  it("after rotation the previous secret works for an hour, then not", async () => {
    const storeId = a.storeIds[1]!;
    const owner = callerFor(database.db, a.owner, a.organizationId);
    const old = (await owner.store.webhookSecret({ storeId })).webhookSecret;
    const rotated = await owner.store.rotateWebhookSecret({ storeId });
    expect(rotated.webhookSecret).not.toBe(old);
    expect((await deliver(storeId, orderPayload({ name: "#9300" }), { id: "rot-1", secret: old })).status).toBe(200);
    expect((await deliver(storeId, orderPayload({ name: "#9301" }), { id: "rot-2", secret: rotated.webhookSecret })).status).toBe(200);
    await database.db
      .update(stores)
      .set({ webhookSecretRotatedAt: new Date(Date.now() - 61 * 60 * 1000) })
      .where(eq(stores.id, storeId));
    expect((await deliver(storeId, orderPayload({ name: "#9302" }), { id: "rot-3", secret: old })).status).toBe(401);
  });

  it("a verified delivery with an invalid order payload gets 400 and writes nothing", async () => {
    const before = await orderCount(a.storeIds[0]!);
    const result = await deliver(a.storeIds[0]!, JSON.stringify({ id: 1, name: "#1" }), { id: "invalid-1" });
    expect(result.status).toBe(400);
    expect(await orderCount(a.storeIds[0]!)).toBe(before);
    const [row] = await database.db.select({ n: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, "invalid-1"));
    expect(row!.n).toBe(0);
  });
});
