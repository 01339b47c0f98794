/**
 * The cancellation-case state machine under random use. fast-check drives sequences of every case
 * mutation (and dispute transitions, with awards) through the services — as the tRPC router runs
 * them, idempotency included — with a controllable clock, against the fixture orders of a fresh
 * organization per sequence. After EVERY step:
 *  (a) no case changed state outside ALLOWED_TRANSITIONS; an accepted action moved exactly its own
 *      case along exactly its own edge; a refused action (or a replayed request) changed nothing —
 *      state, version, ledger rows, audit events;
 *  (b) no order was refunded more than its total, and orders.ledger_refunded_minor equals the ledger;
 *  (c) for the case acted on, net loss from ledgerFigures equals refunded − recovered from the raw
 *      rows, and exposure (≥ 0) equals what the raw rows say is still expected;
 *  (d) every accepted action wrote exactly one audit event, refused ones none;
 * and at the end of each sequence (c) holds for every case and (e) the audit chain verifies.
 *
 * CASE_PROPERTY_RUNS overrides the number of sequences; CASE_PROPERTY_STATS=1 prints what they did.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { Database, Db } from "@/server/db/client";
import { queryRows } from "@/server/db/rows";
import { createTestDatabase } from "@/test/db";
import { makeUser } from "@/test/fixtures";
import { callerFor, type TestUser } from "@/test/caller";
import { figuresFromRows, importFixtures, inTenant, lineItemsOf, ordersOfStore, serviceContext, type MovementRow, type ServiceContext } from "@/test/cases";
import { DomainError } from "@/server/errors";
import { withIdempotency } from "@/server/ledger/idempotency";
import { ledgerFigures } from "@/server/ledger/figures";
import { verifyAuditChain } from "@/server/audit/record";
import { disputeTransitionSchema, transitionDispute } from "@/server/disputes/service";
import { assignCase, assignCaseSchema } from "./assign";
import type { TenantContext } from "@/server/tenancy/context";
import {
  ALLOWED_TRANSITIONS,
  CASE_ACTIONS,
  DISPUTE_ACTIONS,
  OPEN_DISPUTE_STATES,
  TERMINAL_CASE_STATES,
  actionAllowedFrom,
  type CaseAction,
  type CaseState,
  type DisputeAction,
} from "@/lib/cases";
import { CANCEL_REASONS } from "@/lib/orders";
import { RETURN_REASONS } from "@/lib/supplier-terms";
import {
  cancelStoreOrder,
  cancelStoreOrderSchema,
  closeCase,
  openCase,
  openCaseSchema,
  openDisputeSchema,
  openSupplierDispute,
  recordSupplierRefund,
  recordSupplierRefundSchema,
  refundItems,
  refundItemsSchema,
  requestAtSupplier,
  requestAtSupplierSchema,
  supplierAccepted,
  supplierAcceptedSchema,
  supplierRefused,
  supplierRefusedSchema,
  trackingProvided,
  trackingProvidedSchema,
  transitionBase,
  withdrawCase,
  writeOff,
  writeOffSchema,
} from "./service";

const NUM_RUNS = Number(process.env.CASE_PROPERTY_RUNS ?? 25);
const MAX_STEPS = 15;
const ORDER_NAMES = ["#1001", "#1002", "#1003", "#1004", "#1005", "#1006", "#1007"] as const;
const START = new Date("2026-10-12T09:00:00Z"); // a Monday, after every fixture date
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let database: Database;
let db: Db;
let owner: TestUser;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  owner = await makeUser(db, "prop-owner");
});
afterAll(async () => {
  await database.close();
});

// --- Commands -------------------------------------------------------------------------------------

type Version = "current" | "stale" | "ahead";
type KeyChoice = { kind: "new" } | { kind: "reuse"; pick: number };
type Amount = { kind: "full" } | { kind: "partial"; permille: number } | { kind: "over"; by: number } | { kind: "zero" } | { kind: "abs"; minor: number };
type ActionName = CaseAction | "open" | "assign" | "dispute" | "retry";
const ACTION_NAMES: ActionName[] = [...(Object.keys(CASE_ACTIONS) as CaseAction[]), "open", "assign", "dispute", "retry"];

/**
 * One step. In "auto" mode the action is picked among those the state table allows from the target
 * case's current state (plus its open dispute's transitions), so sequences reach deep states; in
 * "any" mode it is any action at all, mostly refused. Every other field is a raw random choice the
 * action reads if it needs it: amounts sometimes over the limit, stale versions, reused keys.
 */
interface Command {
  advance: number;
  mode: "auto" | "any";
  /** Send the same keyed request again right after (a double click, a network retry). */
  repeat: boolean;
  action: ActionName;
  pick: number;
  target: number;
  version: Version;
  amount: Amount;
  optionalAmount: Amount | null;
  key: KeyChoice;
  claimsShipped: boolean;
  contacted: boolean;
  lines: { line: number; quantity: number; foreign: boolean }[];
  includeShipping: boolean;
  cancelReason: (typeof CANCEL_REASONS)[number];
  reason: (typeof RETURN_REASONS)[number];
  order: number;
  /** Name a supplier-refund expectation (any in the world) instead of letting the service pick. */
  expectation: number | null;
}

