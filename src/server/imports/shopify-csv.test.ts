import { Readable } from "node:stream";
import Papa from "papaparse";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { LineItemFulfillmentStatus } from "@/lib/orders";
import type { OrderInput } from "@/server/orders/types";
import { parseShopifyExport, parseShopifyExportAll, type ParsedOrder, type ShopifyOrderBatch } from "./shopify-csv";
import { readFixture } from "./fixtures/generate-shopify-export";

const FIXTURE = readFixture("shopify-orders-export.csv");
const at = (iso: string) => new Date(iso);

/** The fixture as a table: change a cell by header name, write it back as CSV. */
function fixtureTable(): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(FIXTURE.trimEnd(), { header: false });
  const [header, ...rows] = parsed.data;
  return { header: header!, rows };
}
function withCell(rowIndex: number, column: string, value: string): string {
  const { header, rows } = fixtureTable();
  rows[rowIndex]![header.indexOf(column)] = value;
  return Papa.unparse([header, ...rows], { newline: "\n" }) + "\n";
}

const base = {
  email: null,
  customerName: null,
  currency: "USD",
  shippingMinor: 499,
  taxMinor: 0,
  discountMinor: 0,
  refundedMinor: 0,
  financialStatus: "paid",
  fulfillmentStatus: "unfulfilled",
  paidAt: null,
  fulfilledAt: null,
  cancelledAt: null,
  shippingCountry: "US",
  note: null,
} as const;
const item = (
  line: number,
  sku: string,
  title: string,
  quantity: number,
  unitPriceMinor: number,
  fulfillmentStatus: LineItemFulfillmentStatus = "unfulfilled",
) => ({
  line, sku, title, quantity, unitPriceMinor, fulfillmentStatus, vendor: "AliExpress",
});

/** Every order of the fixture, field by field. */
const FIXTURE_ORDERS: ParsedOrder[] = [
  {
    ...base, line: 2, externalId: "5101001", name: "#1001", email: "ana@example.com", customerName: "Ana Souza",
    subtotalMinor: 2990, totalMinor: 3489,
    placedAt: at("2026-10-01T13:12:00Z"), paidAt: at("2026-10-01T13:12:03Z"),
    lineItems: [item(2, "LS-M", "Linen Shirt - M", 1, 2990)],
  },
  {
    ...base, line: 3, externalId: "5101002", name: "#1002", email: "ben@example.com", customerName: "Ben Meyer",
    subtotalMinor: 7200, totalMinor: 7699, fulfillmentStatus: "fulfilled",
    placedAt: at("2026-10-02T18:01:00Z"), paidAt: at("2026-10-02T18:01:05Z"), fulfilledAt: at("2026-10-06T14:00:00Z"),
    lineItems: [item(3, "TS-42", "Trail Shoes - 42", 1, 5900, "fulfilled"), item(4, "SK-3", "Socks 3-pack", 2, 650, "fulfilled")],
  },
  {
    ...base, line: 5, externalId: "5101003", name: "#1003", email: "chen@example.com", customerName: "Chen Wei",
    subtotalMinor: 1299, totalMinor: 1798, refundedMinor: 500,
    financialStatus: "partially_refunded", fulfillmentStatus: "fulfilled",
    placedAt: at("2026-10-03T12:30:00Z"), paidAt: at("2026-10-03T12:30:02Z"), fulfilledAt: at("2026-10-08T14:00:00Z"),
    lineItems: [item(5, "PC-01", "Phone Case", 1, 1299, "fulfilled")],
  },
  {
    ...base, line: 6, externalId: "5101004", name: "#1004", email: "dora@example.com", customerName: "Dora Kim",
    subtotalMinor: 3400, totalMinor: 3899, refundedMinor: 3899, financialStatus: "refunded",
    placedAt: at("2026-10-04T15:00:00Z"), paidAt: at("2026-10-04T15:00:04Z"), cancelledAt: at("2026-10-04T15:20:00Z"),
    lineItems: [item(6, "DL-1", "Desk Lamp", 1, 3400)],
  },
  {
    ...base, line: 7, externalId: "5101005", name: "#1005", email: "eli@example.com", customerName: "Eli Novak",
    subtotalMinor: 4100, totalMinor: 4599, fulfillmentStatus: "partially_fulfilled",
    placedAt: at("2026-10-05T20:45:00Z"), paidAt: at("2026-10-05T20:45:02Z"),
    lineItems: [item(7, "YM-1", "Yoga Mat", 1, 2500, "fulfilled"), item(8, "YB-1", "Yoga Block", 2, 800)],
  },
  {
    ...base, line: 9, externalId: "5101006", name: "#1006", email: "fay@example.com", customerName: "Fay Dubois",
    currency: "EUR", subtotalMinor: 1950, totalMinor: 2449, financialStatus: "pending", shippingCountry: "FR",
    placedAt: at("2026-10-06T08:10:00Z"),
    lineItems: [item(9, "SS-1", "Silk Scarf", 1, 1950)],
  },
  {
    ...base, line: 10, externalId: "5101007", name: "#1007", email: "gus@example.com", customerName: "Gus Lima",
    subtotalMinor: 4400, totalMinor: 4899, note: "Please send size 8Y instead",
    placedAt: at("2026-10-07T16:00:00Z"), paidAt: at("2026-10-07T16:00:01Z"),
    lineItems: [item(10, "KJ-6", "Kids Jacket - 6Y", 1, 4400)],
  },
];

