"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { formatMoney, minorToDecimal } from "@/lib/money";
import { CANCEL_REASONS, CANCEL_REASON_LABELS, type CancelReason } from "@/lib/orders";
import { formatZonedDate, fromZonedInputValue, toZonedInputValue, zoneAbbreviation } from "@/lib/zoned-time";
import { useTRPC } from "@/trpc/react";
import type { CaseDetail } from "./case-progress";
import { MoneyInput, newIdempotencyKey, readAmount, StagedDialog, useRefreshCaseData } from "./staged-dialog";

export interface CaseDialogProps {
  detail: CaseDetail;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** The base of every case mutation: this case, at the version the screen last read. */
function base(detail: CaseDetail) {
  return { caseId: detail.case.id, version: detail.case.version };
}

function supplierName(detail: CaseDetail) {
  return detail.supplierOrder?.supplier ?? "the supplier";
}

/** Mutation options that re-read the case, its order, ledger and disputes whatever the answer. */
function useSettled() {
  const refresh = useRefreshCaseData();
  return { onSettled: () => void refresh() };
}

function CheckRow({
  checked,
  onChange,
  children,
  hint,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: React.ReactNode;
  hint?: React.ReactNode;
}) {
  return (
    <label className="flex cursor-pointer items-start gap-2.5 rounded-lg border px-3 py-2.5 text-sm transition-colors hover:bg-muted/40 has-[:checked]:border-primary/30 has-[:checked]:bg-primary/5">
      <Checkbox className="mt-0.5" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span className="grid gap-0.5">
        <span className="leading-snug">{children}</span>
        {hint ? <span className="text-[13px] leading-snug text-muted-foreground">{hint}</span> : null}
      </span>
    </label>
  );
}

export function RequestAtSupplierDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.requestAtSupplier.mutationOptions(useSettled()));
  const tz = detail.store.timezone;
  const so = detail.supplierOrder;
  const [asked, setAsked] = useState(false);
  const [direct, setDirect] = useState(false);
  const [when, setWhen] = useState(() => toZonedInputValue(new Date(), tz));
  const [errors, setErrors] = useState<{ asked?: string; when?: string }>({});

  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Record the cancellation request"
      description={
        so
          ? `Ask ${so.supplier} to cancel order ${so.supplierOrderNumber} in its order page, then tick what you did.`
          : "Ask the supplier to cancel in its order page, then tick what you did."
      }
      submitLabel="Record request"
      onReview={() => {
        const next: typeof errors = {};
        if (!asked) next.asked = "Send the request at the supplier first.";
        const requestedAt = fromZonedInputValue(when, tz);
        if (!requestedAt) next.when = "Enter the date and time you asked.";
        else if (requestedAt.getTime() > Date.now() + 60_000) next.when = "That is in the future.";
        setErrors(next);
        return Object.keys(next).length ? null : "submit";
      }}
      onSubmit={() =>
        mutation.mutateAsync({ ...base(detail), requestedAt: fromZonedInputValue(when, tz) ?? undefined, contactedSupplierDirectly: direct })
      }
    >
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-[13px] font-medium">Checklist</legend>
        <CheckRow checked={asked} onChange={(v) => (setAsked(v), setErrors((e) => ({ ...e, asked: undefined })))}>
          I asked {supplierName(detail)} to cancel{so ? ` order ${so.supplierOrderNumber}` : ""}
        </CheckRow>
        {errors.asked ? <p className="text-[13px] text-destructive">{errors.asked}</p> : null}
        <CheckRow checked={direct} onChange={setDirect} hint="A message or chat, in case the supplier misses the request.">
          I also contacted the supplier directly
        </CheckRow>
      </fieldset>
      <FormField label="When you asked" error={errors.when} hint={`Store time, ${zoneAbbreviation(tz)}.`}>
        <Input type="datetime-local" value={when} onChange={(event) => setWhen(event.target.value)} />
      </FormField>
    </StagedDialog>
  );
}

