/**
 * The loss report through the tRPC procedures: who may see which stores (a client only its granted
 * ones; another store, or another organization's, is not found), who may manage exchange rates, the
 * roll-up into the reporting currency (exact, rates valid on the period's last day, a missing rate
 * named and never guessed), input messages, the drill-down to the orders behind a figure, and a CSV
 * export whose formula-looking text opens as text. The figures themselves are checked against a
 * from-scratch computation in loss.property.test.ts; the tests at the end pin down known bugs.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Db } from "@/server/db/client";
import { cancellationCases, moneyMovements, orderLineItems, orders, supplierOrders } from "@/server/db/schema";
import { withTenant } from "@/server/db/tenant";
import { queryRows } from "@/server/db/rows";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { shownError } from "@/test/sql";
import { resolveMembership } from "@/server/tenancy/membership";
import type { ReturnReason } from "@/lib/supplier-terms";
import type { Drill } from "@/lib/reports/drill";
import { reportCsv, reportTables, tableCsv } from "@/lib/reports/export";
import { csvCell, toCsv } from "@/lib/reports/csv";
import { lossReportFromScratch } from "./scratch";
import { unpackLossReport } from "@/lib/reports/wire";
import superjson from "superjson";

let database: Database;
let db: Db;
let t: TenantFixture;
let other: TenantFixture;

const HYPERLINK = '=HYPERLINK("http://x","x")';
/** Line titles a spreadsheet would read as formulas (or that start with a tab or a carriage return). */
const FORMULA_TITLES = [HYPERLINK, "+SUM(A1:A9)", "-2+3", "@cmd", "\tTabbed", "\rCarriage"];
const JANUARY = { from: "2026-01-01", to: "2026-01-31" };

interface OrderSpec {
  storeId: string;
  name: string;
  placedAt: string;
  currency: string;
  customerName?: string;
  lines?: { title: string; sku?: string | null; quantity?: number; priceMinor: number }[];
  shippingMinor?: number;
  suppliers?: string[];
  kase?: { reason: ReturnReason; at: string; state?: "requested" | "supplier_accepted" | "closed"; supplierIndex?: number | null };
  refunds?: { amountMinor: number; at: string; source?: "recoup" | "store" }[];
}

/** Writes an order with its lines, supplier orders, case and refunds, in one tenant transaction. */
async function seedOrder(organizationId: string, spec: OrderSpec): Promise<string> {
  return withTenant(db, organizationId, async (tx) => {
    const id = randomUUID();
    const lines = spec.lines ?? [];
    const subtotal = lines.reduce((a, l) => a + l.priceMinor * (l.quantity ?? 1), 0);
    await tx.insert(orders).values({
      organizationId,
      id,
      storeId: spec.storeId,
      name: spec.name,
      customerName: spec.customerName ?? "Ana Example",
      currency: spec.currency,
      subtotalMinor: subtotal,
      shippingMinor: spec.shippingMinor ?? 0,
      totalMinor: subtotal + (spec.shippingMinor ?? 0),
      financialStatus: "paid",
      fulfillmentStatus: "unfulfilled",
      placedAt: new Date(spec.placedAt),
      source: "manual",
    });
    if (lines.length) {
      await tx.insert(orderLineItems).values(
        lines.map((l, position) => ({ organizationId, orderId: id, position, sku: l.sku ?? null, title: l.title, quantity: l.quantity ?? 1, unitPriceMinor: l.priceMinor })),
      );
    }
    const supplierOrderIds: string[] = [];
    for (const [k, supplier] of (spec.suppliers ?? []).entries()) {
      const soId = randomUUID();
      supplierOrderIds.push(soId);
      await tx.insert(supplierOrders).values({
        organizationId,
        id: soId,
        storeId: spec.storeId,
        orderId: id,
        supplier,
        supplierOrderNumber: `${spec.name}-${k}`,
        status: "awaiting_shipment",
        currency: spec.currency,
        createdAt: new Date(Date.parse(spec.placedAt) + k * 60_000),
      });
    }
    let caseId: string | null = null;
    if (spec.kase) {
      caseId = randomUUID();
      const index = spec.kase.supplierIndex === undefined ? 0 : spec.kase.supplierIndex;
      await tx.insert(cancellationCases).values({
        organizationId,
        id: caseId,
        storeId: spec.storeId,
        orderId: id,
        supplierOrderId: index === null ? null : (supplierOrderIds[index] ?? null),
        state: spec.kase.state ?? "requested",
        reason: spec.kase.reason,
        currency: spec.currency,
        createdAt: new Date(spec.kase.at),
      });
    }
    for (const [k, r] of (spec.refunds ?? []).entries()) {
      const store = r.source === "store";
      await tx.insert(moneyMovements).values({
        organizationId,
        storeId: spec.storeId,
        orderId: id,
        caseId: store ? null : caseId,
        type: "customer_refund",
        source: r.source ?? "recoup",
        amountMinor: r.amountMinor,
        currency: spec.currency,
        externalRef: store ? `store-refund:${spec.name}-${k}` : null,
        occurredAt: new Date(r.at),
      });
    }
    return id;
  });
}