const amountArb: fc.Arbitrary<Amount> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "full" as const }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 999 }).map((permille) => ({ kind: "partial" as const, permille })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 5000 }).map((by) => ({ kind: "over" as const, by })) },
  { weight: 1, arbitrary: fc.constant({ kind: "zero" as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000 }).map((minor) => ({ kind: "abs" as const, minor })) },
);

const commandArb: fc.Arbitrary<Command> = fc.record({
  advance: fc.constantFrom(0, 0, HOUR, DAY, 3 * DAY, 8 * DAY, 12 * DAY),
  mode: fc.oneof({ weight: 5, arbitrary: fc.constant("auto" as const) }, { weight: 1, arbitrary: fc.constant("any" as const) }),
  repeat: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  action: fc.constantFrom(...ACTION_NAMES),
  pick: fc.nat(1000),
  target: fc.nat(20),
  version: fc.oneof({ weight: 8, arbitrary: fc.constant("current" as const) }, { weight: 1, arbitrary: fc.constant("stale" as const) }, { weight: 1, arbitrary: fc.constant("ahead" as const) }),
  amount: amountArb,
  optionalAmount: fc.option(amountArb, { freq: 2 }),
  key: fc.oneof({ weight: 5, arbitrary: fc.constant({ kind: "new" as const }) }, { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: "reuse" as const, pick })) }),
  claimsShipped: fc.boolean(),
  contacted: fc.boolean(),
  lines: fc.array(fc.record({ line: fc.nat(3), quantity: fc.integer({ min: 0, max: 3 }), foreign: fc.integer({ min: 0, max: 11 }).map((n) => n === 0) }), { maxLength: 3 }),
  includeShipping: fc.boolean(),
  cancelReason: fc.constantFrom(...CANCEL_REASONS),
  reason: fc.constantFrom(...RETURN_REASONS),
  order: fc.nat(ORDER_NAMES.length - 1),
  expectation: fc.option(fc.nat(20), { freq: 3 }),
});

// --- One sequence's world -------------------------------------------------------------------------

type Call = {
  label: string;
  action: CaseAction | "open" | "assign" | "dispute";
  caseId?: string;
  orderId?: string;
  disputeId?: string;
  disputeAction?: DisputeAction;
  /** The version the request carries, checked against the snapshot taken just before it runs. */
  version?: number;
  key?: string;
  run: () => Promise<unknown>;
};

interface World {
  base: ServiceContext;
  organizationId: string;
  storeId: string;
  orders: Map<string, { id: string; name: string; totalMinor: number }>;
  lineIds: Map<string, string[]>;
  caseIds: string[];
  disputeIds: string[];
  keys: string[];
  /** The first successful answer per idempotency key: a replay must return exactly this. */
  answers: Map<string, unknown>;
  /** The last request that carried an idempotency key, to send again exactly as it was. */
  lastKeyed: Call | null;
  now: Date;
  log: string[];
}

async function newWorld(): Promise<World> {
  const org = await callerFor(db, owner).organization.create({ name: `Prop ${randomUUID().slice(0, 8)}`, kind: "merchant" });
  const store = await callerFor(db, owner, org.id).store.create({
    name: "Prop US",
    slug: `prop-${randomUUID().slice(0, 12)}`,
    currency: "USD",
    country: "US",
    timezone: "America/New_York",
  });
  await importFixtures(db, org.id, store.id);
  const byName = await ordersOfStore(db, org.id, store.id);
  const orders = new Map([...byName.values()].map((o) => [o.id, o]));
  const lineIds = new Map<string, string[]>();
  for (const o of orders.values()) lineIds.set(o.id, (await lineItemsOf(db, org.id, o.id)).map((l) => l.id));
  return {
    base: await serviceContext(db, owner, org.id),
    organizationId: org.id,
    storeId: store.id,
    orders,
    lineIds,
    caseIds: [],
    disputeIds: [],
    keys: [],
    answers: new Map(),
    lastKeyed: null,
    now: START,
    log: [],
  };
}

interface CaseSnap {
  state: CaseState;
  version: number;
  orderId: string;
  trackingDueAt: Date | null;
}
interface Snapshot {
  cases: Map<string, CaseSnap>;
  disputes: Map<string, { state: string; version: number; claimedMinor: number; caseId: string | null }>;
  movements: MovementRow[];
  orders: { id: string; name: string; totalMinor: number; ledgerRefundedMinor: number }[];
  audit: number;
  keys: Set<string>;
}

const json = <T,>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

