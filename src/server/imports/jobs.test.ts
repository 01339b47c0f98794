import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { auditEvents, moneyMovements, orderLineItems, orders } from "@/server/db/schema";
import { withTenant } from "@/server/db/tenant";
import { queryRows } from "@/server/db/rows";
import { localDateOf } from "@/server/deadlines/calendar";
import { upsertOrders } from "@/server/orders/upsert";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { expectedGeneratedOrders, generateShopifyExport, readFixture } from "./fixtures/generate-shopify-export";
import { importFile, importShopifyOrders, previewShopifyImport, toOrderInput } from "./jobs";
import { parseShopifyExportAll } from "./shopify-csv";

/**
 * The Shopify import's fast path (one parse, each batch upserted from one JSON parameter, the store
 * refunds of new orders written per batch) against the behaviours it must keep: unchanged orders
 * untouched, created/updated/unchanged counts, each reported refund booked once and capped at the
 * total, line items updated in place, one audit event per import.
 */

const actor = { type: "system", label: "test" } as const;
const HEADER = readFixture("shopify-orders-export.csv").split("\n")[0]!;
const COLUMNS = HEADER.split(",");

interface OrderSpec {
  name: string;
  status?: string;
  total: string;
  refunded?: string;
  note?: string;
  billingName?: string;
  items: { title: string; quantity?: number; price: string; sku?: string }[];
}

function cell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(specs: OrderSpec[]): string {
  const lines = [HEADER];
  for (const spec of specs) {
    spec.items.forEach((item, index) => {
      const values: Record<string, string> = {
        Name: spec.name,
        "Lineitem quantity": String(item.quantity ?? 1),
        "Lineitem name": item.title,
        "Lineitem price": item.price,
        "Lineitem sku": item.sku ?? "",
        Vendor: "AliExpress",
      };
      if (index === 0) {
        Object.assign(values, {
          Email: `${spec.name.slice(1)}@example.com`,
          "Financial Status": spec.status ?? "paid",
          "Paid at": "2026-10-01 09:12:03 -0400",
          "Fulfillment Status": "unfulfilled",
          Currency: "USD",
          Shipping: "0.00",
          Taxes: "0.00",
          Total: spec.total,
          "Discount Amount": "0.00",
          "Created at": "2026-10-01 09:12:00 -0400",
          "Billing Name": spec.billingName ?? "Ana Souza",
          "Shipping Country": "US",
          Notes: spec.note ?? "",
          "Refunded Amount": spec.refunded ?? "0.00",
        });
      }
      lines.push(COLUMNS.map((column) => cell(values[column] ?? "")).join(","));
    });
  }
  return `${lines.join("\n")}\n`;
}

const NOTE = 'Ring twice, "back door"\nthen C:\\porch — gracias 🙏';

const FIRST: OrderSpec[] = [
  { name: "#1", total: "50.00", items: [{ title: "Linen Shirt", price: "30.00", sku: "LS" }, { title: "Socks", quantity: 2, price: "10.00", sku: "SK" }] },
  { name: "#2", status: "partially_refunded", total: "40.00", refunded: "15.00", items: [{ title: "Desk Lamp", price: "40.00" }] },
  // The store reports more refunded than the order's total: the ledger books the total, no more.
  { name: "#3", status: "refunded", total: "20.00", refunded: "25.00", items: [{ title: "Scarf", price: "20.00" }] },
  { name: "#4", total: "12.00", note: NOTE, billingName: "Zoë Ñúñez", items: [{ title: 'Mug "Big", 12oz', price: "12.00" }] },
];

// #1 loses its second line and renames its first; #2 reports a higher refund; #3 is unchanged;
// #4 gains a line; #5 is new and refunded.
const SECOND: OrderSpec[] = [
  { name: "#1", total: "30.00", items: [{ title: "Linen Shirt (L)", price: "30.00", sku: "LS-L" }] },
  { name: "#2", status: "partially_refunded", total: "40.00", refunded: "25.00", items: [{ title: "Desk Lamp", price: "40.00" }] },
  FIRST[2]!,
  { ...FIRST[3]!, total: "17.00", items: [...FIRST[3]!.items, { title: "Coaster", price: "5.00" }] },
  { name: "#5", status: "refunded", total: "9.00", refunded: "9.00", items: [{ title: "Keyring", price: "9.00" }] },
];

