import { allocateByLargestRemainder } from "@/lib/money";
import { DomainError } from "../errors";

export interface RefundLine {
  id: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface PriorAllocation {
  lineItemId: string;
  quantity: number;
}

export interface ItemRefundRequest {
  lines: { lineItemId: string; quantity: number }[];
  includeShipping: boolean;
  /** A smaller total than computed (a partial refund): spread over the chosen lines by largest remainder. */
  amountMinor?: number;
}

export interface ItemRefund {
  totalMinor: number;
  shippingMinor: number;
  allocation: { lineItemId: string; quantity: number; amountMinor: number }[];
}

/**
 * What refunding some units of some lines costs, to the minor unit. The order's discount and tax are
 * spread over its lines in proportion to their value (largest remainder), each line's net over its
 * units; refunding units r+1…r+k of a line costs cum(r+k) − cum(r) with cum(n) = ⌊net·n/qty⌋ and
 * cum(qty) = net, so refunding every unit in any number of steps returns exactly the line's net.
 */
export function computeItemRefund(
  order: { subtotalMinor: number; shippingMinor: number; taxMinor: number; discountMinor: number },
  lines: RefundLine[],
  prior: PriorAllocation[],
  priorShippingMinor: number,
  request: ItemRefundRequest,
): ItemRefund {
  const gross = lines.map((l) => l.quantity * l.unitPriceMinor);
  const discounts = allocateByLargestRemainder(Math.max(0, order.discountMinor), gross);
  const taxes = allocateByLargestRemainder(Math.max(0, order.taxMinor), gross);
  const net = new Map(lines.map((l, i) => [l.id, Math.max(0, gross[i]! - discounts[i]! + taxes[i]!)]));
  const refundedUnits = new Map<string, number>();
  for (const p of prior) refundedUnits.set(p.lineItemId, (refundedUnits.get(p.lineItemId) ?? 0) + p.quantity);

  const seen = new Set<string>();
  const computed = request.lines
    .filter((r) => r.quantity > 0)
    .map((r) => {
      const line = lines.find((l) => l.id === r.lineItemId);
      if (!line) throw new DomainError("INVALID", "A chosen line item is not part of this order.");
      if (seen.has(line.id)) throw new DomainError("INVALID", "Each line item may appear once.");
      seen.add(line.id);
      const done = refundedUnits.get(line.id) ?? 0;
      const left = line.quantity - done;
      if (!Number.isInteger(r.quantity) || r.quantity > left) {
        throw new DomainError("INVALID", left <= 0 ? "A chosen line was already fully refunded." : `You can refund at most ${left} of that line.`);
      }
      const lineNet = net.get(line.id)!;
      const cum = (n: number) => (n >= line.quantity ? lineNet : Math.floor((lineNet * n) / line.quantity));
      return { lineItemId: line.id, quantity: r.quantity, amountMinor: cum(done + r.quantity) - cum(done) };
    });
  const shippingLeft = Math.max(0, order.shippingMinor - priorShippingMinor);
  let shippingMinor = request.includeShipping ? shippingLeft : 0;
  if (computed.length === 0 && shippingMinor === 0) throw new DomainError("INVALID", "Choose at least one line item or the shipping to refund.");
  let allocation = computed;
  const fullTotal = computed.reduce((a, c) => a + c.amountMinor, 0) + shippingMinor;
  if (request.amountMinor !== undefined && request.amountMinor !== fullTotal) {
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) throw new DomainError("INVALID", "Enter an amount greater than zero.");
    if (request.amountMinor > fullTotal) throw new DomainError("INVALID", "The amount is more than the chosen items are worth.");
    const parts = allocateByLargestRemainder(request.amountMinor, [...computed.map((c) => c.amountMinor), shippingMinor]);
    allocation = computed.map((c, i) => ({ ...c, amountMinor: parts[i]! }));
    shippingMinor = parts[parts.length - 1]!;
  }
  return { totalMinor: allocation.reduce((a, c) => a + c.amountMinor, 0) + shippingMinor, shippingMinor, allocation };
}
