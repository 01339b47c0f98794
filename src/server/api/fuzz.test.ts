/**
 * Every procedure of the router, fuzzed over HTTP (the real fetch adapter, superjson, the error
 * formatter): random values, valid inputs with one part broken, and inputs generated from the
 * procedure's own Zod schema, all as the owner. The rule (STYLE.md: nothing a user can cause is a
 * 500): the answer is a success or a 4xx whose message a person can read — never a 500, a stack or
 * a database error. Mutations that succeed change the fuzzed organization; that is fine.
 *
 * Each procedure needs a valid example below; a procedure added to the router without one fails the
 * suite. Seeds are fixed per procedure (FUZZ_SEED overrides, FUZZ_RUNS multiplies the runs).
 */
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getErrorShape, getParseFn } from "@trpc/server/unstable-core-do-not-import";
import type { z } from "zod";
import { appRouter } from "./root";
import { createTRPCContext } from "./trpc";
import type { Database, Db } from "../db/client";
import { memberships, stores } from "../db/schema";
import { queryRows } from "../db/rows";
import { withTenant } from "../db/tenant";
import { resolveMembership } from "../tenancy/membership";
import { createImportJob, importFile } from "../imports/jobs";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { arbitraryFromZod, awkwardString } from "@/test/zod-arbitrary";
import { DEFAULT_SUPPLIER_TERMS } from "@/lib/supplier-terms";
import { templateOf } from "@/lib/policy/settings";
import { settingsWith } from "@/test/policy";

interface World {
  t: TenantFixture;
  orderId: string;
  lineItemId: string;
  caseId: string;
  caseVersion: number;
  disputeId: string;
  invitationId: string;
  invitationToken: string;
  importJobId: string;
  rateId: string;
  /** Every id of the organization's rows, so that generated uuids reach real rows too. */
  ids: string[];
}

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../imports/fixtures", name), "utf8");
let unique = 0;
const fresh = (label: string) => `${label}-${++unique}-${randomUUID().slice(0, 6)}`;
const caseRef = (w: World) => ({ caseId: w.caseId, version: w.caseVersion });
const january = { from: "2026-01-01", to: "2026-01-31" };