let database: Database;
let t: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await makeTenant(database.db, "Fastpath");
});
afterAll(async () => {
  await database.close();
});

async function state(storeId: string) {
  const o = await database.db.select().from(orders).where(eq(orders.storeId, storeId)).orderBy(asc(orders.name));
  const ids = o.map((x) => x.id);
  const items = ids.length
    ? await database.db
        .select()
        .from(orderLineItems)
        .where(inArray(orderLineItems.orderId, ids))
        .orderBy(asc(orderLineItems.orderId), asc(orderLineItems.position))
    : [];
  const movements = await database.db.select().from(moneyMovements).where(eq(moneyMovements.storeId, storeId)).orderBy(asc(moneyMovements.createdAt));
  const [events] = await database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.organizationId, t.organizationId));
  const byName = Object.fromEntries(o.map((x) => [x.name, x]));
  const nameOf = new Map(o.map((x) => [x.id, x.name]));
  const linesOf = (name: string) => items.filter((li) => nameOf.get(li.orderId) === name);
  const refundsOf = (name: string) => movements.filter((m) => nameOf.get(m.orderId) === name);
  return { orders: o, byName, items, movements, events: events!.n, linesOf, refundsOf };
}

const run = (storeId: string, content: string, skipBadRows = false) =>
  importFile(database.db, { organizationId: t.organizationId, storeId }, "shopify_orders", "export.csv", content, { skipBadRows, actor });

