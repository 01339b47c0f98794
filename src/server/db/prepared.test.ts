import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Sql } from "postgres";
import { createTestDatabase, isRealPostgres } from "@/test/db";
import type { Database } from "./client";
import { preparing } from "./prepared";
import { queryRows } from "./rows";

/** A stand-in for postgres.js's `sql`: records what each call received. */
function fakeSql(calls: unknown[][]) {
  const scoped = (name: string) => {
    const target = Object.assign(() => undefined, {
      label: name,
      unsafe: (...args: unknown[]) => (calls.push([name, "unsafe", ...args]), "rows"),
      begin: (...args: unknown[]) => {
        calls.push([name, "begin", ...args.slice(0, -1)]);
        return (args[args.length - 1] as (s: unknown) => unknown)(scoped(`${name}>tx`));
      },
      savepoint: (...args: unknown[]) => {
        calls.push([name, "savepoint", ...args.slice(0, -1)]);
        return (args[args.length - 1] as (s: unknown) => unknown)(scoped(`${name}>sp`));
      },
      options: { parsers: {} },
    });
    return target;
  };
  return scoped("root") as unknown as Sql;
}

describe("preparing", () => {
  it("prepares every statement, whatever options it came with, in transactions and savepoints too", async () => {
    const calls: unknown[][] = [];
    const db = preparing(fakeSql(calls));
    db.unsafe("select $1", [1], { prepare: false });
    db.unsafe("select 1");
    db.unsafe("select 2", { simple: true } as never);
    await db.begin("isolation level serializable", async (tx) => {
      tx.unsafe("select $1", [2]);
      await tx.savepoint(async (sp) => sp.unsafe("select $1", [3], { prepare: false }));
    });
    expect(calls).toEqual([
      ["root", "unsafe", "select $1", [1], { prepare: true }],
      ["root", "unsafe", "select 1", [], { prepare: true }],
      ["root", "unsafe", "select 2", [], { simple: true, prepare: true }],
      ["root", "begin", "isolation level serializable"],
      ["root>tx", "unsafe", "select $1", [2], { prepare: true }],
      ["root>tx", "savepoint"],
      ["root>tx>sp", "unsafe", "select $1", [3], { prepare: true }],
    ]);
    // Everything else is the driver's own.
    expect((db as unknown as { options: unknown }).options).toEqual({ parsers: {} });
  });
});

describe.skipIf(!isRealPostgres())("the app's statements on Postgres", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ max: 1 });
  });
  afterAll(async () => {
    await database.close();
  });

  it("are prepared on their connection, and statements issued together all answer", async () => {
    await database.db.transaction(async (tx) => {
      const answers = await Promise.all([1, 2, 3].map((n) => queryRows<{ n: number }>(tx, sql`select ${n}::int + 0 as n`)));
      expect(answers.map((rows) => rows[0]!.n)).toEqual([1, 2, 3]);
      const prepared = await queryRows<{ statement: string }>(tx, sql`select statement from pg_prepared_statements`);
      expect(prepared.map((p) => p.statement)).toContain("select $1::int + 0 as n");
    });
  });
});
