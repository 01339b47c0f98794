/**
 * The case rules as a user meets them through tRPC (SPEC §1, §3, §8): only an unfulfilled store order
 * can be cancelled (otherwise refund items), out-of-date requests change nothing, one open case per
 * order, permissions named in refusals, other tenants and other stores answered as "not found", the
 * tracking deadline before a dispute (services with a controlled `now`), and refunds made in the
 * store counted exactly once in the ledger.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database, Db } from "@/server/db/client";
import { cancellationCases, orders } from "@/server/db/schema";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor, type TestUser } from "@/test/caller";
import { shownError } from "@/test/sql";
import {
  countRows,
  fixtureCsv,
  idemKey,
  importFixtures,
  inTenant,
  movementsOf,
  ordersOfStore,
  serviceContext,
  SHOPIFY_EXPORT,
  type OrderRow,
  type ServiceContext,
} from "@/test/cases";
import { importFile } from "@/server/imports/jobs";
import { handleShopifyWebhook } from "@/server/webhooks/handle";
import { signShopifyBody } from "@/server/webhooks/verify";
import { businessDaysBetween } from "@/server/deadlines/calendar";
import { getCaseDetail } from "./queries";
import { openSupplierDispute, requestAtSupplier, supplierRefused } from "./service";
import { DomainError } from "../errors";

let database: Database;
let db: Db;
let t: TenantFixture;
let other: TenantFixture;
/** Fixture orders in the store the client may see, and in the one it may not. */
let granted: Map<string, OrderRow>;
let hidden: Map<string, OrderRow>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Rules");
  other = await makeTenant(db, "Other");
  await importFixtures(db, t.organizationId, t.grantedStoreId);
  await importFixtures(db, t.organizationId, t.otherStoreId);
  granted = await ordersOfStore(db, t.organizationId, t.grantedStoreId);
  hidden = await ordersOfStore(db, t.organizationId, t.otherStoreId);
});
afterAll(async () => {
  await database.close();
});

const as = (user: TestUser, organizationId = t.organizationId) => callerFor(db, user, organizationId);
const owner = () => as(t.owner);

async function caseRow(caseId: string) {
  const [row] = await db.select().from(cancellationCases).where(eq(cancellationCases.id, caseId));
  return row!;
}

/** Everything a refused request must leave as it was. */
async function footprint(caseId: string) {
  const row = await caseRow(caseId);
  return {
    state: row.state,
    version: row.version,
    audit: await countRows(db, "audit_events", t.organizationId),
    ledger: await countRows(db, "money_movements", t.organizationId),
    disputes: await countRows(db, "disputes", t.organizationId),
    cases: await countRows(db, "cancellation_cases", t.organizationId),
  };
}

async function acceptedCase(order: OrderRow) {
  const c0 = await owner().case.open({ orderId: order.id, reason: "changed_mind" });
  const c1 = await owner().case.requestAtSupplier({ caseId: c0.id, version: c0.version });
  return owner().case.supplierAccepted({ caseId: c1.id, version: c1.version, idempotencyKey: idemKey() });
}

// Every case mutation, with an input its schema accepts, and the permission it needs (SPEC §8).
const MUTATIONS = {
  open: "cases:work",
  requestAtSupplier: "cases:work",
  supplierAccepted: "cases:work",
  supplierRefused: "cases:work",
  trackingProvided: "cases:work",
  openDispute: "cases:work",
  cancelStoreOrder: "refunds:record",
  refundItems: "refunds:record",
  recordSupplierRefund: "refunds:record",
  writeOffSupplierRefund: "refunds:record",
  close: "cases:work",
  withdraw: "cases:work",
  assign: "cases:work",
} as const;
type Mutation = keyof typeof MUTATIONS;

function inputFor(name: Mutation, caseId: string, version: number, orderId: string): unknown {
  const base = { caseId, version };
  switch (name) {
    case "open":
      return { orderId, reason: "changed_mind" };
    case "supplierAccepted":
    case "writeOffSupplierRefund":
      return { ...base, idempotencyKey: idemKey() };
    case "supplierRefused":
      return { ...base, claimsShipped: false };
    case "trackingProvided":
      return { ...base, carrier: "Cainiao", trackingNumber: "LP0000000001" };
    case "openDispute":
      return { ...base, reason: "No tracking number" };
    case "cancelStoreOrder":
      return { ...base, amountMinor: 100, cancelReason: "customer", idempotencyKey: idemKey() };
    case "refundItems":
      return { ...base, lines: [], includeShipping: true, idempotencyKey: idemKey() };
    case "recordSupplierRefund":
      return { ...base, amountMinor: 100, idempotencyKey: idemKey() };
    case "assign":
      return { ...base, assigneeId: null };
    default:
      return base;
  }
}