/** One valid input per procedure. A new procedure without one fails "every procedure has an example". */
const VALID: Record<string, (w: World) => unknown> = {
  "auth.signUp": () => ({ name: "Fuzzy", email: `${fresh("fuzz")}@example.test`, password: "a long unusual passphrase 42" }),
  "organization.mine": () => undefined,
  "organization.current": () => undefined,
  "organization.create": () => ({ name: fresh("Side project"), kind: "merchant" }),
  "organization.update": () => ({ name: "Fuzz Org", reportingCurrency: "USD" }),
  "organization.transferOwnership": (w) => ({ userId: w.t.members.admin.id }),
  "store.list": () => ({ includeArchived: true }),
  "store.get": (w) => ({ storeId: w.t.grantedStoreId }),
  "store.create": () => ({ name: "Fuzz store", slug: fresh("fuzz-store"), currency: "USD", country: "US", timezone: "America/New_York" }),
  "store.update": (w) => ({ storeId: w.t.grantedStoreId, name: "Fuzz US", slug: `${w.t.slug}-us`, currency: "USD", country: "US", timezone: "America/New_York" }),
  "store.archive": (w) => ({ storeId: w.t.otherStoreId }),
  "store.restore": (w) => ({ storeId: w.t.otherStoreId }),
  "store.webhookSecret": (w) => ({ storeId: w.t.grantedStoreId }),
  "store.rotateWebhookSecret": (w) => ({ storeId: w.t.grantedStoreId }),
  "member.list": () => undefined,
  "member.changeRole": (w) => ({ userId: w.t.members.agent.id, role: "viewer" }),
  "member.remove": (w) => ({ userId: w.t.members.viewer.id }),
  "invitation.list": () => undefined,
  "invitation.create": () => ({ email: `${fresh("invitee")}@example.test`, role: "agent" }),
  "invitation.revoke": (w) => ({ invitationId: w.invitationId }),
  "invitation.preview": (w) => ({ token: w.invitationToken }),
  "invitation.accept": (w) => ({ token: w.invitationToken }),
  "audit.list": (w) => ({ storeId: w.t.grantedStoreId, limit: 10 }),
  "audit.actions": () => undefined,
  "audit.verify": () => undefined,
  "order.list": (w) => ({ storeId: w.t.grantedStoreId, q: "#1001" }),
  "order.count": (w) => ({ storeId: w.t.grantedStoreId }),
  "order.get": (w) => ({ orderId: w.orderId }),
  "order.saveSupplierOrder": (w) => ({
    orderId: w.orderId,
    supplier: "AliExpress",
    supplierOrderNumber: fresh("SO"),
    status: "awaiting_shipment",
    costMinor: 1234,
    currency: "USD",
    paidAt: null,
    shippedAt: null,
    carrier: null,
    trackingNumber: null,
  }),
  "import.get": (w) => ({ jobId: w.importJobId }),
  "import.list": (w) => ({ storeId: w.t.grantedStoreId }),
  "import.start": (w) => ({ jobId: w.importJobId, skipBadRows: false }),
  "import.discard": (w) => ({ jobId: w.importJobId }),
  "case.list": (w) => ({ storeId: w.t.grantedStoreId }),
  "case.get": (w) => ({ caseId: w.caseId }),
  "case.open": (w) => ({ orderId: w.orderId, reason: "changed_mind" }),
  "case.requestAtSupplier": (w) => ({ ...caseRef(w), contactedSupplierDirectly: true }),
  "case.supplierAccepted": (w) => ({ ...caseRef(w), idempotencyKey: fresh("key") }),
  "case.supplierRefused": (w) => ({ ...caseRef(w), claimsShipped: true }),
  "case.trackingProvided": (w) => ({ ...caseRef(w), carrier: "Cainiao", trackingNumber: "LP000111222333" }),
  "case.openDispute": (w) => ({ ...caseRef(w), reason: "The supplier never shipped." }),
  "case.cancelStoreOrder": (w) => ({ ...caseRef(w), amountMinor: 100, cancelReason: "customer", idempotencyKey: fresh("key") }),
  "case.refundItems": (w) => ({ ...caseRef(w), lines: [{ lineItemId: w.lineItemId, quantity: 1 }], idempotencyKey: fresh("key") }),
  "case.recordSupplierRefund": (w) => ({ ...caseRef(w), amountMinor: 100, idempotencyKey: fresh("key") }),
  "case.writeOffSupplierRefund": (w) => ({ ...caseRef(w), idempotencyKey: fresh("key") }),
  "case.close": (w) => caseRef(w),
  "case.withdraw": (w) => caseRef(w),
  "case.assign": (w) => ({ ...caseRef(w), assigneeId: w.t.members.agent.id }),
  "dispute.list": (w) => ({ storeId: w.t.grantedStoreId }),
  "dispute.get": (w) => ({ disputeId: w.disputeId }),
  "dispute.transition": (w) => ({ disputeId: w.disputeId, version: 1, action: "escalate", idempotencyKey: fresh("key") }),
  "dispute.addEvidence": (w) => ({ disputeId: w.disputeId, kind: "link", body: "Proof of delivery", url: "https://example.test/pod" }),
  "dispute.createChargeback": (w) => ({ orderId: w.orderId, reason: "fraudulent", status: "needs_response", amountMinor: 500, evidenceDueBy: null }),
  "ledger.order": (w) => ({ orderId: w.orderId }),
  "ledger.store": (w) => ({ storeId: w.t.grantedStoreId }),
  "deadline.inbox": (w) => ({ storeId: w.t.grantedStoreId }),
  "notification.list": () => undefined,
  "notification.markRead": () => ({ ids: "all" }),
  "notification.preferences": () => undefined,
  "notification.setEmailDigest": () => ({ emailDigest: false }),
  "dashboard.summary": () => undefined,
  "policy.list": () => undefined,
  "policy.get": (w) => ({ storeId: w.t.grantedStoreId }),
  "policy.versions": (w) => ({ storeId: w.t.grantedStoreId }),
  "policy.compare": (w) => ({ storeId: w.t.grantedStoreId, number: 1 }),
  "policy.saveDraft": (w) => ({ storeId: w.t.grantedStoreId, version: 0, settings: settingsWith() }),
  "policy.publish": (w) => ({ storeId: w.t.grantedStoreId, version: 0, settings: settingsWith() }),
  "policy.applyTemplate": (w) => ({ template: templateOf(settingsWith()), publish: false, stores: [{ storeId: w.t.grantedStoreId, version: 0 }] }),
  "policy.saveSupplierTerms": (w) => ({
    storeId: w.t.grantedStoreId,
    previous: DEFAULT_SUPPLIER_TERMS,
    terms: { ...DEFAULT_SUPPLIER_TERMS, refundMaxBusinessDays: 20 },
  }),
  "report.loss": (w) => ({ ...january, storeIds: [w.t.grantedStoreId] }),
  "report.rates": () => undefined,
  "report.addRate": () => ({ currency: "EUR", rate: "1.08", validFrom: "2026-01-01" }),
  "report.removeRate": (w) => ({ rateId: w.rateId }),
};

