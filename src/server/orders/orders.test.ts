import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { auditEvents, orderLineItems, orders, supplierOrders } from "@/server/db/schema";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { importFile } from "@/server/imports/jobs";
import { localDateOf } from "@/server/deadlines/calendar";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../imports/fixtures", name), "utf8");
const actor = { type: "system", label: "test" } as const;

let database: Database;
let t: TenantFixture;
let other: TenantFixture;
let storeId: string;

async function snapshot() {
  const o = await database.db.select().from(orders).where(eq(orders.storeId, storeId)).orderBy(orders.name);
  const li = await database.db.select({ n: count() }).from(orderLineItems).where(eq(orderLineItems.organizationId, t.organizationId));
  const so = await database.db.select().from(supplierOrders).where(eq(supplierOrders.storeId, storeId));
  const ev = await database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.organizationId, t.organizationId));
  return { orders: o, lineItems: li[0]!.n, supplierOrders: so, events: ev[0]!.n };
}

beforeAll(async () => {
  database = await createTestDatabase();
  t = await makeTenant(database.db, "Orders");
  other = await makeTenant(database.db, "Others");
  storeId = t.grantedStoreId;
});
afterAll(async () => {
  await database.close();
});

describe("Shopify export import", () => {
  it("creates exactly the 7 orders and 9 line items of the fixture, with their amounts and statuses", async () => {
    const before = await snapshot();
    const summary = await importFile(database.db, { organizationId: t.organizationId, storeId }, "shopify_orders", "export.csv", fixture("shopify-orders-export.csv"), {
      skipBadRows: false,
      actor,
    });
    expect(summary).toEqual({ orders: 7, lineItems: 9, created: 7, updated: 0, skipped: 0, errors: [] });
    const after = await snapshot();
    expect(after.orders).toHaveLength(7);
    expect(after.lineItems - before.lineItems).toBe(9);
    // One audit event for the whole import, not one per row.
    expect(after.events - before.events).toBe(1);
    const byName = Object.fromEntries(after.orders.map((o) => [o.name, o]));
    expect(byName["#1002"]).toMatchObject({ totalMinor: 7699, subtotalMinor: 7200, shippingMinor: 499, currency: "USD", financialStatus: "paid", fulfillmentStatus: "fulfilled" });
    expect(byName["#1003"]).toMatchObject({ storeRefundedMinor: 500, financialStatus: "partially_refunded" });
    expect(byName["#1004"]).toMatchObject({ storeRefundedMinor: 3899, financialStatus: "refunded" });
    expect(byName["#1004"]!.cancelledAt?.toISOString()).toBe("2026-10-04T15:20:00.000Z");
    expect(byName["#1005"]).toMatchObject({ fulfillmentStatus: "partially_fulfilled" });
    expect(byName["#1006"]).toMatchObject({ currency: "EUR", financialStatus: "pending", paidAt: null, totalMinor: 2449 });
    expect(byName["#1001"]!.placedAt.toISOString()).toBe("2026-10-01T13:12:00.000Z");
  });

  it("re-importing the same file creates and updates nothing", async () => {
    const before = await snapshot();
    const summary = await importFile(database.db, { organizationId: t.organizationId, storeId }, "shopify_orders", "export.csv", fixture("shopify-orders-export.csv"), {
      skipBadRows: false,
      actor,
    });
    expect(summary).toMatchObject({ created: 0, updated: 0, skipped: 7 });
    const after = await snapshot();
    expect(after.orders.map((o) => [o.id, o.version, o.updatedAt.getTime()])).toEqual(before.orders.map((o) => [o.id, o.version, o.updatedAt.getTime()]));
    expect(after.events).toBe(before.events);
  });

  it("links the 6 supplier orders, with ship-by dates that skip weekends and Chinese holidays", async () => {
    const summary = await importFile(database.db, { organizationId: t.organizationId, storeId }, "supplier_orders", "suppliers.csv", fixture("supplier-orders.csv"), {
      skipBadRows: false,
      actor,
    });
    expect(summary).toMatchObject({ created: 6, updated: 0, errors: [] });
    const rows = await database.db
      .select({ number: supplierOrders.supplierOrderNumber, shipBy: supplierOrders.shipBy, orderName: orders.name })
      .from(supplierOrders)
      .innerJoin(orders, and(eq(orders.organizationId, supplierOrders.organizationId), eq(orders.id, supplierOrders.orderId)))
      .where(eq(supplierOrders.storeId, storeId));
    expect(rows).toHaveLength(6);
    const shipBy = Object.fromEntries(rows.map((r) => [r.orderName, localDateOf(r.shipBy!, "America/New_York")]));
    // Paid 2026-10-01 09:40 New York (21:40 in China), inside Golden Week (Oct 1–7 are holidays in
    // China): the seven business days start on Thursday Oct 8 — 8, 9, 12, 13, 14, 15, 16 → Oct 16.
    // (If the holiday data marks the Oct 10 Saturday as an adjusted working day, the count moves.)
    expect(shipBy["#1001"]).toMatch(/^2026-10-1[56]$/);
    for (const date of Object.values(shipBy)) {
      const day = new Date(`${date}T12:00:00Z`).getUTCDay();
      expect(day === 0 || day === 6 ? `${date} is a weekend` : "weekday").toBe("weekday");
      expect(date >= "2026-10-08").toBe(true);
    }
  });

  it("a supplier file naming an unknown order reports it and, without skipping, writes nothing", async () => {
    const before = await snapshot();
    const csv = "Store Order,Supplier,Supplier Order Number,Status,Paid at,Shipped at,Carrier,Tracking Number,Cost,Currency\n#1001,AliExpress,999,awaiting_shipment,2026-10-01 21:40:00 +0800,,,,11.20,USD\n#7777,AliExpress,998,awaiting_shipment,2026-10-01 21:40:00 +0800,,,,11.20,USD\n";
    const summary = await importFile(database.db, { organizationId: t.organizationId, storeId }, "supplier_orders", "s.csv", csv, { skipBadRows: false, actor });
    expect(summary.created).toBe(0);
    expect(summary.errors).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining("#7777") })]);
    expect(await snapshot()).toEqual(before);
  });

  it("a file with a bad amount, an unknown status and a truncated last line gets per-row errors; import nothing leaves the database unchanged", async () => {
    const lines = fixture("shopify-orders-export.csv").replace(/\r\n/g, "\n").trimEnd().split("\n");
    const header = lines[0]!;
    const bad = [
      header,
      lines[1]!.replace("#1001", "#2001").replace(",34.89,", ",34.8x,"),
      lines[5]!.replace("#1004", "#2004").replace(",refunded,", ",kinda_refunded,"),
      lines[9]!.replace("#1007", "#2007"),
      lines[6]!.replace("#1005", "#2005").slice(0, 60),
    ].join("\n");
    const before = await snapshot();
    const summary = await importFile(database.db, { organizationId: t.organizationId, storeId }, "shopify_orders", "bad.csv", bad, { skipBadRows: false, actor });
    expect(summary.created).toBe(0);
    expect(lines[5]).toContain("#1004");
    expect(lines[9]).toContain("#1007");
    const lineNumbers = summary.errors.map((e) => e.line);
    expect(lineNumbers).toEqual(expect.arrayContaining([2, 3, 5]));
    expect(summary.errors.find((e) => e.line === 2)!.message).toMatch(/34\.8x/);
    expect(summary.errors.find((e) => e.line === 3)!.message).toMatch(/kinda_refunded/);
    expect(await snapshot()).toEqual(before);
    // Choosing the good rows imports only #2007.
    const partial = await importFile(database.db, { organizationId: t.organizationId, storeId }, "shopify_orders", "bad.csv", bad, { skipBadRows: true, actor });
    expect(partial.created).toBe(1);
    const names = (await snapshot()).orders.map((o) => o.name);
    expect(names).toContain("#2007");
    expect(names).not.toContain("#2001");
  });

  it("a file without a Name column is refused as a whole", async () => {
    const csv = fixture("shopify-orders-export.csv").replace(/^Name,/, "Title,");
    const before = await snapshot();
    const summary = await importFile(database.db, { organizationId: t.organizationId, storeId }, "shopify_orders", "x.csv", csv, { skipBadRows: true, actor });
    expect(summary.created).toBe(0);
    expect(summary.errors[0]!.message).toMatch(/Name/);
    expect(await snapshot()).toEqual(before);
  });
});

