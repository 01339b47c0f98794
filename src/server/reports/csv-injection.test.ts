/**
 * CSV injection: every cell of every CSV Recoup writes (the loss report's one-table downloads, its
 * "Download all", and `report:loss --format csv`) opens in a spreadsheet as the text that was typed,
 * never as a formula. Read back with papaparse, a cell is the literal text, with one apostrophe in
 * front when the text begins like a formula (= + - @, tab, carriage return) and is not a plain number.
 *
 * First the exporter alone, with hostile text in every text slot a report has; then the whole path:
 * hostile store names, supplier names, product titles and SKUs arriving through the app's own ways in
 * (Shopify webhook, Shopify CSV import, the supplier-order form), reported, exported and printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { sql } from "drizzle-orm";
import type { Database, Db } from "@/server/db/client";
import { queryRows } from "@/server/db/rows";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { CSV_INJECTION_CORPUS, CSV_PLAIN_NUMBERS, XSS_CORPUS } from "@/test/xss-corpus";
import { reportCsv, reportTables, tableCsv, type ReportForExport } from "@/lib/reports/export";
import type { CsvCell } from "@/lib/reports/csv";
import type { LossFigures, PeriodFigures } from "@/lib/reports/figures";
import { handleShopifyWebhook } from "@/server/webhooks/handle";
import { signShopifyBody } from "@/server/webhooks/verify";
import { reportLoss } from "@/cli/report-loss";
import { unpackLossReport } from "@/lib/reports/wire";

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const HOSTILE = [...CSV_INJECTION_CORPUS, ...XSS_CORPUS];

/** What a spreadsheet must show for a cell we exported: the text, made inert if it starts like a formula. */
function expectedCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Rows of CSV text as papaparse (what spreadsheet importers do) reads them. */
function parse(csv: string): string[][] {
  const result = Papa.parse<string[]>(csv, { newline: "\r\n", delimiter: "," });
  expect(result.errors).toEqual([]);
  const rows = result.data;
  // A file ends with a line break; papaparse reads an empty last row after it.
  if (rows.length && rows.at(-1)!.length === 1 && rows.at(-1)![0] === "") rows.pop();
  return rows;
}

/** No parsed cell would run as a formula. */
function inert(rows: string[][]): string[] {
  return rows.flat().filter((cell) => FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell));
}

// THE EXPORTER, ALONE --------------------------------------------------------------------------------

const figures = (n: number): LossFigures => ({
  orders: n,
  revenueMinor: 10_000 * n,
  requests: n,
  cancelledBeforeDispatch: 0,
  refunds: n,
  refundedMinor: 1_250 * n,
  storeRefundedMinor: 0,
  recoveredMinor: 0,
  expectedMinor: 0,
  writtenOffMinor: 0,
  netLossMinor: 1_250 * n,
  exposureMinor: 0,
  overdueMinor: 0,
});
const period = (n: number): PeriodFigures => ({ currency: "USD", current: figures(n), previous: figures(0) });

/** A report with `text` in every slot a user can fill: store, supplier, product title and SKU. */
function reportWith(text: string): ReportForExport {
  return {
    range: { from: "2026-01-01", to: "2026-01-31" },
    previousRange: { from: "2025-12-01", to: "2025-12-31" },
    reportingCurrency: "USD",
    stores: [{ id: "s1", name: text }],
    totals: [period(1)],
    rollup: { current: { figures: figures(1), missing: [] }, previous: { figures: null, missing: ["EUR"] } },
    byStore: [{ ...period(1), storeId: "s1" }],
    bySupplier: [{ ...period(1), supplier: text }],
    byReason: [{ ...period(1), reason: "changed_mind" }],
    byMonth: [{ month: "2026-01-01", currency: "USD", figures: figures(1) }],
    byMonthReason: [{ month: "2026-01-01", reason: "damaged", currency: "USD", refundedMinor: -1250, recoveredMinor: 0, netLossMinor: -1250 }],
    topProducts: [
      { product: text, title: text, currency: "USD", refundedMinor: 1250, recoveredMinor: 0, netLossMinor: 1250 },
      { product: `title:${text}`, title: text, currency: "USD", refundedMinor: 50, recoveredMinor: 0, netLossMinor: 50 },
    ],
  };
}

