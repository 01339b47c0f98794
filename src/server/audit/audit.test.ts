/**
 * The audit trail: one event per mutation, written in the mutation's transaction; append-only at the
 * database; hash-chained per organization so an edit or a deletion is found by `verifyAuditChain`.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql, TransactionRollbackError } from "drizzle-orm";
import { appRouter, createCaller } from "../api/root";
import { createTRPCContext } from "../api/trpc";
import type { Database, Db, Tx } from "../db/client";
import { auditEvents } from "../db/schema";
import { queryRows } from "../db/rows";
import { withTenant } from "../db/tenant";
import { resolveMembership } from "../tenancy/membership";
import { createImportJob, importFile } from "../imports/jobs";
import { hashAuditEvent } from "./hash";
import { verifyAuditChain } from "./record";
import { createTestDatabase } from "@/test/db";
import { makeTenant, makeUser, type TenantFixture } from "@/test/fixtures";
import { callerFor, type TestUser } from "@/test/caller";
import { auditCount, countOf, databaseError, shownError } from "@/test/sql";
import { settingsWith } from "@/test/policy";
import { templateOf } from "@/lib/policy/settings";

let database: Database;
let db: Db;
let t: TenantFixture;

/** Request id that makes a test-only trigger reject the audit insert: an error after the write. */
const FAIL_AUDIT = "fail-after-write";

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Ledger");
  await db.execute(sql`
    create function test_fail_audit_insert() returns trigger language plpgsql as $$
    begin raise exception 'audit insert rejected by the test trigger'; end $$`);
  await db.execute(sql.raw(`
    create trigger test_fail_audit_insert before insert on audit_events for each row
    when (new.request_id = '${FAIL_AUDIT}') execute function test_fail_audit_insert()`));
});
afterAll(async () => {
  await database.close();
});

const owner = () => callerFor(db, t.owner, t.organizationId);
let unique = 0;
const next = () => `${++unique}-${randomUUID().slice(0, 6)}`;
const storeBody = () => ({ name: `Store ${next()}`, slug: `store-${next()}`, currency: "USD", country: "US", timezone: "UTC" });
const tokenOf = (link: string) => link.split("/invite/")[1]!;

/** A new member of `t`, joined through an invitation. */
async function newMember(role: "agent" | "viewer" = "agent"): Promise<TestUser> {
  const user = await makeUser(db, "joiner");
  const invite = await owner().invitation.create({ email: user.email, role });
  await callerFor(db, user).invitation.accept({ token: tokenOf(invite.link) });
  return user;
}

/** A caller whose request id trips the test trigger when its audit event is inserted. */
function failingCaller(user: TestUser, organizationId: string | null) {
  return createCaller(
    createTRPCContext({ db, session: { user, organizationId }, headers: new Headers({ "x-request-id": FAIL_AUDIT }) }),
  );
}

interface EventRow extends Record<string, unknown> {
  id: string;
  action: string;
  organization_id: string;
}
const allEvents = () => queryRows<EventRow>(db, sql`select id, action, organization_id from audit_events`);

type Measure = <T>(mutation: () => Promise<T>) => Promise<T>;
interface Audited {
  /** The one event the mutation writes, or null with the reason it writes none. */
  action: string | null;
  note?: string;
  /**
   * Prepares what the mutation needs, then calls `measure` around exactly the mutation; null only
   * when the mutation cannot run inside a test (the note says why and where it is covered).
   */
  run: ((measure: Measure) => Promise<unknown>) | null;
}

const ordersCsv = () => readFileSync(path.join(import.meta.dirname, "../imports/fixtures/shopify-orders-export.csv"), "utf8");
/** Orders of `t`'s granted store, imported once. */
let orderIds: Promise<string[]> | undefined;
function ordersOfT(): Promise<string[]> {
  orderIds ??= importFile(db, { organizationId: t.organizationId, storeId: t.grantedStoreId }, "shopify_orders", "orders.csv", ordersCsv(), {
    skipBadRows: false,
    actor: { type: "system" },
  }).then(async () =>
    (await queryRows<{ id: string }>(db, sql`select id from orders where organization_id = ${t.organizationId} order by name`)).map((r) => r.id),
  );
  return orderIds;
}
const supplierOrderBody = (orderId: string) => ({
  orderId,
  supplier: "AliExpress",
  supplierOrderNumber: `SO-${next()}`,
  status: "awaiting_shipment" as const,
  costMinor: 1234,
  currency: "USD",
  paidAt: null,
  shippedAt: null,
  carrier: null,
  trackingNumber: null,
});

