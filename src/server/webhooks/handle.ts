import { and, eq, sql } from "drizzle-orm";
import pino from "pino";
import type { Db, Tx } from "../db/client";
import { orders, stores, webhookDeliveries } from "../db/schema";
import { withTenant } from "../db/tenant";
import { lockOrganizationWriters, recordAudit, type Actor } from "../audit/record";
import { upsertOrders } from "../orders/upsert";
import { formatMoney, parseDecimalToMinor } from "@/lib/money";
import { DomainError } from "../errors";
import { isDatabaseUnavailable, DATABASE_UNAVAILABLE_MESSAGE } from "../db/unavailable";
import { MAX_KEY_CHARS, shown } from "../imports/values";
import { limitLength, refuseNul, timestampField } from "./payload";
import { verifyWithRotation } from "./verify";
import { syncStoreRefund } from "../ledger/entries";
import { applyDisputePayload } from "../disputes/chargebacks";
import { orderInputFromShopify, shopifyOrderPayload, shopifyRefundPayload } from "./shopify-order";

const log = pino({ name: "webhooks" });

export const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled"] as const;
/** Larger than any order Shopify sends; a bigger body is refused before it is parsed. */
export const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

export const HANDLED_TOPICS = [...ORDER_TOPICS, "refunds/create", "disputes/create", "disputes/update"] as const;

export interface WebhookRequest {
  storeId: string;
  rawBody: Buffer;
  hmac: string | null;
  webhookId: string | null;
  topic: string | null;
}