function callMutation(caller: ReturnType<typeof as>, name: Mutation, input: unknown): Promise<unknown> {
  return (caller.case[name] as unknown as (i: unknown) => Promise<unknown>)(input);
}

describe("only an unfulfilled store order can be cancelled; otherwise refund items", () => {
  for (const [status, name] of [
    ["in_progress", "#1007"],
    ["fulfilled", "#1001"],
  ] as const) {
    it(`a ${status} order: cancelling is refused with a message offering refund items, and the actions offer refund items`, async () => {
      const order = granted.get(name)!;
      const c = await acceptedCase(order);
      expect(c.state).toBe("supplier_accepted");
      await db.update(orders).set({ fulfillmentStatus: status }).where(eq(orders.id, order.id));

      const detail = await owner().case.get({ caseId: c.id });
      expect(detail.order.fulfillmentStatus).toBe(status);
      const actions = new Map(detail.actions.map((a) => [a.action, a]));
      expect(actions.get("refundItems")).toMatchObject({ enabled: true });
      // Not offered as something to do: listed at most as disabled, with the way out in its reason.
      const cancel = actions.get("cancelStoreOrder");
      if (cancel) expect(cancel).toMatchObject({ enabled: false, reason: expect.stringMatching(/Refund items/i) });

      const before = await footprint(c.id);
      const refused = await shownError(
        owner().case.cancelStoreOrder({ caseId: c.id, version: c.version, amountMinor: order.totalMinor, cancelReason: "customer", idempotencyKey: idemKey() }),
        "case.cancelStoreOrder",
      );
      expect(refused.code).toBe("PRECONDITION_FAILED");
      expect(refused.message).toMatch(/no longer unfulfilled.*Refund items instead/);
      expect(await footprint(c.id)).toEqual(before);
      expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0]).toMatchObject({ cancelledAt: null, ledgerRefundedMinor: 0 });

      // Refund items is the way: it goes through, on the same case.
      const lines = detail.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity }));
      const refunded = await owner().case.refundItems({ caseId: c.id, version: c.version, lines, includeShipping: false, idempotencyKey: idemKey() });
      expect(refunded).toMatchObject({ state: "supplier_accepted", version: c.version + 1 });
      const ledger = await owner().ledger.order({ orderId: order.id });
      expect(ledger.figures.refundedMinor).toBe(order.totalMinor - order.shippingMinor);
    });
  }

  it("#1002 (fulfilled, supplier shipped): the case is too late; refund items is offered, cancelling is not", async () => {
    const order = granted.get("#1002")!;
    const c = await owner().case.open({ orderId: order.id, reason: "not_as_described" });
    expect(c).toMatchObject({ state: "too_late", tooLateReason: expect.stringMatching(/shipped AliExpress order 8190001002/) });
    const detail = await owner().case.get({ caseId: c.id });
    const names = detail.actions.map((a) => a.action);
    expect(names).toContain("refundItems");
    expect(names).not.toContain("cancelStoreOrder");
    expect(detail.actions.find((a) => a.action === "refundItems")).toMatchObject({ enabled: true, movesMoney: true });
    const before = await footprint(c.id);
    const refused = await shownError(
      owner().case.cancelStoreOrder({ caseId: c.id, version: c.version, amountMinor: 100, cancelReason: "customer", idempotencyKey: idemKey() }),
      "case.cancelStoreOrder",
    );
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/Cancel the store order.*not possible while the case is too late/);
    expect(await footprint(c.id)).toEqual(before);
  });
});