const supplierCsv = () => readFileSync(path.join(import.meta.dirname, "../imports/fixtures/supplier-orders.csv"), "utf8");
/**
 * A new store of `t` holding both fixture files, for case work that needs orders without a case:
 * its order ids by name (#1001 is unfulfilled, its supplier order unshipped; #1002 has shipped).
 */
async function freshOrders(): Promise<Map<string, string>> {
  const store = await owner().store.create(storeBody());
  const scope = { organizationId: t.organizationId, storeId: store.id };
  for (const [kind, content] of [["shopify_orders", ordersCsv()], ["supplier_orders", supplierCsv()]] as const) {
    const result = await importFile(db, scope, kind, `${kind}.csv`, content, { skipBadRows: false, actor: { type: "system" } });
    expect(result.errors).toEqual([]);
  }
  const rows = await queryRows<{ id: string; name: string }>(db, sql`select id, name from orders where organization_id = ${t.organizationId} and store_id = ${store.id}`);
  return new Map(rows.map((r) => [r.name, r.id]));
}
const key = () => `audit-${next()}`;

type CaseStep = "requested" | "supplier_pending" | "supplier_accepted" | "awaiting_tracking" | "supplier_refused";
/** A case on a fresh #1001, driven by the owner to `state` (each step writes its own event, before measuring). */
async function caseAt(state: CaseStep) {
  const orders = await freshOrders();
  let c = await owner().case.open({ orderId: orders.get("#1001")!, reason: "changed_mind" });
  if (state !== "requested") c = await owner().case.requestAtSupplier({ caseId: c.id, version: c.version });
  if (state === "supplier_accepted") c = await owner().case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: key() });
  if (state === "awaiting_tracking") c = await owner().case.supplierRefused({ caseId: c.id, version: c.version, claimsShipped: true });
  if (state === "supplier_refused") c = await owner().case.supplierRefused({ caseId: c.id, version: c.version, claimsShipped: false });
  expect(c.state).toBe(state);
  return c;
}

/** A supplier dispute, opened on a case the supplier refused without shipping. */
async function supplierDispute() {
  const c = await caseAt("supplier_refused");
  await owner().case.openDispute({ caseId: c.id, version: c.version, reason: "Refused without shipping." });
  const detail = await owner().case.get({ caseId: c.id });
  return detail.disputes[0]!;
}

