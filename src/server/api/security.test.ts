/**
 * The security matrix, generated from the router: every procedure of `appRouter` must have a case
 * below saying how it is called against another tenant, and which permission guards it. A new
 * procedure without a case fails the suite until someone decides what "cross-tenant" means for it.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { appRouter } from "./root";
import type { Database, Db } from "../db/client";
import { queryRows } from "../db/rows";
import { withTenant } from "../db/tenant";
import { resolveMembership } from "../tenancy/membership";
import { createImportJob, importFile } from "../imports/jobs";
import { createTestDatabase } from "@/test/db";
import { makeTenant, makeUser, type TenantFixture } from "@/test/fixtures";
import { callerFor, type TestUser } from "@/test/caller";
import { can, ROLES, type Permission } from "@/lib/roles";

/** Who may reach the procedure at all: anyone, any signed-in user, or a member of an organization. */
type Access = "public" | "signed-in" | "member";

interface World {
  a: TenantFixture;
  b: TenantFixture;
  /** A pending invitation of organization A. */
  aInvitationId: string;
  /** An order of A (in its granted store) and an import job of A, waiting to be started. */
  aOrderId: string;
  aImportJobId: string;
}

type CrossTenant =
  /** The call names something of A's: it must answer exactly as for something that does not exist. */
  | { expect: "NOT_FOUND"; inputs: (w: World) => unknown[] }
  /** The call names nothing of A's (or only as a filter): it must succeed with nothing of A's in it. */
  | { expect: "NO_LEAK"; inputs: (w: World) => unknown[] };

interface SecurityCase {
  access: Access;
  /** The permission (SPEC §8) a member needs; absent means any member of the organization. */
  permission?: Permission;
  /** A valid input aimed at organization A, used by A's own members (role denials). */
  input: (w: World) => unknown;
  crossTenant: CrossTenant;
  /** Why a procedure outside the organization ladder is open to whoever may call it. */
  note?: string;
}

let unique = 0;
const next = () => `${++unique}-${randomUUID().slice(0, 6)}`;
const freshEmail = () => `someone-${next()}@example.test`;
const freshSlug = () => `bravo-extra-${next()}`;
const storeBody = (slug: string) => ({ name: "Another store", slug, currency: "USD", country: "US", timezone: "America/New_York" });
const aStoreIds = (w: World) => [w.a.grantedStoreId, w.a.otherStoreId];
const aMemberIds = (w: World) => Object.values(w.a.members).map((u) => u.id);
const supplierOrderBody = (orderId: string) => ({
  orderId,
  supplier: "AliExpress",
  supplierOrderNumber: `SO-${next()}`,
  status: "awaiting_shipment",
  costMinor: 1234,
  currency: "USD",
  paidAt: null,
  shippedAt: null,
  carrier: null,
  trackingNumber: null,
});
const ordersCsv = () => readFileSync(path.join(import.meta.dirname, "../imports/fixtures/shopify-orders-export.csv"), "utf8");

