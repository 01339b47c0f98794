import {
  CASE_OUTCOME_LABELS,
  DISPUTE_STATE_LABELS,
  OPEN_DISPUTE_STATES,
  RETURN_REASON_LABELS,
  type CaseAction,
  type CaseOutcome,
  type CaseState,
  type DisputeState,
} from "@/lib/cases";
import { formatMoney } from "@/lib/money";
import { formatZonedDate } from "@/lib/zoned-time";
import type { RouterOutputs } from "@/trpc/react";

export type CaseDetail = RouterOutputs["case"]["get"];

export type StepKey = "requested" | "asked" | "answer" | "store" | "supplierRefund" | "closed";
export type StepStatus = "done" | "current" | "upcoming" | "skipped";

export interface CaseStep {
  key: StepKey;
  title: string;
  status: StepStatus;
  detail?: string;
  /** Something went against the merchant here (too late, refused, overdue). */
  warning?: boolean;
}

const TERMINAL: readonly CaseState[] = ["closed", "withdrawn"];

function facts(d: CaseDetail) {
  const k = d.case;
  const openDispute = d.disputes.find((x) => (OPEN_DISPUTE_STATES as readonly string[]).includes(x.state)) ?? null;
  const refusedShipped = Boolean(k.trackingDueAt || k.trackingNumber);
  // A case that ends with the parcel on its way: nothing to cancel in the store, nothing to recover.
  const parcelShips =
    k.state === "too_late" ||
    k.state === "shipped" ||
    Boolean(k.tooLateReason) ||
    (k.state === "closed" && k.outcome === "not_cancelled" && (Boolean(k.trackingNumber) || Boolean(k.tooLateReason)));
  return { k, openDispute, refusedShipped, parcelShips, terminal: TERMINAL.includes(k.state) };
}

/**
 * The path of a case as six steps (requested → supplier asked → supplier's answer → store cancelled
 * or refunded → supplier refund → closed), each done, current, upcoming or skipped, with a line on
 * what happened. Derived only from what the server returned; exactly one step is current while open.
 */