const AUDITED: Record<string, Audited> = {
  "auth.signUp": {
    action: null,
    note: "Accounts are global: no organization's chain records a sign-up.",
    run: (measure) =>
      measure(() => callerFor(db, null).auth.signUp({ name: "New", email: `new-${next()}@example.test`, password: "a long unusual passphrase 42" })),
  },
  "organization.create": {
    action: "organization.created",
    run: async (measure) => {
      const founder = await makeUser(db, "founder");
      return measure(() => callerFor(db, founder).organization.create({ name: `Founded ${next()}`, kind: "merchant" }));
    },
  },
  "organization.update": {
    action: "organization.updated",
    run: (measure) => measure(() => owner().organization.update({ name: "Ledger", reportingCurrency: "EUR" })),
  },
  "organization.transferOwnership": {
    action: "organization.ownership_transferred",
    run: async (measure) => {
      const other = await makeTenant(db, "Handover");
      return measure(() =>
        callerFor(db, other.owner, other.organizationId).organization.transferOwnership({ userId: other.members.agent.id }),
      );
    },
  },
  "store.create": { action: "store.created", run: (measure) => measure(() => owner().store.create(storeBody())) },
  "store.update": {
    action: "store.updated",
    run: async (measure) => {
      const store = await owner().store.create(storeBody());
      return measure(() => owner().store.update({ storeId: store.id, ...storeBody() }));
    },
  },
  "store.archive": {
    action: "store.archived",
    run: async (measure) => {
      const store = await owner().store.create(storeBody());
      return measure(() => owner().store.archive({ storeId: store.id }));
    },
  },
  "store.restore": {
    action: "store.restored",
    run: async (measure) => {
      const store = await owner().store.create(storeBody());
      await owner().store.archive({ storeId: store.id });
      return measure(() => owner().store.restore({ storeId: store.id }));
    },
  },
  "store.rotateWebhookSecret": {
    action: "store.webhook_secret_rotated",
    run: (measure) => measure(() => owner().store.rotateWebhookSecret({ storeId: t.grantedStoreId })),
  },
  "invitation.create": {
    action: "invitation.created",
    run: (measure) => measure(() => owner().invitation.create({ email: `invitee-${next()}@example.test`, role: "viewer" })),
  },
  "invitation.revoke": {
    action: "invitation.revoked",
    run: async (measure) => {
      const invite = await owner().invitation.create({ email: `invitee-${next()}@example.test`, role: "viewer" });
      return measure(() => owner().invitation.revoke({ invitationId: invite.id }));
    },
  },
  "invitation.accept": {
    action: "invitation.accepted",
    run: async (measure) => {
      const user = await makeUser(db, "acceptor");
      const invite = await owner().invitation.create({ email: user.email, role: "viewer" });
      return measure(() => callerFor(db, user).invitation.accept({ token: tokenOf(invite.link) }));
    },
  },
  "member.changeRole": {
    action: "member.role_changed",
    run: async (measure) => {
      const member = await newMember();
      return measure(() => owner().member.changeRole({ userId: member.id, role: "client", storeIds: [t.otherStoreId] }));
    },
  },
  "member.remove": {
    action: "member.removed",
    run: async (measure) => {
      const member = await newMember();
      return measure(() => owner().member.remove({ userId: member.id }));
    },
  },
  "order.saveSupplierOrder": {
    action: "supplier_order.created",
    run: async (measure) => {
      const [orderId] = await ordersOfT();
      return measure(() => owner().order.saveSupplierOrder(supplierOrderBody(orderId!)));
    },
  },
  "import.discard": {
    action: "import.discarded",
    run: async (measure) => {
      const membership = await resolveMembership(db, t.owner.id, t.organizationId);
      const job = await withTenant(db, t.organizationId, (tx) =>
        createImportJob(tx, { organizationId: t.organizationId, storeId: t.grantedStoreId }, membership!, {
          kind: "shopify_orders",
          fileName: "discard-me.csv",
          content: ordersCsv(),
          userId: t.owner.id,
        }),
      );
      return measure(() => owner().import.discard({ jobId: job.jobId }));
    },
  },
  "case.open": {
    action: "case.opened",
    run: async (measure) => {
      const orders = await freshOrders();
      return measure(() => owner().case.open({ orderId: orders.get("#1001")!, reason: "changed_mind" }));
    },
  },
  "case.requestAtSupplier": {
    action: "case.requestAtSupplier",
    run: async (measure) => {
      const c = await caseAt("requested");
      return measure(() => owner().case.requestAtSupplier({ caseId: c.id, version: c.version, contactedSupplierDirectly: true }));
    },
  },
  "case.supplierAccepted": {
    action: "case.supplierAccepted",
    run: async (measure) => {
      const c = await caseAt("supplier_pending");
      return measure(() => owner().case.supplierAccepted({ caseId: c.id, version: c.version, idempotencyKey: key() }));
    },
  },
  "case.supplierRefused": {
    action: "case.supplierRefusedShipped",
    note: "Its action names the answer: case.supplierRefusedShipped, or case.supplierRefusedNotShipped (see case.openDispute).",
    run: async (measure) => {
      const c = await caseAt("supplier_pending");
      return measure(() => owner().case.supplierRefused({ caseId: c.id, version: c.version, claimsShipped: true }));
    },
  },
  "case.trackingProvided": {
    action: "case.trackingProvided",
    run: async (measure) => {
      const c = await caseAt("awaiting_tracking");
      return measure(() => owner().case.trackingProvided({ caseId: c.id, version: c.version, carrier: "Cainiao", trackingNumber: "LP00999888777" }));
    },
  },
  "case.openDispute": {
    action: "case.openDispute",
    run: async (measure) => {
      const c = await caseAt("supplier_refused");
      return measure(() => owner().case.openDispute({ caseId: c.id, version: c.version, reason: "Refused without shipping." }));
    },
  },
  "case.cancelStoreOrder": {
    action: "case.cancelStoreOrder",
    run: async (measure) => {
      const c = await caseAt("supplier_accepted");
      return measure(() =>
        owner().case.cancelStoreOrder({ caseId: c.id, version: c.version, amountMinor: 3489, cancelReason: "customer", idempotencyKey: key() }),
      );
    },
  },
  "case.refundItems": {
    action: "case.refundItems",
    run: async (measure) => {
      const c = await caseAt("supplier_accepted");
      const { lineItems } = await owner().case.get({ caseId: c.id });
      return measure(() =>
        owner().case.refundItems({ caseId: c.id, version: c.version, lines: [{ lineItemId: lineItems[0]!.id, quantity: 1 }], idempotencyKey: key() }),
      );
    },
  },
  "case.recordSupplierRefund": {
    action: "case.recordSupplierRefund",
    run: async (measure) => {
      const c = await caseAt("supplier_accepted");
      return measure(() => owner().case.recordSupplierRefund({ caseId: c.id, version: c.version, amountMinor: 1120, idempotencyKey: key() }));
    },
  },
  "case.writeOffSupplierRefund": {
    action: "case.writeOffSupplierRefund",
    run: async (measure) => {
      const c = await caseAt("supplier_accepted");
      return measure(() => owner().case.writeOffSupplierRefund({ caseId: c.id, version: c.version, note: "The supplier stopped answering.", idempotencyKey: key() }));
    },
  },
  "case.close": {
    action: "case.close",
    run: async (measure) => {
      // #1002 has shipped at the supplier: its case opens too late, and can be closed at once.
      const orders = await freshOrders();
      const c = await owner().case.open({ orderId: orders.get("#1002")!, reason: "changed_mind" });
      expect(c.state).toBe("too_late");
      return measure(() => owner().case.close({ caseId: c.id, version: c.version }));
    },
  },
  "case.withdraw": {
    action: "case.withdraw",
    run: async (measure) => {
      const c = await caseAt("supplier_pending");
      return measure(() => owner().case.withdraw({ caseId: c.id, version: c.version }));
    },
  },
  "case.assign": {
    action: "case.assigned",
    run: async (measure) => {
      const c = await caseAt("requested");
      return measure(() => owner().case.assign({ caseId: c.id, version: c.version, assigneeId: t.members.agent.id }));
    },
  },
  "dispute.transition": {
    action: "dispute.escalate",
    note: "Its action names the step: dispute.awaitResponse, .escalate, .resolveWon, .resolvePartial, .resolveLost or .withdraw.",
    run: async (measure) => {
      const dispute = await supplierDispute();
      return measure(() => owner().dispute.transition({ disputeId: dispute.id, version: dispute.version, action: "escalate", idempotencyKey: key() }));
    },
  },
  "dispute.addEvidence": {
    action: "dispute.evidence_added",
    run: async (measure) => {
      const dispute = await supplierDispute();
      return measure(() => owner().dispute.addEvidence({ disputeId: dispute.id, kind: "link", body: "Tracking shows no scan", url: "https://example.test/track" }));
    },
  },
  "dispute.createChargeback": {
    action: "chargeback.created",
    run: async (measure) => {
      const orders = await freshOrders();
      return measure(() =>
        owner().dispute.createChargeback({ orderId: orders.get("#1005")!, reason: "product_not_received", status: "needs_response", amountMinor: 4599, evidenceDueBy: null }),
      );
    },
  },
  "notification.markRead": {
    action: null,
    note: "A member's own read marks are personal bookkeeping, not a change to the organization's records: no event by design.",
    run: async (measure) => {
      const orders = await freshOrders();
      // A chargeback notifies the case workers, the owner among them.
      await owner().dispute.createChargeback({ orderId: orders.get("#1007")!, reason: "fraudulent", status: "needs_response", amountMinor: 100, evidenceDueBy: null });
      const { items, unread } = await owner().notification.list();
      expect(unread).toBeGreaterThan(0);
      await measure(() => owner().notification.markRead({ ids: [items[0]!.id] }));
      expect((await owner().notification.list()).unread).toBe(unread - 1);
    },
  },
  "notification.setEmailDigest": {
    action: null,
    note: "A member's own e-mail preference, not a change to the organization's records: no event by design.",
    run: async (measure) => {
      await measure(() => owner().notification.setEmailDigest({ emailDigest: false }));
      expect(await owner().notification.preferences()).toMatchObject({ emailDigest: false });
      await owner().notification.setEmailDigest({ emailDigest: true });
    },
  },
  "policy.saveDraft": {
    action: "policy.draft_saved",
    run: async (measure) => {
      const store = await owner().store.create(storeBody());
      return measure(() => owner().policy.saveDraft({ storeId: store.id, version: 0, settings: settingsWith() }));
    },
  },
  "policy.publish": {
    action: "policy.published",
    run: async (measure) => {
      const store = await owner().store.create(storeBody());
      return measure(() => owner().policy.publish({ storeId: store.id, version: 0, settings: settingsWith() }));
    },
  },
  "policy.applyTemplate": {
    action: "policy.template_applied",
    note: "One event per store the template changes; run here on a single store.",
    run: async (measure) => {
      const store = await owner().store.create(storeBody());
      await owner().policy.saveDraft({ storeId: store.id, version: 0, settings: settingsWith() });
      const template = templateOf(settingsWith({ returnWindowDays: 14 }));
      return measure(() => owner().policy.applyTemplate({ template, publish: true, stores: [{ storeId: store.id, version: 1 }] }));
    },
  },
  "policy.saveSupplierTerms": {
    action: "store.supplier_terms_updated",
    run: async (measure) => {
      const store = await owner().store.create(storeBody());
      const { supplierTerms } = await owner().store.get({ storeId: store.id });
      return measure(() => owner().policy.saveSupplierTerms({ storeId: store.id, previous: supplierTerms, terms: { ...supplierTerms, refundMaxBusinessDays: 20 } }));
    },
  },
  "report.addRate": {
    action: "exchange_rate.added",
    run: (measure) => measure(() => owner().report.addRate({ currency: "KRW", rate: "0.00074", validFrom: "2026-01-01" })),
  },
  "report.removeRate": {
    action: "exchange_rate.removed",
    run: async (measure) => {
      const { id } = await owner().report.addRate({ currency: "JPY", rate: "0.0067", validFrom: "2026-01-01", validTo: "2026-12-31" });
      await measure(() => owner().report.removeRate({ rateId: id }));
      expect((await owner().report.rates()).map((r) => r.id)).not.toContain(id);
    },
  },
  "import.start": {
    action: null,
    note:
      "Starting only marks the job; the run writes import.completed in its own transaction, after commit, on the " +
      "app's global database (getDatabase), which a test cannot point at its own database. Covered by the imports tests.",
    run: null,
  },
};

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const MUTATIONS = Object.keys(procedures).filter((p) => procedures[p]!._def.type === "mutation").sort();

