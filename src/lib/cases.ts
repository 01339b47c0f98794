/**
 * The cancellation case state machine (SPEC §3), as data. The server enforces it; the UI reads the
 * same table to show exactly the actions the server would accept.
 */
import type { Permission } from "./roles";
import type { ReturnReason } from "./supplier-terms";

export const CASE_STATES = [
  "requested",
  "supplier_pending",
  "supplier_accepted",
  "supplier_refused",
  "awaiting_tracking",
  "shipped",
  "disputed",
  "store_cancelled",
  "too_late",
  "closed",
  "withdrawn",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const TERMINAL_CASE_STATES: readonly CaseState[] = ["closed", "withdrawn"];
export const OPEN_CASE_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !TERMINAL_CASE_STATES.includes(s));

export const CASE_OUTCOMES = ["cancelled_full_recovery", "cancelled_with_loss", "not_cancelled", "withdrawn"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export interface CaseActionSpec {
  from: readonly CaseState[];
  /** The state after the action; `null` keeps the state (a ledger entry only). */
  to: CaseState | null;
  permission: Permission;
  label: string;
  /** What the action needs beyond the state, in the user's words (guards enforce it). */
  requires?: string;
  movesMoney?: boolean;
}

export const CASE_ACTIONS = {
  requestAtSupplier: {
    from: ["requested"],
    to: "supplier_pending",
    permission: "cases:work",
    label: "Record cancellation request at supplier",
    requires: "A supplier order that has not shipped.",
  },
  supplierAccepted: {
    from: ["supplier_pending"],
    to: "supplier_accepted",
    permission: "cases:work",
    label: "Supplier accepted",
    movesMoney: true,
  },
  supplierRefusedShipped: {
    from: ["supplier_pending"],
    to: "awaiting_tracking",
    permission: "cases:work",
    label: "Supplier refused: says it shipped",
  },
  supplierRefusedNotShipped: {
    from: ["supplier_pending"],
    to: "supplier_refused",
    permission: "cases:work",
    label: "Supplier refused: has not shipped",
  },
  trackingProvided: {
    from: ["awaiting_tracking"],
    to: "shipped",
    permission: "cases:work",
    label: "Tracking number received",
  },
  openDispute: {
    from: ["supplier_refused", "awaiting_tracking"],
    to: "disputed",
    permission: "cases:work",
    label: "Open a dispute with the supplier",
    requires: "After a refusal without shipping, or once the tracking number is overdue.",
  },
  cancelStoreOrder: {
    from: ["supplier_accepted", "disputed"],
    to: "store_cancelled",
    permission: "refunds:record",
    label: "Cancel the store order",
    requires: "The store order must be unfulfilled; otherwise refund items.",
    movesMoney: true,
  },
  refundItems: {
    from: ["supplier_accepted", "disputed", "shipped", "too_late", "store_cancelled"],
    to: null,
    permission: "refunds:record",
    label: "Refund items",
    movesMoney: true,
  },
  recordSupplierRefund: {
    from: ["supplier_accepted", "store_cancelled", "disputed", "closed"],
    to: null,
    permission: "refunds:record",
    label: "Record supplier refund received",
    movesMoney: true,
  },
  writeOffSupplierRefund: {
    from: ["supplier_accepted", "store_cancelled", "closed"],
    to: null,
    permission: "refunds:record",
    label: "Write off the supplier refund",
    movesMoney: true,
  },
  close: {
    from: ["store_cancelled", "shipped", "too_late", "disputed"],
    to: "closed",
    permission: "cases:work",
    label: "Close the case",
    requires: "No open dispute; after a store cancellation, no supplier refund still expected.",
  },
  withdraw: {
    from: OPEN_CASE_STATES,
    to: "withdrawn",
    permission: "cases:work",
    label: "Withdraw the case",
  },
} as const satisfies Record<string, CaseActionSpec>;

export type CaseAction = keyof typeof CASE_ACTIONS;

export function actionAllowedFrom(action: CaseAction, state: CaseState): boolean {
  return (CASE_ACTIONS[action].from as readonly CaseState[]).includes(state);
}

/** Every (from, to) pair the table allows: the property tests check no other change ever happens. */
export const ALLOWED_TRANSITIONS: ReadonlySet<string> = new Set(
  Object.values(CASE_ACTIONS as Record<string, CaseActionSpec>).flatMap((spec) =>
    spec.from.map((from) => `${from}->${spec.to ?? from}`),
  ),
);

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  requested: "Requested",
  supplier_pending: "Waiting for supplier",
  supplier_accepted: "Supplier accepted",
  supplier_refused: "Supplier refused",
  awaiting_tracking: "Awaiting tracking",
  shipped: "Shipped (not cancellable)",
  disputed: "Disputed",
  store_cancelled: "Store order cancelled",
  too_late: "Too late (already shipped)",
  closed: "Closed",
  withdrawn: "Withdrawn",
};

export const CASE_OUTCOME_LABELS: Record<CaseOutcome, string> = {
  cancelled_full_recovery: "Cancelled, fully recovered",
  cancelled_with_loss: "Cancelled with a loss",
  not_cancelled: "Not cancelled (shipped)",
  withdrawn: "Withdrawn",
};

export const RETURN_REASON_LABELS: Record<ReturnReason, string> = {
  not_as_described: "Item not as described",
  damaged: "Damaged in transit",
  wrong_size: "Wrong size ordered",
  changed_mind: "Customer changed their mind",
  not_delivered: "Not delivered",
  other: "Other",
};

// Disputes ------------------------------------------------------------------------------------------

export const DISPUTE_STATES = [
  "open",
  "awaiting_response",
  "escalated",
  "resolved_won",
  "resolved_lost",
  "resolved_partial",
  "withdrawn",
] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];
export const OPEN_DISPUTE_STATES: readonly DisputeState[] = ["open", "awaiting_response", "escalated"];

export const DISPUTE_ACTIONS = {
  awaitResponse: { from: ["open"], to: "awaiting_response", label: "Submitted: awaiting the supplier's response" },
  escalate: { from: ["open", "awaiting_response"], to: "escalated", label: "Escalate to the platform" },
  resolveWon: { from: OPEN_DISPUTE_STATES, to: "resolved_won", label: "Won" },
  resolvePartial: { from: OPEN_DISPUTE_STATES, to: "resolved_partial", label: "Partly won" },
  resolveLost: { from: OPEN_DISPUTE_STATES, to: "resolved_lost", label: "Lost" },
  withdraw: { from: OPEN_DISPUTE_STATES, to: "withdrawn", label: "Withdraw" },
} as const satisfies Record<string, { from: readonly DisputeState[]; to: DisputeState; label: string }>;
export type DisputeAction = keyof typeof DISPUTE_ACTIONS;

export const DISPUTE_STATE_LABELS: Record<DisputeState, string> = {
  open: "Open",
  awaiting_response: "Awaiting response",
  escalated: "Escalated",
  resolved_won: "Won",
  resolved_lost: "Lost",
  resolved_partial: "Partly won",
  withdrawn: "Withdrawn",
};
