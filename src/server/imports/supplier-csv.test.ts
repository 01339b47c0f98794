import { Readable } from "node:stream";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { SupplierOrderInput } from "@/server/orders/types";
import { parseSupplierOrders, parseSupplierOrdersAll, type ParsedSupplierOrder } from "./supplier-csv";
import { readFixture } from "./fixtures/generate-shopify-export";

const FIXTURE = readFixture("supplier-orders.csv");
const HEADER = FIXTURE.split("\n")[0]!;
const at = (iso: string) => new Date(iso);
let nextNumber = 8190002000;
const row = (status: string, extra: Partial<Record<"shippedAt" | "carrier" | "tracking" | "cost" | "currency", string>> = {}) =>
  `#1001,AliExpress,${nextNumber++},${status},2026-10-01 21:40:00 +0800,${extra.shippedAt ?? ""},${extra.carrier ?? ""},${extra.tracking ?? ""},${extra.cost ?? "11.20"},${extra.currency ?? "USD"}`;

const plain = { cancellationPending: false, disputeOpen: false, currency: "USD", supplier: "AliExpress" } as const;

const FIXTURE_ROWS: ParsedSupplierOrder[] = [
  { ...plain, line: 2, storeOrderName: "#1001", supplierOrderNumber: "8190001001", status: "awaiting_shipment", paidAt: at("2026-10-01T13:40:00Z"), shippedAt: null, carrier: null, trackingNumber: null, costMinor: 1120 },
  { ...plain, line: 3, storeOrderName: "#1002", supplierOrderNumber: "8190001002", status: "shipped", paidAt: at("2026-10-02T18:10:00Z"), shippedAt: at("2026-10-05T10:00:00Z"), carrier: "Cainiao", trackingNumber: "LP00123456789012", costMinor: 2740 },
  { ...plain, line: 4, storeOrderName: "#1003", supplierOrderNumber: "8190001003", status: "delivered", paidAt: at("2026-10-03T12:45:00Z"), shippedAt: at("2026-10-07T01:00:00Z"), carrier: "YunExpress", trackingNumber: "YT2610030000001", costMinor: 310 },
  { ...plain, line: 5, storeOrderName: "#1004", supplierOrderNumber: "8190001004", status: "cancelled", paidAt: at("2026-10-04T15:05:00Z"), shippedAt: null, carrier: null, trackingNumber: null, costMinor: 1380 },
  { ...plain, line: 6, storeOrderName: "#1005", supplierOrderNumber: "8190001005", status: "shipped", paidAt: at("2026-10-05T21:00:00Z"), shippedAt: at("2026-10-09T03:00:00Z"), carrier: "Cainiao", trackingNumber: "LP00123456789055", costMinor: 1460 },
  { ...plain, line: 7, storeOrderName: "#1007", supplierOrderNumber: "8190001007", status: "awaiting_shipment", paidAt: at("2026-10-07T16:30:00Z"), shippedAt: null, carrier: null, trackingNumber: null, costMinor: 1600 },
];