/** Everything the checks need, read in one statement as the privileged connection. */
async function snapshot(w: World): Promise<Snapshot> {
  const org = w.organizationId;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select
      (select coalesce(json_agg(json_build_object('id', id, 'state', state, 'version', version, 'orderId', order_id,
         'trackingDueAt', (extract(epoch from tracking_due_at) * 1000)::bigint)), '[]'::json)::text
         from cancellation_cases where organization_id = ${org}) as cases,
      (select coalesce(json_agg(json_build_object('id', id, 'state', state, 'version', version, 'claimedMinor', claimed_minor, 'caseId', case_id)), '[]'::json)::text
         from disputes where organization_id = ${org}) as disputes,
      (select coalesce(json_agg(json_build_object('id', id, 'order_id', order_id, 'case_id', case_id, 'dispute_id', dispute_id, 'type', type,
         'source', source, 'amount_minor', amount_minor, 'settles_id', settles_id, 'external_ref', external_ref) order by created_at, id), '[]'::json)::text
         from money_movements where organization_id = ${org}) as movements,
      (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'totalMinor', total_minor, 'ledgerRefundedMinor', ledger_refunded_minor)), '[]'::json)::text
         from orders where organization_id = ${org}) as orders,
      (select coalesce(json_agg(key), '[]'::json)::text from idempotency_keys where organization_id = ${org}) as keys,
      (select count(*)::int from audit_events where organization_id = ${org}) as audit`,
  );
  const cases = json<{ id: string; state: CaseState; version: number; orderId: string; trackingDueAt: number | null }[]>(row!.cases);
  return {
    cases: new Map(cases.map((c) => [c.id, { state: c.state, version: c.version, orderId: c.orderId, trackingDueAt: c.trackingDueAt === null ? null : new Date(Number(c.trackingDueAt)) }])),
    disputes: new Map(json<{ id: string; state: string; version: number; claimedMinor: number; caseId: string | null }[]>(row!.disputes).map((d) => [d.id, d])),
    movements: json<MovementRow[]>(row!.movements).map((m) => ({ ...m, amount_minor: Number(m.amount_minor) })),
    orders: json<Snapshot["orders"]>(row!.orders).map((o) => ({ ...o, totalMinor: Number(o.totalMinor), ledgerRefundedMinor: Number(o.ledgerRefundedMinor) })),
    keys: new Set(json<string[]>(row!.keys)),
    audit: Number(row!.audit),
  };
}

// --- Turning a command into a call ------------------------------------------------------------------

function pickKey(w: World, choice: KeyChoice): string {
  if (choice.kind === "reuse" && w.keys.length) return w.keys[choice.pick % w.keys.length]!;
  const key = `k-${randomUUID()}`;
  w.keys.push(key);
  return key;
}

function amountOf(a: Amount, full: number): number {
  switch (a.kind) {
    case "full":
      return full;
    case "partial":
      return Math.max(1, Math.floor((full * a.permille) / 1000));
    case "over":
      return full + a.by;
    case "zero":
      return 0;
    case "abs":
      return a.minor;
  }
}

function versionFor(current: number, v: Version): number {
  if (v === "current") return current;
  if (v === "ahead" || current === 1) return current + 1;
  return current - 1;
}

/** Runs a money mutation as the router does: once per idempotency key, the first answer on a retry. */
function once<T>(w: World, key: string, operation: string, input: Record<string, unknown>, run: (ctx: TenantContext) => Promise<T>) {
  const rest = { ...input };
  delete rest.idempotencyKey;
  return inTenant(db, w.base, (ctx) => withIdempotency(ctx.tx, ctx.organizationId, key, operation, rest, () => run(ctx)));
}

const isOpenDispute = (state: string) => (OPEN_DISPUTE_STATES as readonly string[]).includes(state);

/** Which action the command takes now. */
function chooseAction(w: World, c: Command, snap: Snapshot): { action: ActionName; caseId?: string; disputeId?: string } {
  if (!w.caseIds.length) return { action: "open" };
  if (c.mode === "any") return { action: c.action, caseId: w.caseIds[c.target % w.caseIds.length] };
  // "auto": work an open case when there is one (with an open dispute, any case may still get one).
  const live = w.caseIds.filter(
    (id) => !TERMINAL_CASE_STATES.includes(snap.cases.get(id)!.state) || [...snap.disputes.values()].some((d) => d.caseId === id && isOpenDispute(d.state)),
  );
  const pool = live.length ? live : w.caseIds;
  const caseId = pool[c.target % pool.length]!;
  const kase = snap.cases.get(caseId)!;
  const openDisputes = [...snap.disputes.entries()].filter(([, d]) => d.caseId === caseId && isOpenDispute(d.state)).map(([id]) => id);
  // Forward moves weigh more than withdrawing, retrying or starting over.
  const options: ActionName[] = [];
  for (const a of Object.keys(CASE_ACTIONS) as CaseAction[]) {
    if (actionAllowedFrom(a, kase.state)) options.push(...Array<ActionName>(a === "withdraw" ? 1 : 4).fill(a));
  }
  if (openDisputes.length) options.push("dispute", "dispute", "dispute", "dispute");
  options.push("assign");
  options.push(TERMINAL_CASE_STATES.includes(kase.state) ? "open" : "retry");
  return { action: options[c.pick % options.length]!, caseId, disputeId: openDisputes[0] };
}

function toCall(w: World, c: Command, snap: Snapshot): Call | null {
  const now = w.now;
  const chosen = chooseAction(w, c, snap);
  if (chosen.action === "retry") {
    return w.lastKeyed ? { ...w.lastKeyed, label: `retry ${w.lastKeyed.label}` } : null;
  }
  if (chosen.action === "open") {
    const order = [...w.orders.values()].find((o) => o.name === ORDER_NAMES[c.order])!;
    const input = openCaseSchema.parse({ orderId: order.id, reason: c.reason });
    return { label: `open ${order.name}`, action: "open", orderId: order.id, run: () => inTenant(db, w.base, (ctx) => openCase(ctx, input, now)) };
  }
  if (chosen.action === "dispute") {
    const disputeId = chosen.disputeId ?? (w.disputeIds.length ? w.disputeIds[c.target % w.disputeIds.length] : undefined);
    if (!disputeId) return null;
    const d = snap.disputes.get(disputeId)!;
    const allowed = (Object.keys(DISPUTE_ACTIONS) as DisputeAction[]).filter((a) => (DISPUTE_ACTIONS[a].from as readonly string[]).includes(d.state));
    const all = Object.keys(DISPUTE_ACTIONS) as DisputeAction[];
    const action = c.mode === "auto" && allowed.length ? allowed[c.pick % allowed.length]! : all[c.pick % all.length]!;
    const awardedMinor = c.optionalAmount ? amountOf(c.optionalAmount, d.claimedMinor) : undefined;
    const key = pickKey(w, c.key);
    const input = disputeTransitionSchema.parse({ disputeId, version: versionFor(d.version, c.version), action, awardedMinor, idempotencyKey: key });
    const call: Call = {
      label: `dispute ${disputeId.slice(0, 6)}(${d.state}) ${action} v${input.version}/${d.version} award=${awardedMinor} claimed=${d.claimedMinor}`,
      action: "dispute",
      disputeId,
      disputeAction: action,
      version: input.version,
      key,
      run: () => once(w, key, "dispute.transition", input, (ctx) => transitionDispute(ctx, input, now)),
    };
    w.lastKeyed = call;
    return call;
  }
  const caseId = chosen.caseId!;
  const kase = snap.cases.get(caseId)!;
  const version = versionFor(kase.version, c.version);
  if (chosen.action === "assign") {
    // To the owner, to nobody, or to someone who is not a member (refused as not found).
    const assigneeId = [owner.id, null, randomUUID()][c.pick % 3]!;
    const input = assignCaseSchema.parse({ caseId, version, assigneeId });
    return { label: `assign ${caseId.slice(0, 6)}(${kase.state}) v${version}/${kase.version} to ${assigneeId === owner.id ? "owner" : assigneeId ? "a stranger" : "nobody"}`, action: "assign", caseId, version, run: () => inTenant(db, w.base, (ctx) => assignCase(ctx, input)) };
  }
  const action = chosen.action;
  const base = { caseId, version };
  const order = w.orders.get(kase.orderId)!;
  const caseRows = snap.movements.filter((m) => m.case_id === caseId);
  const refundable = order.totalMinor - snap.orders.find((o) => o.id === order.id)!.ledgerRefundedMinor;
  const exposure = figuresFromRows(caseRows).exposure;
  // Mostly let the service pick the expectation; sometimes name one: this case's, another case's
  // (on this order or another), or one already settled.
  const someExpectation = () => {
    if (c.expectation === null) return undefined;
    const all = snap.movements.filter((m) => m.type === "supplier_refund_expected");
    return all.length ? all[c.expectation % all.length]!.id : undefined;
  };
  const tag = `${action} ${order.name}/${caseId.slice(0, 6)}(${kase.state}) v${version}/${kase.version}`;
  const plain = (run: () => Promise<unknown>, label = tag): Call => ({ label, action, caseId, version, run });
  const keyed = (operation: string, input: Record<string, unknown> & { idempotencyKey: string }, fn: (ctx: TenantContext) => Promise<unknown>, label: string): Call => {
    const call: Call = { label, action, caseId, version, key: input.idempotencyKey, run: () => once(w, input.idempotencyKey, operation, input, fn) };
    w.lastKeyed = call;
    return call;
  };
  switch (action) {
    case "requestAtSupplier": {
      const input = requestAtSupplierSchema.parse({ ...base, contactedSupplierDirectly: c.contacted });
      return plain(() => inTenant(db, w.base, (ctx) => requestAtSupplier(ctx, input, now)));
    }
    case "supplierAccepted": {
      const input = supplierAcceptedSchema.parse({ ...base, expectedRefundMinor: c.optionalAmount ? amountOf(c.optionalAmount, 1120) : undefined, idempotencyKey: pickKey(w, c.key) });
      return keyed("case.supplierAccepted", input, (ctx) => supplierAccepted(ctx, input, now), `${tag} expected=${input.expectedRefundMinor}`);
    }
    case "supplierRefusedShipped":
    case "supplierRefusedNotShipped": {
      const input = supplierRefusedSchema.parse(base);
      return plain(() => inTenant(db, w.base, (ctx) => supplierRefused(ctx, input, action === "supplierRefusedShipped", now)));
    }
    case "trackingProvided": {
      const input = trackingProvidedSchema.parse({ ...base, carrier: "Cainiao", trackingNumber: `LP${now.getTime()}` });
      return plain(() => inTenant(db, w.base, (ctx) => trackingProvided(ctx, input, now)));
    }
    case "openDispute": {
      const input = openDisputeSchema.parse({ ...base, reason: "No tracking number and no refund", claimedMinor: c.optionalAmount ? Math.max(1, amountOf(c.optionalAmount, 1120)) : undefined });
      return plain(() => inTenant(db, w.base, (ctx) => openSupplierDispute(ctx, input, now)), `${tag} due=${kase.trackingDueAt?.toISOString() ?? "-"}`);
    }
    case "cancelStoreOrder": {
      const input = cancelStoreOrderSchema.parse({ ...base, amountMinor: Math.max(0, amountOf(c.amount, refundable)), cancelReason: c.cancelReason, idempotencyKey: pickKey(w, c.key) });
      return keyed("case.cancelStoreOrder", input, (ctx) => cancelStoreOrder(ctx, input, now), `${tag} amount=${input.amountMinor} refundable=${refundable}`);
    }
    case "refundItems": {
      const ids = w.lineIds.get(order.id)!;
      const foreign = [...w.lineIds.entries()].find(([id]) => id !== order.id)![1];
      const seen = new Set<string>();
      const lines = c.lines
        .map((l) => {
          const from = l.foreign ? foreign : ids;
          return { lineItemId: from[l.line % from.length]!, quantity: l.quantity };
        })
        .filter((l) => !seen.has(l.lineItemId) && Boolean(seen.add(l.lineItemId)));
      const amountMinor = c.optionalAmount ? amountOf(c.optionalAmount, Math.max(1, refundable)) : 0;
      const input = refundItemsSchema.parse({ ...base, lines, includeShipping: c.includeShipping, amountMinor: amountMinor > 0 ? amountMinor : undefined, idempotencyKey: pickKey(w, c.key) });
      return keyed("case.refundItems", input, (ctx) => refundItems(ctx, input, now), `${tag} lines=${JSON.stringify(lines.map((l) => l.quantity))} ship=${c.includeShipping} amount=${input.amountMinor} refundable=${refundable}`);
    }
    case "recordSupplierRefund": {
      const input = recordSupplierRefundSchema.parse({ ...base, amountMinor: Math.max(1, amountOf(c.amount, exposure)), expectationId: someExpectation(), idempotencyKey: pickKey(w, c.key) });
      return keyed("case.recordSupplierRefund", input, (ctx) => recordSupplierRefund(ctx, input, now), `${tag} amount=${input.amountMinor} exposure=${exposure} expectation=${input.expectationId?.slice(0, 6) ?? "-"}`);
    }
    case "writeOffSupplierRefund": {
      const input = writeOffSchema.parse({ ...base, expectationId: someExpectation(), idempotencyKey: pickKey(w, c.key) });
      return keyed("case.writeOffSupplierRefund", input, (ctx) => writeOff(ctx, input, now), `${tag} exposure=${exposure} expectation=${input.expectationId?.slice(0, 6) ?? "-"}`);
    }
    case "close": {
      const input = transitionBase.parse(base);
      return plain(() => inTenant(db, w.base, (ctx) => closeCase(ctx, input, now)));
    }
    case "withdraw": {
      const input = transitionBase.parse(base);
      return plain(() => inTenant(db, w.base, (ctx) => withdrawCase(ctx, input, now)));
    }
  }
}

// --- The checks -------------------------------------------------------------------------------------

const caseStates = (s: Snapshot) => [...s.cases.entries()].map(([id, c]) => `${id}:${c.state}:${c.version}`).sort();
const disputeStates = (s: Snapshot) => [...s.disputes.entries()].map(([id, d]) => `${id}:${d.state}:${d.version}`).sort();

function expectNothingChanged(before: Snapshot, after: Snapshot, why: string) {
  expect(caseStates(after), `${why}: case states and versions`).toEqual(caseStates(before));
  expect(disputeStates(after), `${why}: disputes`).toEqual(disputeStates(before));
  expect(after.movements, `${why}: ledger rows`).toEqual(before.movements);
  expect(after.orders, `${why}: orders' refunded totals`).toEqual(before.orders);
  expect(after.audit, `${why}: audit events`).toBe(before.audit);
}

