import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db/client";
import { createTestDatabase } from "@/test/db";
import { makeTenant } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { verifyAuditChain } from "@/server/audit/record";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("tenant fixture", () => {
  it("builds an organization with every role through the real procedures", async () => {
    const t = await makeTenant(database.db);
    const stores = await callerFor(database.db, t.members.client, t.organizationId).store.list();
    expect(stores.map((s) => s.id)).toEqual([t.grantedStoreId]);
    const all = await callerFor(database.db, t.members.viewer, t.organizationId).store.list();
    expect(all).toHaveLength(2);
    const verify = await verifyAuditChain(database.db, t.organizationId);
    expect(verify).toMatchObject({ ok: true, checked: 1 + 2 + 4 * 2 });
  });
});
