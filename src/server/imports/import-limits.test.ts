/**
 * Values the preview used to accept and the import then failed to write (a "failed" job after a
 * preview that promised the rows), and messages that repeated a whole 100 KB cell. Found by
 * import.fuzz.test.ts; each is now a row error in the preview, or a refused upload.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { withTenant } from "../db/tenant";
import { resolveMembership } from "../tenancy/membership";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { readCsvRecords } from "./csv-stream";
import { readFixture } from "./fixtures/generate-shopify-export";
import { createImportJob, importFile } from "./jobs";
import { parseShopifyExportAll } from "./shopify-csv";
import { parseSupplierOrdersAll } from "./supplier-csv";

const SHOPIFY = readFixture("shopify-orders-export.csv");
const SUPPLIER = readFixture("supplier-orders.csv");

/** The fixture with one cell of its first data row replaced. */
function withCell(csv: string, column: string, value: string): string {
  const [header, ...rows] = Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;
  rows[0]![header!.indexOf(column)] = value;
  return `${Papa.unparse([header!, ...rows], { newline: "\n" })}\n`;
}

/** Text that does not compress: an index entry holds it as it is. */
const incompressible = (length: number) => Array.from({ length }, (_, i) => ((i * 7919) % 9973).toString(36)).join("").slice(0, length);

const errorsOf = async (csv: string) => (await parseShopifyExportAll(csv)).errors.map((e) => e.message);
const supplierErrorsOf = async (csv: string) => (await parseSupplierOrdersAll(csv)).errors.map((e) => e.message);

describe("values the database cannot hold are row errors in the preview", () => {
  it("a NUL character", async () => {
    expect(await errorsOf(withCell(SHOPIFY, "Email", "ana\u0000@example.com"))).toEqual([
      "Line 2: the row holds a NUL character (a zero byte), which is not text and cannot be stored. Remove it, or export the file again as CSV (UTF-8).",
    ]);
  });

  it("keys too long to index: order name, id, email, SKU, line item title; supplier, its order number, carrier, tracking", async () => {
    const long = incompressible(10_000);
    expect(await errorsOf(withCell(SHOPIFY, "Name", `#${long}`))).toEqual([
      "Line 2: Name is 10001 characters long; at most 255 fit. Shorten it, or check that a quote (\") did not swallow the cells after it.",
    ]);
    for (const [column, max] of [["Id", 255], ["Email", 254], ["Lineitem sku", 255], ["Lineitem name", 500]] as const) {
      expect(await errorsOf(withCell(SHOPIFY, column, long)), column).toEqual([expect.stringContaining(`${column} is 10000 characters long; at most ${max} fit.`)]);
    }
    for (const column of ["Supplier", "Supplier Order Number", "Carrier", "Tracking Number"]) {
      expect(await supplierErrorsOf(withCell(SUPPLIER, column, long)), column).toEqual([expect.stringContaining(`${column} is 10000 characters long; at most 80 fit.`)]);
    }
  });

  it("a quantity past what an integer column (and a refund) can take", async () => {
    expect(await errorsOf(withCell(SHOPIFY, "Lineitem quantity", "99999999999"))).toEqual([
      'Line 2: Lineitem quantity "99999999999" is more than 100,000. Check the quantity.',
    ]);
  });

  it("a date outside 1970–2099, including years Date.UTC would have read as 19xx", async () => {
    for (const value of ["9999-12-31 23:59:59 -1400", "0026-10-01 09:12:00 -0400", "1969-12-31 23:59:59 +0000"]) {
      expect(await errorsOf(withCell(SHOPIFY, "Created at", value)), value).toEqual([`Line 2: Created at "${value}" is not between 1970 and 2099. Check the year.`]);
    }
    expect(await errorsOf(withCell(SHOPIFY, "Created at", "1970-01-01 00:00:00 +0000"))).toEqual([]);
  });
});