/** Strings that pass refinements a generator cannot guess: time zones, slugs, codes, emails. */
const KNOWN_STRINGS = ["America/New_York", "Europe/Berlin", "Asia/Shanghai", "UTC", "fuzz-store", "USD", "EUR", "JPY", "KWD", "US", "DE", "1.08", "0.0067", "2026-01-01", "2026-12-31", "#1001", "all"];

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription"; inputs: z.ZodType[] } }>;
const PATHS = Object.keys(procedures).sort();

const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));
const seedOf = (label: string) => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : createHash("sha256").update(label).digest().readInt32LE(0));

let database: Database;
let db: Db;
let w: World;

// ---------------------------------------------------------------------------------------------------
// Calling a procedure the way the browser does.

interface Answer {
  status: number;
  message: string | null;
}

/** One request through tRPC's fetch adapter, as the owner; `raw` sends the body as plain JSON. */
async function request(procedurePath: string, input: unknown, options: { raw?: boolean } = {}): Promise<Answer> {
  const type = procedures[procedurePath]!._def.type;
  const user = w.t.owner;
  const payload = options.raw ? JSON.stringify({ json: input }) : input === undefined ? null : superjson.stringify(input);
  const url = new URL(`http://localhost/api/trpc/${procedurePath}`);
  if (type === "query" && payload !== null) url.searchParams.set("input", payload);
  const req = new Request(url, {
    method: type === "query" ? "GET" : "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7" },
    body: type === "query" ? undefined : (payload ?? "{}"),
  });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ db, session: { user, organizationId: w.t.organizationId }, headers: req.headers }),
  });
  const body = (await response.json()) as { error?: { json?: { message?: unknown } } };
  const message = body.error ? String(body.error.json?.message ?? "") : null;
  return { status: response.status, message };
}

/** Why a message is not fit for a person to read, or null. Text the input itself carried is ignored. */
function unreadable(message: string, input: unknown): string | null {
  let own = message;
  for (const s of stringsIn(input)) if (s.length >= 3) own = own.split(s).join("…");
  if (own.trim() === "") return "empty message";
  if (own.length > 600) return "message too long";
  if (/\n\s+at\s/.test(own)) return "stack trace";
  if (/^\s*[[{]/.test(own)) return "raw JSON";
  if (/\b(select|insert into|delete from|returning)\b|violates|syntax error|relation "|column "|duplicate key|invalid input syntax|out of range|postgres|pglite|drizzle/i.test(own)) {
    return "database error";
  }
  if (/TypeError|ReferenceError|RangeError|Cannot read prop|is not a function|undefined is not|\[object Object\]/.test(own)) return "JavaScript error";
  return null;
}

function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 8) return out;
  if (typeof value === "string") out.push(value);
  else if (value instanceof Map) stringsIn([...value.keys(), ...value.values()], out, depth + 1);
  else if (value instanceof Set || Array.isArray(value)) for (const v of value) stringsIn(v, out, depth + 1);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out, depth + 1);
    }
  }
  return out;
}

