/**
 * The schema rules the scale-out plan (docs/scaling.md) needs to distribute Recoup by organization
 * on Citus: every tenant table carries organization_id in its primary key, in every unique constraint
 * and on both sides of every foreign key between tenant tables; global tables (reference tables in
 * Citus) never point at tenant tables. Read from the catalog of the migrated database, so a new table
 * or index that breaks a rule fails here, naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db, DbOrTx } from "./client";
import { queryRows } from "./rows";
import { createTestDatabase } from "@/test/db";

/** Shared by every organization: reference tables in Citus (small, replicated to every node). */
const GLOBAL_TABLES = ["login_attempts", "users"];
/** The tenant root: distributed by its own id, co-located with everything distributed by organization_id. */
const ROOT_TABLE = "organizations";

let database: Database;
let db: Db;

interface Catalog {
  tables: { name: string; hasOrg: boolean; orgNotNull: boolean }[];
  keys: { table: string; name: string; columns: string[]; primary: boolean }[];
  foreignKeys: { table: string; name: string; columns: string[]; target: string; targetColumns: string[] }[];
}
let catalog: Catalog;

async function loadCatalog(db: DbOrTx): Promise<Catalog> {
  const tables = (
    await queryRows<{ name: string; has_org: boolean; org_not_null: boolean | null }>(
      db,
      sql`select c.relname as name,
                 a.attname is not null as has_org,
                 a.attnotnull as org_not_null
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          left join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
          where n.nspname = 'public' and c.relkind in ('r', 'p')
          order by 1`,
    )
  ).map((r) => ({ name: r.name, hasOrg: r.has_org, orgNotNull: Boolean(r.org_not_null) }));
  const keys = (
    await queryRows<{ table: string; name: string; columns: string[] | string; primary: boolean }>(
      db,
      sql`select c.relname as table, ic.relname as name, i.indisprimary as primary,
                 array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, ord)
                       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.ord) as columns
          from pg_index i
          join pg_class c on c.oid = i.indrelid
          join pg_class ic on ic.oid = i.indexrelid
          join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and (i.indisunique or i.indisprimary)`,
    )
  ).map((r) => ({ ...r, columns: pgArray(r.columns) }));
  const foreignKeys = (
    await queryRows<{ table: string; name: string; columns: string[] | string; target: string; target_columns: string[] | string }>(
      db,
      sql`select con.conrelid::regclass::text as table, con.conname as name, con.confrelid::regclass::text as target,
                 array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                       join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
                 array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                       join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as target_columns
          from pg_constraint con
          where con.contype = 'f' and con.connamespace = 'public'::regnamespace`,
    )
  ).map((r) => ({ table: r.table, name: r.name, target: r.target, columns: pgArray(r.columns), targetColumns: pgArray(r.target_columns) }));
  return { tables, keys, foreignKeys };
}

/** Every broken rule, as `rule: table.object`. */
function violations({ tables, keys, foreignKeys }: Catalog): string[] {
  const tenant = tables.filter((t) => !GLOBAL_TABLES.includes(t.name) && t.name !== ROOT_TABLE);
  const isTenant = (name: string) => tenant.some((t) => t.name === name);
  const found: string[] = [];
  for (const t of tenant) {
    if (!t.hasOrg || !t.orgNotNull) found.push(`no NOT NULL organization_id: ${t.name}`);
    const pk = keys.find((k) => k.table === t.name && k.primary);
    if (!pk || pk.columns[0] !== "organization_id") found.push(`primary key without leading organization_id: ${t.name}`);
  }
  for (const k of keys) {
    if (isTenant(k.table) && !k.columns.includes("organization_id")) found.push(`unique without organization_id: ${k.table}.${k.name}`);
  }
  for (const fk of foreignKeys) {
    if (isTenant(fk.table) && isTenant(fk.target)) {
      const at = fk.columns.indexOf("organization_id");
      if (at === -1 || fk.targetColumns[at] !== "organization_id") found.push(`foreign key without organization_id on both sides: ${fk.table}.${fk.name}`);
    }
    if (fk.target === ROOT_TABLE && (fk.columns.length !== 1 || fk.columns[0] !== "organization_id" || fk.targetColumns[0] !== "id")) {
      found.push(`foreign key to the root not from organization_id: ${fk.table}.${fk.name}`);
    }
    if (GLOBAL_TABLES.includes(fk.table) && !GLOBAL_TABLES.includes(fk.target)) found.push(`global table points at a tenant table: ${fk.table}.${fk.name}`);
  }
  return found;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  catalog = await loadCatalog(db);
});
afterAll(async () => {
  await database.close();
});

/** postgres-js returns text[] as an array, PGlite sometimes as `{a,b}`. */
function pgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

describe("the schema can be distributed by organization (docs/scaling.md)", () => {
  it("finds the tables it reasons about", () => {
    const names = catalog.tables.map((t) => t.name);
    for (const table of [...GLOBAL_TABLES, ROOT_TABLE, "orders", "money_movements", "audit_events", "report_money_days"]) {
      expect(names).toContain(table);
    }
    expect(catalog.tables.length).toBeGreaterThan(25);
    expect(catalog.foreignKeys.length).toBeGreaterThan(10);
  });

  it("breaks none of the rules: organization_id in every tenant key, unique and foreign key; globals point nowhere", () => {
    expect(violations(catalog)).toEqual([]);
  });

  it("names each kind of violation (a throwaway table built to break every rule, rolled back)", async () => {
    const rollback = new Error("rollback");
    let found: string[] = [];
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`create table scaling_bad_parent (id uuid primary key, organization_id uuid)`);
        await tx.execute(sql`create table scaling_bad_child (
          organization_id uuid not null, id uuid not null, parent_id uuid references scaling_bad_parent (id),
          org uuid references organizations (id), code text, primary key (organization_id, id))`);
        await tx.execute(sql`create unique index scaling_bad_code_key on scaling_bad_child (code)`);
        await tx.execute(sql`alter table users add column scaling_bad_store uuid`);
        await tx.execute(sql`create unique index scaling_stores_id_key on stores (id)`);
        await tx.execute(sql`alter table users add constraint scaling_bad_users_fk foreign key (scaling_bad_store) references stores (id)`);
        found = violations(await loadCatalog(tx));
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(found).toEqual(
      expect.arrayContaining([
        "no NOT NULL organization_id: scaling_bad_parent",
        "primary key without leading organization_id: scaling_bad_parent",
        "unique without organization_id: scaling_bad_child.scaling_bad_code_key",
        "unique without organization_id: stores.scaling_stores_id_key",
        expect.stringMatching(/^foreign key without organization_id on both sides: scaling_bad_child\./),
        expect.stringMatching(/^foreign key to the root not from organization_id: scaling_bad_child\./),
        "global table points at a tenant table: users.scaling_bad_users_fk",
      ]),
    );
    // Rolled back: the real schema is untouched.
    expect(violations(await loadCatalog(db))).toEqual([]);
  });
});