const byName = (orders: ParsedOrder[]) => new Map(orders.map((order) => [order.name, order]));

describe("parseShopifyExportAll on the fixture", () => {
  it("reads 7 orders with 9 line items and no errors", async () => {
    const result = await parseShopifyExportAll(FIXTURE);
    expect(result.errors).toEqual([]);
    expect(result.fileError).toBeNull();
    expect(result.orders).toHaveLength(7);
    expect(result.lineItems).toBe(9);
  });

  it("reads every amount, status and time exactly", async () => {
    const { orders } = await parseShopifyExportAll(FIXTURE);
    expect(orders).toEqual(FIXTURE_ORDERS);
  });

  it("maps the export's own status spellings: partial → partially_fulfilled, empty line item → unfulfilled", async () => {
    const orders = byName((await parseShopifyExportAll(FIXTURE)).orders);
    expect(orders.get("#1002")).toMatchObject({ totalMinor: 7699, currency: "USD" });
    expect(orders.get("#1002")?.lineItems).toHaveLength(2);
    expect(orders.get("#1005")?.fulfillmentStatus).toBe("partially_fulfilled");
    expect(orders.get("#1005")?.lineItems.map((li) => li.fulfillmentStatus)).toEqual(["fulfilled", "unfulfilled"]);
    expect(orders.get("#1003")?.refundedMinor).toBe(500);
    expect(orders.get("#1006")).toMatchObject({ currency: "EUR", financialStatus: "pending", paidAt: null });
    expect(orders.get("#1004")).toMatchObject({ cancelledAt: at("2026-10-04T15:20:00Z"), refundedMinor: 3899 });
  });

  it("gives the orders domain exactly what it stores (plus line numbers)", () => {
    expectTypeOf<ParsedOrder>().toExtend<OrderInput>();
  });
});

