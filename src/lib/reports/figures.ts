import { currencyExponent } from "@/lib/money";

/**
 * The figures of a loss report (SPEC §4) for one currency and one slice (a store, a supplier, a
 * reason, a month, or everything). Money is integer minor units of that currency.
 */
export interface LossFigures {
  /** Orders placed in the range (store and month slices only: orders have no reason or supplier). */
  orders: number;
  revenueMinor: number;
  /** Cancellation requests: cases opened in the range. */
  requests: number;
  /** Of those, cancelled at the supplier before it dispatched. */
  cancelledBeforeDispatch: number;
  /** Refunds paid to customers in the range (count of positive refund entries). */
  refunds: number;
  /** Refunded to customers, including refunds made in the store outside Recoup. */
  refundedMinor: number;
  /** The part of `refundedMinor` made in the store outside Recoup (imports, webhooks). */
  storeRefundedMinor: number;
  recoveredMinor: number;
  expectedMinor: number;
  writtenOffMinor: number;
  /** refunded − recovered. */
  netLossMinor: number;
  /** Supplier refunds expected in the range and not yet received or written off. */
  exposureMinor: number;
  /** The part of the exposure past its latest expected date. */
  overdueMinor: number;
}

export const FIGURE_KEYS = [
  "orders",
  "revenueMinor",
  "requests",
  "cancelledBeforeDispatch",
  "refunds",
  "refundedMinor",
  "storeRefundedMinor",
  "recoveredMinor",
  "expectedMinor",
  "writtenOffMinor",
  "netLossMinor",
  "exposureMinor",
  "overdueMinor",
] as const satisfies readonly (keyof LossFigures)[];

export const MONEY_FIGURE_KEYS = [
  "revenueMinor",
  "refundedMinor",
  "storeRefundedMinor",
  "recoveredMinor",
  "expectedMinor",
  "writtenOffMinor",
  "netLossMinor",
  "exposureMinor",
  "overdueMinor",
] as const satisfies readonly (keyof LossFigures)[];
export type MoneyFigureKey = (typeof MONEY_FIGURE_KEYS)[number];

/** A literal, not Object.fromEntries: one object shape for every figures object (the report adds into ~1,000 of them). */
export function zeroFigures(): LossFigures {
  return {
    orders: 0,
    revenueMinor: 0,
    requests: 0,
    cancelledBeforeDispatch: 0,
    refunds: 0,
    refundedMinor: 0,
    storeRefundedMinor: 0,
    recoveredMinor: 0,
    expectedMinor: 0,
    writtenOffMinor: 0,
    netLossMinor: 0,
    exposureMinor: 0,
    overdueMinor: 0,
  } satisfies Record<(typeof FIGURE_KEYS)[number], number>;
}

export function addFigures(into: LossFigures, more: Partial<LossFigures>): LossFigures {
  for (const key of FIGURE_KEYS) into[key] += more[key] ?? 0;
  return into;
}

/** Share of requests cancelled before dispatch, 0–1; null without requests. */
export function cancelledShare(f: Pick<LossFigures, "requests" | "cancelledBeforeDispatch">): number | null {
  return f.requests > 0 ? f.cancelledBeforeDispatch / f.requests : null;
}

/** Net loss as a share of revenue; null without revenue. */
export function lossShare(f: Pick<LossFigures, "netLossMinor" | "revenueMinor">): number | null {
  return f.revenueMinor > 0 ? f.netLossMinor / f.revenueMinor : null;
}

/** Figures of one slice in one currency, this period and the one before. */
export interface PeriodFigures {
  currency: string;
  current: LossFigures;
  previous: LossFigures;
}

/** An exchange rate as stored: 1 `currency` = `rate` `quoteCurrency` (a decimal string). */
export interface AppliedRate {
  currency: string;
  /** The day the rate had to be valid on (the period's last day). */
  onDay: string;
  rate: string | null;
  validFrom: string | null;
}

/**
 * Converts minor units of one currency into minor units of another at a decimal rate, exactly (no
 * floats), rounding half away from zero.
 */
export function convertMinor(minor: number, from: string, to: string, rate: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) throw new Error(`Not a rate: ${rate}`);
  const fraction = match[2] ?? "";
  const rateScaled = BigInt(match[1]! + fraction);
  const numerator = BigInt(minor) * rateScaled * 10n ** BigInt(currencyExponent(to));
  const denominator = 10n ** BigInt(fraction.length + currencyExponent(from));
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let quotient = abs / denominator;
  if ((abs % denominator) * 2n >= denominator) quotient += 1n;
  return Number(negative ? -quotient : quotient);
}
