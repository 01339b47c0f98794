import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { moneyMovements, orders, stores } from "../db/schema";
import { jsonText } from "../db/rows";
import { localDateOf } from "../deadlines/calendar";
import { DomainError, notFound } from "../errors";
import { formatMoney } from "@/lib/money";
import type { ReturnReason } from "@/lib/supplier-terms";

type Movement = typeof moneyMovements.$inferSelect;

export interface LedgerScope {
  organizationId: string;
  storeId: string;
  orderId: string;
  timezone: string;
  currency: string;
}

/** Locks the order row: every money movement of an order is serialised behind this read. */
export async function lockOrderForMoney(tx: Tx, organizationId: string, orderId: string) {
  const [row] = await tx
    .select({ order: orders, timezone: stores.timezone })
    .from(orders)
    .innerJoin(stores, and(eq(stores.organizationId, orders.organizationId), eq(stores.id, orders.storeId)))
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId)))
    .for("update", { of: orders });
  if (!row) throw notFound("Order");
  return row;
}

function scopeOf(row: Awaited<ReturnType<typeof lockOrderForMoney>>): LedgerScope {
  return {
    organizationId: row.order.organizationId,
    storeId: row.order.storeId,
    orderId: row.order.id,
    timezone: row.timezone,
    currency: row.order.currency,
  };
}

export interface CustomerRefundInput {
  amountMinor: number;
  reason?: ReturnReason | null;
  caseId?: string | null;
  disputeId?: string | null;
  source?: "recoup" | "store" | "chargeback";
  allocation?: { lineItemId: string; quantity: number; amountMinor: number }[] | null;
  shippingMinor?: number | null;
  externalRef?: string | null;
  note?: string | null;
  occurredAt?: Date;
  createdBy?: string | null;
}

/**
 * Money back to the customer. The order row is locked and the amount checked against what is still
 * refundable; the database CHECK on orders is the last word even if this check were skipped.
 * The order's financial status follows (partially_refunded / refunded).
 */
export async function recordCustomerRefund(tx: Tx, organizationId: string, orderId: string, input: CustomerRefundInput): Promise<Movement> {
  const locked = await lockOrderForMoney(tx, organizationId, orderId);
  const { order } = locked;
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    throw new DomainError("INVALID", "Enter an amount greater than zero.");
  }
  const refundable = order.totalMinor - order.ledgerRefundedMinor;
  if (input.amountMinor > refundable) {
    throw new DomainError(
      "PRECONDITION",
      refundable <= 0
        ? `Order ${order.name} is already fully refunded.`
        : `You can refund at most ${formatMoney(refundable, order.currency)} on order ${order.name} (paid ${formatMoney(order.totalMinor, order.currency)}, already refunded ${formatMoney(order.ledgerRefundedMinor, order.currency)}).`,
    );
  }
  const entry = await insertMovement(tx, scopeOf(locked), {
    type: "customer_refund",
    source: input.source ?? "recoup",
    amountMinor: input.amountMinor,
    reason: input.reason ?? null,
    caseId: input.caseId ?? null,
    disputeId: input.disputeId ?? null,
    allocation: input.allocation ?? null,
    shippingMinor: input.shippingMinor ?? null,
    externalRef: input.externalRef ?? null,
    note: input.note ?? null,
    occurredAt: input.occurredAt,
    createdBy: input.createdBy ?? null,
  });
  const refundedAfter = order.ledgerRefundedMinor + input.amountMinor;
  await tx
    .update(orders)
    .set({
      financialStatus: refundedAfter >= order.totalMinor ? "refunded" : "partially_refunded",
      version: sql`${orders.version} + 1`,
    })
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId)));
  return entry;
}

async function insertMovement(
  tx: Tx,
  scope: LedgerScope,
  values: Omit<typeof moneyMovements.$inferInsert, "organizationId" | "storeId" | "orderId" | "currency" | "localDate">,
): Promise<Movement> {
  const occurredAt = values.occurredAt ?? new Date();
  const [entry] = await tx
    .insert(moneyMovements)
    .values({
      ...values,
      organizationId: scope.organizationId,
      storeId: scope.storeId,
      orderId: scope.orderId,
      currency: scope.currency,
      occurredAt,
      localDate: localDateOf(occurredAt, scope.timezone),
    })
    .returning();
  return entry!;
}