describe("file variants that must read the same", () => {
  it("BOM and CRLF line endings", async () => {
    const variant = "\uFEFF" + FIXTURE.replace(/\n/g, "\r\n");
    expect(await parseShopifyExportAll(variant)).toEqual(await parseShopifyExportAll(FIXTURE));
  });

  it("bytes with a BOM, streamed in pieces that split the BOM, CRLF pairs and characters", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FIXTURE.replace(/\n/g, "\r\n"))]);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const result = await parseShopifyExportAll(Readable.from(pieces));
    expect(result.orders).toEqual(FIXTURE_ORDERS);
    expect(await parseShopifyExportAll(bytes)).toEqual(await parseShopifyExportAll(FIXTURE));
  });

  it("an older export with fewer columns, in another order, with headers in other case and spacing", async () => {
    const { header, rows } = fixtureTable();
    // Exports before 2017 stopped after "Lineitem discount" (60 columns); keep those, shuffled.
    const kept = header.slice(0, 60).map((_, i) => i).reverse();
    const renamed: Record<string, string> = {
      Name: "NAME",
      "Financial Status": "financial_status",
      "Fulfillment Status": "  Fulfillment   status ",
      "Created at": "CREATED_AT",
      "Cancelled at": "Canceled At",
      "Lineitem quantity": "Line item Quantity",
      "Lineitem name": "line_item_name",
      "Lineitem price": "LineItem Price",
      "Lineitem sku": "Lineitem SKU",
      "Lineitem fulfillment status": "Line Item Fulfillment-Status",
      "Refunded Amount": "refunded amount",
      Total: "total",
    };
    const oldHeader = kept.map((i) => renamed[header[i]!] ?? header[i]!);
    const oldRows = rows.map((row) => kept.map((i) => row[i]!));
    const variant = Papa.unparse([oldHeader, ...oldRows], { newline: "\r\n" });
    const result = await parseShopifyExportAll(variant);
    expect(result.errors).toEqual([]);
    expect(result.orders).toEqual(FIXTURE_ORDERS);
  });

  it("blank lines (before the header too) are skipped but still counted", async () => {
    const result = await parseShopifyExportAll("\n" + FIXTURE.replace("\n#1004", "\n\n,,,\n#1004"));
    expect(result.errors).toEqual([]);
    expect(result.orders.map((o) => o.line)).toEqual([3, 4, 6, 9, 10, 12, 13]);
  });

  it("a minimal export: missing optional columns read as empty, the subtotal comes from the line items", async () => {
    const csv = [
      "Name,Currency,Total,Created at,Financial Status,Lineitem quantity,Lineitem name,Lineitem price",
      "#1,USD,20.00,2026-10-01T10:00:00Z,paid,2,Mug,7.50",
      "#1,,,,,1,Spoon,0.00",
      "",
      "#2,USD,5.00,2026-10-01T11:00:00+02:00,authorized,1,Pin,5",
    ].join("\n");
    const result = await parseShopifyExportAll(csv);
    expect(result.errors).toEqual([]);
    expect(result.orders).toEqual([
      {
        line: 2, externalId: null, name: "#1", email: null, customerName: null, currency: "USD",
        subtotalMinor: 1500, shippingMinor: 0, taxMinor: 0, discountMinor: 0, totalMinor: 2000, refundedMinor: 0,
        financialStatus: "paid", fulfillmentStatus: "unfulfilled", placedAt: at("2026-10-01T10:00:00Z"),
        paidAt: null, fulfilledAt: null, cancelledAt: null, shippingCountry: null, note: null,
        lineItems: [
          { line: 2, sku: null, title: "Mug", quantity: 2, unitPriceMinor: 750, fulfillmentStatus: "unfulfilled", vendor: null },
          { line: 3, sku: null, title: "Spoon", quantity: 1, unitPriceMinor: 0, fulfillmentStatus: "unfulfilled", vendor: null },
        ],
      },
      expect.objectContaining({ line: 5, name: "#2", subtotalMinor: 500, placedAt: at("2026-10-01T09:00:00Z"), financialStatus: "authorized" }),
    ]);
  });

  it("an export without line item columns gives orders without items", async () => {
    const csv = "Name,Currency,Total,Created at,Financial Status\n#1,USD,20.00,2026-10-01 10:00:00 +0000,paid\n";
    const result = await parseShopifyExportAll(csv);
    expect(result.orders).toMatchObject([{ name: "#1", totalMinor: 2000, subtotalMinor: 2000, lineItems: [] }]);
  });
});

describe("currencies without minor units", () => {
  const header = "Name,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku";
  it("reads KRW and JPY amounts as whole units", async () => {
    const csv = [
      header,
      '#2001,paid,2026-10-01 09:00:00 +0900,,KRW,"30,000",3000,0,33000,2026-10-01 08:59:00 +0900,2,양말 (socks),15000,SOCK-KR',
      "#2002,partially_paid,,in progress,JPY,1980,0,180,2160.00,2026-10-02 10:00:00 +0900,1,Tenugui,1980,TN-1",
      "#2003,paid,,,KWD,12.500,1.250,0,13.750,2026-10-02 10:00:00 +0300,1,Dates box,12.5,DB-1",
    ].join("\n");
    const result = await parseShopifyExportAll(csv);
    expect(result.errors).toEqual([]);
    expect(result.orders.map((o) => [o.name, o.currency, o.subtotalMinor, o.shippingMinor, o.taxMinor, o.totalMinor, o.lineItems[0]?.unitPriceMinor])).toEqual([
      ["#2001", "KRW", 30000, 3000, 0, 33000, 15000],
      ["#2002", "JPY", 1980, 0, 180, 2160, 1980],
      ["#2003", "KWD", 12500, 1250, 0, 13750, 12500],
    ]);
    expect(result.orders[0]?.lineItems[0]?.title).toBe("양말 (socks)");
    expect(result.orders[1]).toMatchObject({ financialStatus: "partially_paid", fulfillmentStatus: "in_progress" });
  });

  it("refuses a fraction in a zero-decimal currency", async () => {
    const csv = [header, "#2001,paid,,,KRW,15000.50,0,0,15000.50,2026-10-01 08:59:00 +0900,1,Socks,15000,S"].join("\n");
    const result = await parseShopifyExportAll(csv);
    expect(result.orders).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'Line 2: Subtotal "15000.50" has a fraction, but KRW has no minor unit. Use a whole number, like 1500.',
      'Line 2: Total "15000.50" has a fraction, but KRW has no minor unit. Use a whole number, like 1500.',
    ]);
  });
});