export function caseSteps(d: CaseDetail): CaseStep[] {
  const { k, openDispute, refusedShipped, parcelShips, terminal } = facts(d);
  const tz = d.store.timezone;
  const money = (minor: number) => formatMoney(minor, k.currency);
  const date = (at: Date | string) => formatZonedDate(at, tz);
  const m = d.money;

  const requested: CaseStep = {
    key: "requested",
    title: "Requested",
    status: "done",
    detail: `${RETURN_REASON_LABELS[k.reason] ?? k.reason} · opened ${date(k.createdAt)}`,
  };

  let asked: CaseStep;
  if (k.tooLateReason) {
    asked = { key: "asked", title: "Supplier asked", status: "skipped", warning: true, detail: `Too late: ${k.tooLateReason}.` };
  } else if (k.supplierRequestedAt) {
    asked = {
      key: "asked",
      title: "Supplier asked",
      status: "done",
      detail: `Requested ${date(k.supplierRequestedAt)}${k.contactedSupplierDirectly ? " · also contacted directly" : ""}`,
    };
  } else if (k.state === "requested") {
    asked = { key: "asked", title: "Supplier asked", status: "current" };
  } else {
    asked = { key: "asked", title: "Supplier asked", status: terminal ? "skipped" : "upcoming" };
  }

  let answer: CaseStep = { key: "answer", title: "Supplier's answer", status: "upcoming" };
  if (k.tooLateReason) {
    answer = { ...answer, status: "skipped", detail: "Nothing to ask: the parcel has left." };
  } else if (k.state === "supplier_pending") {
    answer = { ...answer, status: "current", detail: "Waiting for the supplier." };
  } else if (!k.supplierRespondedAt) {
    answer = { ...answer, status: terminal ? "skipped" : "upcoming" };
  } else if (d.disputes.length > 0) {
    const dispute = openDispute ?? d.disputes[0]!;
    const label = DISPUTE_STATE_LABELS[dispute.state as DisputeState] ?? dispute.state;
    answer = openDispute
      ? { ...answer, status: "current", warning: true, detail: `Refused · dispute ${label.toLowerCase()}, ${money(dispute.claimedMinor)} claimed` }
      : {
          ...answer,
          status: "done",
          warning: dispute.state !== "resolved_won",
          detail: `Refused · dispute ${label.toLowerCase()}${dispute.awardedMinor ? `, ${money(dispute.awardedMinor)} awarded` : ""}`,
        };
  } else if (refusedShipped) {
    answer =
      k.state === "awaiting_tracking"
        ? { ...answer, status: "current", warning: true, detail: `Refused: says it shipped. Tracking number due ${date(k.trackingDueAt!)}.` }
        : {
            ...answer,
            status: "done",
            warning: true,
            detail: k.trackingNumber ? `Refused: shipped · ${k.carrier ?? ""} ${k.trackingNumber}`.replace("  ", " ") : "Refused: says it shipped",
          };
  } else if (k.state === "supplier_refused") {
    answer = { ...answer, status: "current", warning: true, detail: "Refused without shipping." };
  } else {
    answer = { ...answer, status: "done", detail: `Accepted ${date(k.supplierRespondedAt)}` };
  }

  const customer = d.order.customerName ?? "the customer";
  let store: CaseStep = { key: "store", title: "Store order cancelled or refunded", status: "upcoming" };
  if (d.order.cancelledAt && m.refundedMinor > 0) {
    store = { ...store, status: "done", detail: `Cancelled ${date(d.order.cancelledAt)} · ${money(m.refundedMinor)} refunded to ${customer}` };
  } else if (d.order.cancelledAt) {
    store = { ...store, status: "done", detail: `Cancelled ${date(d.order.cancelledAt)}` };
  } else if (m.refundedMinor > 0) {
    store = { ...store, status: "done", detail: `${money(m.refundedMinor)} of items refunded to ${customer}` };
  } else if (k.state === "supplier_accepted" || (k.state === "disputed" && !openDispute)) {
    store = { ...store, status: "current" };
  } else if (parcelShips || (refusedShipped && k.state !== "awaiting_tracking")) {
    store = { ...store, status: "skipped", detail: "Not cancelled: the customer receives the parcel." };
  } else if (terminal) {
    store = { ...store, status: "skipped" };
  }

  let supplierRefund: CaseStep = { key: "supplierRefund", title: "Supplier refund", status: "upcoming" };
  const latest = d.expectations[0]?.latest;
  if (m.exposureMinor > 0) {
    const overdue = m.overdueMinor > 0;
    supplierRefund = {
      ...supplierRefund,
      status: store.status === "done" ? "current" : "upcoming",
      warning: overdue,
      detail: `${money(m.exposureMinor)} expected${latest ? ` by ${date(latest)}` : ""}${overdue ? " · overdue" : ""}`,
    };
  } else if (m.recoveredMinor > 0 || m.writtenOffMinor > 0) {
    supplierRefund = {
      ...supplierRefund,
      status: "done",
      warning: m.writtenOffMinor > 0,
      detail: [m.recoveredMinor > 0 ? `${money(m.recoveredMinor)} recovered` : null, m.writtenOffMinor > 0 ? `${money(m.writtenOffMinor)} written off` : null]
        .filter(Boolean)
        .join(" · "),
    };
  } else if (store.status === "skipped") {
    supplierRefund = { ...supplierRefund, status: "skipped", detail: parcelShips || refusedShipped ? "Nothing to recover: the order ships." : undefined };
  } else if (openDispute) {
    supplierRefund = { ...supplierRefund, detail: "A dispute award counts as the supplier's refund." };
  } else if (terminal) {
    supplierRefund = { ...supplierRefund, status: "skipped" };
  }

  let closed: CaseStep = { key: "closed", title: "Closed", status: "upcoming" };
  if (k.state === "closed") {
    const outcome = k.outcome ? CASE_OUTCOME_LABELS[k.outcome as CaseOutcome] : "Closed";
    closed = {
      ...closed,
      status: "done",
      warning: k.outcome === "cancelled_with_loss",
      detail: `${outcome}${k.lossMinor !== null ? ` · net loss ${money(k.lossMinor)}` : ""}`,
    };
  } else if (k.state === "withdrawn") {
    closed = { ...closed, title: "Withdrawn", status: "done", detail: k.closedAt ? `Withdrawn ${date(k.closedAt)}` : undefined };
  }

  const steps = [requested, asked, answer, store, supplierRefund, closed];
  if (!terminal && !steps.some((s) => s.status === "current")) closed.status = "current";
  // Exactly one current step: the earliest.
  let seen = false;
  for (const step of steps) {
    if (step.status !== "current") continue;
    if (seen) step.status = "upcoming";
    seen = true;
  }
  return steps;
}