/** An accepted cancellation: the supplier's refund is expected between two dates. */
export async function expectSupplierRefund(
  tx: Tx,
  organizationId: string,
  orderId: string,
  input: { amountMinor: number; earliest: Date; latest: Date; caseId: string; createdBy?: string | null; note?: string },
): Promise<Movement | null> {
  if (input.amountMinor <= 0) return null;
  const locked = await lockOrderForMoney(tx, organizationId, orderId);
  return insertMovement(tx, scopeOf(locked), {
    type: "supplier_refund_expected",
    source: "recoup",
    amountMinor: input.amountMinor,
    caseId: input.caseId,
    expectedEarliest: input.earliest,
    expectedLatest: input.latest,
    createdBy: input.createdBy ?? null,
    note: input.note ?? null,
  });
}

/** What is still expected on each open expectation of an order (or case). */
export async function outstandingExpectations(tx: Tx, organizationId: string, filter: { orderId?: string; caseId?: string }) {
  const entries = await tx
    .select()
    .from(moneyMovements)
    .where(
      and(
        eq(moneyMovements.organizationId, organizationId),
        filter.orderId ? eq(moneyMovements.orderId, filter.orderId) : undefined,
        filter.caseId ? eq(moneyMovements.caseId, filter.caseId) : undefined,
        inArray(moneyMovements.type, ["supplier_refund_expected", "supplier_refund_received", "supplier_refund_written_off"]),
      ),
    );
  const settled = new Map<string, number>();
  for (const e of entries) {
    if (e.settlesId) settled.set(e.settlesId, (settled.get(e.settlesId) ?? 0) + e.amountMinor);
  }
  return entries
    .filter((e) => e.type === "supplier_refund_expected")
    .map((e) => ({ entry: e, outstandingMinor: Math.max(0, e.amountMinor - (settled.get(e.id) ?? 0)) }))
    .filter((x) => x.outstandingMinor > 0);
}

/**
 * Money back from the supplier: against an expectation (never more than is still expected), or on
 * its own (a dispute award).
 */
export async function receiveSupplierRefund(
  tx: Tx,
  organizationId: string,
  orderId: string,
  input: { amountMinor: number; settlesId?: string | null; caseId?: string | null; disputeId?: string | null; source?: "recoup" | "dispute"; occurredAt?: Date; createdBy?: string | null; note?: string | null },
): Promise<Movement> {
  const locked = await lockOrderForMoney(tx, organizationId, orderId);
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new DomainError("INVALID", "Enter an amount greater than zero.");
  if (input.settlesId) {
    const open = await outstandingExpectations(tx, organizationId, { orderId });
    const target = open.find((o) => o.entry.id === input.settlesId);
    if (!target) throw new DomainError("PRECONDITION", "That supplier refund is no longer expected (already received or written off).");
    if (input.amountMinor > target.outstandingMinor) {
      throw new DomainError("PRECONDITION", `Only ${formatMoney(target.outstandingMinor, locked.order.currency)} is still expected from the supplier.`);
    }
  }
  return insertMovement(tx, scopeOf(locked), {
    type: "supplier_refund_received",
    source: input.source ?? "recoup",
    amountMinor: input.amountMinor,
    settlesId: input.settlesId ?? null,
    caseId: input.caseId ?? null,
    disputeId: input.disputeId ?? null,
    occurredAt: input.occurredAt,
    createdBy: input.createdBy ?? null,
    note: input.note ?? null,
  });
}

/** The supplier will not pay what is left of an expectation: the merchant swallows it. */
export async function writeOffSupplierRefund(
  tx: Tx,
  organizationId: string,
  orderId: string,
  input: { settlesId: string; caseId?: string | null; createdBy?: string | null; note?: string | null },
): Promise<Movement> {
  const locked = await lockOrderForMoney(tx, organizationId, orderId);
  const open = await outstandingExpectations(tx, organizationId, { orderId });
  const target = open.find((o) => o.entry.id === input.settlesId);
  if (!target) throw new DomainError("PRECONDITION", "That supplier refund is no longer expected (already received or written off).");
  return insertMovement(tx, scopeOf(locked), {
    type: "supplier_refund_written_off",
    source: "recoup",
    amountMinor: target.outstandingMinor,
    settlesId: input.settlesId,
    caseId: input.caseId ?? null,
    createdBy: input.createdBy ?? null,
    note: input.note ?? null,
  });
}

/**
 * Refunds made in the store outside Recoup (an imported "Refunded Amount", a refunds/create webhook)
 * become store-sourced customer refunds, counted once whatever the order they arrive in. The store's
 * refunded total is the larger of the latest cumulative total it reported and the sum of the refunds
 * it reported one by one; the ledger books only the rise above what it already holds. A refund that
 * adds nothing new is still remembered (a zero entry carrying its reported amount), so a later
 * refund is not mistaken for it.
 */