export function SupplierAcceptedDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.supplierAccepted.mutationOptions(useSettled()));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const currency = detail.case.currency;
  const so = detail.supplierOrder;
  const paid = so && so.status !== "awaiting_payment";
  const sameCurrency = so?.currency === currency;
  const [amount, setAmount] = useState(() => (so && paid && sameCurrency ? minorToDecimal(so.costMinor, currency) : paid ? "" : "0"));
  const [error, setError] = useState<string | null>(null);
  const parsed = readAmount(amount, currency);

  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Supplier accepted the cancellation"
      description={`${supplierName(detail)} will not ship. Its refund usually arrives within 3 to 15 business days; Recoup watches the latest date.`}
      submitLabel="Review"
      onReview={() => {
        setError(parsed.error);
        if (parsed.minor === null) return null;
        const money = formatMoney(parsed.minor, currency);
        return {
          title: `Record that ${supplierName(detail)} accepted?`,
          description:
            parsed.minor > 0
              ? `${money} will be expected back from ${supplierName(detail)} within 3 to 15 business days.`
              : "No supplier refund will be expected: the supplier order was not paid.",
          summary: [
            { label: "Supplier order", value: so ? `${so.supplier} ${so.supplierOrderNumber}` : "—" },
            { label: "Refund expected", value: money, strong: true },
          ],
          confirmLabel: "Record acceptance",
        };
      }}
      onSubmit={() => mutation.mutateAsync({ ...base(detail), expectedRefundMinor: parsed.minor ?? undefined, idempotencyKey })}
    >
      <FormField
        label="Refund you expect from the supplier"
        error={error}
        hint={
          so
            ? sameCurrency
              ? `You paid ${formatMoney(so.costMinor, so.currency)} for this supplier order.`
              : `You paid ${formatMoney(so.costMinor, so.currency)}; enter what you expect back in ${currency}.`
            : "No supplier order is linked to this case."
        }
      >
        <MoneyInput currency={currency} value={amount} onChange={(v) => (setAmount(v), setError(null))} />
      </FormField>
    </StagedDialog>
  );
}

export function SupplierRefusedDialog({ detail, open, onOpenChange, claimsShipped }: CaseDialogProps & { claimsShipped: boolean }) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.supplierRefused.mutationOptions(useSettled()));
  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title={claimsShipped ? "Supplier refused: says it shipped" : "Supplier refused: has not shipped"}
      description={
        claimsShipped
          ? `${supplierName(detail)} must give you the tracking number within 5 business days. If it does not, you can open a dispute.`
          : `${supplierName(detail)} has not shipped and does not want to lose the sale, so it cannot give a tracking number. Next, open a dispute and ask for your money back.`
      }
      submitLabel="Record refusal"
      onReview={() => "submit"}
      onSubmit={() => mutation.mutateAsync({ ...base(detail), claimsShipped })}
    />
  );
}

export function TrackingProvidedDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.trackingProvided.mutationOptions(useSettled()));
  const [carrier, setCarrier] = useState(detail.supplierOrder?.carrier ?? "");
  const [trackingNumber, setTrackingNumber] = useState(detail.supplierOrder?.trackingNumber ?? "");
  const [errors, setErrors] = useState<{ carrier?: string; trackingNumber?: string }>({});
  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Tracking number received"
      description="The parcel has shipped, so the order cannot be cancelled: the customer will receive it."
      submitLabel="Record tracking"
      onReview={() => {
        const next: typeof errors = {};
        if (!carrier.trim()) next.carrier = "Enter the carrier.";
        if (trackingNumber.trim().length < 4) next.trackingNumber = "Enter the tracking number.";
        setErrors(next);
        return Object.keys(next).length ? null : "submit";
      }}
      onSubmit={() => mutation.mutateAsync({ ...base(detail), carrier: carrier.trim(), trackingNumber: trackingNumber.trim() })}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Carrier" error={errors.carrier}>
          <Input value={carrier} onChange={(event) => setCarrier(event.target.value)} placeholder="Cainiao" maxLength={80} />
        </FormField>
        <FormField label="Tracking number" error={errors.trackingNumber}>
          <Input value={trackingNumber} onChange={(event) => setTrackingNumber(event.target.value)} className="font-mono" maxLength={80} />
        </FormField>
      </div>
    </StagedDialog>
  );
}