describe("the report's CSV exporter neutralises every cell", () => {
  it("the corpus has what OWASP lists: each formula start, tab and carriage return, and plain numbers that must stay numbers", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(CSV_INJECTION_CORPUS.some((c) => c.startsWith(start)), start).toBe(true);
    for (const n of CSV_PLAIN_NUMBERS) expect(expectedCell(n)).toBe(n);
  });

  it.each(HOSTILE)("%j in store, supplier, product and SKU: every cell of every table reads back as typed, made inert", (text) => {
    const report = reportWith(text);
    const tables = reportTables(report);
    for (const table of tables) {
      const rows = parse(tableCsv(table));
      expect(rows, table.id).toEqual([table.header, ...table.rows].map((row) => row.map(expectedCell)));
      expect(inert(rows), table.id).toEqual([]);
    }
    // "Download all": each table under its title, a blank line between.
    const all = parse(reportCsv(report));
    const expected = tables.flatMap((t, i) => [...(i ? [[""]] : []), [t.title], t.header, ...t.rows].map((row) => row.map(expectedCell)));
    expect(all).toEqual(expected);
    expect(inert(all)).toEqual([]);
    // The hostile text is really in there (the test is not passing on an empty table).
    const cells = all.flat();
    expect(cells.filter((c) => c === expectedCell(text)).length).toBeGreaterThanOrEqual(4);
  });

  it("negative amounts, and names that are plain numbers, stay numbers a spreadsheet can sum", () => {
    const cells = parse(reportCsv(reportWith("-12.50"))).flat();
    // The store, supplier, product and SKU named "-12.50", and the negative amounts of the month x reason table.
    expect(cells.filter((c) => c === "-12.50").length).toBeGreaterThanOrEqual(6);
    expect(cells).not.toContain("'-12.50");
  });
});

// THE WHOLE PATH ---------------------------------------------------------------------------------------

let database: Database;
let db: Db;
let t: TenantFixture;
/** Stores named with formula text, each holding at most ten hostile products (the report lists the top ten). */
let stores: { id: string; name: string; texts: string[] }[];

const STORE_NAMES = [CSV_INJECTION_CORPUS[0]!, CSV_INJECTION_CORPUS[3]!, CSV_INJECTION_CORPUS[1]!];
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
/** The last month up to tomorrow: store refunds are booked when they reach us, today. */
const RANGE = { from: day(-30), to: day(1) };
/** What the supplier form keeps of a typed name: trimmed, at most 80 characters. */
const supplierName = (text: string) => text.trim().slice(0, 80);