/** (b) for every order; (c) for the given cases. */
async function checkMoney(w: World, snap: Snapshot, caseIds: Iterable<string>, why: string) {
  for (const o of snap.orders) {
    // The cases of an order account for its exposure: no case's money is settled by another's.
    const rows = snap.movements.filter((m) => m.order_id === o.id);
    const caseIdsOfOrder = new Set(rows.map((m) => m.case_id));
    const byCase = [...caseIdsOfOrder].reduce((a, id) => a + figuresFromRows(rows.filter((m) => m.case_id === id)).exposure, 0);
    expect(byCase, `${why}: ${o.name} Σ exposure of its cases = its exposure`).toBe(figuresFromRows(rows).exposure);
    const refunded = snap.movements
      .filter((m) => m.order_id === o.id && (m.type === "customer_refund" || m.type === "customer_refund_correction"))
      .reduce((a, m) => a + m.amount_minor, 0);
    expect(refunded, `${why}: ${o.name} refunded ≤ total`).toBeLessThanOrEqual(o.totalMinor);
    expect(refunded, `${why}: ${o.name} refunded ≥ 0`).toBeGreaterThanOrEqual(0);
    expect(o.ledgerRefundedMinor, `${why}: ${o.name} ledger_refunded_minor = Σ customer refunds`).toBe(refunded);
  }
  for (const caseId of caseIds) {
    const raw = figuresFromRows(snap.movements.filter((m) => m.case_id === caseId));
    const figures = await ledgerFigures(db, w.organizationId, sql`m.case_id = ${caseId}`, w.now);
    expect(figures.refundedMinor, `${why}: refunded`).toBe(raw.refunded);
    expect(figures.recoveredMinor, `${why}: recovered`).toBe(raw.recovered);
    expect(figures.netLossMinor, `${why}: net loss = refunded − recovered`).toBe(raw.refunded - raw.recovered);
    expect(figures.exposureMinor, `${why}: exposure`).toBe(raw.exposure);
    expect(figures.exposureMinor, `${why}: exposure ≥ 0`).toBeGreaterThanOrEqual(0);
    expect(figures.overdueMinor).toBeGreaterThanOrEqual(0);
    expect(figures.overdueMinor).toBeLessThanOrEqual(figures.exposureMinor);
  }
}

