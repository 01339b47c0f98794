import { RETURN_REASONS, type ReturnReason, type SupplierTerms } from "@/lib/supplier-terms";
import { REASON_LABELS } from "./labels";
import type { PolicySettings } from "./settings";

/**
 * Where a shop promises more than its supplier accepts (SPEC §1: "if you offer refunds where your
 * supplier does not, you pay them out of your own pocket"). Plain functions, shared by the builder,
 * which warns as the merchant types, and the server, which answers with the same warnings.
 */

/** The ledger window a warning's cost is measured over, in the store's local calendar days. */
export const LOSS_WINDOW_DAYS = 90;

/**
 * A cancellation window up to a day long is what suppliers honour in practice ("cancel a few
 * seconds after ordering and they will gladly cancel"); beyond that the supplier may well have
 * shipped, and a shipped order cannot be cancelled.
 */
export const SAFE_CANCELLATION_HOURS = 24;

export type PolicyWarningKind = "return_reason" | "cancellation" | "refund_speed";

export interface PolicyWarning {
  /** Stable per rule (and reason), for React keys and tests. */
  id: string;
  kind: PolicyWarningKind;
  reason?: ReturnReason;
  title: string;
  detail: string;
  /** The ledger reasons whose net loss over the last 90 days shows what such promises cost. */
  lossReasons: ReturnReason[];
  /** What that figure is, in words. */
  lossLabel: string;
}

export type WarningSettings = Pick<PolicySettings, "acceptedReasons" | "cancellation" | "cancellationHours" | "refundProcessingDays">;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** Return reasons the shop accepts and its supplier refuses. */
export function refusedReasons(settings: Pick<PolicySettings, "acceptedReasons">, terms: SupplierTerms): ReturnReason[] {
  return settings.acceptedReasons.filter((r) => !terms.acceptedReturnReasons.includes(r));
}

export function policyWarnings(settings: WarningSettings, terms: SupplierTerms): PolicyWarning[] {
  const supplier = terms.supplierName;
  const warnings: PolicyWarning[] = [];

  for (const reason of refusedReasons(settings, terms)) {
    const label = REASON_LABELS[reason].toLowerCase();
    warnings.push({
      id: `return_reason:${reason}`,
      kind: "return_reason",
      reason,
      title: `You accept returns for ${label}; ${supplier} does not`,
      detail: `Every refund for ${label} comes out of your own pocket: ${supplier} will not take the item back or refund you for it.`,
      lossReasons: [reason],
      lossLabel: `Net loss on ${label} refunds`,
    });
  }

  const cancellation = cancellationWarning(settings, terms);
  if (cancellation) warnings.push(cancellation);

  if (settings.refundProcessingDays < terms.refundMaxBusinessDays) {
    const shared = settings.acceptedReasons.filter((r) => terms.acceptedReturnReasons.includes(r));
    warnings.push({
      id: "refund_speed",
      kind: "refund_speed",
      title: `You refund faster than ${supplier} refunds you`,
      detail:
        `You promise refunds within ${plural(settings.refundProcessingDays, "business day")}, but ${supplier} takes up to ` +
        `${plural(terms.refundMaxBusinessDays, "business day")}: you pay customers before you are paid back, and whatever ` +
        `${supplier} never returns is yours to carry.`,
      lossReasons: shared,
      lossLabel: "Refunded and not recovered, for reasons the supplier does accept",
    });
  }
  return warnings;
}

function cancellationWarning(settings: WarningSettings, terms: SupplierTerms): PolicyWarning | null {
  const supplier = terms.supplierName;
  // A customer's cancellation is booked in the ledger as a change of mind.
  const base = { id: "cancellation", kind: "cancellation" as const, lossReasons: ["changed_mind" as ReturnReason], lossLabel: "Net loss on change-of-mind refunds" };
  if (!terms.cancellationUntilDispatch) {
    return {
      ...base,
      title: `${supplier} does not accept cancellations once an order is paid`,
      detail: `Any cancellation you accept after paying ${supplier} is refunded to the customer while the parcel still ships.`,
    };
  }
  if (settings.cancellation === "hours" && settings.cancellationHours > SAFE_CANCELLATION_HOURS) {
    const latest = terms.dispatchBusinessDays * 24;
    const pastDeadline = settings.cancellationHours >= latest;
    return {
      ...base,
      title: pastDeadline
        ? `Your cancellation window runs past ${supplier}'s dispatch deadline`
        : `Your cancellation window can outlast dispatch`,
      detail:
        `You let customers cancel for ${plural(settings.cancellationHours, "hour")}, but ${supplier} accepts cancellations only until it ` +
        `dispatches, which it may do any time within ${plural(terms.dispatchBusinessDays, "business day")} of payment. ` +
        `After dispatch the order cannot be cancelled and the customer still receives it. "Until dispatch" matches your supplier.`,
    };
  }
  return null;
}

export interface CurrencyAmount {
  currency: string;
  lossMinor: number;
}

/** Net loss (refunded − recovered) per ledger reason and currency, over the loss window. */
export type LossByReason = Partial<Record<ReturnReason | "unspecified", CurrencyAmount[]>>;

/** A warning's cost: the loss of its reasons, summed per currency (currencies never mix). */
export function lossFor(reasons: readonly ReturnReason[], byReason: LossByReason): CurrencyAmount[] {
  const totals = new Map<string, number>();
  for (const reason of RETURN_REASONS.filter((r) => reasons.includes(r))) {
    for (const { currency, lossMinor } of byReason[reason] ?? []) totals.set(currency, (totals.get(currency) ?? 0) + lossMinor);
  }
  return [...totals].map(([currency, lossMinor]) => ({ currency, lossMinor })).sort((a, b) => a.currency.localeCompare(b.currency));
}