describe("Shopify import: the batched path keeps every behaviour", () => {
  it("creates the orders exactly, books each reported refund once (capped at the total), one audit event", async () => {
    const storeId = t.grantedStoreId;
    const before = await state(storeId);
    const summary = await run(storeId, csv(FIRST));
    expect(summary).toEqual({ orders: 4, lineItems: 5, created: 4, updated: 0, skipped: 0, errors: [] });
    const after = await state(storeId);
    expect(after.events - before.events).toBe(1);

    // What was stored is what the parser read, field by field (the JSON path must not alter text).
    const parsed = await parseShopifyExportAll(csv(FIRST));
    for (const p of parsed.orders.map(toOrderInput)) {
      const o = after.byName[p.name]!;
      expect({
        externalId: o.externalId,
        email: o.email,
        customerName: o.customerName,
        currency: o.currency,
        subtotalMinor: o.subtotalMinor,
        totalMinor: o.totalMinor,
        refundedMinor: o.storeRefundedMinor,
        financialStatus: o.financialStatus,
        fulfillmentStatus: o.fulfillmentStatus,
        placedAt: o.placedAt.toISOString(),
        paidAt: o.paidAt?.toISOString() ?? null,
        shippingCountry: o.shippingCountry,
        note: o.note,
        source: o.source,
        version: o.version,
      }).toEqual({
        externalId: p.externalId,
        email: p.email,
        customerName: p.customerName,
        currency: p.currency,
        subtotalMinor: p.subtotalMinor,
        totalMinor: p.totalMinor,
        refundedMinor: p.refundedMinor,
        financialStatus: p.financialStatus,
        fulfillmentStatus: p.fulfillmentStatus,
        placedAt: p.placedAt.toISOString(),
        paidAt: p.paidAt?.toISOString() ?? null,
        shippingCountry: p.shippingCountry,
        note: p.note,
        source: "import",
        version: 1,
      });
      expect(after.linesOf(p.name).map((li) => [li.position, li.sku, li.title, li.quantity, li.unitPriceMinor, li.fulfillmentStatus, li.vendor])).toEqual(
        p.lineItems.map((li, i) => [i + 1, li.sku, li.title, li.quantity, li.unitPriceMinor, li.fulfillmentStatus, li.vendor]),
      );
    }
    expect(after.byName["#4"]!.note).toBe(NOTE);
    expect(after.byName["#4"]!.customerName).toBe("Zoë Ñúñez");

    // Store refunds: exactly what syncStoreRefund writes for a new order.
    expect(after.movements).toHaveLength(2);
    const today = localDateOf(new Date(), "America/New_York");
    expect(after.refundsOf("#2")).toEqual([
      expect.objectContaining({
        type: "customer_refund",
        source: "store",
        amountMinor: 1500,
        currency: "USD",
        externalRef: "store-total:1500",
        note: "Refunded in the store (reported total)",
        allocation: null,
        caseId: null,
        createdBy: null,
      }),
    ]);
    expect([today, localDateOf(new Date(Date.now() - 60_000), "America/New_York")]).toContain(after.refundsOf("#2")[0]!.localDate);
    expect(after.refundsOf("#3")).toEqual([expect.objectContaining({ amountMinor: 2000, externalRef: "store-total:2500" })]);
    expect(after.refundsOf("#1")).toEqual([]);
    // The ledger trigger applied each entry to its order.
    expect(after.byName["#2"]!.ledgerRefundedMinor).toBe(1500);
    expect(after.byName["#3"]!.ledgerRefundedMinor).toBe(2000);
    expect(after.byName["#1"]!.ledgerRefundedMinor).toBe(0);
  });

  it("re-importing the same file changes nothing: no version, line item, ledger entry or audit event", async () => {
    const storeId = t.grantedStoreId;
    const before = await state(storeId);
    const summary = await run(storeId, csv(FIRST));
    expect(summary).toEqual({ orders: 4, lineItems: 5, created: 0, updated: 0, skipped: 4, errors: [] });
    expect(await state(storeId)).toMatchObject({ orders: before.orders, items: before.items, movements: before.movements, events: before.events });
  });

  it("an update changes line items in place, drops extra positions, and books only the rise of a refund", async () => {
    const storeId = t.grantedStoreId;
    const before = await state(storeId);
    const summary = await run(storeId, csv(SECOND));
    expect(summary).toEqual({ orders: 5, lineItems: 6, created: 1, updated: 3, skipped: 1, errors: [] });
    const after = await state(storeId);
    expect(after.events - before.events).toBe(1);

    // #1: position 1 updated in place (same row, so references to it survive), position 2 gone.
    const [line1] = after.linesOf("#1");
    expect(after.linesOf("#1")).toHaveLength(1);
    expect(line1).toMatchObject({ id: before.linesOf("#1")[0]!.id, position: 1, title: "Linen Shirt (L)", sku: "LS-L" });
    expect(after.byName["#1"]).toMatchObject({ id: before.byName["#1"]!.id, totalMinor: 3000, version: 2 });
    // #4: its line kept, one added.
    expect(after.linesOf("#4").map((li) => [li.position, li.title])).toEqual([
      [1, 'Mug "Big", 12oz'],
      [2, "Coaster"],
    ]);
    expect(after.linesOf("#4")[0]!.id).toBe(before.linesOf("#4")[0]!.id);
    // #3 unchanged: untouched.
    expect(after.byName["#3"]).toEqual(before.byName["#3"]);

    // #2's reported total rose from 15.00 to 25.00: one more entry of 10.00, the first kept.
    expect(after.refundsOf("#2").map((m) => [m.amountMinor, m.externalRef])).toEqual([
      [1500, "store-total:1500"],
      [1000, "store-total:2500"],
    ]);
    expect(after.byName["#2"]!.ledgerRefundedMinor).toBe(2500);
    expect(after.refundsOf("#3")).toEqual(before.refundsOf("#3"));
    // #5 is new: its refund in one entry.
    expect(after.refundsOf("#5").map((m) => [m.amountMinor, m.externalRef])).toEqual([[900, "store-total:900"]]);
    expect(after.byName["#5"]!.ledgerRefundedMinor).toBe(900);
    expect(after.movements).toHaveLength(4);

    // And once more: nothing.
    const again = await run(storeId, csv(SECOND));
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 5 });
    const last = await state(storeId);
    expect(last).toMatchObject({ orders: after.orders, items: after.items, movements: after.movements, events: after.events });
  });

  it("an order whose name reappears further down is left out whole when skipping bad rows (one parse pass)", async () => {
    const storeId = t.otherStoreId;
    const content = csv([FIRST[0]!, FIRST[1]!, { name: "#9", total: "5.00", items: [{ title: "Pin", price: "5.00" }] }, { ...FIRST[0]!, items: [FIRST[0]!.items[0]!] }]);
    const refused = await run(storeId, content);
    expect(refused).toMatchObject({ created: 0, skipped: 3 });
    expect(refused.errors).toEqual([expect.objectContaining({ orderName: "#1" })]);
    expect((await state(storeId)).orders).toEqual([]);
    const summary = await run(storeId, content, true);
    expect(summary).toMatchObject({ orders: 2, created: 2, updated: 0, skipped: 1 });
    const after = await state(storeId);
    expect(after.orders.map((o) => o.name)).toEqual(["#2", "#9"]);
    expect(after.refundsOf("#2").map((m) => m.amountMinor)).toEqual([1500]);
  });

  it("imports in batches: every order and refund once, progress rising to the preview's row count, re-import a no-op", async () => {
    const owner = await makeTenant(database.db, "Batches");
    const scope = { organizationId: owner.organizationId, storeId: owner.grantedStoreId };
    const n = 1234; // three batches of 500
    let content = "";
    for await (const piece of generateShopifyExport(n)) content += piece;
    const expected = expectedGeneratedOrders(n);
    const preview = await withTenant(database.db, scope.organizationId, (tx) => previewShopifyImport(tx, scope, content));
    const progress: number[] = [];
    const summary = await withTenant(database.db, scope.organizationId, (tx) =>
      importShopifyOrders(tx, scope, content, { skipBadRows: false, onProgress: (rows) => progress.push(rows) }),
    );
    expect(summary).toMatchObject({ orders: n, lineItems: expected.lineItems, created: n, updated: 0, skipped: 0 });
    expect(progress).toHaveLength(3);
    expect(progress.every((rows, i) => i === 0 || rows > progress[i - 1]!)).toBe(true);
    expect(progress.at(-1)).toBe(preview.totalRows);

    const refunded = Math.ceil(n / 7); // every 7th order reports 1.00 refunded
    const [counts] = await queryRows<{ orders: number | string; items: number | string; movements: number | string; per_order: number | string; ledger: number | string }>(
      database.db,
      sql`select (select count(*) from orders where store_id = ${scope.storeId}) as orders,
                 (select count(*) from order_line_items li join orders o on o.organization_id = li.organization_id and o.id = li.order_id
                   where o.store_id = ${scope.storeId}) as items,
                 (select count(*) from money_movements where store_id = ${scope.storeId}) as movements,
                 (select coalesce(max(c), 0) from (select count(*) as c from money_movements where store_id = ${scope.storeId} group by order_id) x) as per_order,
                 (select coalesce(sum(ledger_refunded_minor), 0) from orders where store_id = ${scope.storeId}) as ledger`,
    );
    expect(Object.fromEntries(Object.entries(counts!).map(([k, v]) => [k, Number(v)]))).toEqual({
      orders: n,
      items: expected.lineItems,
      movements: refunded,
      per_order: 1,
      ledger: refunded * 100,
    });

    const again = await withTenant(database.db, scope.organizationId, (tx) => importShopifyOrders(tx, scope, content, { skipBadRows: false }));
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: n });
    const [movements] = await database.db.select({ n: count() }).from(moneyMovements).where(eq(moneyMovements.storeId, scope.storeId));
    expect(movements!.n).toBe(refunded);
  });
});