/** Order-level figures against the raw rows (at the end of a sequence). */
async function checkOrderFigures(w: World, snap: Snapshot, why: string) {
  for (const { id: orderId } of snap.orders) {
    const raw = figuresFromRows(snap.movements.filter((m) => m.order_id === orderId));
    const figures = await ledgerFigures(db, w.organizationId, sql`m.order_id = ${orderId}`, w.now);
    expect(figures, `${why}: order figures`).toMatchObject({ refundedMinor: raw.refunded, recoveredMinor: raw.recovered, netLossMinor: raw.netLoss, exposureMinor: raw.exposure });
  }
}

type Stats = Record<string, number>;
const bump = (stats: Stats, key: string) => (stats[key] = (stats[key] ?? 0) + 1);

async function step(w: World, c: Command, before: Snapshot, stats: Stats): Promise<Snapshot> {
  w.now = new Date(w.now.getTime() + c.advance);
  const call = toCall(w, c, before);
  if (!call) return before;
  const currentVersion =
    call.action === "open" ? undefined : call.action === "dispute" ? before.disputes.get(call.disputeId!)!.version : before.cases.get(call.caseId!)!.version;
  const versionOk = call.version === currentVersion;
  const keyUsed = call.key !== undefined && before.keys.has(call.key);
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await call.run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const after = await snapshot(w);
  const verdict = outcome.ok
    ? keyUsed
      ? "replayed"
      : "accepted"
    : `refused (${outcome.error instanceof DomainError ? outcome.error.code : "NOT A DOMAIN ERROR"}: ${(outcome.error as Error).message})`;
  w.log.push(`${w.now.toISOString()} ${call.label} → ${verdict}`);
  const why = `step ${w.log.length}: ${call.label}`;
  bump(stats, outcome.ok ? (keyUsed ? "replayed" : `ok:${call.action === "dispute" ? `dispute.${call.disputeAction}` : call.action}`) : "refused");

  // Every (from → to) that happened is an edge of the table, whatever the outcome.
  for (const [id, now] of after.cases) {
    const prev = before.cases.get(id);
    if (prev && prev.state !== now.state) expect(ALLOWED_TRANSITIONS.has(`${prev.state}->${now.state}`), `${why}: ${prev.state}->${now.state}`).toBe(true);
  }
  // The ledger is only ever appended to: every earlier row is still there, unchanged.
  const afterById = new Map(after.movements.map((m) => [m.id, m]));
  for (const m of before.movements) expect(afterById.get(m.id), `${why}: ledger is append-only`).toEqual(m);
  const known = new Set(before.movements.map((m) => m.id));
  const newRows = after.movements.filter((m) => !known.has(m.id));

  if (!outcome.ok) {
    // A refusal is a domain answer (4xx with a message), never a crash, and it changed nothing.
    expect(outcome.error instanceof DomainError, `${why}: ${String(outcome.error)} ${String((outcome.error as { cause?: unknown }).cause ?? "")}`).toBe(true);
    expectNothingChanged(before, after, why);
  } else if (keyUsed) {
    // A request with a used key gets the first answer and changes nothing.
    expectNothingChanged(before, after, why);
    if (w.answers.has(call.key!)) expect(outcome.value, `${why}: a replay returns the first answer`).toEqual(w.answers.get(call.key!));
  } else {
    if (call.key) w.answers.set(call.key, outcome.value);
    // (d) exactly one audit event for an accepted action.
    expect(after.audit - before.audit, `${why}: audit events written`).toBe(1);
    if (call.action === "open") {
      const created = [...after.cases.keys()].filter((id) => !before.cases.has(id));
      expect(created, why).toHaveLength(1);
      expect(["requested", "too_late"]).toContain(after.cases.get(created[0]!)!.state);
      expect(after.cases.get(created[0]!)!.version).toBe(1);
      for (const [id, k] of before.cases) expect(after.cases.get(id), `${why}: other cases untouched`).toEqual(k);
      expect(newRows, `${why}: opening moves no money`).toEqual([]);
      w.caseIds.push(created[0]!);
    } else if (call.action === "dispute") {
      expect(caseStates(after), `${why}: a dispute step leaves the cases alone`).toEqual(caseStates(before));
      const d0 = before.disputes.get(call.disputeId!)!;
      const d1 = after.disputes.get(call.disputeId!)!;
      const spec = DISPUTE_ACTIONS[call.disputeAction!];
      expect((spec.from as readonly string[]).includes(d0.state), `${why}: accepted from ${d0.state}`).toBe(true);
      expect(versionOk, `${why}: accepted with a wrong version`).toBe(true);
      expect(d1, why).toMatchObject({ state: spec.to, version: d0.version + 1 });
      // An award is exactly one supplier refund received, tied to the dispute and its case.
      expect(newRows.length, why).toBeLessThanOrEqual(1);
      for (const r of newRows) expect(r, why).toMatchObject({ type: "supplier_refund_received", dispute_id: call.disputeId, case_id: d0.caseId });
    } else if (call.action === "assign") {
      // Assigning moves no state and no money, but is a change of the case: version +1, one event.
      const c0 = before.cases.get(call.caseId!)!;
      expect(versionOk, `${why}: accepted with a wrong version`).toBe(true);
      expect(after.cases.get(call.caseId!), why).toMatchObject({ state: c0.state, version: c0.version + 1 });
      for (const [id, other] of before.cases) if (id !== call.caseId) expect(after.cases.get(id), `${why}: other cases untouched`).toEqual(other);
      expect(newRows, why).toEqual([]);
    } else {
      const action = call.action;
      const c0 = before.cases.get(call.caseId!)!;
      const c1 = after.cases.get(call.caseId!)!;
      // (a) the accepted action moved its own case along its own edge, and nothing else.
      expect(versionOk, `${why}: accepted with a wrong version`).toBe(true);
      expect(actionAllowedFrom(action, c0.state), `${why}: accepted from ${c0.state}`).toBe(true);
      expect(c1.state, why).toBe(CASE_ACTIONS[action].to ?? c0.state);
      expect(c1.version, why).toBe(c0.version + 1);
      for (const [id, other] of before.cases) if (id !== call.caseId) expect(after.cases.get(id), `${why}: other cases untouched`).toEqual(other);
      expect(disputeStates(after).length - disputeStates(before).length).toBe(action === "openDispute" ? 1 : 0);
      // Money moves are exactly the action's own ledger entries, tied to the case.
      for (const r of newRows) expect(r.case_id, `${why}: entries carry the case`).toBe(call.caseId);
      const types = newRows.map((r) => r.type);
      switch (action) {
        case "cancelStoreOrder":
          expect(types.length <= 1 && types.every((t) => t === "customer_refund"), why).toBe(true);
          break;
        case "refundItems":
          expect(types, why).toEqual(["customer_refund"]);
          break;
        case "supplierAccepted":
          expect(types.length <= 1 && types.every((t) => t === "supplier_refund_expected"), why).toBe(true);
          break;
        case "recordSupplierRefund":
          expect(types, why).toEqual(["supplier_refund_received"]);
          break;
        case "writeOffSupplierRefund":
          expect(types, why).toEqual(["supplier_refund_written_off"]);
          break;
        default:
          expect(types, `${why}: ${action} moves no money`).toEqual([]);
      }
      if (action === "openDispute") w.disputeIds.push([...after.disputes.keys()].find((id) => !before.disputes.has(id))!);
      if (action === "close") {
        const open = [...before.disputes.values()].some((d) => d.caseId === call.caseId && isOpenDispute(d.state));
        expect(open, `${why}: closed while its dispute is open`).toBe(false);
      }
    }
  }

  // Refusals the state table demands, whatever the guards say.
  if (keyUsed) {
    // checked above: a replay or a refusal, either way nothing changed
  } else if (call.action === "dispute") {
    const d0 = before.disputes.get(call.disputeId!)!;
    if (!versionOk || !(DISPUTE_ACTIONS[call.disputeAction!].from as readonly string[]).includes(d0.state)) {
      expect(outcome.ok, `${why}: must be refused (version or state)`).toBe(false);
      if (!outcome.ok) expect((outcome.error as DomainError).code, why).toBe("CONFLICT");
    }
  } else if (call.action === "open") {
    // One open case per order: opening is refused exactly while another case on the order is open.
    const hasOpen = [...before.cases.values()].some((k) => k.orderId === call.orderId && !TERMINAL_CASE_STATES.includes(k.state));
    expect(outcome.ok, `${why}: opening refused iff the order has an open case`).toBe(!hasOpen);
    if (!outcome.ok) expect((outcome.error as DomainError).code, why).toBe("CONFLICT");
  } else if (call.action === "assign") {
    if (!versionOk) {
      expect(outcome.ok, `${why}: must be refused (version)`).toBe(false);
      if (!outcome.ok) expect((outcome.error as DomainError).code, why).toBe("CONFLICT");
    }
  } else {
    const c0 = before.cases.get(call.caseId!)!;
    if (!versionOk || !actionAllowedFrom(call.action, c0.state)) {
      expect(outcome.ok, `${why}: must be refused (version or state)`).toBe(false);
      if (!outcome.ok) expect((outcome.error as DomainError).code, why).toBe("CONFLICT");
    } else if (call.action === "openDispute" && c0.state === "awaiting_tracking") {
      // The tracking deadline: a dispute only once the supplier's time to give tracking has run out.
      const passed = Boolean(c0.trackingDueAt && w.now > c0.trackingDueAt);
      bump(stats, passed ? "dispute after deadline" : "dispute before deadline");
      expect(outcome.ok, `${why}: dispute accepted iff the tracking deadline has passed`).toBe(passed);
      if (!outcome.ok) expect((outcome.error as DomainError).code, why).toBe("PRECONDITION");
    }
  }
  await checkMoney(w, after, call.caseId ? [call.caseId] : [], why);
  return after;
}