describe("out-of-date and repeated requests change nothing", () => {
  it("a stale version is a CONFLICT for every kind of step, and nothing changes", async () => {
    // The granted store's #1001 was marked fulfilled above; its twin in the other store is unfulfilled.
    const twin = hidden.get("#1001")!;
    let c = await owner().case.open({ orderId: twin.id, reason: "changed_mind" });
    c = await owner().case.requestAtSupplier({ caseId: c.id, version: c.version });
    for (const name of ["supplierAccepted", "supplierRefused", "withdraw", "requestAtSupplier", "assign", "close", "cancelStoreOrder"] as const) {
      for (const version of [c.version - 1, c.version + 1]) {
        const before = await footprint(c.id);
        const refused = await shownError(callMutation(owner(), name, inputFor(name, c.id, version, twin.id)), `case.${name}`);
        expect(refused.code, `${name} v${version}`).toBe("CONFLICT");
        expect(await footprint(c.id), `${name} v${version}`).toEqual(before);
      }
    }
    // The same step sent again after it went through (a second click, a new key) is refused too.
    const accepted = await owner().case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: idemKey() });
    const before = await footprint(c.id);
    const again = await shownError(owner().case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: idemKey() }), "case.supplierAccepted");
    expect(again).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed since you loaded it/) });
    expect(await footprint(c.id)).toEqual(before);
    expect(accepted.version).toBe(c.version + 1);
  });

  it("a second open case on the same order is a CONFLICT; after withdrawing the first, a new one may open", async () => {
    const order = hidden.get("#1007")!;
    const first = await owner().case.open({ orderId: order.id, reason: "changed_mind" });
    const before = await footprint(first.id);
    const refused = await shownError(owner().case.open({ orderId: order.id, reason: "wrong_size" }), "case.open");
    expect(refused).toEqual({ code: "CONFLICT", message: "Order #1007 already has an open case. Continue that one, or withdraw it first." });
    expect(await footprint(first.id)).toEqual(before);
    const withdrawn = await owner().case.withdraw({ caseId: first.id, version: first.version });
    expect(withdrawn).toMatchObject({ state: "withdrawn", outcome: "withdrawn" });
    const second = await owner().case.open({ orderId: order.id, reason: "wrong_size" });
    expect(second).toMatchObject({ state: "requested" });
    const open = await db
      .select()
      .from(cancellationCases)
      .where(and(eq(cancellationCases.orderId, order.id), eq(cancellationCases.state, "requested")));
    expect(open).toHaveLength(1);
  });
});

describe("who may do what (SPEC §8)", () => {
  it("a viewer and a client get FORBIDDEN naming the missing permission, for every case mutation, and nothing changes", async () => {
    const order = hidden.get("#1005")!;
    const c = await owner().case.open({ orderId: order.id, reason: "damaged" });
    for (const role of ["viewer", "client"] as const) {
      for (const [name, permission] of Object.entries(MUTATIONS) as [Mutation, string][]) {
        const before = await footprint(c.id);
        const refused = await shownError(callMutation(as(t.members[role]), name, inputFor(name, c.id, c.version, order.id)), `case.${name}`);
        expect(refused, `${role} ${name}`).toEqual({
          code: "FORBIDDEN",
          message: `You need the "${permission}" permission for this; your role (${role}) does not have it.`,
        });
        expect(await footprint(c.id)).toEqual(before);
      }
      // Reading is allowed to a viewer (every store).
      if (role === "viewer") expect((await as(t.members.viewer).case.get({ caseId: c.id })).case.id).toBe(c.id);
    }
  });

  it("another organization's owner gets NOT_FOUND for case.get and every case mutation, exactly as for a case that does not exist", async () => {
    const order = hidden.get("#1004")!;
    const c = await owner().case.open({ orderId: order.id, reason: "other" });
    const stranger = as(other.owner, other.organizationId);
    const missing = randomUUID();
    const getTheirs = await shownError(stranger.case.get({ caseId: c.id }), "case.get");
    const getNone = await shownError(stranger.case.get({ caseId: missing }), "case.get");
    expect(getTheirs).toEqual({ code: "NOT_FOUND", message: "Case was not found." });
    expect(getTheirs).toEqual(getNone);
    for (const name of Object.keys(MUTATIONS) as Mutation[]) {
      const before = await footprint(c.id);
      const theirs = await shownError(callMutation(stranger, name, inputFor(name, c.id, c.version, order.id)), `case.${name}`);
      const none = await shownError(callMutation(stranger, name, inputFor(name, missing, c.version, missing)), `case.${name}`);
      expect(theirs.code, name).toBe("NOT_FOUND");
      expect(theirs, name).toEqual(none);
      expect(await footprint(c.id), name).toEqual(before);
    }
    expect((await stranger.case.list({})).map((x) => x.id)).not.toContain(c.id);
    expect(await shownError(stranger.ledger.order({ orderId: order.id }), "ledger.order")).toMatchObject({ code: "NOT_FOUND" });
  });

  it("a client sees only the cases (and disputes) of its granted store", async () => {
    const seen = granted.get("#1005")!;
    const unseen = hidden.get("#1003")!;
    const mine = await owner().case.open({ orderId: seen.id, reason: "damaged" });
    const theirs = await owner().case.open({ orderId: unseen.id, reason: "damaged" });
    const client = as(t.members.client);
    const listed = await client.case.list({});
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((x) => x.storeId === t.grantedStoreId)).toBe(true);
    expect(listed.map((x) => x.id)).toContain(mine.id);
    expect(listed.map((x) => x.id)).not.toContain(theirs.id);
    expect(await client.case.list({ storeId: t.otherStoreId })).toEqual([]);
    expect((await client.case.get({ caseId: mine.id })).case.id).toBe(mine.id);
    const hiddenAnswer = await shownError(client.case.get({ caseId: theirs.id }), "case.get");
    expect(hiddenAnswer).toEqual(await shownError(client.case.get({ caseId: randomUUID() }), "case.get"));
    expect(hiddenAnswer.code).toBe("NOT_FOUND");
    // The whole store's cases, for an agent, include both.
    const all = (await as(t.members.agent).case.list({})).map((x) => x.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });
});