/**
 * Checks one input. An input its schema refuses is answered by tRPC's input validation before any
 * service runs, so it is judged here the same way (tRPC's parser and error shape, our formatter)
 * without a request; every other input, and `overHttp` ones, go through the fetch adapter.
 */
async function expectUserFacing(
  procedurePath: string,
  input: unknown,
  options: { raw?: boolean; overHttp?: boolean; budget?: { requests: number } } = {},
): Promise<void> {
  let received: unknown;
  try {
    received = options.raw ? (JSON.parse(JSON.stringify({ json: input })) as { json: unknown }).json : superjson.parse(superjson.stringify(input));
  } catch {
    return; // Not something a client can send.
  }
  let answer = options.overHttp ? null : await refusedBySchema(procedurePath, received);
  if (!answer) {
    // Requests are what cost time (about 20 ms each on PGlite): each property gets a few.
    if (options.budget && options.budget.requests-- <= 0) return;
    answer = await request(procedurePath, input, options);
  }
  const { status, message } = answer;
  const shown = () => `${procedurePath} ← ${render(input)}: ${status} ${JSON.stringify(message)}`;
  if (status === 200) return;
  expect(status, shown()).toBeGreaterThanOrEqual(400);
  expect(status, shown()).toBeLessThan(500);
  expect(unreadable(message ?? "", input), shown()).toBeNull();
}

async function refusedBySchema(procedurePath: string, received: unknown): Promise<Answer | null> {
  const { type, inputs } = procedures[procedurePath]!._def;
  for (const schema of inputs) {
    try {
      await getParseFn(schema)(received);
    } catch (cause) {
      const error = new TRPCError({ code: "BAD_REQUEST", cause });
      const config = appRouter._def._config;
      const shape = getErrorShape({ config, error, type, path: procedurePath, input: received, ctx: undefined }) as { message: string; data: { httpStatus: number } };
      return { status: shape.data.httpStatus, message: shape.message };
    }
  }
  return null;
}

function render(input: unknown): string {
  try {
    const text = superjson.stringify(input);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(input);
  }
}

// ---------------------------------------------------------------------------------------------------
// Inputs.

/** Values of the wrong type, out of range, or awkward in a database: what a broken client sends. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    0,
    -0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    -(2 ** 31) - 1,
    1e308,
    "",
    " ",
    "NaN",
    "-1",
    "1e999",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "2026-02-30",
    "0000-01-01",
    "275760-09-14",
    new Date(8.64e15),
    new Date(-8.64e15),
    new Date(Date.UTC(0, 0, 1)),
    new Date(Date.UTC(10000, 0, 1)),
    [],
    {},
    { __proto__: null },
    { constructor: { prototype: { polluted: true } } },
    10n ** 30n,
  ),
  awkwardString,
  fc.uuid(),
  fc.integer(),
  fc.double(),
  fc.date(),
  fc.jsonValue({ maxDepth: 2 }),
);

type Key = string | number;

/** Every path into a JSON-like value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: Key[] = [], out: Key[][] = []): Key[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  }
  return out;
}

function withAt(value: unknown, at: Key[], change: (old: unknown) => unknown): unknown {
  if (at.length === 0) {
    const changed = change(value);
    return changed === DELETE ? undefined : changed;
  }
  const [head, ...rest] = at;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<Key, unknown>;
  if (rest.length > 0) {
    copy[head!] = withAt(copy[head!], rest, change);
    return copy;
  }
  const changed = change(copy[head!]);
  if (changed === DELETE) delete copy[head!];
  else copy[head!] = changed;
  return copy;
}
const DELETE = Symbol("delete");

/** A valid input broken in one place: a value replaced, a key dropped or added, the whole wrapped. */
function mutatedValid(example: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(example);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), nastyValue).map(([at, v]) => withAt(example, at, () => v)),
    fc.constantFrom(...paths.filter((p) => p.length > 0).concat([[]])).map((at) => withAt(example, at, () => DELETE)),
    fc.tuple(fc.constantFrom(...paths), fc.string({ maxLength: 12 }), nastyValue).map(([at, key, v]) =>
      withAt(example, at, (old) => (old && typeof old === "object" && !Array.isArray(old) ? { ...old, [key]: v } : [old, v])),
    ),
    fc.constantFrom([example], { json: example }, JSON.stringify(example ?? null)),
  );
}

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 3, withDate: true, withMap: true, withSet: true, withBigInt: true, withNullPrototype: true, withSparseArray: true }),
);