const owner = (f: TenantFixture = t) => callerFor(db, f.owner, f.organizationId);
const client = () => callerFor(db, t.members.client, t.organizationId);
const viewer = () => callerFor(db, t.members.viewer, t.organizationId);

/** Order ids of the main tenant, by name. */
const ids = new Map<string, string>();
let krStoreId: string;
let jpStoreId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Acme");
  other = await makeTenant(db, "Bolt");
  const kr = await owner().store.create({ name: "Acme KR", slug: "acme-kr", currency: "KRW", country: "KR", timezone: "Asia/Seoul" });
  const jp = await owner().store.create({ name: "Acme JP", slug: "acme-jp", currency: "JPY", country: "JP", timezone: "Asia/Tokyo" });
  krStoreId = kr.id;
  jpStoreId = jp.id;
  const us = t.grantedStoreId;
  const eu = t.otherStoreId;

  const specs: OrderSpec[] = [
    // The granted (US, New York) store. #1001's lines carry formula-looking titles; its customer too.
    {
      storeId: us,
      name: "#1001",
      placedAt: "2026-01-10T15:00:00Z",
      currency: "USD",
      customerName: HYPERLINK,
      lines: FORMULA_TITLES.map((title) => ({ title, priceMinor: 1000 })),
      suppliers: ["AliExpress"],
      kase: { reason: "damaged", at: "2026-01-11T15:00:00Z" },
      refunds: [{ amountMinor: 6000, at: "2026-01-12T15:00:00Z" }],
    },
    {
      storeId: us,
      name: "#1002",
      placedAt: "2026-01-11T15:00:00Z",
      currency: "USD",
      lines: [{ title: "Lamp", sku: "LAMP-1", priceMinor: 4000 }],
      suppliers: ["CJ Dropshipping", "AliExpress"],
      kase: { reason: "damaged", at: "2026-01-12T15:00:00Z" },
      refunds: [{ amountMinor: 3000, at: "2026-01-13T15:00:00Z" }],
    },
    // 2026-02-01 04:30 UTC is still January 31 in New York: counted in January.
    {
      storeId: us,
      name: "#1003",
      placedAt: "2026-01-12T15:00:00Z",
      currency: "USD",
      lines: [{ title: "Lamp", sku: "LAMP-1", priceMinor: 4000 }],
      refunds: [{ amountMinor: 1000, at: "2026-02-01T04:30:00Z", source: "store" }],
    },
    { storeId: us, name: "#1004", placedAt: "2026-01-13T15:00:00Z", currency: "USD", lines: [{ title: "Lamp", sku: "LAMP-1", priceMinor: 4000 }] },
    // Refunded on February 1 in New York: outside January.
    {
      storeId: us,
      name: "#1005",
      placedAt: "2026-01-14T15:00:00Z",
      currency: "USD",
      lines: [{ title: "Lamp", sku: "LAMP-1", priceMinor: 4000 }],
      suppliers: ["AliExpress"],
      kase: { reason: "damaged", at: "2026-01-15T15:00:00Z" },
      refunds: [{ amountMinor: 500, at: "2026-02-01T05:30:00Z" }],
    },
    // The other (EU, Berlin) store: the same reason and supplier, in EUR.
    {
      storeId: eu,
      name: "#2001",
      placedAt: "2026-01-10T10:00:00Z",
      currency: "EUR",
      lines: [{ title: "Secret EU product", sku: "EU-ONLY", priceMinor: 9000 }],
      suppliers: ["AliExpress"],
      kase: { reason: "damaged", at: "2026-01-11T10:00:00Z" },
      refunds: [{ amountMinor: 2000, at: "2026-01-12T10:00:00Z" }],
    },
    {
      storeId: krStoreId,
      name: "#3001",
      placedAt: "2026-01-19T03:00:00Z",
      currency: "KRW",
      lines: [{ title: "Hanbok", sku: "KR-1", priceMinor: 2_000_000 }],
      refunds: [{ amountMinor: 1_234_567, at: "2026-01-20T03:00:00Z" }],
    },
    {
      storeId: jpStoreId,
      name: "#4001",
      placedAt: "2026-01-19T03:00:00Z",
      currency: "JPY",
      lines: [{ title: "Yukata", sku: "JP-1", priceMinor: 5000 }],
      refunds: [{ amountMinor: 1000, at: "2026-01-20T03:00:00Z" }],
    },
  ];
  for (const spec of specs) ids.set(spec.name, await seedOrder(t.organizationId, spec));
  await seedOrder(other.organizationId, {
    storeId: other.grantedStoreId,
    name: "#9001",
    placedAt: "2026-01-10T15:00:00Z",
    currency: "USD",
    lines: [{ title: "Bolt thing", priceMinor: 7000 }],
    refunds: [{ amountMinor: 7000, at: "2026-01-11T15:00:00Z" }],
  });
});
afterAll(async () => {
  await database.close();
});