describe("a case's money stays the case's", () => {
  it("a supplier refund recorded on a case settles only that case's expectation, so case and order exposure agree", async () => {
    const store = await owner().store.create({ name: "Rules money", slug: `rules-money-${randomUUID().slice(0, 8)}`, currency: "USD", country: "US", timezone: "America/New_York" });
    await importFixtures(db, t.organizationId, store.id);
    const order = (await ordersOfStore(db, t.organizationId, store.id)).get("#1001")!;
    // Case A: accepted (1120 expected from the supplier). It cannot be withdrawn while the refund is
    // expected, so it is written off, then withdrawn.
    let a = await acceptedCase(order);
    const aDetail = await owner().case.get({ caseId: a.id });
    expect(aDetail.expectations).toHaveLength(1);
    const expectationOfA = aDetail.expectations[0]!.id;
    const blocked = await shownError(owner().case.withdraw({ caseId: a.id, version: a.version }), "case.withdraw");
    expect(blocked.code).toBe("PRECONDITION_FAILED");
    a = await owner().case.writeOffSupplierRefund({ caseId: a.id, version: a.version, idempotencyKey: idemKey() });
    await owner().case.withdraw({ caseId: a.id, version: a.version });
    // Case B on the same order.
    const b = await acceptedCase(order);
    const before = await footprint(b.id);
    const refused = await shownError(
      owner().case.recordSupplierRefund({ caseId: b.id, version: b.version, amountMinor: 1120, expectationId: expectationOfA, idempotencyKey: idemKey() }),
      "case.recordSupplierRefund",
    );
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(await footprint(b.id)).toEqual(before);
    // Whatever happened, the cases' exposures add up to the order's.
    const exposureOf = async (caseId: string) => (await owner().case.get({ caseId })).money.exposureMinor;
    const orderExposure = (await owner().ledger.order({ orderId: order.id })).figures.exposureMinor;
    expect((await exposureOf(a.id)) + (await exposureOf(b.id))).toBe(orderExposure);
  });
});