export function OpenDisputeDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.openDispute.mutationOptions(useSettled()));
  const currency = detail.case.currency;
  const tz = detail.store.timezone;
  const so = detail.supplierOrder;
  const defaultClaim = so && so.currency === currency ? so.costMinor : detail.order.totalMinor;
  const [reason, setReason] = useState(
    detail.case.state === "awaiting_tracking"
      ? "The supplier says it shipped but has not given a tracking number within 5 business days."
      : "The supplier refused to cancel an order it has not shipped and cannot give a tracking number.",
  );
  const [claimed, setClaimed] = useState(minorToDecimal(defaultClaim, currency));
  const [respondBy, setRespondBy] = useState("");
  const [errors, setErrors] = useState<{ reason?: string; claimed?: string; respondBy?: string }>({});
  const parsed = readAmount(claimed, currency, { min: 1 });

  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Open a dispute with the supplier"
      description="The platform investigates. If the parcel ships after the day you file, you get the money back."
      submitLabel="Open dispute"
      onReview={() => {
        const next: typeof errors = {};
        if (reason.trim().length < 3) next.reason = "Say why, in a few words.";
        if (parsed.error) next.claimed = parsed.error;
        if (respondBy && !fromZonedInputValue(respondBy, tz)) next.respondBy = "Enter a valid date.";
        setErrors(next);
        return Object.keys(next).length ? null : "submit";
      }}
      onSubmit={() =>
        mutation.mutateAsync({
          ...base(detail),
          reason: reason.trim(),
          claimedMinor: parsed.minor ?? undefined,
          // The end of the chosen day, store time.
          respondBy: respondBy ? (fromZonedInputValue(`${respondBy}T23:59`, tz) ?? undefined) : undefined,
        })
      }
    >
      <FormField label="Reason" error={errors.reason}>
        <Textarea value={reason} onChange={(event) => setReason(event.target.value)} rows={3} maxLength={2000} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Amount claimed"
          error={errors.claimed}
          hint={so ? `You paid ${formatMoney(so.costMinor, so.currency)}.` : undefined}
        >
          <MoneyInput currency={currency} value={claimed} onChange={setClaimed} />
        </FormField>
        <FormField label="Supplier must respond by" optional error={errors.respondBy} hint="Otherwise 5 business days from today.">
          <Input type="date" value={respondBy} onChange={(event) => setRespondBy(event.target.value)} />
        </FormField>
      </div>
    </StagedDialog>
  );
}