/** A signed Shopify delivery to the store's webhook, as Shopify sends it. */
async function deliver(storeId: string, secret: string, topic: string, webhookId: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const result = await handleShopifyWebhook(db, { storeId, rawBody: Buffer.from(body), hmac: signShopifyBody(body, secret), webhookId, topic });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

const orderPayload = (index: number, text: string) => ({
  id: 7_700_000 + index,
  name: `#INJ-${index}`,
  email: `buyer${index}@example.test`,
  currency: "USD",
  subtotal_price: "20.00",
  total_price: "20.00",
  financial_status: "paid",
  fulfillment_status: null,
  created_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
  customer: { first_name: text, last_name: null },
  line_items: [{ sku: text, title: text, quantity: 1, price: "20.00" }],
});

/** A refund of a different amount per order, so the top-ten ranking is fixed. */
const refundPayload = (index: number) => ({
  id: 9_900_000 + index,
  order_id: 7_700_000 + index,
  transactions: [{ amount: (5 + index / 100).toFixed(2), kind: "refund", status: "success" }],
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Inject");
  const owner = callerFor(db, t.owner, t.organizationId);
  stores = [];
  for (const [i, name] of STORE_NAMES.entries()) {
    // Typed into the store form (which trims names, as every name field does).
    const store = await owner.store.create({ name, slug: `inject-${i}`, currency: "USD", country: "US", timezone: "America/New_York" });
    stores.push({ id: store.id, name, texts: HOSTILE.filter((_, k) => Math.floor(k / 10) === i) });
  }
  expect(stores.flatMap((s) => s.texts)).toEqual(HOSTILE);

  let index = 0;
  for (const store of stores) {
    const { webhookSecret } = await owner.store.webhookSecret({ storeId: store.id });
    // Orders from the store's Shopify webhook: product titles, SKUs and customers exactly as sent.
    const first = index;
    for (const text of store.texts) await deliver(store.id, webhookSecret, "orders/create", `order-${index}`, orderPayload(index++, text));
    // Each order's supplier order, its supplier named with the same text through the order page's form.
    const list = await owner.order.list({ storeId: store.id, limit: 100 });
    expect(list.items).toHaveLength(store.texts.length);
    for (const order of list.items) {
      const text = HOSTILE[Number(order.name.slice("#INJ-".length))]!;
      await owner.order.saveSupplierOrder({
        orderId: order.id,
        supplier: supplierName(text),
        supplierOrderNumber: `SO-${order.name}`,
        status: "awaiting_shipment",
        costMinor: 1000,
        currency: "USD",
        paidAt: new Date(Date.now() - 86_400_000),
        shippedAt: null,
        carrier: null,
        trackingNumber: null,
      });
    }
    // Then Shopify reports a refund on each: the customer's money, booked against that supplier.
    for (let k = first; k < index; k++) await deliver(store.id, webhookSecret, "refunds/create", `refund-${k}`, refundPayload(k));
  }
});
afterAll(async () => {
  await database.close();
});

const reportOf = async (storeId: string) => unpackLossReport(await callerFor(db, t.owner, t.organizationId).report.loss({ ...RANGE, storeIds: [storeId] }));

describe("hostile names that came in through the app are exported inert", () => {
  it("the reports really hold the hostile texts: store names, suppliers, and product titles and SKUs untrimmed", async () => {
    for (const store of stores) {
      const report = await reportOf(store.id);
      expect(report.stores.map((s) => s.name)).toEqual([store.name]);
      const titles = report.topProducts.map((p) => p.title);
      const skus = report.topProducts.map((p) => p.product);
      const suppliers = report.bySupplier.map((s) => s.supplier);
      for (const text of store.texts) {
        // Through the webhook: exactly as sent, a leading tab or carriage return included.
        expect(titles, JSON.stringify(text)).toContain(text);
        expect(skus, JSON.stringify(text)).toContain(text);
        expect(suppliers, JSON.stringify(text)).toContain(supplierName(text));
      }
    }
  });

  it("every table's download and 'Download all' read back cell for cell, and nothing would run", async () => {
    for (const store of stores) {
      const report = await reportOf(store.id);
      for (const table of reportTables(report)) {
        const rows = parse(tableCsv(table));
        expect(rows, table.id).toEqual([table.header, ...table.rows].map((row) => row.map(expectedCell)));
        expect(inert(rows), table.id).toEqual([]);
      }
      const all = parse(reportCsv(report));
      expect(inert(all)).toEqual([]);
      const cells = new Set(all.flat());
      for (const text of [store.name, ...store.texts, ...store.texts.map(supplierName)]) {
        expect(cells.has(expectedCell(text)), JSON.stringify(text)).toBe(true);
        if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) expect(cells.has(text), `raw ${JSON.stringify(text)}`).toBe(false);
      }
    }
  });

  it("`report:loss --format csv` prints the same file, its cells as inert", async () => {
    for (const store of stores) {
      const printed = (await reportLoss(db, { org: t.slug, ...RANGE, stores: [store.id], format: "csv" })) as { csv: string };
      const rows = parse(printed.csv);
      expect(inert(rows)).toEqual([]);
      const cells = new Set(rows.flat());
      for (const text of store.texts) expect(cells.has(expectedCell(text)), JSON.stringify(text)).toBe(true);
      expect(printed.csv).toBe(reportCsv(await reportOf(store.id)));
    }
    // Every store at once (the whole organization): still nothing a spreadsheet would run.
    const everything = (await reportLoss(db, { org: t.slug, ...RANGE, stores: [], format: "csv" })) as { csv: string };
    expect(inert(parse(everything.csv))).toEqual([]);
  });

  it("the hostile text is stored as typed: neutralising happens on export only", async () => {
    const rows = await queryRows<{ title: string }>(db, sql`select title from order_line_items where organization_id = ${t.organizationId} and title = ${"\t=1"}`);
    expect(rows).toHaveLength(1);
  });
});
