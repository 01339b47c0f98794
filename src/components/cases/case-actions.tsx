"use client";

import { useState } from "react";
import { Ban, CircleSlash } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { CaseAction } from "@/lib/cases";
import { cn } from "@/lib/utils";
import {
  CancelStoreOrderDialog,
  CloseCaseDialog,
  OpenDisputeDialog,
  RecordSupplierRefundDialog,
  RequestAtSupplierDialog,
  SupplierAcceptedDialog,
  SupplierRefusedDialog,
  TrackingProvidedDialog,
  WithdrawCaseDialog,
  WriteOffDialog,
  type CaseDialogProps,
} from "./case-action-dialogs";
import type { CaseDetail } from "./case-progress";
import { RefundItemsDialog, type OrderAmounts } from "./refund-items-dialog";

/** Quiet actions that end or give something up: shown last, never as the main button. */
const QUIET: readonly CaseAction[] = ["withdraw", "writeOffSupplierRefund"];

/**
 * One button per action the server listed — exactly those, nothing else. A disabled one says why
 * beside it; each opens its form, and money moves only after a confirmation step.
 */
export function CaseActions({
  detail,
  amounts,
  suggested,
  className,
}: {
  detail: CaseDetail;
  amounts: OrderAmounts | undefined;
  suggested: CaseAction | null;
  className?: string;
}) {
  const [active, setActive] = useState<CaseAction | null>(null);
  const actions = [...detail.actions].sort((a, b) => rank(a.action) - rank(b.action));
  const blocked = actions.filter((a) => !a.enabled && a.reason);
  if (actions.length === 0) return null;

  function rank(action: CaseAction) {
    if (action === suggested) return 0;
    return QUIET.includes(action) ? 2 : 1;
  }

  const dialog: CaseDialogProps = { detail, open: true, onOpenChange: (open) => (open ? undefined : setActive(null)) };
  return (
    <div className={cn("grid gap-3", className)} data-testid="case-actions">
      <div className="flex flex-wrap gap-2">
        {actions.map((a) => {
          const quiet = QUIET.includes(a.action);
          const needsOrder = a.action === "refundItems" && !amounts;
          return (
            <Button
              key={a.action}
              size="sm"
              variant={a.action === suggested ? "primary" : quiet ? "ghost" : "secondary"}
              // Long labels wrap on a phone rather than push the page sideways.
              className={cn("h-auto min-h-8 whitespace-normal py-1.5 text-left leading-snug", quiet && a.enabled && "text-destructive hover:bg-destructive/10")}
              disabled={!a.enabled || needsOrder}
              loading={needsOrder && a.enabled}
              title={a.reason ?? undefined}
              data-action={a.action}
              onClick={() => setActive(a.action)}
            >
              {a.action === "withdraw" ? <Ban aria-hidden /> : null}
              {a.label}
            </Button>
          );
        })}
      </div>
      {blocked.length > 0 ? (
        <ul className="grid gap-1" aria-label="Why some actions are unavailable">
          {blocked.map((a) => (
            <li key={a.action} className="flex items-start gap-1.5 text-xs leading-snug text-muted-foreground" data-testid="action-blocked">
              <CircleSlash className="mt-px size-3 shrink-0" aria-hidden />
              <span>
                <span className="font-medium text-foreground/75">{a.label}:</span> {a.reason}
              </span>
            </li>
          ))}
        </ul>
      ) : null}

      {active === "requestAtSupplier" ? <RequestAtSupplierDialog {...dialog} /> : null}
      {active === "supplierAccepted" ? <SupplierAcceptedDialog {...dialog} /> : null}
      {active === "supplierRefusedShipped" ? <SupplierRefusedDialog {...dialog} claimsShipped /> : null}
      {active === "supplierRefusedNotShipped" ? <SupplierRefusedDialog {...dialog} claimsShipped={false} /> : null}
      {active === "trackingProvided" ? <TrackingProvidedDialog {...dialog} /> : null}
      {active === "openDispute" ? <OpenDisputeDialog {...dialog} /> : null}
      {active === "cancelStoreOrder" ? <CancelStoreOrderDialog {...dialog} /> : null}
      {active === "refundItems" && amounts ? <RefundItemsDialog {...dialog} amounts={amounts} /> : null}
      {active === "recordSupplierRefund" ? <RecordSupplierRefundDialog {...dialog} /> : null}
      {active === "writeOffSupplierRefund" ? <WriteOffDialog {...dialog} /> : null}
      {active === "close" ? <CloseCaseDialog {...dialog} /> : null}
      {active === "withdraw" ? <WithdrawCaseDialog {...dialog} /> : null}
    </div>
  );
}