// ---------------------------------------------------------------------------------------------------
// The organization the owner fuzzes, rebuilt whenever a fuzzed mutation takes it apart.

async function buildWorld(): Promise<World> {
  const t = await makeTenant(db, "Fuzz");
  const asOwner = callerFor(db, t.owner, t.organizationId);
  const scope = { organizationId: t.organizationId, storeId: t.grantedStoreId };
  for (const [kind, file] of [["shopify_orders", "shopify-orders-export.csv"], ["supplier_orders", "supplier-orders.csv"]] as const) {
    const result = await importFile(db, scope, kind, file, fixture(file), { skipBadRows: false, actor: { type: "system" } });
    expect(result.errors).toEqual([]);
  }
  const orders = new Map(
    (await queryRows<{ id: string; name: string }>(db, sql`select id, name from orders where organization_id = ${t.organizationId}`)).map((r) => [r.name, r.id]),
  );
  const orderId = orders.get("#1001")!;
  let kase = await asOwner.case.open({ orderId, reason: "not_delivered" });
  kase = await asOwner.case.requestAtSupplier({ caseId: kase.id, version: kase.version, contactedSupplierDirectly: true });
  kase = await asOwner.case.supplierRefused({ caseId: kase.id, version: kase.version, claimsShipped: false });
  kase = await asOwner.case.openDispute({ caseId: kase.id, version: kase.version, reason: "Refused without shipping." });
  const [dispute] = await queryRows<{ id: string }>(db, sql`select id from disputes where organization_id = ${t.organizationId} and case_id = ${kase.id}`);
  // A chargeback too: its id is among the uuids inputs are drawn from.
  await asOwner.dispute.createChargeback({ orderId: orders.get("#1007")!, reason: "fraudulent", status: "needs_response", amountMinor: 1500, evidenceDueBy: null });
  const invitation = await asOwner.invitation.create({ email: `${fresh("pending")}@example.test`, role: "agent" });
  const membership = await resolveMembership(db, t.owner.id, t.organizationId);
  const job = await withTenant(db, t.organizationId, (tx) =>
    createImportJob(tx, scope, membership!, { kind: "shopify_orders", fileName: "again.csv", content: fixture("shopify-orders-export.csv"), userId: t.owner.id }),
  );
  const rate = await asOwner.report.addRate({ currency: "EUR", rate: "1.0875", validFrom: "2025-01-01" });
  const [lineItem] = await queryRows<{ id: string }>(db, sql`select id from order_line_items where order_id = ${orderId}`);
  const ids = (
    await queryRows<{ id: string }>(
      db,
      sql`select id::text as id from orders where organization_id = ${t.organizationId}
          union all select id::text from cancellation_cases where organization_id = ${t.organizationId}
          union all select id::text from disputes where organization_id = ${t.organizationId}
          union all select id::text from order_line_items where organization_id = ${t.organizationId}
          union all select id::text from supplier_orders where organization_id = ${t.organizationId}
          union all select id::text from notifications where organization_id = ${t.organizationId}`,
    )
  ).map((r) => r.id);
  return {
    t,
    orderId,
    lineItemId: lineItem!.id,
    caseId: kase.id,
    caseVersion: kase.version,
    disputeId: dispute!.id,
    invitationId: invitation.id,
    invitationToken: invitation.link.split("/invite/")[1]!,
    importJobId: job.jobId,
    rateId: rate.id,
    ids: [
      ...ids,
      t.organizationId,
      ...t.storeIds,
      ...Object.values(t.members).map((u) => u.id),
      invitation.id,
      job.jobId,
      rate.id,
    ],
  };
}