describe("quoted fields", () => {
  it("reads commas, escaped quotes and line breaks inside quotes, and keeps line numbers right after them", async () => {
    const csv = [
      "Name,Currency,Total,Created at,Financial Status,Lineitem quantity,Lineitem name,Lineitem price,Notes",
      '#1,USD,10.00,2026-10-01 10:00:00 -0400,paid,1,"Mug, large ""XL""",10.00,"Gift wrap, please.',
      'Second line of the note;\r\nthird line with ""quotes"""',
      '#2,USD,5.00,2026-10-01 10:00:00 -0400,paid,1,"Pin',
      'with a line break",5.00,',
      "#3,USD,oops,2026-10-01 10:00:00 -0400,paid,1,Cap,5.00,",
      "#4,USD,5.00,2026-10-01 10:00:00 -0400,paid,1,Cap,5.00,",
    ].join("\n");
    const result = await parseShopifyExportAll(csv);
    expect(result.orders.map((o) => [o.name, o.line, o.lineItems[0]?.title])).toEqual([
      ["#1", 2, 'Mug, large "XL"'],
      ["#2", 5, "Pin\nwith a line break"],
      ["#4", 8, "Cap"],
    ]);
    expect(result.orders[0]?.note).toBe('Gift wrap, please.\nSecond line of the note;\nthird line with "quotes"');
    expect(result.errors).toEqual([
      { line: 7, orderName: "#3", message: 'Line 7: Total "oops" is not an amount. Use digits with an optional decimal point, like 34.89.' },
    ]);
  });
});

