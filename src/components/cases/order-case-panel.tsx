"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ArrowRight, KanbanSquare, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { useOrganization } from "@/hooks/use-organization";
import { OPEN_CASE_STATES, RETURN_REASON_LABELS, type CaseState } from "@/lib/cases";
import { formatMoney } from "@/lib/money";
import type { ReturnReason } from "@/lib/supplier-terms";
import { formatZonedDate } from "@/lib/zoned-time";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { CaseOutcomeBadge, CaseStateBadge } from "./case-badges";
import { StagedDialog, useRefreshCaseData } from "./staged-dialog";
import { DeadlineLine, nextDeadlineOf } from "./time-left";

type CaseRow = RouterOutputs["case"]["list"][number];

/** What to do next, from the state alone (the case page says it precisely). */
const NEXT_BY_STATE: Partial<Record<CaseState, string>> = {
  requested: "Ask the supplier to cancel, then record the request.",
  supplier_pending: "Waiting for the supplier's answer.",
  supplier_accepted: "Cancel the store order and refund the customer.",
  supplier_refused: "The supplier refused without shipping: open a dispute.",
  awaiting_tracking: "Waiting for the tracking number.",
  shipped: "The parcel shipped: close the case.",
  disputed: "Follow the dispute with the supplier.",
  store_cancelled: "Collect the supplier's refund, then close.",
  too_late: "Too late to cancel: refund items if agreed, then close.",
};

/**
 * The order page's view of its cancellation: the open case with its next step, or a way to open
 * one; and the cases that came before.
 */
export function OrderCasePanel({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const organization = useOrganization();
  const canWork = organization.can("cases:work");
  const cases = useQuery(trpc.case.list.queryOptions({ orderId }));
  const [opening, setOpening] = useState(false);
  const rows = cases.data ?? [];
  const current = rows.find((r) => (OPEN_CASE_STATES as readonly string[]).includes(r.state)) ?? null;
  const past = rows.filter((r) => r !== current);

  return (
    <Card data-testid="order-case-panel">
      <CardHeader>
        <div>
          <CardTitle className="flex items-center gap-2">
            <KanbanSquare className="size-4 text-muted-foreground" aria-hidden />
            Cancellation
          </CardTitle>
          <CardDescription>Cancel at the supplier first, then in the store.</CardDescription>
        </div>
        {!current && canWork && cases.data ? (
          <Button size="sm" onClick={() => setOpening(true)}>
            <Plus aria-hidden />
            Open cancellation case
          </Button>
        ) : null}
      </CardHeader>
      {!cases.data ? (
        <div className="border-t px-5 py-4">
          <Skeleton className="h-10" />
        </div>
      ) : (
        <>
          {current ? (
            <CurrentCase row={current} />
          ) : (
            <p className="border-t px-5 py-4 text-[13px] text-muted-foreground">
              {rows.length ? "No open case." : "No cancellation case on this order."}
              {canWork ? "" : " Members who work cases can open one."}
            </p>
          )}
          {past.length > 0 ? (
            <div className="border-t px-5 py-3">
              <p className="mb-1.5 text-xs font-medium text-muted-foreground">Earlier cases</p>
              <ul className="grid gap-1.5">
                {past.map((row) => (
                  <li key={row.id} className="flex flex-wrap items-center justify-between gap-2 text-[13px]" data-testid="past-case">
                    <span className="flex flex-wrap items-center gap-2">
                      {row.outcome ? <CaseOutcomeBadge outcome={row.outcome} /> : <CaseStateBadge state={row.state} />}
                      {row.lossMinor !== null ? (
                        <span className="text-xs tabular-nums text-muted-foreground">loss {formatMoney(row.lossMinor, row.currency)}</span>
                      ) : null}
                    </span>
                    <Link href={`/cases/${row.id}`} className="text-xs font-medium text-primary hover:underline">
                      {formatZonedDate(row.createdAt, row.storeTimezone)} · View
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      )}
      {opening ? <OpenCaseDialog orderId={orderId} open onOpenChange={setOpening} /> : null}
    </Card>
  );
}

function CurrentCase({ row }: { row: CaseRow }) {
  const deadline = nextDeadlineOf(row);
  return (
    <div className="grid gap-2 border-t px-5 py-4" data-testid="open-case">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <CaseStateBadge state={row.state} />
        <Button asChild size="sm" variant="secondary">
          <Link href={`/cases/${row.id}`}>
            Continue the case
            <ArrowRight aria-hidden />
          </Link>
        </Button>
      </div>
      <p className="text-[13px] leading-snug">
        <span className="font-medium">Next step: </span>
        {NEXT_BY_STATE[row.state as CaseState] ?? "Open the case."}
      </p>
      {deadline ? <DeadlineLine label={deadline.label} at={deadline.at} timeZone={row.storeTimezone} /> : null}
    </div>
  );
}

const REASONS = Object.keys(RETURN_REASON_LABELS) as ReturnReason[];

export function OpenCaseDialog({ orderId, open, onOpenChange }: { orderId: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = useRefreshCaseData();
  const mutation = useMutation(trpc.case.open.mutationOptions({ onSettled: () => void refresh() }));
  const [reason, setReason] = useState<ReturnReason | "">("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Open a cancellation case"
      description="Recoup checks at once whether the supplier has shipped, then guides you through the supplier and the store."
      submitLabel="Open case"
      onReview={() => {
        if (!reason) {
          setError("Choose why the customer wants to cancel.");
          return null;
        }
        return "submit";
      }}
      onSubmit={async () => {
        const created = await mutation.mutateAsync({ orderId, reason: reason as ReturnReason, reasonNote: note.trim() || undefined });
        router.push(`/cases/${created.id}`);
      }}
    >
      <FormField label="Reason" error={error}>
        <Select value={reason} onValueChange={(v) => (setReason(v as ReturnReason), setError(null))}>
          <SelectTrigger>
            <SelectValue placeholder="Choose a reason" />
          </SelectTrigger>
          <SelectContent>
            {REASONS.map((r) => (
              <SelectItem key={r} value={r}>
                {RETURN_REASON_LABELS[r]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
      <FormField label="Note" optional hint="What the customer said, for whoever picks the case up.">
        <Textarea value={note} onChange={(event) => setNote(event.target.value)} rows={3} maxLength={2000} />
      </FormField>
    </StagedDialog>
  );
}
