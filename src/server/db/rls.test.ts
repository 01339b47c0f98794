/**
 * Row-level security is the second wall behind every `where organization_id = …`: inside a tenant
 * transaction (role recoup_app, app.organization_id set) raw SQL sees and writes only that tenant.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "./client";
import { queryRows } from "./rows";
import { APP_ROLE, withTenant } from "./tenant";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { countOf, databaseError } from "@/test/sql";

/** Tables that must exist and be tenant tables; later domains add more, which the catalog checks pick up. */
const CORE_TENANT_TABLES = ["audit_events", "invitations", "memberships", "store_grants", "stores"];
/** Tables deliberately shared by every organization. Anything else in `public` must carry organization_id. */
const GLOBAL_TABLES = ["login_attempts", "users"];

let database: Database;
let db: Db;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  a = await makeTenant(db, "Alpha");
  b = await makeTenant(db, "Bravo");
  // A pending invitation in each, so `invitations` holds rows of both beyond the accepted ones.
  for (const t of [a, b]) {
    await callerFor(db, t.owner, t.organizationId).invitation.create({ email: `pending-${randomUUID()}@example.test`, role: "viewer" });
  }
});
afterAll(async () => {
  await database.close();
});

const tenantRowsOf = (table: string) =>
  table === "organizations" ? sql.raw(`select id as org from organizations`) : sql.raw(`select organization_id as org from ${table}`);

