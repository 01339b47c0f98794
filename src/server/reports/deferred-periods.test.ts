/**
 * An import keeps its period-model changes aside and adds them up at its end (drizzle/0019,
 * withDeferredPeriods): the models come out exactly as a rebuild from the base tables says, and, on
 * Postgres, an import still running holds no organization-wide roll-up row, so an import into another
 * store of the organization (same currency, same days) goes through instead of waiting for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { queryRows } from "@/server/db/rows";
import { createTestDatabase, isRealPostgres } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { fixtureCsv, importFixtures, SHOPIFY_EXPORT } from "@/test/cases";
import { upsertOrders } from "@/server/orders/upsert";
import { parseShopifyExportAll } from "@/server/imports/shopify-csv";
import { toOrderInput } from "@/server/imports/jobs";
import { withDeferredPeriods } from "./deferred-periods";

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase({ max: 6 });
  db = database.db;
});
afterAll(async () => {
  await database.close();
});

const MODELS = ["report_store_periods", "report_dim_periods", "report_org_periods", "report_product_periods"] as const;

/** Every non-zero row of the period models of an organization, as sorted JSON text. */
async function models(organizationId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of MODELS) {
    const rows = await queryRows<{ r: string }>(
      db,
      sql`select (to_jsonb(m) - 'organization_id')::text as r from ${sql.raw(table)} m where organization_id = ${organizationId}::uuid`,
    );
    out[table] = rows
      .map((x) => x.r)
      .filter((r) => Object.entries(JSON.parse(r) as Record<string, unknown>).some(([k, v]) => typeof v === "number" && v !== 0 && k !== "grain"))
      .sort();
  }
  return out;
}

describe("an import's period-model changes, added at its end", () => {
  let t: TenantFixture;
  beforeAll(async () => {
    t = await makeTenant(db, "Deferred");
  });

  it("leave the models exactly as a rebuild from the base tables", async () => {
    await importFixtures(db, t.organizationId, t.storeIds[0]!);
    const kept = await models(t.organizationId);
    for (const table of MODELS) expect(kept[table]!.length, table).toBeGreaterThan(0);
    await db.execute(sql`select recoup_rebuild_report_rollups(${t.organizationId}::uuid)`);
    expect(await models(t.organizationId)).toEqual(kept);
  });

  it("are nothing when nothing was kept aside, and the setting ends with the transaction", async () => {
    const [row] = await withTenant(db, t.organizationId, async (tx) => {
      await withDeferredPeriods(tx, t.organizationId, async () => null);
      return queryRows<{ v: string | null }>(tx, sql`select current_setting('recoup.defer_periods', true) as v`);
    });
    expect(row!.v).toBe("off");
    const [after] = await queryRows<{ v: string | null }>(db, sql`select current_setting('recoup.defer_periods', true) as v`);
    expect(after!.v ?? "").not.toBe("on");
  });
});

describe.skipIf(!isRealPostgres())("an import in progress (Postgres)", () => {
  let t: TenantFixture;
  beforeAll(async () => {
    t = await makeTenant(db, "Concurrent");
  });

  async function waitingOnLocks(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    return Number(row!.n);
  }

  /**
   * Store 1 imports the fixture while a transaction of store 0 holds an order of the same file (same
   * currency, same day) written `deferred` or not; true when store 1's import waited on a lock.
   */
  async function otherStoreWaits(deferred: boolean, storeOfOther: string): Promise<boolean> {
    const parsed = await parseShopifyExportAll(fixtureCsv(SHOPIFY_EXPORT));
    const first = toOrderInput(parsed.orders[0]!);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const holding = new Promise<void>((resolve) => (written = resolve));
    const scope = { organizationId: t.organizationId, storeId: t.storeIds[0]! };
    const open = withTenant(db, t.organizationId, async (tx) => {
      const write = async () => {
        await upsertOrders(tx, scope, [{ ...first, name: `${first.name}-${deferred ? "d" : "n"}` }], "import");
        written();
        await gate;
      };
      if (deferred) await withDeferredPeriods(tx, t.organizationId, write);
      else await write();
    });
    await holding;
    const other = importFixtures(db, t.organizationId, storeOfOther, { supplier: false });
    let waited = false;
    const deadline = Date.now() + 3_000;
    let done = false;
    void other.finally(() => (done = true));
    while (!done && Date.now() < deadline) {
      if ((await waitingOnLocks()) > 0) {
        waited = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    release();
    await open;
    await other;
    return waited;
  }

  it("holds no organization-wide row: an import into another store goes through", async () => {
    // The control: written row by row, the open transaction holds the organization's rows and the
    // other store's import waits for it (what every import did before drizzle/0019).
    expect(await otherStoreWaits(false, t.storeIds[1]!)).toBe(true);
    const fresh = await makeTenant(db, "Concurrent2");
    t = fresh;
    expect(await otherStoreWaits(true, t.storeIds[1]!)).toBe(false);
    // And what both wrote adds up as a rebuild says.
    const kept = await models(t.organizationId);
    await db.execute(sql`select recoup_rebuild_report_rollups(${t.organizationId}::uuid)`);
    expect(await models(t.organizationId)).toEqual(kept);
  });
});
