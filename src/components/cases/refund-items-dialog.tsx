"use client";

import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { formatMoney, minorToDecimal } from "@/lib/money";
import { cn } from "@/lib/utils";
import { computeItemRefund } from "@/server/cases/refund-items";
import { useTRPC } from "@/trpc/react";
import type { CaseDialogProps } from "./case-action-dialogs";
import { MoneyInput, newIdempotencyKey, readAmount, StagedDialog, useRefreshCaseData } from "./staged-dialog";

/** The order's amounts the refund split needs (tax and discount are spread over the lines). */
export interface OrderAmounts {
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  discountMinor: number;
}

/**
 * Refund some units of some lines, and maybe the shipping. The amounts shown are computed with the
 * server's own function, so what the dialog promises is what the ledger records.
 */
export function RefundItemsDialog({ detail, open, onOpenChange, amounts }: CaseDialogProps & { amounts: OrderAmounts }) {
  const trpc = useTRPC();
  const refresh = useRefreshCaseData();
  const mutation = useMutation(trpc.case.refundItems.mutationOptions({ onSettled: () => void refresh() }));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const currency = detail.order.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [includeShipping, setIncludeShipping] = useState(false);
  const [smaller, setSmaller] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);

  const lines = detail.lineItems;
  const prior = useMemo(() => lines.map((l) => ({ lineItemId: l.id, quantity: l.refundedQuantity })), [lines]);
  const shippingLeft = Math.max(0, amounts.shippingMinor - detail.shippingRefundedMinor);
  const chosen = useMemo(
    () => lines.map((l) => ({ lineItemId: l.id, quantity: quantities[l.id] ?? 0 })).filter((l) => l.quantity > 0),
    [lines, quantities],
  );

  const computed = useMemo(() => {
    if (chosen.length === 0 && !(includeShipping && shippingLeft > 0)) return null;
    try {
      return computeItemRefund(
        amounts,
        lines.map((l) => ({ id: l.id, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
        prior,
        detail.shippingRefundedMinor,
        { lines: chosen, includeShipping },
      );
    } catch (caught) {
      return caught instanceof Error ? caught.message : "These amounts cannot be refunded.";
    }
  }, [chosen, includeShipping, amounts, lines, prior, detail.shippingRefundedMinor, shippingLeft]);
  const full = typeof computed === "object" && computed ? computed.totalMinor : 0;
  const computeError = typeof computed === "string" ? computed : null;
  const total = Math.min(full, detail.order.refundableMinor);
  const custom = readAmount(smaller, currency, { min: 1, max: total, maxMessage: `The chosen items come to ${money(total)}; enter that or less.`, required: false });
  const amountOf = (lineItemId: string) => (typeof computed === "object" && computed ? computed.allocation.find((a) => a.lineItemId === lineItemId)?.amountMinor : undefined);

  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      className="max-w-2xl"
      title="Refund items"
      description="Choose the units to refund, and the shipping if it goes back too. The amount follows the order's prices, tax and discount."
      submitLabel="Review refund"
      onReview={() => {
        setAttempted(true);
        if (computed === null) {
          setError("Choose at least one item or the shipping.");
          return null;
        }
        if (computeError) {
          setError(computeError);
          return null;
        }
        if (full > detail.order.refundableMinor) {
          setError(`Only ${money(detail.order.refundableMinor)} is left to refund on this order. Refund fewer items or enter a smaller amount.`);
          if (!custom.minor) return null;
        }
        if (custom.error) return null;
        setError(null);
        const refund = custom.minor ?? full;
        const customer = detail.order.customerName ?? "the customer";
        return {
          title: `Refund ${money(refund)} to ${customer}?`,
          description: `A refund of items on ${detail.order.name}. It is recorded in the ledger and cannot be undone.`,
          summary: [
            ...chosen.map((c) => {
              const line = lines.find((l) => l.id === c.lineItemId)!;
              return { label: `${c.quantity} × ${line.title}`, value: money(amountOf(c.lineItemId) ?? 0) };
            }),
            ...(includeShipping && shippingLeft > 0 ? [{ label: "Shipping", value: money(shippingLeft) }] : []),
            ...(custom.minor !== null && custom.minor !== full ? [{ label: "Items and shipping", value: money(full) }] : []),
            { label: custom.minor !== null && custom.minor !== full ? "Partial refund" : "Refund", value: money(refund), strong: true },
          ],
          confirmLabel: `Refund ${money(refund)}`,
        };
      }}
      onSubmit={() =>
        mutation.mutateAsync({
          caseId: detail.case.id,
          version: detail.case.version,
          lines: chosen,
          includeShipping: includeShipping && shippingLeft > 0,
          amountMinor: custom.minor !== null && custom.minor !== full ? custom.minor : undefined,
          idempotencyKey,
        })
      }
    >
      <div className="overflow-hidden rounded-lg border">
        <table className="w-full text-[13px]" aria-label="Items to refund">
          <thead className="bg-muted/40 text-xs text-muted-foreground">
            <tr className="border-b">
              <th className="px-3 py-2 text-left font-medium">Item</th>
              <th className="px-3 py-2 text-right font-medium">Refund qty</th>
              <th className="px-3 py-2 text-right font-medium">Amount</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const left = line.quantity - line.refundedQuantity;
              const qty = quantities[line.id] ?? 0;
              const amount = amountOf(line.id);
              return (
                <tr key={line.id} className="border-b last:border-0" data-testid="refund-line">
                  <td className="px-3 py-2.5 align-middle">
                    <span className="font-medium">{line.title}</span>
                    <span className="block text-xs text-muted-foreground">
                      {money(line.unitPriceMinor)} × {line.quantity}
                      {line.refundedQuantity > 0 ? ` · ${line.refundedQuantity} already refunded` : ""}
                    </span>
                  </td>
                  <td className="px-3 py-2.5 text-right align-middle">
                    <span className="inline-flex items-center gap-1.5">
                      <Input
                        type="number"
                        min={0}
                        max={left}
                        step={1}
                        inputMode="numeric"
                        value={String(qty)}
                        disabled={left <= 0}
                        aria-label={`Units of ${line.title} to refund`}
                        className="h-8 w-16 text-right tabular-nums"
                        onChange={(event) => {
                          const next = Math.max(0, Math.min(left, Math.floor(Number(event.target.value) || 0)));
                          setQuantities((q) => ({ ...q, [line.id]: next }));
                          setError(null);
                        }}
                      />
                      <span className="w-8 text-left text-xs text-muted-foreground">of {left}</span>
                    </span>
                  </td>
                  <td className={cn("px-3 py-2.5 text-right align-middle tabular-nums", qty === 0 && "text-muted-foreground")}>
                    {qty > 0 && amount !== undefined ? money(amount) : "—"}
                  </td>
                </tr>
              );
            })}
            <tr className="bg-muted/20">
              <td className="px-3 py-2.5" colSpan={2}>
                <label className={cn("inline-flex items-center gap-2", shippingLeft <= 0 && "opacity-60")}>
                  <Checkbox
                    checked={includeShipping && shippingLeft > 0}
                    disabled={shippingLeft <= 0}
                    onChange={(event) => (setIncludeShipping(event.target.checked), setError(null))}
                  />
                  Refund shipping{shippingLeft <= 0 ? " (already refunded)" : ""}
                </label>
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums text-muted-foreground">{money(shippingLeft)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr className="border-t font-semibold">
              <td className="px-3 py-2.5" colSpan={2}>
                Total
              </td>
              <td className="px-3 py-2.5 text-right tabular-nums" data-testid="refund-total">
                {money(full)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <FormField
        label="Refund a smaller amount"
        optional
        error={attempted || smaller ? custom.error : null}
        hint="For a partial refund: the amount is spread over the chosen items."
      >
        <MoneyInput currency={currency} value={smaller} onChange={setSmaller} placeholder={full ? minorToDecimal(full, currency) : ""} className="sm:max-w-56" />
      </FormField>
      {error ? <FieldError role="alert">{error}</FieldError> : null}
    </StagedDialog>
  );
}