/**
 * Puts back what fuzzed mutations may take apart, through the procedures themselves: ownership
 * handed to another member, archived stores. Anything worse (the owner gone) builds a new world.
 */
async function repairWorld(): Promise<void> {
  const roles = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.organizationId, w.t.organizationId));
  const ownerNow = roles.find((m) => m.role === "owner");
  const member = Object.values(w.t.members).find((u) => u.id === ownerNow?.userId);
  if (!roles.some((m) => m.userId === w.t.owner.id) || !member) {
    w = await buildWorld();
    return;
  }
  if (member.id !== w.t.owner.id) await callerFor(db, member, w.t.organizationId).organization.transferOwnership({ userId: w.t.owner.id });
  const archived = await db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.organizationId, w.t.organizationId), isNotNull(stores.archivedAt)));
  for (const { id } of archived) await callerFor(db, w.t.owner, w.t.organizationId).store.restore({ storeId: id });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  w = await buildWorld();
}, 120_000);
afterAll(async () => {
  await database.close();
});

describe("the fuzz covers the router", () => {
  it("every procedure has a valid example", () => {
    expect(PATHS.length).toBeGreaterThan(20);
    expect(PATHS.filter((p) => !VALID[p])).toEqual([]);
    expect(Object.keys(VALID).filter((p) => !procedures[p])).toEqual([]);
  });

  it("every valid example is accepted by its procedure's schema", async () => {
    const refused: string[] = [];
    for (const p of PATHS) {
      for (const schema of procedures[p]!._def.inputs) {
        const result = await schema.safeParseAsync(VALID[p]!(w));
        if (!result.success) refused.push(`${p}: ${result.error.message}`);
      }
    }
    expect(refused).toEqual([]);
  });
});

describe("random and broken input never gets a 500", () => {
  it.each(PATHS)("%s", async (procedurePath) => {
    await repairWorld();
    const schemas = procedures[procedurePath]!._def.inputs;
    const seed = seedOf(procedurePath);
    if (schemas.length === 0) {
      // No input to validate: whatever is sent is ignored, so a few requests say it all.
      await fc.assert(
        fc.asyncProperty(garbage, (input) => expectUserFacing(procedurePath, input, { overHttp: true })),
        { numRuns: runs(3), seed },
      );
      return;
    }
    const options = { uuids: w.ids, strings: [...KNOWN_STRINGS, ...Object.values(w.t.members).map((u) => u.email), w.invitationToken] };
    // Inputs the schema refuses are checked without a request, so they are many; those it accepts
    // each cost a request, so they are capped (FUZZ_RUNS raises both).
    const budget = (requests: number) => ({ requests: runs(requests) });
    const overHttp = budget(1);
    const accepted = budget(1);
    await fc.assert(
      fc.asyncProperty(fc.oneof(garbage, fc.jsonValue()), fc.boolean(), (input, raw) =>
        expectUserFacing(procedurePath, input, { raw: raw && isJson(input), overHttp: overHttp.requests-- > 0, budget: accepted }),
      ),
      { numRuns: runs(25), seed },
    );
    const broken = budget(2);
    await fc.assert(
      fc.asyncProperty(mutatedValid(VALID[procedurePath]!(w)), (input) => expectUserFacing(procedurePath, input, { budget: broken })),
      { numRuns: runs(25), seed },
    );
    const shaped = budget(5);
    await fc.assert(
      fc.asyncProperty(arbitraryFromZod(schemas[0]!, options), (input) => expectUserFacing(procedurePath, input, { budget: shaped })),
      { numRuns: runs(20), seed },
    );
  }, Math.max(30_000, 30_000 * RUNS));
});

function isJson(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined && JSON.stringify(JSON.parse(JSON.stringify(value))) === JSON.stringify(value);
  } catch {
    return false;
  }
}