/** The sentence under the current step: what to do next, in the merchant's words. */
export function nextStepText(d: CaseDetail): string | null {
  const { k, openDispute } = facts(d);
  const tz = d.store.timezone;
  const money = (minor: number) => formatMoney(minor, k.currency);
  const so = d.supplierOrder;
  const enabled = (action: CaseAction) => d.actions.some((a) => a.action === action && a.enabled);
  switch (k.state) {
    case "requested":
      return so
        ? `Ask ${so.supplier} to cancel order ${so.supplierOrderNumber} before it ships${k.shipBy ? ` (ship-by ${formatZonedDate(k.shipBy, tz)})` : ""}, and contact the supplier directly too in case the request is missed. Then record the request here.`
        : "Ask the supplier to cancel before it ships, and contact it directly too. Then record the request here.";
    case "supplier_pending":
      return "Wait for the supplier's answer, then record it: accepted, refused because it shipped, or refused without shipping.";
    case "supplier_accepted":
      if (enabled("cancelStoreOrder")) {
        return `Cancel store order ${d.order.name} and refund ${d.order.customerName ?? "the customer"}. The supplier's refund is due within 3 to 15 business days.`;
      }
      return "The store order is no longer unfulfilled, so it cannot be cancelled: refund the items instead.";
    case "supplier_refused":
      return "The supplier refused without shipping, so it has no tracking number to give. Open a dispute and ask for a refund.";
    case "awaiting_tracking":
      return `Ask the supplier for the tracking number${k.trackingDueAt ? `; it is due by ${formatZonedDate(k.trackingDueAt, tz)}` : ""}. If none arrives by then, open a dispute.`;
    case "disputed":
      if (openDispute) return "Follow the dispute: add evidence, and record the platform's decision when it comes.";
      if (!d.order.cancelledAt) return "The dispute is settled. Cancel the store order (or refund items), then close the case.";
      return "Close the case to record its outcome.";
    case "store_cancelled":
      if (d.money.exposureMinor > 0) {
        const latest = d.expectations[0]?.latest;
        return `Wait for the supplier's refund of ${money(d.money.exposureMinor)}${latest ? ` (expected by ${formatZonedDate(latest, tz)})` : ""}. Record it when it arrives, or write it off.`;
      }
      return "Everything is settled. Close the case to record its outcome.";
    case "shipped":
      return "The parcel has shipped, so the customer will receive it. Close the case, or refund items first if you agreed to a partial refund.";
    case "too_late":
      return "The supplier already shipped, so the order cannot be cancelled. Refund items only if you agreed to, then close the case.";
    default:
      return null;
  }
}

/** Which of the allowed actions is the next step, to show it as the primary button. */
export function suggestedAction(d: CaseDetail): CaseAction | null {
  const { k, openDispute } = facts(d);
  const byState: Partial<Record<CaseState, CaseAction[]>> = {
    requested: ["requestAtSupplier"],
    supplier_pending: ["supplierAccepted"],
    supplier_accepted: ["cancelStoreOrder", "refundItems"],
    supplier_refused: ["openDispute"],
    awaiting_tracking: ["trackingProvided", "openDispute"],
    disputed: openDispute ? [] : d.order.cancelledAt ? ["close"] : ["cancelStoreOrder", "refundItems"],
    store_cancelled: d.money.exposureMinor > 0 ? ["recordSupplierRefund"] : ["close"],
    shipped: ["close"],
    too_late: ["close"],
  };
  const candidates = byState[k.state] ?? [];
  return candidates.find((action) => d.actions.some((a) => a.action === action && a.enabled)) ?? null;
}

/** Where the next step happens when it is not on this page (an open dispute is worked on its own). */
export function nextStepLink(d: CaseDetail): { href: string; label: string } | null {
  const open = d.disputes.find((x) => (OPEN_DISPUTE_STATES as readonly string[]).includes(x.state));
  return d.case.state === "disputed" && open ? { href: `/disputes/${open.id}`, label: "Go to the dispute" } : null;
}