const CASES: Record<string, SecurityCase> = {
  "auth.signUp": {
    access: "public",
    note: "Sign-up is public and belongs to no organization; the caller gets back only the account it created.",
    input: () => ({ name: "New person", email: freshEmail(), password: "a long unusual passphrase 42" }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ name: "New person", email: freshEmail(), password: "a long unusual passphrase 42" }] },
  },
  "organization.mine": {
    access: "signed-in",
    note: "Organization-less by design (it feeds the switcher): it lists the caller's own memberships only.",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "organization.current": {
    access: "member",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "organization.create": {
    access: "signed-in",
    note: "Any signed-in user may start an organization of their own; it grants nothing in any other one.",
    input: () => ({ name: `Side project ${next()}`, kind: "merchant" }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ name: `Side project ${next()}`, kind: "merchant" }] },
  },
  "organization.update": {
    access: "member",
    permission: "members:manage",
    input: () => ({ name: "Alpha", reportingCurrency: "USD" }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ name: "Bravo", reportingCurrency: "EUR" }] },
  },
  "organization.transferOwnership": {
    access: "member",
    permission: "organization:transfer",
    input: (w) => ({ userId: w.a.members.agent.id }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aMemberIds(w).map((userId) => ({ userId })) },
  },
  "store.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({ includeArchived: true }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined, { includeArchived: true }] },
  },
  "store.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.create": {
    access: "member",
    permission: "stores:manage",
    input: () => storeBody(`alpha-extra-${next()}`),
    crossTenant: { expect: "NO_LEAK", inputs: () => [storeBody(freshSlug())] },
  },
  "store.update": {
    access: "member",
    permission: "stores:manage",
    input: (w) => ({ storeId: w.a.grantedStoreId, ...storeBody("alpha-us") }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId, ...storeBody(freshSlug()) })) },
  },
  "store.archive": {
    access: "member",
    permission: "stores:manage",
    input: (w) => ({ storeId: w.a.otherStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.restore": {
    access: "member",
    permission: "stores:manage",
    input: (w) => ({ storeId: w.a.otherStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.webhookSecret": {
    access: "member",
    permission: "secrets:manage",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.rotateWebhookSecret": {
    access: "member",
    permission: "secrets:manage",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "member.list": {
    access: "member",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "member.changeRole": {
    access: "member",
    permission: "members:manage",
    input: (w) => ({ userId: w.a.members.agent.id, role: "viewer" }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        ...aMemberIds(w).map((userId) => ({ userId, role: "viewer" })),
        // B's own member, but granted one of A's stores.
        { userId: w.b.members.agent.id, role: "client", storeIds: [w.a.grantedStoreId] },
      ],
    },
  },
  "member.remove": {
    access: "member",
    permission: "members:manage",
    input: (w) => ({ userId: w.a.members.agent.id }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aMemberIds(w).map((userId) => ({ userId })) },
  },
  "invitation.list": {
    access: "member",
    permission: "members:manage",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "invitation.create": {
    access: "member",
    permission: "members:manage",
    input: () => ({ email: freshEmail(), role: "agent" }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { email: freshEmail(), role: "client", storeIds: [w.a.grantedStoreId] },
        { email: freshEmail(), role: "client", storeIds: [w.b.grantedStoreId, w.a.otherStoreId] },
      ],
    },
  },
  "invitation.revoke": {
    access: "member",
    permission: "members:manage",
    input: (w) => ({ invitationId: w.aInvitationId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ invitationId: w.aInvitationId }] },
  },
  "invitation.preview": {
    access: "public",
    note: "Public: the secret token in the link is the only key to an invitation; its id opens nothing.",
    input: (w) => ({ token: w.aInvitationId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ token: w.aInvitationId }, { token: "x".repeat(43) }] },
  },
  "invitation.accept": {
    access: "signed-in",
    note: "Any signed-in user may accept an invitation addressed to them; only the link's token names one.",
    input: (w) => ({ token: w.aInvitationId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ token: w.aInvitationId }] },
  },
  "audit.list": {
    access: "member",
    permission: "audit:read",
    input: () => ({}),
    crossTenant: {
      expect: "NO_LEAK",
      inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { entityId: w.a.organizationId }, { actor: w.a.owner.id }],
    },
  },
  "audit.actions": {
    access: "member",
    permission: "audit:read",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "audit.verify": {
    access: "member",
    permission: "members:manage",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "order.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: {
      expect: "NO_LEAK",
      inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { orderIds: [w.aOrderId] }, { q: "#1001" }],
    },
  },
  "order.count": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: { expect: "NO_LEAK", inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { orderIds: [w.aOrderId] }] },
  },
  "order.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ orderId: w.aOrderId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ orderId: w.aOrderId }] },
  },
  "order.saveSupplierOrder": {
    access: "member",
    permission: "cases:work",
    input: (w) => supplierOrderBody(w.aOrderId),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [supplierOrderBody(w.aOrderId)] },
  },
  "import.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ jobId: w.aImportJobId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ jobId: w.aImportJobId }] },
  },
  "import.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: { expect: "NO_LEAK", inputs: (w) => [{}, { storeId: w.a.grantedStoreId }] },
  },
  "import.start": {
    access: "member",
    permission: "imports:run",
    input: (w) => ({ jobId: w.aImportJobId, skipBadRows: false }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ jobId: w.aImportJobId, skipBadRows: true }] },
  },
  "import.discard": {
    access: "member",
    permission: "imports:run",
    input: (w) => ({ jobId: w.aImportJobId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ jobId: w.aImportJobId }] },
  },
};