describe("each mutation writes exactly one audit event", () => {
  it("every mutation of the router has an entry, and every entry is a mutation", () => {
    expect(MUTATIONS.filter((p) => !AUDITED[p])).toEqual([]);
    expect(Object.keys(AUDITED).filter((p) => !MUTATIONS.includes(p))).toEqual([]);
  });

  it.each(MUTATIONS)("%s", async (path) => {
    const entry = AUDITED[path];
    if (!entry) throw new Error(`${path} has no entry in AUDITED: say which event it writes.`);
    if (!entry.run) {
      expect(entry.note, `${path} is not run here: its entry must say why`).toBeTruthy();
      return;
    }
    let written: EventRow[] | undefined;
    await entry.run(async (mutation) => {
      const before = new Set((await allEvents()).map((e) => e.id));
      const result = await mutation();
      written = (await allEvents()).filter((e) => !before.has(e.id));
      return result;
    });
    expect(written, "the entry must call measure() around its mutation").toBeDefined();
    if (entry.action === null) {
      expect(entry.note).toBeTruthy();
      expect(written).toEqual([]);
    } else {
      expect(written!.map((e) => e.action)).toEqual([entry.action]);
    }
  });

  it("the chain is intact after all of them", async () => {
    const result = await verifyAuditChain(db, t.organizationId);
    expect(result).toMatchObject({ ok: true, checked: await auditCount(db, t.organizationId) });
  });

  it("repeating an idempotent mutation writes no second event", async () => {
    const store = await owner().store.create(storeBody());
    const invite = await owner().invitation.create({ email: `twice-${next()}@example.test`, role: "viewer" });
    await owner().store.archive({ storeId: store.id });
    await owner().invitation.revoke({ invitationId: invite.id });
    const before = await auditCount(db, t.organizationId);
    await expect(owner().store.archive({ storeId: store.id })).resolves.toMatchObject({ changed: false });
    await expect(owner().invitation.revoke({ invitationId: invite.id })).resolves.toMatchObject({ changed: false });
    await owner().store.restore({ storeId: store.id });
    await expect(owner().store.restore({ storeId: store.id })).resolves.toMatchObject({ changed: false });
    expect(await auditCount(db, t.organizationId)).toBe(before + 1);
  });
});