describe("upsertOrders from one JSON parameter", () => {
  it("stores text exactly, a lone surrogate as U+FFFD (as a text parameter would), and keeps the source", async () => {
    const scope = { organizationId: t.organizationId, storeId: t.otherStoreId };
    const [parsed] = (await parseShopifyExportAll(csv([{ name: "#50", total: "1.00", items: [{ title: "x", price: "1.00" }] }]))).orders.map(toOrderInput);
    const input = { ...parsed!, name: "#50", note: `a\\u0041 \\ud800 "q" \t tab \u00e9 \ud83d\ude00 lone:\ud800 end`, email: null };
    const [outcome] = await withTenant(database.db, scope.organizationId, (tx) => upsertOrders(tx, scope, [input], "webhook"));
    expect(outcome).toMatchObject({ name: "#50", created: true });
    const [row] = await database.db
      .select({ note: orders.note, source: orders.source, email: orders.email })
      .from(orders)
      .where(and(eq(orders.organizationId, scope.organizationId), eq(orders.id, outcome!.id)));
    expect(row).toEqual({ note: `a\\u0041 \\ud800 "q" \t tab \u00e9 \ud83d\ude00 lone:\ufffd end`, source: "webhook", email: null });
    // The same content again is not an update.
    expect(await withTenant(database.db, scope.organizationId, (tx) => upsertOrders(tx, scope, [input], "webhook"))).toEqual([]);
  });
});
