import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/server/db/client";
import { moneyMovements, orders } from "@/server/db/schema";
import { withTenant } from "@/server/db/tenant";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { reportCsv } from "@/lib/reports/export";
import { reportLoss } from "./report-loss";
import { unpackLossReport } from "@/lib/reports/wire";

let database: Database;
let db: Db;
let t: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Cli");
  // One refunded order per store, on the last evening of January in each store's zone.
  for (const [storeId, currency, placedAt] of [
    [t.grantedStoreId, "USD", "2026-02-01T04:00:00Z"], // 23:00 on January 31 in New York
    [t.otherStoreId, "EUR", "2026-01-31T22:00:00Z"], // 23:00 on January 31 in Berlin
  ] as const) {
    await withTenant(db, t.organizationId, async (tx) => {
      const id = randomUUID();
      await tx.insert(orders).values({
        organizationId: t.organizationId,
        id,
        storeId,
        name: "#1001",
        currency,
        totalMinor: 2500,
        financialStatus: "paid",
        fulfillmentStatus: "unfulfilled",
        placedAt: new Date(placedAt),
        source: "manual",
      });
      await tx.insert(moneyMovements).values({
        organizationId: t.organizationId,
        storeId,
        orderId: id,
        type: "customer_refund",
        source: "store",
        amountMinor: 1000,
        currency,
        externalRef: "store-total:1000",
        occurredAt: new Date(placedAt),
      });
    });
  }
});
afterAll(async () => {
  await database.close();
});

const base = (over: Partial<Parameters<typeof reportLoss>[1]> = {}) => ({ org: t.slug, from: "2026-01-01", to: "2026-01-31", stores: [], format: "json", ...over });

describe("report:loss", () => {
  it("prints the same figures as the app's report, with the store names", async () => {
    const result = await reportLoss(db, base());
    if (!("json" in result)) throw new Error("expected JSON");
    const { json } = result;
    const app = unpackLossReport(await callerFor(db, t.owner, t.organizationId).report.loss({ from: "2026-01-01", to: "2026-01-31" }));
    expect(JSON.parse(JSON.stringify(json))).toEqual({ organization: t.slug, ...JSON.parse(JSON.stringify(app)) });
    expect(app.totals.map((x) => [x.currency, x.current.orders, x.current.refundedMinor])).toEqual([
      ["EUR", 1, 1000],
      ["USD", 1, 1000],
    ]);
    expect(app.stores.map((s) => s.name)).toEqual(["Cli EU", "Cli US"]);
  });

  it("--store repeats or takes a comma list; --format csv prints the page's tables", async () => {
    const one = (await reportLoss(db, base({ stores: [t.grantedStoreId] }))) as { json: { stores: { id: string }[]; totals: { currency: string }[] } };
    expect(one.json.stores.map((s) => s.id)).toEqual([t.grantedStoreId]);
    expect(one.json.totals.map((x) => x.currency)).toEqual(["USD"]);
    const both = (await reportLoss(db, base({ stores: [`${t.grantedStoreId},${t.otherStoreId}`] }))) as { json: { stores: unknown[] } };
    expect(both.json.stores).toHaveLength(2);
    const repeated = (await reportLoss(db, base({ stores: [t.grantedStoreId, t.otherStoreId] }))) as { json: unknown };
    expect(repeated.json).toEqual(both.json);

    const csv = (await reportLoss(db, base({ format: "csv", stores: [t.grantedStoreId] }))) as { csv: string };
    const app = unpackLossReport(await callerFor(db, t.owner, t.organizationId).report.loss({ from: "2026-01-01", to: "2026-01-31", storeIds: [t.grantedStoreId] }));
    expect(csv.csv).toBe(reportCsv(app));
    expect(csv.csv).toContain("USD,Refunded to customers,10.00,0.00\r\n");
  });

  it("refuses an unknown organization or store, bad dates and formats, with a readable message", async () => {
    await expect(reportLoss(db, base({ org: "nobody-here" }))).rejects.toThrow('No organization with the address "nobody-here".');
    const stranger = randomUUID();
    await expect(reportLoss(db, base({ stores: [t.grantedStoreId, stranger] }))).rejects.toThrow(`No store with the id ${stranger} in ${t.slug}.`);
    const elsewhere = await makeTenant(db, "Elsewhere");
    await expect(reportLoss(db, base({ stores: [elsewhere.grantedStoreId] }))).rejects.toThrow(`No store with the id ${elsewhere.grantedStoreId}`);
    await expect(reportLoss(db, base({ stores: ["42"] }))).rejects.toMatchObject({ issues: [{ message: "That store id is not valid." }] });
    await expect(reportLoss(db, base({ from: "2026-02-30" }))).rejects.toMatchObject({
      issues: [{ path: ["from"], message: "The start date must be a real date written YYYY-MM-DD, like 2026-01-31." }],
    });
    await expect(reportLoss(db, base({ from: "2026-02-01" }))).rejects.toMatchObject({ issues: [{ message: "The start date must be on or before the end date." }] });
    await expect(reportLoss(db, base({ format: "xlsx" }))).rejects.toThrow('--format must be json or csv, not "xlsx".');
  });
});