describe("a mutation that fails writes no event and leaves no partial rows", () => {
  const storesOf = (organizationId: string) =>
    countOf(db, sql`select count(*)::int as n from stores where organization_id = ${organizationId}`);

  it("a duplicate store slug is refused before anything is written", async () => {
    const body = storeBody();
    await owner().store.create(body);
    const [events, stores] = [await auditCount(db), await storesOf(t.organizationId)];
    await expect(owner().store.create({ ...body, name: "Copy" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect([await auditCount(db), await storesOf(t.organizationId)]).toEqual([events, stores]);
  });

  it("store.update: the row written before a failing audit insert is rolled back", async () => {
    const store = await owner().store.create(storeBody());
    const before = await owner().store.get({ storeId: store.id });
    const events = await auditCount(db);
    const attempt = failingCaller(t.owner, t.organizationId).store.update({ storeId: store.id, ...storeBody(), name: "Renamed" });
    // A server-side failure is a generic 500: neither the SQL nor its parameters reach the browser.
    expect(await shownError(attempt, "store.update")).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      message: "Something went wrong on our side.",
    });
    expect(await owner().store.get({ storeId: store.id })).toEqual(before);
    expect(await auditCount(db)).toBe(events);
  });

  it("member.changeRole: role and store grants are rolled back with the audit insert", async () => {
    const member = await newMember();
    const events = await auditCount(db);
    await expect(
      failingCaller(t.owner, t.organizationId).member.changeRole({ userId: member.id, role: "client", storeIds: [t.grantedStoreId] }),
    ).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    const row = (await owner().member.list()).find((m) => m.userId === member.id);
    expect(row).toMatchObject({ role: "agent", storeIds: [] });
    expect(await auditCount(db)).toBe(events);
  });

  it("organization.create: no organization and no membership survive a failing audit insert", async () => {
    const founder = await makeUser(db, "founder");
    const name = `Doomed ${next()}`;
    const events = await auditCount(db);
    await expect(failingCaller(founder, null).organization.create({ name, kind: "agency" })).rejects.toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
    });
    expect(await countOf(db, sql`select count(*)::int as n from organizations where name = ${name}`)).toBe(0);
    expect(await countOf(db, sql`select count(*)::int as n from memberships where user_id = ${founder.id}`)).toBe(0);
    expect(await auditCount(db)).toBe(events);
  });

  it("invitation.accept: no membership or grant survives, and the invitation stays usable", async () => {
    const user = await makeUser(db, "acceptor");
    const invite = await owner().invitation.create({ email: user.email, role: "client", storeIds: [t.grantedStoreId] });
    const events = await auditCount(db);
    await expect(failingCaller(user, null).invitation.accept({ token: tokenOf(invite.link) })).rejects.toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
    });
    expect(await countOf(db, sql`select count(*)::int as n from memberships where user_id = ${user.id}`)).toBe(0);
    expect(await countOf(db, sql`select count(*)::int as n from store_grants where user_id = ${user.id}`)).toBe(0);
    expect(await auditCount(db)).toBe(events);
    await expect(callerFor(db, user).invitation.accept({ token: tokenOf(invite.link) })).resolves.toMatchObject({ role: "client" });
  });
});