describe("cancellation case state machine (property)", () => {
  it(
    "random action sequences: transitions only along the table, refusals change nothing, refunds within totals, figures equal the ledger, one audit event per accepted action, a valid chain",
    async () => {
      const stats: Stats = {};
      await fc.assert(
        fc.asyncProperty(fc.array(commandArb, { minLength: 4, maxLength: MAX_STEPS }), async (commands) => {
          const started = Date.now();
          const w = await newWorld();
          stats["ms:setup"] = (stats["ms:setup"] ?? 0) + Date.now() - started;
          try {
            let snap = await snapshot(w);
            await checkMoney(w, snap, [], "after import");
            // Every sequence starts with a case on #1001 (unfulfilled, supplier not yet shipped).
            snap = await step(w, { ...commands[0]!, mode: "any", action: "open", order: 0, advance: 0 }, snap, stats);
            for (const c of commands) {
              const keyed = w.lastKeyed;
              snap = await step(w, c, snap, stats);
              if (c.repeat && w.lastKeyed && w.lastKeyed !== keyed) snap = await step(w, { ...c, mode: "any", action: "retry", advance: 0 }, snap, stats);
            }
            // (c) for every case at the end, and (e) the chain of everything the sequence did.
            await checkMoney(w, snap, snap.cases.keys(), "end of sequence");
            await checkOrderFigures(w, snap, "end of sequence");
            stats["ms:total"] = (stats["ms:total"] ?? 0) + Date.now() - started;
            if (process.env.CASE_PROPERTY_STATS === "2") console.log(w.log.join("\n"));
            const chain = await verifyAuditChain(db, w.organizationId);
            expect(chain).toMatchObject({ ok: true });
            expect(chain.checked).toBe(snap.audit);
          } catch (error) {
            if (error instanceof Error) error.message += `\n--- steps ---\n${w.log.join("\n")}`;
            throw error;
          }
        }),
        { numRuns: NUM_RUNS, endOnFailure: true },
      );
      if (process.env.CASE_PROPERTY_STATS) console.log(stats);
      // The generator must reach the interesting places, or the property proves little.
      expect(stats.refused ?? 0).toBeGreaterThan(0);
      expect(stats.replayed ?? 0).toBeGreaterThan(0);
      expect(stats["ok:supplierAccepted"] ?? 0).toBeGreaterThan(0);
      expect((stats["ok:cancelStoreOrder"] ?? 0) + (stats["ok:refundItems"] ?? 0)).toBeGreaterThan(0);
    },
    180_000,
  );
});