describe("errors", () => {
  it("a file without a Name column is a file error", async () => {
    const { header, rows } = fixtureTable();
    const csv = Papa.unparse([header.map((h) => (h === "Name" ? "Order" : h)), ...rows]);
    const result = await parseShopifyExportAll(csv);
    expect(result.orders).toEqual([]);
    expect(result.fileError).toEqual({
      line: 1,
      message:
        'Line 1: the file has no "Name" column, so it does not look like a Shopify orders export (Orders → Export). Check that the first line holds the column names, or export the file again.',
    });
    expect(result.errors).toEqual([result.fileError]);
  });

  it("names every missing required column, and spots a semicolon-separated file", async () => {
    const result = await parseShopifyExportAll("Name,Email\n#1,a@example.com\n");
    expect(result.fileError?.message).toContain('the file has none of the columns "Financial Status", "Currency", "Total", "Created at",');
    const semicolons = await parseShopifyExportAll(FIXTURE.replaceAll(",", ";"));
    expect(semicolons.fileError?.message).toBe(
      "Line 1: the columns are separated by semicolons, not commas. Save the file as comma-separated CSV (UTF-8) and upload it again.",
    );
  });

  it("an empty file is a file error; a header alone is an empty import", async () => {
    expect((await parseShopifyExportAll("")).fileError?.message).toMatch(/^Line 1: the file is empty\./);
    expect((await parseShopifyExportAll("\uFEFF\r\n\r\n")).fileError).not.toBeNull();
    const headerOnly = await parseShopifyExportAll(FIXTURE.split("\n")[0]!);
    expect(headerOnly).toEqual({ orders: [], errors: [], lineItems: 0, fileError: null });
  });

  it("a bad amount leaves its order out and says how to write it", async () => {
    const result = await parseShopifyExportAll(withCell(3, "Total", "12,3x"));
    expect(result.errors).toEqual([
      {
        line: 5,
        orderName: "#1003",
        message: 'Line 5: Total "12,3x" is not an amount. Use digits with an optional decimal point, like 34.89.',
      },
    ]);
    expect(result.orders.map((o) => o.name)).toEqual(["#1001", "#1002", "#1004", "#1005", "#1006", "#1007"]);
    expect(result.lineItems).toBe(8);
  });

  it("an unknown status names the value and the accepted ones", async () => {
    const result = await parseShopifyExportAll(withCell(5, "Fulfillment Status", "shipped"));
    expect(result.errors.map((e) => e.message)).toEqual([
      'Line 7: Fulfillment Status "shipped" is not a fulfillment status we know. Use one of: unfulfilled (or empty), partial, fulfilled, restocked, in progress, on hold, scheduled.',
    ]);
    const financial = await parseShopifyExportAll(withCell(0, "Financial Status", "Paid in full"));
    expect(financial.errors[0]?.message).toBe(
      'Line 2: Financial Status "Paid in full" is not a financial status we know. Use one of: pending, authorized, paid, partially_paid, partially_refunded, refunded, voided, expired.',
    );
  });

  it("accepts status spellings in other case and spacing", async () => {
    let csv = withCell(2, "Financial Status", "Partially Refunded");
    csv = csv.replace(",partial,", ",In Progress,");
    const orders = byName((await parseShopifyExportAll(csv)).orders);
    expect(orders.get("#1003")?.financialStatus).toBe("partially_refunded");
    expect(orders.get("#1005")?.fulfillmentStatus).toBe("in_progress");
    const onHold = byName((await parseShopifyExportAll(withCell(0, "Fulfillment Status", "ON HOLD"))).orders);
    expect(onHold.get("#1001")?.fulfillmentStatus).toBe("on_hold");
  });

  it("a bad value on a later row of an order leaves the whole order out", async () => {
    const result = await parseShopifyExportAll(withCell(6, "Lineitem fulfillment status", "sent"));
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 8, orderName: "#1005", message: expect.stringMatching(/^Line 8: Lineitem fulfillment status "sent" is not/) }),
    ]);
    expect(result.orders.map((o) => o.name)).not.toContain("#1005");
    expect(result.orders).toHaveLength(6);
  });

  it("reports each problem of a row, one error each", async () => {
    let csv = withCell(1, "Currency", "");
    csv = csv.replace("2026-10-02 14:01:00 -0400", "02/10/2026");
    const result = await parseShopifyExportAll(csv);
    expect(result.errors.map((e) => e.message)).toEqual([
      "Line 3: Currency is empty. The first row of order #1002 must have its Currency, Total, Created at and Financial Status.",
      'Line 3: Created at "02/10/2026" is not a date and time. Write it like 2026-10-01 09:12:03 -0400 or 2026-10-01T13:12:03Z.',
    ]);
  });

  it("refuses a time without an offset rather than guess the time zone", async () => {
    const result = await parseShopifyExportAll(withCell(0, "Paid at", "2026-10-01 09:12:03"));
    expect(result.errors[0]?.message).toBe(
      'Line 2: Paid at "2026-10-01 09:12:03" has no time zone offset. Add one, like 2026-10-01 09:12:03 -0400 or 2026-10-01T13:12:03Z.',
    );
  });

  it("checks quantities and prices of line items", async () => {
    const cases: [string, string, string][] = [
      ["Lineitem quantity", "0", 'Line 2: Lineitem quantity "0" is not a positive whole number. Enter how many were ordered, like 1.'],
      ["Lineitem quantity", "1.5", 'Line 2: Lineitem quantity "1.5" is not a positive whole number. Enter how many were ordered, like 1.'],
      ["Lineitem quantity", "-1", 'Line 2: Lineitem quantity "-1" is not a positive whole number. Enter how many were ordered, like 1.'],
      ["Lineitem price", "-29.90", 'Line 2: Lineitem price "-29.90" is negative. Enter zero or a positive amount.'],
      ["Lineitem name", "", "Line 2: Lineitem name is empty. Every row is one line item and needs its product name."],
      ["Shipping Country", "United States", 'Line 2: Shipping Country "United States" is not a two-letter country code, like US or FR.'],
      ["Currency", "US$", 'Line 2: Currency "US$" is not an ISO 4217 currency code, like USD or EUR.'],
    ];
    for (const [column, value, message] of cases) {
      const result = await parseShopifyExportAll(withCell(0, column, value));
      expect(result.errors, `${column}=${value}`).toEqual([{ line: 2, orderName: "#1001", message }]);
      expect(result.orders).toHaveLength(6);
    }
  });

  it("a row without a Name is reported on its own and leaves other orders alone", async () => {
    const result = await parseShopifyExportAll(withCell(6, "Name", ""));
    expect(result.errors).toEqual([{ line: 8, message: "Line 8: Name is empty. Every row needs the order name, like #1001." }]);
    expect(result.orders).toHaveLength(7);
    expect(byName(result.orders).get("#1005")?.lineItems).toHaveLength(1);
  });

  it("a truncated last line is an error on that line, not a silent import", async () => {
    const cut = FIXTURE.slice(0, FIXTURE.indexOf("#1007") + 60);
    const result = await parseShopifyExportAll(cut);
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 10, orderName: "#1007", message: expect.stringMatching(/^Line 10: the row has only \d+ of the 79 columns and the file ends there, so it looks cut off\./) }),
    ]);
    expect(result.orders.map((o) => o.name)).toEqual(["#1001", "#1002", "#1003", "#1004", "#1005", "#1006"]);
  });

  it("a file cut inside a quoted field is an error on the line where the row starts", async () => {
    const csv = withCell(8, "Notes", "Please send size 8Y instead,\nthanks").replace(/thanks"[\s\S]*$/, "than");
    const result = await parseShopifyExportAll(csv);
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 10, orderName: "#1007", message: expect.stringMatching(/^Line 10: a quoted field on this line never closes, so the file looks cut off here\. Lines 10–11 were read as one row\./) }),
    ]);
    expect(result.orders).toHaveLength(6);
  });

  it("a row with a stray comma has too many columns", async () => {
    const csv = FIXTURE.replace("Socks 3-pack", "Socks, 3-pack");
    const result = await parseShopifyExportAll(csv);
    expect(result.errors).toEqual([
      {
        line: 4,
        orderName: "#1002",
        message: "Line 4: the row has 80 columns, but the header has 79. A value that contains a comma must be in double quotes.",
      },
    ]);
    expect(result.orders.map((o) => o.name)).not.toContain("#1002");
  });

  it("an order whose rows are not together is an error on the line where it reappears", async () => {
    const lines = FIXTURE.trimEnd().split("\n");
    const [socks] = lines.splice(3, 1); // #1002's second row, now after #1003
    lines.splice(4, 0, socks!);
    const result = await parseShopifyExportAll(lines.join("\n"));
    expect(result.errors).toEqual([
      {
        line: 5,
        orderName: "#1002",
        message: "Line 5: order #1002 appears again here, but its rows start on line 3 and must be next to each other. Sort the file by Name or export it again from Shopify.",
      },
    ]);
    expect(result.orders.map((o) => o.name)).toEqual(["#1001", "#1003", "#1004", "#1005", "#1006", "#1007"]);
  });
});