export type WebhookResult =
  | { status: 200; body: { ok: true; duplicate?: boolean; ignored?: boolean } }
  | { status: 400 | 401 | 413 | 503; body: { error: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNAUTHORIZED: WebhookResult = { status: 401, body: { error: "Signature does not match." } };
export const TOO_LARGE: WebhookResult = { status: 413, body: { error: `The body is larger than ${MAX_WEBHOOK_BYTES / 1024 / 1024} MB.` } };

/**
 * A Shopify delivery: verified against the store's secret (or the previous one within an hour of a
 * rotation), de-duplicated by its webhook id, and applied in the same transaction as its audit event.
 * An unknown store answers exactly like a bad signature.
 */
export async function handleShopifyWebhook(db: Db, req: WebhookRequest): Promise<WebhookResult> {
  if (req.rawBody.length > MAX_WEBHOOK_BYTES) return TOO_LARGE;
  if (!UUID.test(req.storeId)) return UNAUTHORIZED;
  try {
    return await handleVerified(db, req);
  } catch (error) {
    if (error instanceof DomainError) return { status: 400, body: { error: error.message } };
    // Shopify retries a failed delivery for hours: tell it to, without a stack trace.
    if (isDatabaseUnavailable(error)) return { status: 503, body: { error: DATABASE_UNAVAILABLE_MESSAGE } };
    throw error;
  }
}

async function handleVerified(db: Db, req: WebhookRequest): Promise<WebhookResult> {
  // The store is found by id before we know its tenant: the privileged lookup, then the tenant wall.
  const [store] = await db
    .select({
      id: stores.id,
      organizationId: stores.organizationId,
      webhookSecret: stores.webhookSecret,
      previousWebhookSecret: stores.previousWebhookSecret,
      webhookSecretRotatedAt: stores.webhookSecretRotatedAt,
    })
    .from(stores)
    .where(eq(stores.id, req.storeId))
    .limit(1);
  if (!store || !verifyWithRotation(req.rawBody, req.hmac, store)) return UNAUTHORIZED;
  if (!req.webhookId || !req.topic) {
    return { status: 400, body: { error: "X-Shopify-Webhook-Id and X-Shopify-Topic headers are required." } };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(req.rawBody.toString("utf8"));
  } catch {
    return { status: 400, body: { error: "The body is not valid JSON." } };
  }
  const topic = req.topic.toLowerCase().slice(0, 200);
  const webhookId = req.webhookId.slice(0, 200);
  return withTenant(db, store.organizationId, async (tx) => {
    // Like every mutation, take the organization's writer lock before the first write: an order or a
    // refund updates the same report roll-up rows a case action does (src/server/cases/deadlock.test.ts).
    await lockOrganizationWriters(tx, store.organizationId);
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({ organizationId: store.organizationId, storeId: store.id, webhookId, topic, status: "received" })
      .onConflictDoNothing({ target: [webhookDeliveries.organizationId, webhookDeliveries.storeId, webhookDeliveries.webhookId] })
      .returning({ id: webhookDeliveries.id });
    if (!delivery) return { status: 200, body: { ok: true, duplicate: true } } as const;
    const actor: Actor = { type: "webhook", id: webhookId, label: `Shopify (${topic})` };
    const scope = { organizationId: store.organizationId, storeId: store.id };
    let outcome: "processed" | "ignored" = "processed";
    if ((ORDER_TOPICS as readonly string[]).includes(topic)) {
      await applyOrderPayload(tx, scope, topic, payload, actor, webhookId);
    } else if (topic === "refunds/create") {
      await applyRefundPayload(tx, scope, payload, actor, webhookId);
    } else if (topic === "disputes/create" || topic === "disputes/update") {
      await applyDisputePayload(tx, scope, payload, actor, webhookId);
    } else {
      outcome = "ignored";
      log.info({ storeId: store.id, topic }, "webhook topic accepted without processing");
    }
    await tx
      .update(webhookDeliveries)
      .set({ status: outcome, processedAt: new Date() })
      .where(and(eq(webhookDeliveries.organizationId, store.organizationId), eq(webhookDeliveries.id, delivery.id)));
    return { status: 200, body: { ok: true, ...(outcome === "ignored" ? { ignored: true } : {}) } } as const;
  });
}

async function applyOrderPayload(
  tx: Tx,
  scope: { organizationId: string; storeId: string },
  topic: string,
  payload: unknown,
  actor: Actor,
  requestId: string,
) {
  const parsed = shopifyOrderPayload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("INVALID", `The order payload is not valid: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  const input = orderInputFromShopify(parsed.data);
  const [existing] = await tx
    .select({
      financialStatus: orders.financialStatus,
      fulfillmentStatus: orders.fulfillmentStatus,
      totalMinor: orders.totalMinor,
      cancelledAt: orders.cancelledAt,
      currency: orders.currency,
      ledgerRefundedMinor: orders.ledgerRefundedMinor,
    })
    .from(orders)
    .where(and(eq(orders.organizationId, scope.organizationId), eq(orders.storeId, scope.storeId), eq(orders.name, input.name)));
  if (existing) refuseLedgerConflict(input, existing);
  const before = existing
    ? { financialStatus: existing.financialStatus, fulfillmentStatus: existing.fulfillmentStatus, totalMinor: existing.totalMinor, cancelledAt: existing.cancelledAt }
    : undefined;
  const [result] = await upsertOrders(tx, scope, [input], "webhook");
  if (!result) return; // identical to what we have: nothing changed, nothing to record
  if (input.refundedMinor > 0) await syncStoreRefund(tx, scope.organizationId, result.id, { kind: "total", totalMinor: input.refundedMinor });
  const action = result.created ? "order.created" : topic === "orders/cancelled" || (input.cancelledAt && !before?.cancelledAt) ? "order.cancelled" : "order.updated";
  await recordAudit(tx, {
    organizationId: scope.organizationId,
    storeId: scope.storeId,
    orderId: result.id,
    actor,
    action,
    entityId: result.id,
    before: before ? { name: input.name, ...before } : null,
    after: {
      name: input.name,
      financialStatus: input.financialStatus,
      fulfillmentStatus: input.fulfillmentStatus,
      totalMinor: input.totalMinor,
      currency: input.currency,
      cancelledAt: input.cancelledAt,
    },
    requestId,
  });
}

/**
 * The importer's rule for a re-export (imports/jobs.ts, ledgerConflicts): an update may not lower the
 * total below what the ledger has refunded (its CHECK would refuse it) nor move refunded money into
 * another currency.
 */
function refuseLedgerConflict(input: { name: string; currency: string; totalMinor: number }, existing: { currency: string; ledgerRefundedMinor: number }) {
  if (existing.ledgerRefundedMinor <= 0) return;
  const refunded = formatMoney(existing.ledgerRefundedMinor, existing.currency);
  if (input.currency !== existing.currency) {
    throw new DomainError(
      "INVALID",
      `Order ${shown(input.name)} is in ${input.currency} here, but ${refunded} of it was already refunded in ${existing.currency}. Its currency cannot change.`,
    );
  }
  if (input.totalMinor < existing.ledgerRefundedMinor) {
    throw new DomainError(
      "INVALID",
      `The total of order ${shown(input.name)}, ${formatMoney(input.totalMinor, input.currency)}, is less than the ${refunded} already refunded.`,
    );
  }
}

async function applyRefundPayload(
  tx: Tx,
  scope: { organizationId: string; storeId: string },
  payload: unknown,
  actor: Actor,
  requestId: string,
) {
  const parsed = shopifyRefundPayload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("INVALID", `The refund payload is not valid: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  refuseNul("refund", parsed.data);
  limitLength("refund", "id", parsed.data.id, MAX_KEY_CHARS);
  limitLength("refund", "order_id", parsed.data.order_id, MAX_KEY_CHARS);
  const occurredAt = timestampField("refund", "created_at", parsed.data.created_at) ?? undefined;
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.organizationId, scope.organizationId), eq(orders.storeId, scope.storeId), eq(orders.externalId, parsed.data.order_id)));
  if (!order) {
    log.info({ storeId: scope.storeId, orderId: parsed.data.order_id }, "refund for an order we have not seen; ignored");
    return;
  }
  let amountMinor = 0;
  for (const t of parsed.data.transactions) {
    if ((t.kind ?? "refund") !== "refund" || (t.status ?? "success") !== "success") continue;
    const minor = parseDecimalToMinor(String(t.amount), order.currency);
    if (minor.ok) amountMinor += minor.minor;
  }
  const entry = await syncStoreRefund(tx, scope.organizationId, order.id, {
    kind: "refund",
    refundId: parsed.data.id,
    amountMinor,
    occurredAt,
  });
  if (!entry) return; // this refund is already in the ledger
  if (entry.amountMinor === 0) return; // already counted through a reported total
  const refundedMinor = Math.min(order.totalMinor, order.storeRefundedMinor + entry.amountMinor);
  const financialStatus = refundedMinor >= order.totalMinor ? "refunded" : refundedMinor > 0 ? "partially_refunded" : order.financialStatus;
  await tx
    .update(orders)
    .set({ storeRefundedMinor: refundedMinor, financialStatus, version: sql`${orders.version} + 1` })
    .where(and(eq(orders.organizationId, scope.organizationId), eq(orders.id, order.id)));
  await recordAudit(tx, {
    organizationId: scope.organizationId,
    storeId: scope.storeId,
    orderId: order.id,
    actor,
    action: "order.refunded",
    entityId: order.id,
    before: { name: order.name, storeRefundedMinor: order.storeRefundedMinor, financialStatus: order.financialStatus },
    after: { name: order.name, storeRefundedMinor: refundedMinor, financialStatus, refundId: parsed.data.id, amountMinor, currency: order.currency },
    requestId,
  });
}