describe("the tracking deadline before a dispute (SPEC §1: 5 business days after a refusal)", () => {
  it("from awaiting_tracking, a dispute is refused up to the deadline and allowed just after it", async () => {
    const order = hidden.get("#1006")!; // EUR, no supplier order; the store is in Europe/Berlin
    const base: ServiceContext = await serviceContext(db, t.members.agent, t.organizationId);
    const c0 = await owner().case.open({ orderId: order.id, reason: "not_delivered" });
    const refusedAt = new Date("2026-11-02T10:00:00Z"); // a Monday
    const c1 = await inTenant(db, base, (ctx) => requestAtSupplier(ctx, { caseId: c0.id, version: c0.version, contactedSupplierDirectly: true }, refusedAt));
    const c2 = await inTenant(db, base, (ctx) => supplierRefused(ctx, { caseId: c1.id, version: c1.version, respondedAt: refusedAt }, true, refusedAt));
    expect(c2.state).toBe("awaiting_tracking");
    const due = c2.trackingDueAt!;
    expect(businessDaysBetween(refusedAt, due, { country: "CN", timeZone: "Europe/Berlin" })).toBe(5);
    expect(due.getTime()).toBeGreaterThan(refusedAt.getTime() + 5 * 24 * 3600_000);

    const dispute = (now: Date) =>
      inTenant(db, base, (ctx) => openSupplierDispute(ctx, { caseId: c2.id, version: c2.version, reason: "No tracking number by the deadline" }, now));
    for (const now of [refusedAt, new Date(due.getTime() - 1), due]) {
      const before = await footprint(c2.id);
      const error = await dispute(now).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, now.toISOString()).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: "PRECONDITION", message: expect.stringMatching(/still has time to give a tracking number/) });
      expect(await footprint(c2.id)).toEqual(before);
      // The screen says the same, from the same guard.
      const detail = await inTenant(db, base, (ctx) => getCaseDetail(ctx, c2.id, now));
      expect(detail.actions.find((a) => a.action === "openDispute")).toMatchObject({ enabled: false });
    }
    const after = new Date(due.getTime() + 1);
    const detail = await inTenant(db, base, (ctx) => getCaseDetail(ctx, c2.id, after));
    expect(detail.actions.find((a) => a.action === "openDispute")).toMatchObject({ enabled: true, reason: null });
    const disputed = await dispute(after);
    expect(disputed).toMatchObject({ state: "disputed", version: c2.version + 1 });
    const [d] = (await owner().dispute.list({})).filter((x) => x.caseId === c2.id);
    expect(d).toMatchObject({ state: "open", claimedMinor: order.totalMinor, storeId: t.otherStoreId });
    // A client of the other store does not see the dispute, exactly as if it did not exist.
    const client = as(t.members.client);
    expect((await client.dispute.list({})).map((x) => x.id)).not.toContain(d!.id);
    expect(await shownError(client.dispute.get({ disputeId: d!.id }), "dispute.get")).toEqual(await shownError(client.dispute.get({ disputeId: randomUUID() }), "dispute.get"));
  });

  it("after a refusal without shipping there is no deadline to wait for", async () => {
    const order = granted.get("#1006")!;
    const base = await serviceContext(db, t.owner, t.organizationId);
    const c0 = await owner().case.open({ orderId: order.id, reason: "not_delivered" });
    const at = new Date("2026-11-02T10:00:00Z");
    const c1 = await inTenant(db, base, (ctx) => requestAtSupplier(ctx, { caseId: c0.id, version: c0.version, contactedSupplierDirectly: false }, at));
    const c2 = await inTenant(db, base, (ctx) => supplierRefused(ctx, { caseId: c1.id, version: c1.version }, false, at));
    expect(c2).toMatchObject({ state: "supplier_refused", trackingDueAt: null });
    const c3 = await inTenant(db, base, (ctx) => openSupplierDispute(ctx, { caseId: c2.id, version: c2.version, reason: "Refused without shipping" }, at));
    expect(c3.state).toBe("disputed");
  });
});