describe("a tenant transaction sees only its own organization", () => {
  it.each([...CORE_TENANT_TABLES, "organizations"])("raw select from %s returns all of A's rows and none of B's", async (table) => {
    const orgColumn = table === "organizations" ? "id" : "organization_id";
    const ofA = await countOf(db, sql.raw(`select count(*)::int as n from ${table} where ${orgColumn} = '${a.organizationId}'`));
    const ofB = await countOf(db, sql.raw(`select count(*)::int as n from ${table} where ${orgColumn} = '${b.organizationId}'`));
    // The privileged connection sees both tenants, so an empty or partial answer below is RLS at work.
    expect(ofA).toBeGreaterThan(0);
    expect(ofB).toBeGreaterThan(0);

    const rows = await withTenant(db, a.organizationId, (tx) => queryRows<{ org: string }>(tx, tenantRowsOf(table)));
    expect(rows).toHaveLength(ofA);
    expect(new Set(rows.map((r) => r.org))).toEqual(new Set([a.organizationId]));
  });

  it("naming B's organization in the query finds nothing", async () => {
    const rows = await withTenant(db, a.organizationId, (tx) =>
      queryRows(tx, sql`select id from stores where organization_id = ${b.organizationId} or id = ${b.grantedStoreId}`),
    );
    expect(rows).toEqual([]);
  });

  it("the application role with no organization set sees no rows at all", async () => {
    const counts = await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      return Promise.all(
        [...CORE_TENANT_TABLES, "organizations"].map((t) => countOf(tx, sql.raw(`select count(*)::int as n from ${t}`))),
      );
    });
    expect(counts.every((n) => n === 0)).toBe(true);
  });

  it("the application role cannot read password hashes", async () => {
    const error = await databaseError(
      withTenant(db, a.organizationId, (tx) => tx.execute(sql`select password_hash from users limit 1`)),
    );
    expect(error.code).toBe("42501");
    expect(error.message).toMatch(/permission denied/);
  });

  it("the application role is not a superuser and cannot bypass row-level security", async () => {
    const [role] = await queryRows<{ rolsuper: boolean; rolbypassrls: boolean }>(
      db,
      sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${APP_ROLE}`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });
});

describe("a tenant transaction cannot write into another organization", () => {
  const inserts: Record<string, (b: TenantFixture, a: TenantFixture) => ReturnType<typeof sql>> = {
    stores: (b) =>
      sql`insert into stores (organization_id, name, slug, currency, country, timezone, webhook_secret, supplier_terms)
          values (${b.organizationId}, 'Planted', 'planted-store', 'USD', 'US', 'UTC', 'whsec_x', '{}'::jsonb)`,
    memberships: (b, a) =>
      sql`insert into memberships (organization_id, user_id, role) values (${b.organizationId}, ${a.members.agent.id}, 'owner')`,
    store_grants: (b) =>
      sql`insert into store_grants (organization_id, user_id, store_id) values (${b.organizationId}, ${b.members.viewer.id}, ${b.otherStoreId})`,
    invitations: (b, a) =>
      sql`insert into invitations (organization_id, email, role, token_hash, expires_at, invited_by)
          values (${b.organizationId}, 'planted@example.test', 'owner', 'planted', now() + interval '1 day', ${a.owner.id})`,
    audit_events: (b) =>
      sql`insert into audit_events (organization_id, seq, actor_type, actor_label, action, entity_type, entity_id, created_at, prev_hash, hash)
          values (${b.organizationId}, 999999, 'system', 'x', 'store.created', 'store', 'x', now(), 'x', 'x')`,
    organizations: () =>
      sql`insert into organizations (id, slug, name, kind) values (${randomUUID()}, 'planted-org', 'Planted', 'agency')`,
  };

  it.each(Object.keys(inserts))("an insert into %s with B's organization_id fails with a row-level security error", async (table) => {
    const before = await countOf(db, sql.raw(`select count(*)::int as n from ${table}`));
    const error = await databaseError(withTenant(db, a.organizationId, (tx) => tx.execute(inserts[table]!(b, a))));
    expect(error.code).toBe("42501");
    expect(error.message).toMatch(/row-level security/);
    expect(await countOf(db, sql.raw(`select count(*)::int as n from ${table}`))).toBe(before);
  });

  it("moving one's own row into B fails with a row-level security error", async () => {
    const error = await databaseError(
      withTenant(db, a.organizationId, (tx) =>
        tx.execute(sql`update stores set organization_id = ${b.organizationId} where id = ${a.otherStoreId}`),
      ),
    );
    expect(error.code).toBe("42501");
    expect(error.message).toMatch(/row-level security/);
  });

  it("updates and deletes aimed at B's rows touch nothing", async () => {
    const snapshot = () =>
      queryRows(db, sql`select id, name, archived_at from stores where organization_id = ${b.organizationId} order by id`);
    const before = await snapshot();
    await withTenant(db, a.organizationId, async (tx) => {
      await tx.execute(sql`update stores set name = 'Hijacked' where organization_id = ${b.organizationId}`);
      await tx.execute(sql`delete from store_grants where organization_id = ${b.organizationId}`);
      await tx.execute(sql`delete from memberships where organization_id = ${b.organizationId}`);
    });
    expect(await snapshot()).toEqual(before);
    expect(await countOf(db, sql`select count(*)::int as n from memberships where organization_id = ${b.organizationId}`)).toBe(5);
    expect(await countOf(db, sql`select count(*)::int as n from store_grants where organization_id = ${b.organizationId}`)).toBe(1);
  });
});

describe("the catalog: every tenant table is protected", () => {
  interface Policy {
    cmd: string;
    using: string | null;
    check: string | null;
  }
  interface TableRow extends Record<string, unknown> {
    table: string;
    rls: boolean;
    forced: boolean;
    policies: Policy[] | string | null;
  }

  async function tenantTables(): Promise<TableRow[]> {
    return queryRows<TableRow>(
      db,
      sql`select c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as forced,
            (select json_agg(json_build_object('cmd', p.polcmd, 'using', pg_get_expr(p.polqual, p.polrelid),
                                               'check', pg_get_expr(p.polwithcheck, p.polrelid)))
               from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and (c.relname = 'organizations'
                 or exists (select 1 from pg_attribute at
                            where at.attrelid = c.oid and at.attname = 'organization_id' and not at.attisdropped))
          order by 1`,
    );
  }

  it("every table with an organization_id column, and organizations, forces RLS with a tenant policy", async () => {
    const tables = await tenantTables();
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining([...CORE_TENANT_TABLES, "organizations"]));
    const unprotected = tables
      .filter((t) => {
        const policies: Policy[] = (typeof t.policies === "string" ? JSON.parse(t.policies) : t.policies) ?? [];
        const rule = t.table === "organizations" ? "(id = recoup_current_org())" : "(organization_id = recoup_current_org())";
        // Permissive policies are OR-ed together, so every one of them must be the tenant rule.
        const scoped =
          policies.some((p) => p.cmd === "*") && policies.every((p) => p.using === rule && (p.cmd === "r" || p.check === rule));
        return !(t.rls && t.forced && scoped);
      })
      .map((t) => t.table);
    expect(unprotected).toEqual([]);
  });

  it("every other table in the public schema is a declared global table", async () => {
    const all = await queryRows<{ table: string }>(
      db,
      sql`select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    );
    const tenant = new Set((await tenantTables()).map((t) => t.table));
    expect(all.map((t) => t.table).filter((t) => !tenant.has(t))).toEqual(GLOBAL_TABLES);
  });

  it("every tenant table's primary key, unique constraints and unique indexes lead with organization_id", async () => {
    const keys = await queryRows<{ table: string; name: string; kind: string; first: string | null }>(
      db,
      sql`select c.relname as "table", i.relname as name,
                 case when con.contype = 'p' then 'primary key' when con.contype = 'u' then 'unique' else 'unique index' end as kind,
                 (select at.attname from pg_attribute at where at.attrelid = c.oid and at.attnum = x.indkey[0]) as first
          from pg_index x
          join pg_class c on c.oid = x.indrelid
          join pg_class i on i.oid = x.indexrelid
          join pg_namespace n on n.oid = c.relnamespace
          left join pg_constraint con on con.conindid = x.indexrelid and con.contype in ('p', 'u')
          where n.nspname = 'public' and x.indisunique and c.relname <> 'organizations'
            and exists (select 1 from pg_attribute at
                        where at.attrelid = c.oid and at.attname = 'organization_id' and not at.attisdropped)
          order by 1, 2`,
    );
    // The query really reads the keys: known ones are there, and every tenant table has a primary key.
    expect(keys.map((k) => k.name)).toEqual(expect.arrayContaining(["stores_org_slug_key", "audit_events_org_seq_key"]));
    const withPrimaryKey = new Set(keys.filter((k) => k.kind === "primary key").map((k) => k.table));
    const tenant = (await tenantTables()).map((t) => t.table).filter((t) => t !== "organizations");
    expect(tenant.filter((t) => !withPrimaryKey.has(t))).toEqual([]);

    const offenders = keys.filter((k) => k.first !== "organization_id").map((k) => `${k.table}.${k.name} (${k.kind})`);
    expect(offenders).toEqual([]);
  });
});