export function CancelStoreOrderDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.cancelStoreOrder.mutationOptions(useSettled()));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const { order } = detail;
  const currency = order.currency;
  const [amount, setAmount] = useState(() => minorToDecimal(order.refundableMinor, currency));
  const [cancelReason, setCancelReason] = useState<CancelReason>("customer");
  const [restock, setRestock] = useState(true);
  const [notifyCustomer, setNotifyCustomer] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const money = (minor: number) => formatMoney(minor, currency);
  const parsed = readAmount(amount, currency, {
    max: order.refundableMinor,
    maxMessage: `You can refund at most ${money(order.refundableMinor)}.`,
  });
  const customer = order.customerName ?? "the customer";

  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Cancel store order ${order.name}`}
      description="Cancel at the supplier first, then here. The refund can be partial: lower the amount to keep part of the payment."
      submitLabel="Review refund"
      onReview={() => {
        setError(parsed.error);
        if (parsed.minor === null) return null;
        const refund = parsed.minor;
        return {
          title: refund > 0 ? `Refund ${money(refund)} to ${customer}?` : `Cancel ${order.name} without a refund?`,
          description: `Store order ${order.name} will be cancelled${refund < order.refundableMinor && refund > 0 ? " with a partial refund" : ""}. This is recorded in the ledger and cannot be undone.`,
          summary: [
            { label: "Order total", value: money(order.totalMinor) },
            ...(order.refundedMinor > 0 ? [{ label: "Already refunded", value: `−${money(order.refundedMinor)}` }] : []),
            { label: "Reason", value: CANCEL_REASON_LABELS[cancelReason] },
            { label: "Restock items", value: restock ? "Yes" : "No" },
            { label: "Notify customer", value: notifyCustomer ? "Yes" : "No" },
            { label: "Refund now", value: money(refund), strong: true },
          ],
          confirmLabel: refund > 0 ? `Cancel and refund ${money(refund)}` : "Cancel order",
        };
      }}
      onSubmit={() =>
        mutation.mutateAsync({ ...base(detail), amountMinor: parsed.minor ?? 0, cancelReason, restock, notifyCustomer, idempotencyKey })
      }
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Refund amount"
          error={error}
          hint={`Up to ${money(order.refundableMinor)}${order.refundedMinor > 0 ? ` (${money(order.refundedMinor)} already refunded)` : ""}.`}
        >
          <MoneyInput currency={currency} value={amount} onChange={(v) => (setAmount(v), setError(null))} />
        </FormField>
        <FormField label="Reason for cancelling">
          <Select value={cancelReason} onValueChange={(v) => setCancelReason(v as CancelReason)}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {CANCEL_REASONS.map((reason) => (
                <SelectItem key={reason} value={reason}>
                  {CANCEL_REASON_LABELS[reason]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
      </div>
      <div className="grid gap-2">
        <CheckRow checked={restock} onChange={setRestock}>
          Restock the items
        </CheckRow>
        <CheckRow checked={notifyCustomer} onChange={setNotifyCustomer}>
          Send {customer} a notification
        </CheckRow>
      </div>
    </StagedDialog>
  );
}

function ExpectationSelect({
  detail,
  value,
  onChange,
}: {
  detail: CaseDetail;
  value: string | null;
  onChange: (id: string) => void;
}) {
  if (detail.expectations.length < 2) return null;
  const tz = detail.store.timezone;
  return (
    <FormField label="Which expected refund">
      <Select value={value ?? undefined} onValueChange={onChange}>
        <SelectTrigger>
          <SelectValue placeholder="Choose" />
        </SelectTrigger>
        <SelectContent>
          {detail.expectations.map((e) => (
            <SelectItem key={e.id} value={e.id}>
              {formatMoney(e.outstandingMinor, detail.case.currency)}
              {e.latest ? ` · by ${formatZonedDate(e.latest, tz)}` : ""}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </FormField>
  );
}

export function RecordSupplierRefundDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.recordSupplierRefund.mutationOptions(useSettled()));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const currency = detail.case.currency;
  const [expectationId, setExpectationId] = useState<string | null>(detail.expectations[0]?.id ?? null);
  const expectation = detail.expectations.find((e) => e.id === expectationId) ?? null;
  const [amount, setAmount] = useState(() => (expectation ? minorToDecimal(expectation.outstandingMinor, currency) : ""));
  const [error, setError] = useState<string | null>(null);
  const money = (minor: number) => formatMoney(minor, currency);
  const parsed = readAmount(amount, currency, {
    min: 1,
    max: expectation?.outstandingMinor,
    maxMessage: expectation ? `Only ${money(expectation.outstandingMinor)} is still expected.` : undefined,
  });

  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Record the supplier's refund"
      description={
        expectation
          ? `Enter what ${supplierName(detail)} paid back. Less than expected leaves the rest outstanding, to receive later or write off.`
          : `Enter what ${supplierName(detail)} paid back.`
      }
      submitLabel="Review"
      onReview={() => {
        setError(parsed.error);
        if (parsed.minor === null) return null;
        const rest = expectation ? expectation.outstandingMinor - parsed.minor : 0;
        return {
          title: `Record ${money(parsed.minor)} received from ${supplierName(detail)}?`,
          description: "It counts as recovered in the ledger of this order.",
          summary: [
            ...(expectation ? [{ label: "Expected", value: money(expectation.outstandingMinor) }] : []),
            { label: "Received", value: money(parsed.minor), strong: true },
            ...(expectation && rest > 0 ? [{ label: "Still expected after this", value: money(rest) }] : []),
          ],
          confirmLabel: "Record refund received",
        };
      }}
      onSubmit={() => mutation.mutateAsync({ ...base(detail), amountMinor: parsed.minor ?? 0, expectationId: expectationId ?? undefined, idempotencyKey })}
    >
      <ExpectationSelect
        detail={detail}
        value={expectationId}
        onChange={(id) => {
          setExpectationId(id);
          const next = detail.expectations.find((e) => e.id === id);
          if (next) setAmount(minorToDecimal(next.outstandingMinor, currency));
        }}
      />
      <FormField label="Amount received" error={error}>
        <MoneyInput currency={currency} value={amount} onChange={(v) => (setAmount(v), setError(null))} />
      </FormField>
    </StagedDialog>
  );
}

export function WriteOffDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.writeOffSupplierRefund.mutationOptions(useSettled()));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [expectationId, setExpectationId] = useState<string | null>(detail.expectations[0]?.id ?? null);
  const [note, setNote] = useState("");
  const expectation = detail.expectations.find((e) => e.id === expectationId) ?? null;
  const money = (minor: number) => formatMoney(minor, detail.case.currency);
  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Write off the supplier refund"
      description={`Use this when ${supplierName(detail)} will not pay what is still expected. The amount becomes part of this case's loss.`}
      submitLabel="Review"
      destructive
      onReview={() =>
        expectation
          ? {
              title: `Write off ${money(expectation.outstandingMinor)}?`,
              description: "The supplier refund stops being expected, and the amount counts as a loss.",
              summary: [{ label: "Written off", value: money(expectation.outstandingMinor), strong: true }],
              confirmLabel: `Write off ${money(expectation.outstandingMinor)}`,
              destructive: true,
            }
          : null
      }
      onSubmit={() =>
        mutation.mutateAsync({ ...base(detail), expectationId: expectationId ?? undefined, note: note.trim() || undefined, idempotencyKey })
      }
    >
      <ExpectationSelect detail={detail} value={expectationId} onChange={setExpectationId} />
      <FormField label="Note" optional hint="Why the supplier will not pay, for the audit trail.">
        <Textarea value={note} onChange={(event) => setNote(event.target.value)} rows={2} maxLength={500} />
      </FormField>
    </StagedDialog>
  );
}

export function CloseCaseDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.close.mutationOptions(useSettled()));
  const money = (minor: number) => formatMoney(minor, detail.case.currency);
  const m = detail.money;
  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Close the case"
      description={`The outcome and the loss come from the ledger: ${money(m.refundedMinor)} refunded, ${money(m.recoveredMinor)} recovered, net loss ${money(m.netLossMinor)}.`}
      submitLabel="Close case"
      onReview={() => "submit"}
      onSubmit={() => mutation.mutateAsync(base(detail))}
    />
  );
}

export function WithdrawCaseDialog({ detail, open, onOpenChange }: CaseDialogProps) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.case.withdraw.mutationOptions(useSettled()));
  return (
    <StagedDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Withdraw the case"
      description="For a case opened by mistake, or a customer who no longer wants to cancel. What the ledger recorded stays; a new case can be opened later."
      submitLabel="Withdraw case"
      destructive
      onReview={() => "submit"}
      onSubmit={() => mutation.mutateAsync(base(detail))}
    />
  );
}