describe("refunds made in the store are counted exactly once (SPEC §7)", () => {
  const storeRefunds = async (orderId: string) =>
    (await movementsOf(db, t.organizationId)).filter((m) => m.order_id === orderId && m.type === "customer_refund" && m.source === "store");

  async function deliverRefund(storeId: string, body: object, webhookId: string) {
    const secret = (await owner().store.webhookSecret({ storeId })).webhookSecret;
    const raw = Buffer.from(JSON.stringify(body));
    return handleShopifyWebhook(db, { storeId, rawBody: raw, hmac: signShopifyBody(raw, secret), webhookId, topic: "refunds/create" });
  }

  it("#1003 ($5.00) and #1004 ($38.99): once each after importing the same file 3 times; ledger.order counts them", async () => {
    // The file was imported once in beforeAll; twice more.
    for (let i = 0; i < 2; i++) {
      await importFile(db, { organizationId: t.organizationId, storeId: t.grantedStoreId }, "shopify_orders", "again.csv", fixtureCsv(SHOPIFY_EXPORT), {
        skipBadRows: false,
        actor: { type: "system", label: "test" },
      });
    }
    for (const [name, amount] of [
      ["#1003", 500],
      ["#1004", 3899],
    ] as const) {
      const order = granted.get(name)!;
      const rows = await storeRefunds(order.id);
      expect(rows.map((r) => r.amount_minor), name).toEqual([amount]);
      const ledger = await owner().ledger.order({ orderId: order.id });
      expect(ledger.figures).toMatchObject({ refundedMinor: amount, recoveredMinor: 0, netLossMinor: amount });
      expect(ledger.entries.filter((e) => e.type === "customer_refund").map((e) => [e.source, e.amountMinor])).toEqual([["store", amount]]);
      const [row] = await db.select().from(orders).where(eq(orders.id, order.id));
      expect(row!.ledgerRefundedMinor).toBe(amount);
    }
  });

  it("a refunds/create webhook for #1004 (already fully refunded) adds nothing; a redelivery of a refund adds nothing", async () => {
    const order = granted.get("#1004")!;
    const body = { id: 77001004, order_id: 5101004, created_at: "2026-10-04T11:20:00-04:00", transactions: [{ amount: "38.99", kind: "refund", status: "success" }] };
    expect((await deliverRefund(t.grantedStoreId, body, `wh-${randomUUID()}`)).status).toBe(200);
    expect((await deliverRefund(t.grantedStoreId, body, `wh-${randomUUID()}`)).status).toBe(200);
    // The refund is remembered (a zero entry) but adds nothing: the reported total already counted it.
    expect((await storeRefunds(order.id)).map((r) => Number(r.amount_minor)).filter((n) => n > 0)).toEqual([3899]);
    expect((await owner().ledger.order({ orderId: order.id })).figures.refundedMinor).toBe(3899);
  });

  it("a refunds/create webhook for the $5.00 refund #1003's import already reported does not count it twice", async () => {
    const order = granted.get("#1003")!;
    const body = { id: 77001003, order_id: 5101003, created_at: "2026-10-08T09:00:00-04:00", transactions: [{ amount: "5.00", kind: "refund", status: "success" }] };
    expect((await deliverRefund(t.grantedStoreId, body, `wh-${randomUUID()}`)).status).toBe(200);
    expect((await deliverRefund(t.grantedStoreId, body, `wh-${randomUUID()}`)).status).toBe(200);
    const ledger = await owner().ledger.order({ orderId: order.id });
    expect(ledger.figures.refundedMinor, "the store refunded $5.00 on #1003, once").toBe(500);
    expect((await storeRefunds(order.id)).reduce((a, r) => a + r.amount_minor, 0)).toBe(500);
  });

  it("the same facts in the other order — webhook first, then the export 3 times — also count $5.00 once", async () => {
    // A third store: #1003 arrives first without its refund, then the refund by webhook, then the real export.
    const store = await owner().store.create({ name: "Rules third", slug: `rules-third-${randomUUID().slice(0, 8)}`, currency: "USD", country: "US", timezone: "America/New_York" });
    const scope = { organizationId: t.organizationId, storeId: store.id };
    const actor = { type: "system", label: "test" } as const;
    const lines = fixtureCsv(SHOPIFY_EXPORT).split("\n");
    const header = lines[0]!.split(",");
    const refundedCol = header.indexOf("Refunded Amount");
    const statusCol = header.indexOf("Financial Status");
    const before = lines
      .map((line, i) => {
        if (i === 0 || !line.startsWith("#1003,")) return line;
        const cells = line.split(",");
        expect(cells).toHaveLength(header.length);
        cells[refundedCol] = "0.00";
        cells[statusCol] = "paid";
        return cells.join(",");
      })
      .join("\n");
    expect(before).not.toEqual(fixtureCsv(SHOPIFY_EXPORT));
    await importFile(db, scope, "shopify_orders", "before.csv", before, { skipBadRows: false, actor });
    const order = (await ordersOfStore(db, t.organizationId, store.id)).get("#1003")!;
    expect(await storeRefunds(order.id)).toEqual([]);
    const body = { id: 88001003, order_id: 5101003, transactions: [{ amount: "5.00", kind: "refund", status: "success" }] };
    expect((await deliverRefund(store.id, body, `wh-${randomUUID()}`)).status).toBe(200);
    for (let i = 0; i < 3; i++) await importFile(db, scope, "shopify_orders", "export.csv", fixtureCsv(SHOPIFY_EXPORT), { skipBadRows: false, actor });
    expect((await owner().ledger.order({ orderId: order.id })).figures.refundedMinor).toBe(500);
  });
});
