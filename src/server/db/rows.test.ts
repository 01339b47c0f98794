import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { createTestDatabase } from "@/test/db";
import { pgArray, queryRows } from "./rows";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("pgArray", () => {
  it("any texts reach Postgres as the same array (quotes, backslashes, commas, braces, spaces, NULL-like words)", async () => {
    const text = fc.string({ maxLength: 12 }).map((s) => s.replace(/\0/g, ""));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 6 }), async (values) => {
        const [row] = await queryRows<{ a: string[] }>(database.db, sql`select ${pgArray(values)}::text[] as a`);
        expect(row!.a).toEqual(values);
      }),
      { numRuns: 100 },
    );
  });

  it("dates, integers and uuids too", async () => {
    const [row] = await queryRows<{ d: string; n: number; u: number }>(
      database.db,
      sql`select array_to_string(${pgArray(["2026-01-01", "2026-12-31"])}::date[], ',') as d,
                 (select sum(x) from unnest(${pgArray([1, -1, 5])}::int[]) x)::int as n,
                 cardinality(${pgArray(["00000000-0000-0000-0000-000000000001"])}::uuid[]) as u`,
    );
    expect(row).toEqual({ d: "2026-01-01,2026-12-31", n: 5, u: 1 });
  });
});
