/**
 * Chargebacks (customer against merchant): from Shopify's disputes/create and disputes/update
 * webhooks, and by hand. One dispute per Shopify dispute however often it is delivered; a lost one is
 * money back to the customer, written to the ledger exactly once; one on an order already refunded is
 * a double loss that counts in the figures without breaking the order's refund bookkeeping.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { queryRows } from "../db/rows";
import { importFile } from "../imports/jobs";
import { handleShopifyWebhook } from "../webhooks/handle";
import { signShopifyBody } from "../webhooks/verify";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../imports/fixtures", name), "utf8");

let database: Database;
let db: Db;
let t: TenantFixture;
let secret: string;
/** The granted store's order ids by name (#1001…#1007; Shopify ids 5101001…5101007). */
let orders: Map<string, string>;

const owner = () => callerFor(db, t.owner, t.organizationId);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Chargeback");
  const scope = { organizationId: t.organizationId, storeId: t.grantedStoreId };
  const actor = { type: "system", label: "test import" } as const;
  for (const [kind, file] of [["shopify_orders", "shopify-orders-export.csv"], ["supplier_orders", "supplier-orders.csv"]] as const) {
    const result = await importFile(db, scope, kind, file, fixture(file), { skipBadRows: false, actor });
    expect(result.errors).toEqual([]);
  }
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from orders where organization_id = ${t.organizationId} and store_id = ${t.grantedStoreId}`,
  );
  orders = new Map(rows.map((r) => [r.name, r.id]));
  secret = (await owner().store.webhookSecret({ storeId: t.grantedStoreId })).webhookSecret;
});
afterAll(async () => {
  await database.close();
});

/** A Shopify dispute payload, as Shopify sends it. */
function disputePayload(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: 7301001,
    order_id: 5101001,
    type: "chargeback",
    amount: "34.89",
    currency: "USD",
    reason: "fraudulent",
    status: "needs_response",
    evidence_due_by: "2026-11-12T23:59:59-05:00",
    evidence_sent_on: null,
    initiated_at: "2026-10-20T14:00:00Z",
    finalized_on: null,
    ...overrides,
  });
}

function deliver(body: string, opts: { id?: string; topic?: string; hmac?: string | null } = {}) {
  const rawBody = Buffer.from(body);
  return handleShopifyWebhook(db, {
    storeId: t.grantedStoreId,
    rawBody,
    hmac: opts.hmac === undefined ? signShopifyBody(rawBody, secret) : opts.hmac,
    webhookId: opts.id ?? `wh-${randomUUID()}`,
    topic: opts.topic ?? "disputes/create",
  });
}

interface DisputeRow {
  id: string;
  kind: string;
  state: string;
  order_id: string;
  claimed_minor: number;
  awarded_minor: number | null;
  respond_by: Date | string | null;
  opened_at: Date | string;
  external_id: string | null;
  external_status: string | null;
  double_loss: boolean;
  version: number;
}
const disputesOf = (orderName: string) =>
  queryRows<DisputeRow & Record<string, unknown>>(
    db,
    sql`select id, kind, state, order_id, claimed_minor::int as claimed_minor, awarded_minor::int as awarded_minor, respond_by, opened_at,
               external_id, external_status, double_loss, version
        from disputes where organization_id = ${t.organizationId} and order_id = ${orders.get(orderName)!}`,
  );
const movementsOf = (orderName: string) =>
  queryRows<{ type: string; source: string; amount_minor: number; dispute_id: string | null; external_ref: string | null }>(
    db,
    sql`select type, source, amount_minor::int as amount_minor, dispute_id, external_ref from money_movements
        where organization_id = ${t.organizationId} and order_id = ${orders.get(orderName)!} order by created_at, id`,
  );
const orderRow = async (orderName: string) => {
  const [row] = await queryRows<{ total_minor: number; ledger_refunded_minor: number; financial_status: string }>(
    db,
    sql`select total_minor::int as total_minor, ledger_refunded_minor::int as ledger_refunded_minor, financial_status
        from orders where organization_id = ${t.organizationId} and id = ${orders.get(orderName)!}`,
  );
  return row!;
};
const auditActions = async (entityId: string) =>
  (
    await queryRows<{ action: string }>(
      db,
      sql`select action from audit_events where organization_id = ${t.organizationId} and entity_id = ${entityId} order by seq`,
    )
  ).map((r) => r.action);
const notificationsAbout = (disputeId: string) =>
  queryRows<{ user_id: string; kind: string; title: string }>(
    db,
    sql`select user_id, kind, title from notifications where organization_id = ${t.organizationId} and link = ${`/disputes/${disputeId}`}`,
  );
const ordersOverTheirTotal = () =>
  queryRows<{ n: number }>(db, sql`select count(*)::int as n from orders where ledger_refunded_minor > total_minor or ledger_refunded_minor < 0`).then(
    ([r]) => Number(r!.n),
  );

describe("disputes/create", () => {
  it("a delivery with a valid signature creates one open chargeback, due when Shopify says", async () => {
    expect(await deliver(disputePayload(), { id: "cb-create-1" })).toEqual({ status: 200, body: { ok: true } });
    const rows = await disputesOf("#1001");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "chargeback",
      state: "open",
      claimed_minor: 3489,
      awarded_minor: null,
      external_id: "7301001",
      external_status: "needs_response",
      double_loss: false,
    });
    expect(new Date(rows[0]!.respond_by!).toISOString()).toBe(new Date("2026-11-12T23:59:59-05:00").toISOString());
    expect(new Date(rows[0]!.opened_at).toISOString()).toBe("2026-10-20T14:00:00.000Z");
    expect(await auditActions(rows[0]!.id)).toEqual(["chargeback.created"]);
    // The merchant's side of the ledger is untouched until the chargeback is lost.
    expect(await movementsOf("#1001")).toEqual([]);

    const detail = await owner().dispute.get({ disputeId: rows[0]!.id });
    expect(detail).toMatchObject({ kind: "chargeback", state: "open", orderName: "#1001", respondBy: new Date("2026-11-12T23:59:59-05:00") });
    const inbox = await owner().deadline.inbox({ kind: "chargeback_evidence" });
    expect(inbox.map((d) => d.disputeId)).toEqual([rows[0]!.id]);
  });

  it("the same payload again, under the same webhook id or a new one, still leaves one", async () => {
    const [before] = await disputesOf("#1001");
    expect(await deliver(disputePayload(), { id: "cb-create-1" })).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(await deliver(disputePayload(), { id: "cb-create-2" })).toEqual({ status: 200, body: { ok: true } });
    expect(await deliver(disputePayload(), { id: "cb-create-3", topic: "disputes/update" })).toEqual({ status: 200, body: { ok: true } });
    const rows = await disputesOf("#1001");
    expect(rows).toEqual([before]);
    expect(await auditActions(before!.id)).toEqual(["chargeback.created"]);
  });

  it("a wrong signature is refused and changes nothing", async () => {
    const body = disputePayload({ id: 7309999, order_id: 5101005 });
    expect(await deliver(body, { hmac: signShopifyBody(body, "not-the-secret") })).toEqual({ status: 401, body: { error: "Signature does not match." } });
    expect(await deliver(body, { hmac: null })).toMatchObject({ status: 401 });
    expect(await disputesOf("#1005")).toEqual([]);
  });

  it("a dispute on an order the store does not have is accepted and ignored", async () => {
    const count = () => queryRows<{ n: number }>(db, sql`select count(*)::int as n from disputes where organization_id = ${t.organizationId}`);
    const [before] = await count();
    expect(await deliver(disputePayload({ id: 7300404, order_id: 5109999 }))).toEqual({ status: 200, body: { ok: true } });
    expect(await count()).toEqual([before]);
  });

  it("the case workers (owner, admin, agent) hear of a new chargeback once each; viewer and client do not", async () => {
    const [dispute] = await disputesOf("#1001");
    const sent = await notificationsAbout(dispute!.id);
    expect(sent.map((n) => n.user_id).sort()).toEqual([t.owner.id, t.members.admin.id, t.members.agent.id].sort());
    expect(sent.every((n) => n.kind === "chargeback.created" && n.title === "Chargeback on #1001")).toBe(true);
    const agentList = await callerFor(db, t.members.agent, t.organizationId).notification.list();
    expect(agentList.items.filter((n) => n.link === `/disputes/${dispute!.id}`)).toHaveLength(1);
    expect((await callerFor(db, t.members.viewer, t.organizationId).notification.list()).items).toEqual([]);
    expect((await callerFor(db, t.members.client, t.organizationId).notification.list()).items).toEqual([]);
  });
});

describe("disputes/update to lost", () => {
  it("adds exactly one customer refund from the chargeback, however often it is delivered", async () => {
    const lost = disputePayload({ status: "lost", finalized_on: "2026-11-20T10:00:00Z" });
    const answers = [
      await deliver(lost, { id: "cb-lost-1", topic: "disputes/update" }),
      await deliver(lost, { id: "cb-lost-2", topic: "disputes/update" }),
      await deliver(lost, { id: "cb-lost-3", topic: "disputes/update" }),
      await deliver(lost, { id: "cb-lost-1", topic: "disputes/update" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const [dispute] = await disputesOf("#1001");
    expect(dispute).toMatchObject({ state: "resolved_lost", awarded_minor: 0, external_status: "lost" });
    expect(await movementsOf("#1001")).toEqual([
      { type: "customer_refund", source: "chargeback", amount_minor: 3489, dispute_id: dispute!.id, external_ref: `chargeback:${dispute!.id}` },
    ]);
    expect(await auditActions(dispute!.id)).toEqual(["chargeback.created", "chargeback.lost"]);
    // The notification about the chargeback was not sent again.
    expect(await notificationsAbout(dispute!.id)).toHaveLength(3);
  });

  it("counts in the order's figures, but not against what may still be refunded", async () => {
    const [dispute] = await disputesOf("#1001");
    const ledger = await owner().ledger.order({ orderId: orders.get("#1001")! });
    expect(ledger.figures).toMatchObject({ refundedMinor: 3489, recoveredMinor: 0, netLossMinor: 3489 });
    expect(ledger.entries.map((e) => e.disputeId)).toEqual([dispute!.id]);
    expect(await orderRow("#1001")).toMatchObject({ total_minor: 3489, ledger_refunded_minor: 0 });
    // A lost chargeback is resolved: no longer in the deadline inbox.
    expect((await owner().deadline.inbox({})).filter((d) => d.disputeId === dispute!.id)).toEqual([]);
  });

  it("a dispute first seen already lost is written to the ledger once too", async () => {
    const body = disputePayload({ id: 7301002, order_id: 5101002, amount: "76.99", status: "lost", reason: "product_not_received" });
    for (const id of ["cb-1002-a", "cb-1002-b", "cb-1002-a"]) await deliver(body, { id, topic: "disputes/create" });
    const rows = await disputesOf("#1002");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "resolved_lost", claimed_minor: 7699 });
    expect((await movementsOf("#1002")).filter((m) => m.source === "chargeback")).toEqual([
      expect.objectContaining({ type: "customer_refund", amount_minor: 7699, dispute_id: rows[0]!.id }),
    ]);
    expect(await auditActions(rows[0]!.id)).toEqual(["chargeback.lost"]);
  });
});

describe("deliveries arriving at the same time", () => {
  it("five concurrent creates make one chargeback; five concurrent 'lost' updates one ledger entry", async () => {
    const created = disputePayload({ id: 7301003, order_id: 5101003, amount: "17.98", reason: "general" });
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => deliver(created, { id: `cb-1003-create-${i}` })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const [dispute, ...others] = await disputesOf("#1003");
    expect(others).toEqual([]);
    expect(await notificationsAbout(dispute!.id)).toHaveLength(3);

    const lost = disputePayload({ id: 7301003, order_id: 5101003, amount: "17.98", reason: "general", status: "lost" });
    const updates = await Promise.all(Array.from({ length: 5 }, (_, i) => deliver(lost, { id: `cb-1003-lost-${i}`, topic: "disputes/update" })));
    expect(updates.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await movementsOf("#1003")).filter((m) => m.source === "chargeback")).toEqual([
      expect.objectContaining({ type: "customer_refund", amount_minor: 1798, dispute_id: dispute!.id }),
    ]);
    expect(await auditActions(dispute!.id)).toEqual(["chargeback.created", "chargeback.lost"]);
    // #1003 was partly refunded in the store (5.00): that refund, not the chargeback, is its refunded total.
    expect(await orderRow("#1003")).toMatchObject({ ledger_refunded_minor: 500 });
    expect(await ordersOverTheirTotal()).toBe(0);
  });
});

describe("a chargeback on an order already refunded in the store (#1004)", () => {
  let disputeId: string;

  it("the import put the store's refund in the ledger, so nothing is left to refund", async () => {
    expect(await movementsOf("#1004")).toEqual([expect.objectContaining({ type: "customer_refund", source: "store", amount_minor: 3899 })]);
    expect(await orderRow("#1004")).toMatchObject({ total_minor: 3899, ledger_refunded_minor: 3899, financial_status: "refunded" });
  });

  it("is flagged as a double loss", async () => {
    const body = disputePayload({ id: 7301004, order_id: 5101004, amount: "38.99", reason: "credit_not_processed" });
    expect(await deliver(body, { topic: "disputes/create" })).toEqual({ status: 200, body: { ok: true } });
    const [dispute] = await disputesOf("#1004");
    expect(dispute).toMatchObject({ kind: "chargeback", state: "open", double_loss: true, claimed_minor: 3899 });
    disputeId = dispute!.id;
    const sent = await notificationsAbout(disputeId);
    expect(sent).toHaveLength(3);
    expect(sent[0]!.title).toBe("Chargeback on #1004 (already refunded: double loss)");
  });

  it("lost, its amount is counted in the ledger figures, and the refund CHECK still holds", async () => {
    const lost = disputePayload({ id: 7301004, order_id: 5101004, amount: "38.99", reason: "credit_not_processed", status: "lost" });
    for (const id of ["cb-1004-lost-1", "cb-1004-lost-2", "cb-1004-lost-3"]) {
      expect(await deliver(lost, { id, topic: "disputes/update" })).toEqual({ status: 200, body: { ok: true } });
    }
    const [dispute] = await disputesOf("#1004");
    expect(dispute).toMatchObject({ state: "resolved_lost", double_loss: true });
    expect(await movementsOf("#1004")).toEqual([
      expect.objectContaining({ type: "customer_refund", source: "store", amount_minor: 3899 }),
      { type: "customer_refund", source: "chargeback", amount_minor: 3899, dispute_id: disputeId, external_ref: `chargeback:${disputeId}` },
    ]);
    // The money went out twice: the figures say so…
    const ledger = await owner().ledger.order({ orderId: orders.get("#1004")! });
    expect(ledger.figures).toMatchObject({ refundedMinor: 7798, netLossMinor: 7798 });
    // …while the order's refunded total (kept by the trigger, bounded by a CHECK) holds only its own refunds.
    expect(await orderRow("#1004")).toMatchObject({ total_minor: 3899, ledger_refunded_minor: 3899 });
    expect(await ordersOverTheirTotal()).toBe(0);
    const storeFigures = await owner().ledger.store({ storeId: t.grantedStoreId });
    const usd = storeFigures.byCurrency.find((c) => c.currency === "USD")!;
    const raw = await queryRows<{ n: number }>(
      db,
      sql`select coalesce(sum(amount_minor), 0)::int as n from money_movements
          where organization_id = ${t.organizationId} and store_id = ${t.grantedStoreId} and currency = 'USD' and type = 'customer_refund'`,
    );
    expect(usd.refundedMinor).toBe(raw[0]!.n);
  });
});

describe("dispute.createChargeback and dispute.transition", () => {
  let disputeId: string;

  it("a chargeback entered by hand is created open, and notifies the case workers once", async () => {
    const dueBy = new Date("2026-12-01T17:00:00Z");
    const created = await owner().dispute.createChargeback({
      orderId: orders.get("#1005")!,
      reason: "product_not_received",
      status: "needs_response",
      amountMinor: 4599,
      evidenceDueBy: dueBy,
    });
    expect(created).toMatchObject({ kind: "chargeback", state: "open", claimedMinor: 4599, respondBy: dueBy, externalId: null, doubleLoss: false });
    disputeId = created.id;
    expect(await auditActions(disputeId)).toEqual(["chargeback.created"]);
    expect((await notificationsAbout(disputeId)).map((n) => n.user_id).sort()).toEqual([t.owner.id, t.members.admin.id, t.members.agent.id].sort());
  });

  it("resolveLost writes the chargeback's customer refund once; a retry returns the first answer", async () => {
    let d = await owner().dispute.transition({ disputeId, version: 1, action: "awaitResponse", idempotencyKey: `k-${randomUUID()}` });
    expect(d.state).toBe("awaiting_response");
    const key = `k-${randomUUID()}`;
    const lost = await owner().dispute.transition({ disputeId, version: d.version, action: "resolveLost", idempotencyKey: key });
    expect(lost).toMatchObject({ state: "resolved_lost", awardedMinor: 0 });
    // The same request again (a double click, a network retry): the first result, nothing new.
    const again = await owner().dispute.transition({ disputeId, version: d.version, action: "resolveLost", idempotencyKey: key });
    expect(again).toEqual(lost);
    // A new request on the resolved dispute is refused.
    await expect(
      owner().dispute.transition({ disputeId, version: lost.version, action: "resolveLost", idempotencyKey: `k-${randomUUID()}` }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    d = lost;
    const chargebackEntries = (await movementsOf("#1005")).filter((m) => m.source === "chargeback");
    expect(chargebackEntries).toEqual([
      { type: "customer_refund", source: "chargeback", amount_minor: 4599, dispute_id: disputeId, external_ref: `chargeback:${disputeId}` },
    ]);
    expect(await auditActions(disputeId)).toEqual(["chargeback.created", "dispute.awaitResponse", "dispute.resolveLost"]);
    expect((await owner().ledger.order({ orderId: orders.get("#1005")! })).figures.refundedMinor).toBe(4599);
    expect(await orderRow("#1005")).toMatchObject({ ledger_refunded_minor: 0 });
  });

  it("a chargeback won by the merchant moves no money", async () => {
    const created = await owner().dispute.createChargeback({
      orderId: orders.get("#1007")!,
      reason: "fraudulent",
      status: "under_review",
      amountMinor: 4899,
      evidenceDueBy: null,
    });
    expect(created.state).toBe("awaiting_response");
    await owner().dispute.transition({ disputeId: created.id, version: created.version, action: "resolveWon", idempotencyKey: `k-${randomUUID()}` });
    expect((await movementsOf("#1007")).filter((m) => m.source === "chargeback")).toEqual([]);
  });

  it("createChargeback is refused to roles that do not work cases, and finds no order outside the client's grants", async () => {
    const body = { orderId: orders.get("#1006")!, reason: "fraudulent" as const, status: "needs_response" as const, amountMinor: 100, evidenceDueBy: null };
    for (const role of ["viewer", "client"] as const) {
      await expect(callerFor(db, t.members[role], t.organizationId).dispute.createChargeback(body)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(owner().dispute.createChargeback({ ...body, orderId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await disputesOf("#1006")).toEqual([]);
  });
});
