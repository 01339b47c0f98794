import { CASE_ACTIONS, actionAllowedFrom, type CaseAction } from "@/lib/cases";
import { DISPATCHED_SUPPLIER_STATUSES } from "@/lib/orders";
import { can } from "@/lib/roles";
import type { Role } from "@/lib/roles";
import { formatMoney } from "@/lib/money";
import type { CaseSnapshot } from "./snapshot";

/**
 * Why `action` cannot be taken on this case now, or null when it can. The server refuses with this
 * reason and the UI shows it beside a disabled button: both read this one function.
 */
export function blockedReason(action: CaseAction, snap: CaseSnapshot): string | null {
  const { kase, order, supplierOrder, money, openDispute, now } = snap;
  switch (action) {
    case "requestAtSupplier":
      if (supplierOrder && DISPATCHED_SUPPLIER_STATUSES.includes(supplierOrder.status)) {
        return "The supplier has already shipped this order; it cannot be cancelled.";
      }
      return null;
    case "openDispute":
      if (kase.state === "awaiting_tracking" && kase.trackingDueAt && now <= kase.trackingDueAt) {
        return "The supplier still has time to give a tracking number. Open a dispute once the deadline has passed.";
      }
      return null;
    case "cancelStoreOrder":
      if (order.cancelledAt) return "The store order is already cancelled.";
      if (order.fulfillmentStatus !== "unfulfilled") {
        return "The store order is no longer unfulfilled, so it cannot be cancelled. Refund items instead.";
      }
      if (order.totalMinor - order.ledgerRefundedMinor < 0) return "Nothing is left to refund.";
      return null;
    case "refundItems":
      if (order.totalMinor - order.ledgerRefundedMinor <= 0) return `Order ${order.name} is already fully refunded.`;
      return null;
    case "recordSupplierRefund":
      if (money.exposureMinor <= 0 && kase.state !== "disputed") return "No supplier refund is expected for this case.";
      return null;
    case "writeOffSupplierRefund":
      if (money.exposureMinor <= 0) return "No supplier refund is expected for this case.";
      return null;
    case "close":
      if (openDispute) return "The dispute is still open. Resolve or withdraw it first.";
      if (kase.state === "store_cancelled" && money.exposureMinor > 0) {
        return `${formatMoney(money.exposureMinor, kase.currency)} is still expected from the supplier. Record it as received or write it off first.`;
      }
      return null;
    case "withdraw":
      if (money.exposureMinor > 0) {
        return `${formatMoney(money.exposureMinor, kase.currency)} is still expected from the supplier. Record it as received or write it off before withdrawing.`;
      }
      return null;
    default:
      return null;
  }
}

export interface AvailableAction {
  action: CaseAction;
  label: string;
  enabled: boolean;
  reason: string | null;
  movesMoney: boolean;
}

/** The actions the state machine allows from the case's state, each enabled or with its reason. */
export function availableActions(snap: CaseSnapshot, role: Role): AvailableAction[] {
  return (Object.keys(CASE_ACTIONS) as CaseAction[])
    .filter((action) => actionAllowedFrom(action, snap.kase.state))
    .filter((action) => can(role, CASE_ACTIONS[action].permission))
    .map((action) => {
      const reason = blockedReason(action, snap);
      const spec = CASE_ACTIONS[action];
      return { action, label: spec.label, enabled: reason === null, reason, movesMoney: "movesMoney" in spec && Boolean(spec.movesMoney) };
    });
}