describe("who sees which stores", () => {
  it("a client asking for a store it was not granted, or another organization's, gets NOT_FOUND, exactly as for one that does not exist", async () => {
    const missing = await shownError(client().report.loss({ ...JANUARY, storeIds: [randomUUID()] }), "report.loss");
    expect(missing.code).toBe("NOT_FOUND");
    for (const storeIds of [[t.otherStoreId], [t.grantedStoreId, t.otherStoreId], [other.grantedStoreId], [t.grantedStoreId, other.otherStoreId]]) {
      expect(await shownError(client().report.loss({ ...JANUARY, storeIds }), "report.loss")).toEqual(missing);
    }
    // The owner sees its own organization's stores, not another's.
    await expect(owner().report.loss({ ...JANUARY, storeIds: [t.otherStoreId] })).resolves.toMatchObject({ allStores: false });
    expect(await shownError(owner().report.loss({ ...JANUARY, storeIds: [other.grantedStoreId] }), "report.loss")).toEqual(missing);
  });

  it("a client without storeIds sees only its granted store's figures", async () => {
    const mine = unpackLossReport(await client().report.loss(JANUARY));
    const grantedOnly = unpackLossReport(await owner().report.loss({ ...JANUARY, storeIds: [t.grantedStoreId] }));
    const everything = unpackLossReport(await owner().report.loss(JANUARY));
    expect(mine.stores.map((s) => s.id)).toEqual([t.grantedStoreId]);
    expect(mine.allStores).toBe(true);
    expect({ ...mine, allStores: false }).toEqual(grantedOnly);
    // The organization's report does hold more: the other stores' currencies and products.
    expect(everything.totals.map((x) => x.currency)).toEqual(["EUR", "JPY", "KRW", "USD"]);
    expect(mine.totals.map((x) => x.currency)).toEqual(["USD"]);
    expect(JSON.stringify(mine)).not.toContain(t.otherStoreId);
    expect(JSON.stringify(mine)).not.toContain("EU-ONLY");
    expect(JSON.stringify(everything)).toContain("EU-ONLY");
  });

  it("the figures are the granted store's January: the New York day decides, not the UTC one", async () => {
    const { totals } = unpackLossReport(await client().report.loss(JANUARY));
    expect(totals[0]!.current).toMatchObject({
      orders: 5,
      revenueMinor: 6000 + 4 * 4000,
      requests: 3,
      refunds: 3,
      // #1001, #1002 and the store refund of #1003 (late on January 31 in New York); not #1005's (February 1).
      refundedMinor: 6000 + 3000 + 1000,
      storeRefundedMinor: 1000,
      netLossMinor: 10000,
    });
    const { totals: february } = unpackLossReport(await client().report.loss({ from: "2026-02-01", to: "2026-02-28" }));
    expect(february[0]!.current.refundedMinor).toBe(500);
    expect(february[0]!.previous.refundedMinor).toBe(10000);
  });

  it("a viewer may read the report and the rates, but not add or remove a rate", async () => {
    await expect(viewer().report.loss(JANUARY)).resolves.toHaveProperty("slices.totals");
    await expect(viewer().report.rates()).resolves.toEqual(expect.any(Array));
    await expect(viewer().report.addRate({ currency: "EUR", rate: "1.08", validFrom: "2026-01-01" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining('"rates:manage"'),
    });
    const { id } = await owner().report.addRate({ currency: "CHF", rate: "1.1", validFrom: "2026-01-01" });
    await expect(viewer().report.removeRate({ rateId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(client().report.removeRate({ rateId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Another organization's owner cannot remove it either: not found, and it stays.
    await expect(owner(other).report.removeRate({ rateId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner().report.rates()).map((r) => r.id)).toContain(id);
    await owner().report.removeRate({ rateId: id });
    expect((await owner().report.rates()).map((r) => r.id)).not.toContain(id);
  });
});

describe("input", () => {
  it("a range that ends before it starts, or a date that does not exist, is refused with a message", async () => {
    expect(await shownError(owner().report.loss({ from: "2026-02-01", to: "2026-01-31" }), "report.loss")).toEqual({
      code: "BAD_REQUEST",
      message: "to: The start date must be on or before the end date.",
    });
    expect(await shownError(owner().report.loss({ from: "2026-02-30", to: "2026-03-31" }), "report.loss")).toEqual({
      code: "BAD_REQUEST",
      message: "from: The start date must be a real date written YYYY-MM-DD, like 2026-01-31.",
    });
    expect(await shownError(owner().report.loss({ from: "2026-01-01", to: "31.01.2026" }), "report.loss")).toEqual({
      code: "BAD_REQUEST",
      message: "to: The end date must be a real date written YYYY-MM-DD, like 2026-01-31.",
    });
    expect((await shownError(owner().report.loss({ from: "2000-01-01", to: "2026-01-01" }), "report.loss")).message).toMatch(/at most 3660 days/);
    expect((await shownError(owner().report.loss({ ...JANUARY, storeIds: ["not-a-uuid"] }), "report.loss")).message).toBe(
      "storeIds.0: That store id is not valid.",
    );
  });

  it("a rate for the reporting currency itself, or one that is not a positive decimal, is refused", async () => {
    expect(await shownError(owner().report.addRate({ currency: "USD", rate: "1", validFrom: "2026-01-01" }), "report.addRate")).toEqual({
      code: "BAD_REQUEST",
      message: "USD is the reporting currency; it needs no rate.",
    });
    for (const rate of ["0", "-1", "1e3", "abc", "1.12345678901"]) {
      expect((await shownError(owner().report.addRate({ currency: "EUR", rate, validFrom: "2026-01-01" }), "report.addRate")).code).toBe("BAD_REQUEST");
    }
    expect((await shownError(owner().report.addRate({ currency: "EUR", rate: "1.1", validFrom: "2026-02-01", validTo: "2026-01-31" }), "report.addRate")).message).toBe(
      "validTo: The last day must be on or after the first day.",
    );
  });
});

describe("the roll-up into the reporting currency", () => {
  const krw = { ...JANUARY, storeIds: [] as string[] };
  beforeAll(() => {
    krw.storeIds = [krStoreId];
  });

  it("without a rate the roll-up is empty and names the currency; nothing is guessed", async () => {
    const report = unpackLossReport(await owner().report.loss(JANUARY));
    expect(report.reportingCurrency).toBe("USD");
    expect(report.rollup.current).toEqual({
      figures: null,
      missing: ["EUR", "JPY", "KRW"],
      rates: ["EUR", "JPY", "KRW"].map((currency) => ({ currency, onDay: "2026-01-31", rate: null, validFrom: null })),
    });
    // The CSV says so too.
    const table = reportTables(report).find((x) => x.id === "reporting-currency")!;
    expect(table.rows[1]).toEqual(["Refunded to customers", "missing rate: EUR, JPY, KRW", "missing rate: EUR, JPY, KRW"]);
    // One store's report needs only its own currency's rate.
    const usOnly = unpackLossReport(await owner().report.loss({ ...JANUARY, storeIds: [t.grantedStoreId] }));
    expect(usOnly.rollup.current).toMatchObject({ missing: [], rates: [] });
    expect(usOnly.rollup.current.figures).toMatchObject({ refundedMinor: 10000, netLossMinor: 10000 });
  });

  it("converts exactly at the rate valid on the period's last day: the latest start among those covering it", async () => {
    const added = [
      await owner().report.addRate({ currency: "KRW", rate: "0.0007", validFrom: "2025-01-01" }),
      // Ends the day before the period's last day: not used for January.
      await owner().report.addRate({ currency: "KRW", rate: "0.0009", validFrom: "2026-01-02", validTo: "2026-01-30" }),
      // Starts on the last day itself: the latest start covering it wins.
      await owner().report.addRate({ currency: "KRW", rate: "0.00074", validFrom: "2026-01-31", validTo: "2026-01-31" }),
      // Starts after the last day.
      await owner().report.addRate({ currency: "KRW", rate: "0.0008", validFrom: "2026-02-01" }),
    ];
    const report = unpackLossReport(await owner().report.loss(krw));
    // 1,234,567 KRW × 0.00074 = 913.57958 USD → 91358 cents (exponent 0 → 2, rounded half away from zero).
    expect(report.rollup.current).toEqual({
      figures: expect.objectContaining({ refundedMinor: 91358, recoveredMinor: 0, netLossMinor: 91358, revenueMinor: 148000 }),
      rates: [{ currency: "KRW", onDay: "2026-01-31", rate: "0.00074", validFrom: "2026-01-31" }],
      missing: [],
    });
    // The previous period (December) ends on 2025-12-31: the long-running rate applies.
    expect(report.rollup.previous.rates).toEqual([{ currency: "KRW", onDay: "2025-12-31", rate: "0.0007", validFrom: "2025-01-01" }]);
    expect(report.rollup.previous.figures).toMatchObject({ refundedMinor: 0 });
    // A range ending on January 30 takes the rate valid then.
    const toThe30th = unpackLossReport(await owner().report.loss({ ...krw, to: "2026-01-30" }));
    expect(toThe30th.rollup.current.rates[0]).toMatchObject({ rate: "0.0009", validFrom: "2026-01-02" });
    expect(toThe30th.rollup.current.figures!.refundedMinor).toBe(111111); // 1,111.1103 USD
    // Removing the rate of the last day falls back to the one before.
    await owner().report.removeRate({ rateId: added[2]!.id });
    expect((unpackLossReport(await owner().report.loss(krw))).rollup.current).toMatchObject({
      rates: [{ rate: "0.0007", validFrom: "2025-01-01" }],
      figures: { refundedMinor: 86420 }, // 864.1969 USD
    });
  });

  it("rolls up a currency only older orders carry (the store's currency changed since): its rate is looked up too", async () => {
    await db.execute(sql`update stores set currency = 'USD' where id = ${krStoreId}::uuid`);
    try {
      const report = unpackLossReport(await owner().report.loss(krw));
      expect(report.totals.map((t) => t.currency)).toEqual(["KRW"]);
      expect(report.rollup.current.rates).toEqual([{ currency: "KRW", onDay: "2026-01-31", rate: "0.0007", validFrom: "2025-01-01" }]);
      expect(report.rollup.current.figures).toMatchObject({ refundedMinor: 86420 });
    } finally {
      await db.execute(sql`update stores set currency = 'KRW' where id = ${krStoreId}::uuid`);
    }
  });

  it("rounds half away from zero (JPY → USD), and works into a currency without decimals (USD → KRW)", async () => {
    // 1,000 JPY × 0.006505 = 6.505 USD: exactly half a cent, rounded up to 6.51.
    await owner().report.addRate({ currency: "JPY", rate: "0.006505", validFrom: "2026-01-01" });
    const jp = unpackLossReport(await owner().report.loss({ ...JANUARY, storeIds: [jpStoreId] }));
    expect(jp.rollup.current.figures).toMatchObject({ refundedMinor: 651, revenueMinor: 3253 }); // 5,000 JPY = 32.525 USD
    // The granted store's figures in KRW, for an organization reporting in KRW.
    const asBolt = owner(other);
    await asBolt.organization.update({ name: "Bolt", reportingCurrency: "KRW" });
    await asBolt.report.addRate({ currency: "USD", rate: "1350.55", validFrom: "2026-01-01" });
    const bolt = unpackLossReport(await asBolt.report.loss(JANUARY));
    expect(bolt.reportingCurrency).toBe("KRW");
    // 70.00 USD × 1350.55 = 94,538.5 KRW → 94,539.
    expect(bolt.rollup.current).toMatchObject({ figures: { refundedMinor: 94539, revenueMinor: 94539 }, missing: [] });
  });

  it("the answer holds JSON values only, as packLossReport promises the transformer (which sends it unchecked)", async () => {
    // (KRW has rates by now, the others none: both kinds of roll-up.)
    for (const input of [JANUARY, krw, { ...JANUARY, storeIds: [krStoreId, jpStoreId, t.otherStoreId] }, { from: "2025-01-01", to: "2025-01-31" }]) {
      // superjson finds anything JSON cannot carry (a Date, undefined, NaN, -0, a Map…) and lists it in `meta`.
      expect(superjson.serialize(await owner().report.loss(input)).meta, JSON.stringify(input)).toBeUndefined();
    }
  });

  it("every currency needs its rate: one missing leaves the whole roll-up empty", async () => {
    const report = unpackLossReport(await owner().report.loss({ ...JANUARY, storeIds: [krStoreId, jpStoreId, t.otherStoreId] }));
    expect(report.rollup.current).toMatchObject({ figures: null, missing: ["EUR"] });
    expect(report.rollup.current.rates.map((r) => [r.currency, r.rate])).toEqual([
      ["EUR", null],
      ["JPY", "0.006505"],
      ["KRW", "0.0007"],
    ]);
  });
});

describe("drill-down from a figure to its orders", () => {
  const names = async (drill: Drill) => {
    const list = await owner().order.list({ drill, limit: 100 });
    const count = await owner().order.count({ drill });
    expect(count.count).toBe(list.items.length);
    return list.items.map((o) => o.name).sort();
  };

  it("refunded for a reason, supplier and currency lists exactly the orders with those ledger rows", async () => {
    const report = unpackLossReport(await owner().report.loss(JANUARY));
    const damaged = report.byReason.find((r) => r.reason === "damaged" && r.currency === "USD")!;
    expect(damaged.current.refundedMinor).toBe(9000);
    expect(await names({ metric: "refunded", ...JANUARY, reason: "damaged", currency: "USD" })).toEqual(["#1001", "#1002"]);
    // #1002's case has its own supplier order (CJ Dropshipping), though AliExpress is also on the order.
    const aliUsd = report.bySupplier.find((r) => r.supplier === "AliExpress" && r.currency === "USD")!;
    expect(aliUsd.current).toMatchObject({ refundedMinor: 6000, requests: 2 });
    expect(await names({ metric: "refunded", ...JANUARY, supplier: "AliExpress", currency: "USD" })).toEqual(["#1001"]);
    expect(await names({ metric: "refunded", ...JANUARY, supplier: "AliExpress" })).toEqual(["#1001", "#2001"]);
    expect(await names({ metric: "refunded", ...JANUARY, supplier: "CJ Dropshipping" })).toEqual(["#1002"]);
    // Money on an order without a supplier order, with no reason: the store refund of #1003 (January 31 in New York).
    expect(report.bySupplier.find((r) => r.supplier === "" && r.currency === "USD")!.current.storeRefundedMinor).toBe(1000);
    expect(await names({ metric: "refunded", ...JANUARY, supplier: "", reason: "unspecified", currency: "USD" })).toEqual(["#1003"]);
    expect(await names({ metric: "store_refunded", ...JANUARY })).toEqual(["#1003"]);
    // The same figure a day later (February in New York) is #1005's.
    expect(await names({ metric: "refunded", from: "2026-02-01", to: "2026-02-28", currency: "USD" })).toEqual(["#1005"]);
    expect(await names({ metric: "requests", ...JANUARY, reason: "damaged", storeIds: [t.grantedStoreId] })).toEqual(["#1001", "#1002", "#1005"]);
    expect(await names({ metric: "orders", ...JANUARY, currency: "KRW" })).toEqual(["#3001"]);
    expect(await names({ metric: "refunded", ...JANUARY, product: "LAMP-1" })).toEqual(["#1002", "#1003"]);
  });

  it("a client's drill-down stays within its granted store", async () => {
    const list = await client().order.list({ drill: { metric: "refunded", ...JANUARY, supplier: "AliExpress" }, limit: 100 });
    expect(list.items.map((o) => o.name)).toEqual(["#1001"]);
  });

  it("the customer a drill-down lists, exported, opens as text", async () => {
    const list = await owner().order.list({ drill: { metric: "refunded", ...JANUARY, supplier: "AliExpress", currency: "USD" }, limit: 100 });
    expect(list.items[0]!.customerName).toBe(HYPERLINK);
    expect(toCsv([["Order", "Customer"], ...list.items.map((o) => [o.name, o.customerName])])).toBe(
      `Order,Customer\r\n#1001,"'=HYPERLINK(""http://x"",""x"")"\r\n`,
    );
  });
});

/** Cells of CSV text (RFC 4180: quoted cells may hold commas, quotes, CR and LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

describe("CSV export", () => {
  it("product titles that look like formulas open as text, and every cell survives a round trip", async () => {
    const report = unpackLossReport(await owner().report.loss({ ...JANUARY, storeIds: [t.grantedStoreId] }));
    const titles = report.topProducts.map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(FORMULA_TITLES));
    const csv = reportCsv(report);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""x"")",,USD,10.00,0.00,10.00\r\n`);
    const cells = parseCsv(csv).flat();
    for (const title of FORMULA_TITLES) expect(cells).toContain(`'${title}`);
    // No cell would start a formula: each either starts otherwise or is a plain (negative) number.
    const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
    expect(risky).toEqual([]);
    // The one-table download says the same.
    const top = reportTables(report).find((x) => x.id === "top-products")!;
    expect(parseCsv(tableCsv(top)).slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(FORMULA_TITLES.map((x) => `'${x}`)));
    expect(csvCell(HYPERLINK)).toBe(`"'=HYPERLINK(""http://x"",""x"")"`);
  });
});

describe("the report equals its from-scratch computation here too", () => {
  it("for every member's view of January", async () => {
    for (const user of [t.owner, t.members.client, t.members.viewer]) {
      const membership = (await resolveMembership(db, user.id, t.organizationId))!;
      const viaApi = unpackLossReport(await callerFor(db, user, t.organizationId).report.loss(JANUARY));
      const scratch = await withTenant(db, t.organizationId, (tx) => lossReportFromScratch(tx, t.organizationId, membership, JANUARY));
      expect(viaApi).toEqual(scratch);
    }
  });
});

/** Bugs of drizzle/0012, fixed by drizzle/0014; each written as the behaviour that is right. */
describe("roll-up fixes (drizzle/0014)", () => {
  it("a store's time zone can be changed (the roll-up rebuild may delete the organization's roll-up rows)", async () => {
    // The rebuild runs as recoup_app: it deletes the store's roll-up rows and moves its ledger days.
    const store = await owner().store.create({ name: "Acme Move", slug: "acme-move", currency: "USD", country: "US", timezone: "America/New_York" });
    await expect(
      owner().store.update({ storeId: store.id, name: "Acme Move", slug: "acme-move", currency: "USD", country: "US", timezone: "Asia/Tokyo" }),
    ).resolves.toMatchObject({ id: store.id });
    const [row] = await queryRows<{ timezone: string }>(db, sql`select timezone from stores where id = ${store.id}`);
    expect(row!.timezone).toBe("Asia/Tokyo");
  });

  it("after a time-zone change a refund stays on the same day as its order (money days follow the zone)", async () => {
    const store = await owner().store.create({ name: "Acme Tz", slug: "acme-tz", currency: "USD", country: "US", timezone: "America/New_York" });
    // Placed and refunded at the same instant: 2026-01-31 23:30 in New York, 2026-02-01 13:30 in Tokyo.
    await seedOrder(t.organizationId, {
      storeId: store.id,
      name: "#5001",
      placedAt: "2026-02-01T04:30:00Z",
      currency: "USD",
      lines: [{ title: "Lamp", sku: "LAMP-1", priceMinor: 4000 }],
      refunds: [{ amountMinor: 4000, at: "2026-02-01T04:30:00Z", source: "store" }],
    });
    await owner().store.update({ storeId: store.id, name: "Acme Tz", slug: "acme-tz", currency: "USD", country: "US", timezone: "Asia/Tokyo" });
    const february = unpackLossReport(await owner().report.loss({ from: "2026-02-01", to: "2026-02-28", storeIds: [store.id] }));
    expect(february.totals[0]!.current).toMatchObject({ orders: 1, refundedMinor: 4000 });
  });

  it("an order with only free lines shares a refund once (not to its first line and to '' as well)", async () => {
    const store = await owner().store.create({ name: "Acme Free", slug: "acme-free", currency: "USD", country: "US", timezone: "America/New_York" });
    await seedOrder(t.organizationId, {
      storeId: store.id,
      name: "#6001",
      placedAt: "2026-01-10T15:00:00Z",
      currency: "USD",
      lines: [{ title: "Free gift", priceMinor: 0 }],
      shippingMinor: 800,
      refunds: [{ amountMinor: 800, at: "2026-01-11T15:00:00Z", source: "store" }],
    });
    const report = unpackLossReport(await owner().report.loss({ ...JANUARY, storeIds: [store.id] }));
    expect(report.totals[0]!.current.refundedMinor).toBe(800);
    expect(report.topProducts.reduce((a, p) => a + p.refundedMinor, 0)).toBe(800);
  });

  it("a request's supplier follows a supplier order imported after the case opened, as its refunds and the drill-down do", async () => {
    const store = await owner().store.create({ name: "Acme Late", slug: "acme-late", currency: "USD", country: "US", timezone: "America/New_York" });
    const orderId = await seedOrder(t.organizationId, {
      storeId: store.id,
      name: "#7001",
      placedAt: "2026-01-10T15:00:00Z",
      currency: "USD",
      lines: [{ title: "Lamp", sku: "LAMP-1", priceMinor: 4000 }],
      kase: { reason: "changed_mind", at: "2026-01-10T16:00:00Z", supplierIndex: null },
    });
    // The supplier orders arrive in a later import; the case's refund comes after that.
    await withTenant(db, t.organizationId, async (tx) => {
      await tx.insert(supplierOrders).values({ organizationId: t.organizationId, storeId: store.id, orderId, supplier: "Spocket", supplierOrderNumber: "SP-1", status: "awaiting_shipment", currency: "USD" });
      const [kase] = await tx.select().from(cancellationCases).where(and(eq(cancellationCases.organizationId, t.organizationId), eq(cancellationCases.orderId, orderId)));
      await tx.insert(moneyMovements).values({
        organizationId: t.organizationId,
        storeId: store.id,
        orderId,
        caseId: kase!.id,
        type: "customer_refund",
        source: "recoup",
        amountMinor: 4000,
        currency: "USD",
        occurredAt: new Date("2026-01-12T15:00:00Z"),
      });
    });
    const [money] = await queryRows<{ supplier: string }>(db, sql`select supplier from money_movements where order_id = ${orderId}`);
    expect(money!.supplier).toBe("Spocket");
    const report = unpackLossReport(await owner().report.loss({ ...JANUARY, storeIds: [store.id] }));
    expect(report.bySupplier.map((s) => [s.supplier, s.current.requests, s.current.refundedMinor])).toEqual([["Spocket", 1, 4000]]);
  });
});