export async function syncStoreRefund(
  tx: Tx,
  organizationId: string,
  orderId: string,
  input: { kind: "total"; totalMinor: number } | { kind: "refund"; refundId: string; amountMinor: number; occurredAt?: Date },
): Promise<Movement | null> {
  const locked = await lockOrderForMoney(tx, organizationId, orderId);
  const storeEntries = await tx
    .select({ amount: moneyMovements.amountMinor, externalRef: moneyMovements.externalRef, allocation: moneyMovements.allocation })
    .from(moneyMovements)
    .where(and(eq(moneyMovements.organizationId, organizationId), eq(moneyMovements.orderId, orderId), eq(moneyMovements.source, "store")));
  const booked = storeEntries.reduce((sum, e) => sum + e.amount, 0);
  const reportedTotal = Math.max(
    0,
    ...storeEntries.filter((e) => e.externalRef?.startsWith("store-total:")).map((e) => Number(e.externalRef!.slice("store-total:".length))),
  );
  const reportedOneByOne = storeEntries
    .filter((e) => e.externalRef?.startsWith("store-refund:"))
    .reduce((sum, e) => sum + Number((e.allocation as { reportedMinor?: number } | null)?.reportedMinor ?? e.amount), 0);
  const refundable = locked.order.totalMinor - locked.order.ledgerRefundedMinor;
  let target: number;
  let externalRef: string;
  let reportedMinor: number | null = null;
  if (input.kind === "total") {
    externalRef = `store-total:${input.totalMinor}`;
    target = Math.max(input.totalMinor, reportedOneByOne);
  } else {
    externalRef = `store-refund:${input.refundId}`;
    reportedMinor = input.amountMinor;
    target = Math.max(reportedTotal, reportedOneByOne + input.amountMinor);
  }
  if (storeEntries.some((e) => e.externalRef === externalRef)) return null;
  const amount = Math.max(0, Math.min(target - booked, refundable));
  // A reported total that adds nothing needs no entry; a refund id is remembered even at zero.
  if (amount === 0 && input.kind === "total") return null;
  return insertMovement(tx, scopeOf(locked), {
    type: "customer_refund",
    source: "store",
    amountMinor: amount,
    externalRef,
    allocation: reportedMinor === null ? null : { reportedMinor },
    note: input.kind === "total" ? "Refunded in the store (reported total)" : `Refunded in the store (refund ${input.refundId})`,
    occurredAt: input.kind === "refund" ? input.occurredAt : undefined,
  });
}

/**
 * `syncStoreRefund({ kind: "total" })` for many orders this transaction has just created, in one
 * statement (an import writes thousands; three statements per order were half its time). A new
 * order has no store entries to compare with and no other transaction can see it, so there is
 * nothing to lock or read: each gets the entry syncStoreRefund would write — the reported total,
 * capped at what is still refundable, ref `store-total:N`, the store's local date — and none when
 * that is zero. The ledger trigger still applies each row to the order (and its CHECK).
 * Orders that already existed must go through syncStoreRefund.
 */
export async function recordStoreRefundTotalsOfNewOrders(
  tx: Tx,
  scope: { organizationId: string; timezone: string },
  refunds: { orderId: string; totalMinor: number }[],
): Promise<void> {
  if (refunds.length === 0) return;
  const occurredAt = new Date();
  const rows = refunds.map((r) => ({ order_id: r.orderId, total_minor: r.totalMinor }));
  await tx.execute(sql`
    insert into money_movements (organization_id, store_id, order_id, type, source, amount_minor, currency, external_ref, note, occurred_at, local_date)
    select o.organization_id, o.store_id, o.id, 'customer_refund', 'store', least(r.total_minor, o.total_minor - o.ledger_refunded_minor), o.currency,
      'store-total:' || r.total_minor, 'Refunded in the store (reported total)', ${occurredAt.toISOString()}::timestamptz,
      ${localDateOf(occurredAt, scope.timezone)}::date
    from jsonb_to_recordset(${jsonText(rows)}::text::jsonb) as r(order_id uuid, total_minor bigint)
    join orders o on o.organization_id = ${scope.organizationId}::uuid and o.id = r.order_id
    where least(r.total_minor, o.total_minor - o.ledger_refunded_minor) > 0`);
}

export async function listOrderMovements(tx: Tx, organizationId: string, orderId: string) {
  return tx
    .select()
    .from(moneyMovements)
    .where(and(eq(moneyMovements.organizationId, organizationId), eq(moneyMovements.orderId, orderId)))
    .orderBy(moneyMovements.createdAt);
}