describe("parseSupplierOrdersAll", () => {
  it("reads the fixture's 6 supplier orders exactly", async () => {
    const result = await parseSupplierOrdersAll(FIXTURE);
    expect(result).toEqual({ orders: FIXTURE_ROWS, errors: [], fileError: null });
  });

  it("gives the orders domain what it stores (plus line numbers)", () => {
    expectTypeOf<ParsedSupplierOrder>().toExtend<SupplierOrderInput>();
  });

  it("reads the same with a BOM, CRLF, streamed bytes and loosely written headers", async () => {
    const variant = "\uFEFF" + FIXTURE.replace(HEADER, "store_order,SUPPLIER,Supplier order no, status ,Paid At,shipped_at,carrier,Tracking No,COST,currency").replace(/\n/g, "\r\n");
    const bytes = Buffer.from(variant);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3));
    expect((await parseSupplierOrdersAll(Readable.from(pieces))).orders).toEqual(FIXTURE_ROWS);
  });

  it("maps AliExpress order codes onto our statuses and flags", async () => {
    const codes: [string, Pick<ParsedSupplierOrder, "status" | "cancellationPending" | "disputeOpen">][] = [
      ["PLACE_ORDER_SUCCESS", { status: "awaiting_payment", cancellationPending: false, disputeOpen: false }],
      ["WAIT_SELLER_SEND_GOODS", { status: "awaiting_shipment", cancellationPending: false, disputeOpen: false }],
      ["SELLER_PART_SEND_GOODS", { status: "shipped", cancellationPending: false, disputeOpen: false }],
      ["WAIT_BUYER_ACCEPT_GOODS", { status: "shipped", cancellationPending: false, disputeOpen: false }],
      ["FINISH", { status: "completed", cancellationPending: false, disputeOpen: false }],
      ["IN_CANCEL", { status: "awaiting_shipment", cancellationPending: true, disputeOpen: false }],
      ["IN_ISSUE", { status: "shipped", cancellationPending: false, disputeOpen: true }],
      ["in_cancel", { status: "awaiting_shipment", cancellationPending: true, disputeOpen: false }],
      ["Awaiting Shipment", { status: "awaiting_shipment", cancellationPending: false, disputeOpen: false }],
      ["canceled", { status: "cancelled", cancellationPending: false, disputeOpen: false }],
    ];
    const csv = [HEADER, ...codes.map(([code]) => row(code))].join("\n");
    const result = await parseSupplierOrdersAll(csv);
    expect(result.errors).toEqual([]);
    expect(result.orders.map((o) => ({ status: o.status, cancellationPending: o.cancellationPending, disputeOpen: o.disputeOpen }))).toEqual(codes.map(([, expected]) => expected));
  });

  it("accepts a shipped order without a shipped time and a tracking number without a carrier", async () => {
    const result = await parseSupplierOrdersAll([HEADER, row("shipped", { tracking: "LP999" })].join("\n"));
    expect(result.errors).toEqual([]);
    expect(result.orders[0]).toMatchObject({ status: "shipped", shippedAt: null, carrier: null, trackingNumber: "LP999" });
  });

  it("reads costs in the row's currency", async () => {
    const result = await parseSupplierOrdersAll([HEADER, row("shipped", { cost: "78", currency: "cny" }), row("shipped", { cost: "1500", currency: "JPY" })].join("\n"));
    expect(result.orders.map((o) => [o.costMinor, o.currency])).toEqual([[7800, "CNY"], [1500, "JPY"]]);
  });

  it("reports bad rows with their line and reason, and keeps the good ones", async () => {
    const csv = [
      HEADER,
      row("SHIPPING_NOW"),
      row("shipped", { cost: "-3.00" }),
      "#1002,AliExpress,8190001002,shipped,2026-10-03 02:10:00 +0800,yesterday,Cainiao,LP1,27.40,USD",
      ",AliExpress,8190009999,shipped,,,,,1.00,USD",
      "#1003,AliExpress,8190001003,shipped,,,,,1.00,USD",
      "#1004,AliExpress,8190001003,delivered,,,,,1.00,USD",
      "#1005,AliExpress,8190001005,shipped,,,,,1.00",
    ].join("\n");
    const result = await parseSupplierOrdersAll(csv);
    expect(result.errors.map((e) => e.message)).toEqual([
      'Line 2: Status "SHIPPING_NOW" is not a supplier order status we know. Use one of: awaiting_payment, awaiting_shipment, shipped, delivered, completed, closed, cancelled, or AliExpress\'s PLACE_ORDER_SUCCESS, WAIT_SELLER_SEND_GOODS, SELLER_PART_SEND_GOODS, WAIT_BUYER_ACCEPT_GOODS, FINISH, IN_CANCEL, IN_ISSUE.',
      'Line 3: Cost "-3.00" is negative. Enter zero or a positive amount.',
      'Line 4: Shipped at "yesterday" is not a date and time. Write it like 2026-10-01 09:12:03 -0400 or 2026-10-01T13:12:03Z.',
      "Line 5: Store Order is empty. Enter the store order this supplier order is for, like #1001.",
      "Line 7: supplier order 8190001003 from AliExpress is already on line 6. Keep one row per supplier order.",
      "Line 8: the row has only 9 of the 10 columns and the file ends there, so it looks cut off. Export the file again.",
    ]);
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 7, 8]);
    expect(result.orders.map((o) => o.line)).toEqual([6]);
  });

  it("a file without the required columns is a file error", async () => {
    const result = await parseSupplierOrdersAll("Order,Tracking\n#1001,LP1\n");
    expect(result.orders).toEqual([]);
    expect(result.fileError?.message).toMatch(/^Line 1: the file has none of the columns "Supplier", "Supplier Order Number", "Status", "Cost", "Currency", so it does not look like a supplier orders file/);
    expect(result.errors).toEqual([result.fileError]);
    expect((await parseSupplierOrdersAll("")).fileError?.message).toMatch(/^Line 1: the file is empty\./);
  });

  it("streams in batches with progress", async () => {
    const progress: number[] = [];
    const sizes: number[] = [];
    for await (const batch of parseSupplierOrders(FIXTURE, { batchSize: 4, onProgress: (rows) => progress.push(rows) })) sizes.push(batch.orders.length);
    expect(sizes).toEqual([4, 2]);
    expect(progress.at(-1)).toBe(6);
  });
});