// The router, flattened by tRPC into `path → procedure`.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const PATHS = Object.keys(procedures).sort();
const MUTATIONS = PATHS.filter((p) => procedures[p]!._def.type === "mutation");
const caseOf = (path: string): SecurityCase => {
  const c = CASES[path];
  if (!c) throw new Error(`${path} has no entry in CASES: say how it is called cross-tenant and what guards it.`);
  return c;
};

type Caller = ReturnType<typeof callerFor>;
function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let node: unknown = caller;
  for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
  return (node as (input: unknown) => Promise<unknown>)(input);
}

let database: Database;
let db: Db;
let w: World;
/** Strings that only A's data contains: ids, emails, names and slugs (quoted, as they appear in JSON). */
let aMarkers: string[];
let aSnapshot: string;

function leaksOfA(result: unknown): string[] {
  const json = JSON.stringify(result) ?? "";
  return aMarkers.filter((m) => json.includes(m));
}

/** Every row organization A holds, in every tenant table, as the privileged connection reads it. */
async function snapshotOf(organizationId: string): Promise<string> {
  const tables = await queryRows<{ table: string }>(
    db,
    sql`select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute at on at.attrelid = c.oid and at.attname = 'organization_id' and not at.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["stores", "memberships", "audit_events"]));
  const parts: Record<string, string[]> = {
    organizations: (await queryRows(db, sql`select to_jsonb(o) as row from organizations o where id = ${organizationId}`)).map((r) =>
      JSON.stringify(r.row),
    ),
  };
  for (const { table } of tables) {
    const rows = await queryRows(db, sql`select to_jsonb(x) as row from ${sql.identifier(table)} x where organization_id = ${organizationId}`);
    parts[table] = rows.map((r) => JSON.stringify(r.row)).sort();
  }
  return JSON.stringify(parts);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const a = await makeTenant(db, "Alpha");
  const b = await makeTenant(db, "Bravo");
  const inviteeEmail = freshEmail();
  const invitation = await callerFor(db, a.owner, a.organizationId).invitation.create({ email: inviteeEmail, role: "agent" });
  const scope = { organizationId: a.organizationId, storeId: a.grantedStoreId };
  await importFile(db, scope, "shopify_orders", "orders.csv", ordersCsv(), { skipBadRows: false, actor: { type: "system" } });
  const orderIds = (await queryRows<{ id: string }>(db, sql`select id from orders where organization_id = ${a.organizationId}`)).map((r) => r.id);
  const membership = await resolveMembership(db, a.owner.id, a.organizationId);
  const job = await withTenant(db, a.organizationId, (tx) =>
    createImportJob(tx, scope, membership!, { kind: "shopify_orders", fileName: "again.csv", content: ordersCsv(), userId: a.owner.id }),
  );
  w = { a, b, aInvitationId: invitation.id, aOrderId: orderIds[0]!, aImportJobId: job.jobId };
  aMarkers = [
    a.organizationId,
    ...a.storeIds,
    ...orderIds,
    job.jobId,
    invitation.id,
    inviteeEmail,
    ...Object.values(a.members).flatMap((u) => [u.id, u.email]),
    ...["Alpha", "Alpha US", "Alpha EU", a.slug, "alpha-us", "alpha-eu"].map((s) => JSON.stringify(s)),
  ];
  aSnapshot = await snapshotOf(a.organizationId);
});
afterAll(async () => {
  await database.close();
});

describe("the matrix covers the router", () => {
  it("every procedure of appRouter has a cross-tenant case", () => {
    expect(PATHS.length).toBeGreaterThan(20);
    expect(PATHS.filter((p) => !CASES[p])).toEqual([]);
  });

  it("every case names a procedure that still exists", () => {
    expect(Object.keys(CASES).filter((p) => !procedures[p])).toEqual([]);
  });

  it("every organization mutation is guarded by a permission a viewer lacks", () => {
    const unguarded = MUTATIONS.filter((p) => {
      const c = caseOf(p);
      if (c.access !== "member") return !c.note;
      return !c.permission || can("viewer", c.permission);
    });
    expect(unguarded).toEqual([]);
  });

  it("the leak detector finds A's data in A's own answers", async () => {
    const asOwner = callerFor(db, w.a.owner, w.a.organizationId);
    for (const procedure of ["organization.current", "store.list", "member.list", "invitation.list", "audit.list", "order.list", "import.list"]) {
      const result = await call(asOwner, procedure, caseOf(procedure).input(w));
      expect(leaksOfA(result), procedure).not.toEqual([]);
    }
  });
});

describe("(a) another tenant's ids answer as if they did not exist", () => {
  it.each(PATHS)("%s, called by B's owner with A's ids", async (path) => {
    const c = caseOf(path);
    const asBOwner = callerFor(db, w.b.owner, w.b.organizationId);
    const inputs = c.crossTenant.inputs(w);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      if (c.crossTenant.expect === "NOT_FOUND") {
        await expect(call(asBOwner, path, input), JSON.stringify(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
      } else {
        const result = await call(asBOwner, path, input);
        expect(leaksOfA(result), JSON.stringify(input)).toEqual([]);
      }
    }
  });

  it("a session that claims organization A still acts in the caller's own organization", async () => {
    const forged = callerFor(db, w.b.owner, w.a.organizationId);
    await expect(forged.organization.current()).resolves.toMatchObject({ id: w.b.organizationId });
    await expect(forged.store.get({ storeId: w.a.grantedStoreId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(leaksOfA(await forged.store.list({ includeArchived: true }))).toEqual([]);
  });
});

describe("(b) a viewer is refused every mutation, and told which permission it lacks", () => {
  it.each(MUTATIONS)("%s", async (path) => {
    const c = caseOf(path);
    if (c.access !== "member") {
      // Outside the organization ladder: documented in the case, checked by "is guarded" above.
      expect(c.note).toBeTruthy();
      return;
    }
    const asViewer = callerFor(db, w.a.members.viewer, w.a.organizationId);
    await expect(call(asViewer, path, c.input(w))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining(`"${c.permission}"`),
    });
  });

  const denials = PATHS.flatMap((path) => {
    const permission = CASES[path]?.permission;
    return permission ? ROLES.filter((role) => !can(role, permission)).map((role) => [path, role] as const) : [];
  });
  it.each(denials)("%s is refused to the %s role (SPEC §8)", async (path, role) => {
    const c = caseOf(path);
    await expect(call(callerFor(db, w.a.members[role], w.a.organizationId), path, c.input(w))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining(`"${c.permission}"`),
    });
  });
});

describe("(d) a guest", () => {
  it.each(PATHS)("%s", async (path) => {
    const c = caseOf(path);
    const guest = callerFor(db, null);
    if (c.access !== "public") {
      await expect(call(guest, path, c.input(w))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      return;
    }
    // A public procedure answers a guest exactly as it answers another tenant.
    for (const input of c.crossTenant.inputs(w)) {
      if (c.crossTenant.expect === "NOT_FOUND") {
        await expect(call(guest, path, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
      } else {
        expect(leaksOfA(await call(guest, path, input))).toEqual([]);
      }
    }
  });
});

describe("a signed-in user who belongs to no organization", () => {
  let loner: TestUser;
  beforeAll(async () => {
    loner = await makeUser(db, "loner");
  });
  it.each(PATHS.filter((p) => CASES[p]?.access === "member"))("%s asks them to create or join one", async (path) => {
    // The session even names organization A: membership, not the session, decides.
    await expect(call(callerFor(db, loner, w.a.organizationId), path, caseOf(path).input(w))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });
});

describe("refused calls leave no trace", () => {
  it("nothing of organization A changed through cross-tenant, refused or guest calls", async () => {
    expect(await snapshotOf(w.a.organizationId)).toEqual(aSnapshot);
  });
});

describe("(c) a client sees only the stores granted to it", () => {
  let c: TenantFixture;
  let asClient: Caller;
  /** Orders and an import job of the store the client may not see. */
  let hiddenOrderIds: string[];
  let hiddenJobId: string;
  beforeAll(async () => {
    c = await makeTenant(db, "Charlie");
    asClient = callerFor(db, c.members.client, c.organizationId);
    const scope = { organizationId: c.organizationId, storeId: c.otherStoreId };
    await importFile(db, scope, "shopify_orders", "orders.csv", ordersCsv(), { skipBadRows: false, actor: { type: "system" } });
    hiddenOrderIds = (
      await queryRows<{ id: string }>(db, sql`select id from orders where organization_id = ${c.organizationId} and store_id = ${c.otherStoreId}`)
    ).map((r) => r.id);
    const membership = await resolveMembership(db, c.owner.id, c.organizationId);
    const job = await withTenant(db, c.organizationId, (tx) =>
      createImportJob(tx, scope, membership!, { kind: "shopify_orders", fileName: "again.csv", content: ordersCsv(), userId: c.owner.id }),
    );
    hiddenJobId = job.jobId;
  });

  it("store.list returns the granted store only, archived ones included", async () => {
    expect((await asClient.store.list()).map((s) => s.id)).toEqual([c.grantedStoreId]);
    expect((await asClient.store.list({ includeArchived: true })).map((s) => s.id)).toEqual([c.grantedStoreId]);
    expect(await asClient.organization.current()).toMatchObject({ storeIds: [c.grantedStoreId] });
  });

  it("store.get of a store not granted answers exactly like a store that does not exist", async () => {
    await expect(asClient.store.get({ storeId: c.grantedStoreId })).resolves.toMatchObject({ id: c.grantedStoreId });
    const hidden = await asClient.store.get({ storeId: c.otherStoreId }).catch((e: unknown) => e);
    const missing = await asClient.store.get({ storeId: randomUUID() }).catch((e: unknown) => e);
    expect(hidden).toMatchObject({ code: "NOT_FOUND" });
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect((hidden as Error).message).toBe((missing as Error).message);
  });

  it("audit.list shows only events of the granted store", async () => {
    const owners = await callerFor(db, c.owner, c.organizationId).audit.list({ limit: 100 });
    // The log does hold events the client must not see: the other store's and organization-wide ones.
    expect(owners.items.some((e) => e.storeId === c.otherStoreId)).toBe(true);
    expect(owners.items.some((e) => e.storeId === null)).toBe(true);

    const mine = await asClient.audit.list({ limit: 100 });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.storeId === c.grantedStoreId)).toBe(true);
    expect((await asClient.audit.list({ storeId: c.otherStoreId })).items).toEqual([]);
    expect((await asClient.audit.list({ entityId: c.otherStoreId })).items).toEqual([]);
  });

  it("orders and imports of a store not granted are invisible", async () => {
    const hidden = [...hiddenOrderIds, hiddenJobId];
    const found = (result: unknown) => hidden.filter((id) => JSON.stringify(result).includes(id));
    const asOwner = callerFor(db, c.owner, c.organizationId);
    // The owner does see them, so the client's empty answers below are the grant at work.
    expect(found(await asOwner.order.list({}))).not.toEqual([]);
    expect(found(await asOwner.import.list({}))).toEqual([hiddenJobId]);

    expect(hiddenOrderIds.length).toBeGreaterThan(0);
    expect(found(await asClient.order.list({}))).toEqual([]);
    expect(found(await asClient.order.list({ storeId: c.otherStoreId, orderIds: hiddenOrderIds }))).toEqual([]);
    expect(found(await asClient.import.list({}))).toEqual([]);
    expect(found(await asClient.import.list({ storeId: c.otherStoreId }))).toEqual([]);
    await expect(asClient.order.get({ orderId: hiddenOrderIds[0]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asClient.import.get({ jobId: hiddenJobId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("member.list does not reveal stores outside the client's grants", async () => {
    // A second client, granted only the store the first one may not see.
    const other = await makeUser(db, "charlie-client2");
    const invite = await callerFor(db, c.owner, c.organizationId).invitation.create({
      email: other.email,
      role: "client",
      storeIds: [c.otherStoreId],
    });
    await callerFor(db, other).invitation.accept({ token: invite.link.split("/invite/")[1]! });

    const members = await asClient.member.list();
    expect(members.map((m) => m.userId)).toContain(other.id);
    expect(JSON.stringify(members)).not.toContain(c.otherStoreId);
  });
});