describe("orders list and detail", () => {
  it("filters by status, supplier status and text, and pages with a keyset cursor", async () => {
    const owner = callerFor(database.db, t.owner, t.organizationId);
    const refunded = await owner.order.list({ financialStatus: ["refunded"] });
    expect(refunded.items.map((o) => o.name)).toEqual(["#1004"]);
    const sku = await owner.order.list({ q: "TS-42" });
    expect(sku.items.map((o) => o.name)).toEqual(["#1002"]);
    const noSupplier = await owner.order.list({ supplierStatus: "none", storeId });
    expect(noSupplier.items.map((o) => o.name).sort()).toEqual(["#1006", "#2007"]);
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.order.list({ storeId, limit: 3, cursor });
      pages.push(...page.items.map((o) => o.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = await owner.order.list({ storeId, limit: 100 });
    expect(pages).toEqual(all.items.map((o) => o.name));
    expect(new Set(pages).size).toBe(pages.length);
    expect((await owner.order.count({ storeId })).count).toBe(all.items.length);
  });

  it("shows both halves and the timeline on the order page", async () => {
    const owner = callerFor(database.db, t.owner, t.organizationId);
    const [first] = (await owner.order.list({ q: "#1002" })).items;
    const detail = await owner.order.get({ orderId: first!.id });
    expect(detail.lineItems.map((l) => [l.sku, l.quantity, l.unitPriceMinor])).toEqual([["TS-42", 1, 5900], ["SK-3", 2, 650]]);
    expect(detail.supplierOrders[0]).toMatchObject({ supplierOrderNumber: "8190001002", status: "shipped", trackingNumber: "LP00123456789012" });
  });

  it("a client sees only its granted store's orders; another organization sees none", async () => {
    await importFile(database.db, { organizationId: t.organizationId, storeId: t.otherStoreId }, "shopify_orders", "export.csv", fixture("shopify-orders-export.csv"), {
      skipBadRows: false,
      actor,
    });
    const client = callerFor(database.db, t.members.client, t.organizationId);
    const visible = await client.order.list({ limit: 100 });
    expect(new Set(visible.items.map((o) => o.storeId))).toEqual(new Set([storeId]));
    const hidden = (await callerFor(database.db, t.owner, t.organizationId).order.list({ storeId: t.otherStoreId })).items[0]!;
    await expect(client.order.get({ orderId: hidden.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const stranger = callerFor(database.db, other.owner, other.organizationId);
    await expect(stranger.order.get({ orderId: hidden.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await stranger.order.list({})).items).toHaveLength(0);
  });

  it("adds and edits a supplier order by hand, refusing a stale edit", async () => {
    const owner = callerFor(database.db, t.owner, t.organizationId);
    const [order] = (await owner.order.list({ q: "#2007" })).items;
    const created = await owner.order.saveSupplierOrder({
      orderId: order!.id,
      supplier: "AliExpress",
      supplierOrderNumber: "MANUAL-1",
      status: "awaiting_shipment",
      costMinor: 1600,
      currency: "USD",
      paidAt: new Date("2026-10-02T12:00:00Z"),
      shippedAt: null,
      carrier: null,
      trackingNumber: null,
    });
    expect(created.shipBy).toBeInstanceOf(Date);
    const base = { orderId: order!.id, supplierOrderId: created.id, supplier: "AliExpress", supplierOrderNumber: "MANUAL-1", costMinor: 1600, currency: "USD", paidAt: created.paidAt, carrier: "Cainiao", trackingNumber: "LP1" };
    await owner.order.saveSupplierOrder({ ...base, expectedVersion: created.version, status: "shipped", shippedAt: new Date("2026-10-05T12:00:00Z") });
    await expect(
      owner.order.saveSupplierOrder({ ...base, expectedVersion: created.version, status: "delivered", shippedAt: new Date("2026-10-05T12:00:00Z") }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const viewer = callerFor(database.db, t.members.viewer, t.organizationId);
    await expect(viewer.order.saveSupplierOrder({ ...base, status: "delivered", shippedAt: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