describe("line numbers", () => {
  const header = "Name,Currency,Total,Created at,Financial Status,Lineitem quantity,Lineitem name,Lineitem price,Notes";
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const noteText = fc.array(fc.constantFrom("a", ",", '"', "\n", "\r\n", " ", "é", "🚚"), { maxLength: 12 }).map((parts) => parts.join(""));

  it("are the physical lines of each order and line item, however notes break lines (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ items: fc.integer({ min: 1, max: 3 }), note: noteText, blankAfter: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom("\n", "\r\n"),
        async (orders, badPick, eol) => {
          const lines: string[] = [header];
          let line = 2;
          const expected: { name: string; line: number; items: number[] }[] = [];
          const bad = badPick % orders.length;
          orders.forEach((order, index) => {
            const name = `#${index + 1}`;
            const entry = { name, line, items: [] as number[] };
            for (let n = 0; n < order.items; n++) {
              const total = index === bad && n === 0 ? "1.2.3" : "10.00";
              const head = n === 0 ? `${name},USD,${total},2026-10-01 10:00:00 -0400,paid` : `${name},,,,`;
              const note = n === 0 ? quote(order.note) : "";
              lines.push(`${head},1,Item ${n},5.00,${note}`);
              entry.items.push(line);
              line += 1 + (n === 0 ? order.note.split(/\r\n|\n/).length - 1 : 0);
            }
            if (order.blankAfter) {
              lines.push("");
              line += 1;
            }
            expected.push(entry);
          });
          const result = await parseShopifyExportAll(lines.join(eol) + eol);
          const good = expected.filter((_, index) => index !== bad);
          expect(result.orders.map((o) => ({ name: o.name, line: o.line, items: o.lineItems.map((li) => li.line) }))).toEqual(good);
          expect(result.errors.map((e) => e.line)).toEqual([expected[bad]!.line]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("robustness", () => {
  type Mutation =
    | { kind: "drop"; at: number; length: number }
    | { kind: "duplicate"; at: number; length: number }
    | { kind: "truncate"; at: number }
    | { kind: "garbage"; at: number; bytes: Uint8Array }
    | { kind: "cell"; row: number; column: number; text: string };

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("drop" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("garbage" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
    fc.record({ kind: fc.constant("cell" as const), row: fc.nat(), column: fc.nat(), text: fc.string({ unit: "binary", maxLength: 20 }) }),
  );

  /** Drops, duplicates, truncates or inserts bytes, or puts random text in a random cell. */
  function mutate(input: Buffer, change: Mutation): Buffer {
    if (change.kind === "cell") {
      const [header = [], ...rows] = Papa.parse<string[]>(input.toString("utf8").trimEnd(), { header: false }).data;
      const row = rows[change.row % Math.max(1, rows.length)];
      if (row && row.length > 0) row[change.column % row.length] = change.text;
      return Buffer.from(Papa.unparse([header, ...rows]));
    }
    const at = change.at % (input.length + 1);
    switch (change.kind) {
      case "drop":
        return Buffer.concat([input.subarray(0, at), input.subarray(at + change.length)]);
      case "duplicate":
        return Buffer.concat([input.subarray(0, at + change.length), input.subarray(at)]);
      case "truncate":
        return input.subarray(0, at);
      case "garbage":
        return Buffer.concat([input.subarray(0, at), Buffer.from(change.bytes), input.subarray(at)]);
    }
  }

  it("random damage to the fixture never throws: it gives valid orders and line-numbered errors", async () => {
    const lineCount = (buffer: Buffer) => buffer.toString("utf8").split(/\r\n|\r|\n/).length;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (changes) => {
        const damaged = changes.reduce(mutate, Buffer.from(FIXTURE));
        const result = await parseShopifyExportAll(damaged);
        const lines = lineCount(damaged);
        for (const error of result.errors) {
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(lines);
          expect(error.message.startsWith(`Line ${error.line}: `)).toBe(true);
        }
        for (const order of result.orders) {
          expect(order.line).toBeGreaterThan(1);
          expect(Number.isSafeInteger(order.totalMinor)).toBe(true);
          expect(Number.isNaN(order.placedAt.getTime())).toBe(false);
          for (const lineItem of order.lineItems) {
            expect(Number.isSafeInteger(lineItem.quantity) && lineItem.quantity > 0).toBe(true);
            expect(lineItem.unitPriceMinor).toBeGreaterThanOrEqual(0);
          }
        }
        expect(new Set(result.orders.map((o) => o.name)).size).toBe(result.orders.length);
        expect(result.lineItems).toBe(result.orders.reduce((sum, o) => sum + o.lineItems.length, 0));
      }),
      { numRuns: 300 },
    );
  });

  it("random text under the header never throws", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 400 }), async (text) => {
        const result = await parseShopifyExportAll(FIXTURE.split("\n")[0] + "\n" + text);
        expect(Array.isArray(result.orders)).toBe(true);
        expect(Array.isArray(result.errors)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("streaming", () => {
  it("yields complete orders in batches, reports progress, and returns a summary", async () => {
    // 5-byte pieces: orders straddle every chunk boundary there is.
    const source = Readable.from(Array.from({ length: Math.ceil(FIXTURE.length / 5) }, (_, i) => Buffer.from(FIXTURE.slice(i * 5, i * 5 + 5))));
    const progress: [number, number][] = [];
    const batches: ShopifyOrderBatch[] = [];
    const stream = parseShopifyExport(source, { batchSize: 2, onProgress: (rows, bytes) => progress.push([rows, bytes]) });
    let next = await stream.next();
    while (!next.done) {
      batches.push(next.value);
      next = await stream.next();
    }
    expect(batches.map((b) => b.orders.map((o) => o.name))).toEqual([["#1001", "#1002"], ["#1003", "#1004"], ["#1005", "#1006"], ["#1007"]]);
    expect(batches.flatMap((b) => b.orders)).toEqual(FIXTURE_ORDERS);
    expect(next.value).toEqual({ orders: 7, lineItems: 9, errors: 0, rowsRead: 9, bytesRead: Buffer.byteLength(FIXTURE), fileError: null });
    expect(progress.at(-1)).toEqual([9, Buffer.byteLength(FIXTURE)]);
  });
});