describe("audit_events is append-only", () => {
  const statements = {
    UPDATE: () => sql`update audit_events set action = 'forged' where organization_id = ${t.organizationId}`,
    DELETE: () => sql`delete from audit_events where organization_id = ${t.organizationId}`,
    TRUNCATE: () => sql`truncate audit_events`,
  };

  it.each(Object.keys(statements) as (keyof typeof statements)[])("%s fails for the connecting role", async (op) => {
    const before = await auditCount(db);
    const error = await databaseError(db.execute(statements[op]()));
    expect(error.code).toBe("42501");
    expect(error.message).toContain(`append-only: ${op} is not allowed`);
    expect(await auditCount(db)).toBe(before);
  });

  it.each(Object.keys(statements) as (keyof typeof statements)[])("%s fails for recoup_app", async (op) => {
    const before = await auditCount(db);
    const error = await databaseError(withTenant(db, t.organizationId, (tx) => tx.execute(statements[op]())));
    expect(error.code).toBe("42501");
    expect(error.message).toMatch(/permission denied/);
    expect(await auditCount(db)).toBe(before);
  });
});

describe("verifyAuditChain finds tampering", () => {
  /** Runs `fn` as the superuser in a transaction that is always rolled back. */
  async function rolledBack<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    let result: T | undefined;
    try {
      await db.transaction(async (tx) => {
        result = await fn(tx);
        tx.rollback();
      });
    } catch (error) {
      if (!(error instanceof TransactionRollbackError)) throw error;
    }
    return result as T;
  }

  const eventAt = async (tx: Tx, seq: number) => {
    const [event] = await tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, t.organizationId), eq(auditEvents.seq, seq)));
    if (!event) throw new Error(`no event #${seq}`);
    return event;
  };

  it("the untouched chain verifies", async () => {
    expect(await verifyAuditChain(db, t.organizationId)).toMatchObject({ ok: true });
  });

  it("an altered event is named by id and seq", async () => {
    const result = await rolledBack(async (tx) => {
      const target = await eventAt(tx, 3);
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`update audit_events set after = jsonb_set(after, '{name}', '"Forged"') where organization_id = ${t.organizationId} and seq = 3`,
      );
      return { target, verify: await verifyAuditChain(tx, t.organizationId) };
    });
    expect(result.verify).toMatchObject({
      ok: false,
      checked: 2,
      firstBad: { id: result.target.id, seq: 3, reason: expect.stringContaining("altered") },
    });
    // Rolled back: the real chain is whole again.
    expect(await verifyAuditChain(db, t.organizationId)).toMatchObject({ ok: true });
  });

  it("an altered event whose hash was recomputed breaks the next event's link", async () => {
    const result = await rolledBack(async (tx) => {
      const target = await eventAt(tx, 3);
      const forged = { ...target, actorLabel: "Someone else" };
      await tx.execute(sql.raw(`alter table audit_events disable trigger user`));
      await tx
        .update(auditEvents)
        .set({ actorLabel: forged.actorLabel, hash: hashAuditEvent(forged) })
        .where(and(eq(auditEvents.organizationId, t.organizationId), eq(auditEvents.id, target.id)));
      return { next: await eventAt(tx, 4), verify: await verifyAuditChain(tx, t.organizationId) };
    });
    expect(result.verify).toMatchObject({ ok: false, firstBad: { id: result.next.id, seq: 4, reason: expect.stringContaining("link") } });
  });

  it("a deleted event in the middle is detected", async () => {
    const result = await rolledBack(async (tx) => {
      await tx.execute(sql.raw(`alter table audit_events disable trigger user`));
      await tx.execute(sql`delete from audit_events where organization_id = ${t.organizationId} and seq = 3`);
      return { next: await eventAt(tx, 4), verify: await verifyAuditChain(tx, t.organizationId) };
    });
    expect(result.verify).toMatchObject({
      ok: false,
      checked: 2,
      firstBad: { id: result.next.id, seq: 4, reason: expect.stringContaining("expected event #3") },
    });
    expect(await verifyAuditChain(db, t.organizationId)).toMatchObject({ ok: true });
  });
});

describe("concurrent mutations in one organization", () => {
  it("ten parallel store creations leave an intact chain with consecutive seq", async () => {
    const before = await auditCount(db, t.organizationId);
    const actors = [t.owner, t.members.admin];
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => callerFor(db, actors[i % 2]!, t.organizationId).store.create(storeBody())),
    );
    expect(new Set(created.map((s) => s.id)).size).toBe(10);

    const seqs = (
      await queryRows<{ seq: number | string }>(db, sql`select seq from audit_events where organization_id = ${t.organizationId} order by seq`)
    ).map((r) => Number(r.seq));
    expect(seqs).toHaveLength(before + 10);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(await verifyAuditChain(db, t.organizationId)).toEqual({ ok: true, checked: before + 10 });
  });
});