describe("messages stay readable whatever the cell holds", () => {
  it("a huge cell is quoted cut short, never whole", async () => {
    const huge = "x".repeat(100_000);
    const messages = [
      ...(await errorsOf(withCell(SHOPIFY, "Financial Status", huge))),
      ...(await errorsOf(withCell(SHOPIFY, "Total", huge))),
      ...(await errorsOf(withCell(SHOPIFY, "Paid at", huge))),
      ...(await errorsOf(withCell(SHOPIFY, "Currency", huge))),
      ...(await supplierErrorsOf(withCell(SUPPLIER, "Status", huge))),
    ];
    expect(messages).toHaveLength(5);
    for (const message of messages) expect(message.length).toBeLessThan(400);
    expect(messages[0]).toContain(`"${"x".repeat(57)}…" is not a financial status we know.`);
  });
});

describe("a record's size limit does not depend on how the upload is cut", () => {
  it("the same record is too long read whole or in pieces", async () => {
    const text = `a,b\n1,${"x".repeat(1500)}\n2,y\n`;
    async function* pieces() {
      for (let at = 0; at < text.length; at += 700) yield text.slice(at, at + 700);
    }
    const read = async (input: string | AsyncIterable<string>) => {
      const all = [];
      for await (const chunk of readCsvRecords(input, { maxRecordChars: 1000 })) all.push(...chunk.records);
      return all.map((r) => [r.line, r.problem]);
    };
    expect(await read(text)).toEqual([[1, null], [2, "too_long"]]);
    expect(await read(pieces())).toEqual([[1, null], [2, "too_long"]]);
  });
});

describe("uploads and imports", () => {
  let database: Database;
  let t: TenantFixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    t = await makeTenant(database.db, "Limits");
  });
  afterAll(async () => {
    await database.close();
  });

  it("a file with NUL bytes is refused at upload with a message, not stored (it was a 500)", async () => {
    const membership = (await resolveMembership(database.db, t.owner.id, t.organizationId))!;
    const upload = withTenant(database.db, t.organizationId, (tx) =>
      createImportJob(tx, { organizationId: t.organizationId, storeId: t.grantedStoreId }, membership, {
        kind: "shopify_orders",
        fileName: "binary.csv",
        content: `${SHOPIFY}\u0000\u0000`,
        userId: t.owner.id,
      }),
    );
    await expect(upload).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("NUL characters") });
  });

  it("an order with an over-long name is left out, and the rest of the file imports", async () => {
    const scope = { organizationId: t.organizationId, storeId: t.grantedStoreId };
    const summary = await importFile(database.db, scope, "shopify_orders", "long.csv", withCell(SHOPIFY, "Name", `#${incompressible(10_000)}`), {
      skipBadRows: true,
      actor: { type: "system" },
    });
    expect(summary).toMatchObject({ orders: 6, created: 6, errors: [expect.objectContaining({ line: 2 })] });
  });

  it("a re-export that lowers a total below the refunds booked, or changes their currency, is a row error, not a failed import", async () => {
    const scope = { organizationId: t.organizationId, storeId: t.otherStoreId };
    const opts = { skipBadRows: false, actor: { type: "system" } } as const;
    await importFile(database.db, scope, "shopify_orders", "first.csv", SHOPIFY, opts);
    // #1003 (line 5) had 5.00 refunded in the store, now booked in the ledger.
    const edit = (column: string, value: string) => {
      const [header, ...rows] = Papa.parse<string[]>(SHOPIFY.trimEnd(), { header: false }).data;
      rows.find((r) => r[0] === "#1003")![header!.indexOf(column)] = value;
      return `${Papa.unparse([header!, ...rows], { newline: "\n" })}\n`;
    };
    const lowered = await importFile(database.db, scope, "shopify_orders", "lowered.csv", edit("Total", "1.00"), opts);
    expect(lowered.errors).toEqual([
      { line: 5, orderName: "#1003", message: "Line 5: the total of order #1003, $1.00, is less than the $5.00 already refunded. Check the Total column." },
    ]);
    expect(lowered.created + lowered.updated).toBe(0);
    const moved = await importFile(database.db, scope, "shopify_orders", "eur.csv", edit("Currency", "EUR"), { ...opts, skipBadRows: true });
    expect(moved.errors).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining("already refunded in USD") })]);
  });
});
