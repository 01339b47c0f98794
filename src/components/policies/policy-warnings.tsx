"use client";

import { CircleCheck, TriangleAlert } from "lucide-react";
import { formatMoney } from "@/lib/money";
import { lossFor, type LossByReason, type PolicyWarning } from "@/lib/policy/warnings";
import { formatCalendarDate } from "./policy-badges";

/**
 * Every promise the supplier will not back, as the merchant types, each with what such cases cost
 * the store over the last 90 days (from the ledger; amounts per currency, never converted).
 */
export function PolicyWarnings({
  warnings,
  loss,
  supplierName,
}: {
  warnings: PolicyWarning[];
  loss: { since: string; until: string; byReason: LossByReason };
  supplierName: string;
}) {
  if (!warnings.length) {
    return (
      <div role="status" className="flex items-start gap-2.5 rounded-xl border border-success/25 bg-success/8 px-4 py-3 text-sm" data-testid="policy-no-warnings">
        <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
        <p>Nothing here promises more than {supplierName} accepts.</p>
      </div>
    );
  }
  const period = `${formatCalendarDate(loss.since)} – ${formatCalendarDate(loss.until)}`;
  return (
    <section aria-label="Warnings" className="grid gap-3">
      {warnings.map((warning) => {
        const amounts = lossFor(warning.lossReasons, loss.byReason);
        return (
          <div key={warning.id} role="alert" data-testid={`policy-warning-${warning.id}`} className="rounded-xl border border-warning/40 bg-warning/10 px-4 py-3 text-sm">
            <div className="flex items-start gap-2.5">
              <TriangleAlert className="mt-0.5 size-4 shrink-0 text-[oklch(0.55_0.13_65)]" aria-hidden />
              <div className="grid min-w-0 gap-1">
                <p className="font-medium">{warning.title}</p>
                <p className="text-muted-foreground">{warning.detail}</p>
                <dl className="mt-1 flex flex-wrap items-baseline gap-x-2 gap-y-0.5" data-testid="policy-warning-loss">
                  <dt className="text-muted-foreground">{warning.lossLabel}, last 90 days:</dt>
                  <dd className="font-semibold tabular-nums">
                    {amounts.length ? amounts.map((a) => formatMoney(a.lossMinor, a.currency)).join(" + ") : "none in the ledger"}
                  </dd>
                  <dd className="w-full text-xs text-muted-foreground">{period}, store time</dd>
                </dl>
              </div>
            </div>
          </div>
        );
      })}
    </section>
  );
}
