"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ArrowLeft, ArrowUpRight, BookOpen, Clock3, FileSearch, History, Scale, ShoppingBag, Store, Truck } from "lucide-react";
import { PageContainer } from "@/components/app-shell/page-header";
import { FinancialStatusBadge, FulfillmentStatusBadge, SupplierStatusBadge } from "@/components/orders/status-badges";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { useOrganization } from "@/hooks/use-organization";
import { codeOf, messageOf } from "@/hooks/use-zod-form";
import { CASE_OUTCOME_LABELS, RETURN_REASON_LABELS, type CaseOutcome } from "@/lib/cases";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { formatZonedDate, formatZonedDateTime, formatZonedFull, zoneAbbreviation } from "@/lib/zoned-time";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { CaseOutcomeBadge, CaseStateBadge, DisputeStateBadge } from "./case-badges";
import { CaseActions } from "./case-actions";
import { caseSteps, nextStepLink, nextStepText, suggestedAction, type CaseDetail } from "./case-progress";
import { CaseStepper } from "./case-stepper";
import { LedgerEntriesTable } from "./ledger-entries";
import { MoneyFigures } from "./money-figures";
import { useRefreshCaseData } from "./staged-dialog";
import { TimeLeftText } from "./time-left";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CaseDetailView({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const valid = UUID.test(caseId);
  const query = useQuery({
    ...trpc.case.get.queryOptions({ caseId }),
    enabled: valid,
    retry: (count, error) => codeOf(error) !== "NOT_FOUND" && count < 2,
  });

  if (!valid || (query.isError && ["NOT_FOUND", "BAD_REQUEST"].includes(codeOf(query.error) ?? ""))) {
    return (
      <PageContainer className="max-w-7xl">
        <BackLink />
        <Card className="mt-4">
          <EmptyState
            icon={FileSearch}
            title="This case isn't here"
            description="It may belong to a store you can't see, or the link is mistyped."
            action={
              <Button asChild size="sm" variant="secondary">
                <Link href="/cases">Go to cases</Link>
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }
  if (query.isError) {
    return (
      <PageContainer className="max-w-7xl">
        <BackLink />
        <Alert variant="destructive" title="The case could not be loaded" className="mt-4">
          {query.error.message}
        </Alert>
      </PageContainer>
    );
  }
  if (!query.data) return <CaseSkeleton />;
  return <CaseContent detail={query.data} />;
}

function BackLink() {
  return (
    <Link
      href="/cases"
      className="inline-flex items-center gap-1.5 rounded text-[13px] font-medium text-muted-foreground transition-colors hover:text-foreground"
    >
      <ArrowLeft className="size-3.5" aria-hidden />
      Cases
    </Link>
  );
}

function CaseContent({ detail }: { detail: CaseDetail }) {
  const trpc = useTRPC();
  const k = detail.case;
  const tz = detail.store.timezone;
  const orderQuery = useQuery(trpc.order.get.queryOptions({ orderId: detail.order.id }));
  const ledger = useQuery(trpc.ledger.order.queryOptions({ orderId: detail.order.id }));
  const steps = caseSteps(detail);
  const hasCurrent = steps.some((s) => s.status === "current");
  const suggested = suggestedAction(detail);
  const amounts = orderQuery.data?.order;
  const actions = (
    <CaseActions
      detail={detail}
      suggested={suggested}
      amounts={
        amounts
          ? { subtotalMinor: amounts.subtotalMinor, shippingMinor: amounts.shippingMinor, taxMinor: amounts.taxMinor, discountMinor: amounts.discountMinor }
          : undefined
      }
    />
  );

  return (
    <PageContainer className="grid max-w-7xl gap-6">
      <div className="grid gap-3">
        <BackLink />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
              <h1 className="text-xl font-semibold tracking-tight sm:text-[22px]">Case {detail.order.name}</h1>
              <CaseStateBadge state={k.state} />
              {k.outcome ? <CaseOutcomeBadge outcome={k.outcome} /> : null}
            </div>
            <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted-foreground">
              <span className="inline-flex items-center gap-1.5 font-medium text-foreground/80">
                <Store className="size-3.5" aria-hidden />
                {detail.store.name}
              </span>
              <span aria-hidden>·</span>
              <span>{detail.order.customerName ?? "Unknown customer"}</span>
              <span aria-hidden className="hidden sm:inline">
                ·
              </span>
              <span className="basis-full sm:basis-auto" title={formatZonedFull(k.createdAt, tz)}>
                Opened {formatZonedDate(k.createdAt, tz)}
              </span>
              <span aria-hidden className="hidden sm:inline">
                ·
              </span>
              <span className="hidden sm:inline">
                Times in {tz} ({zoneAbbreviation(tz)})
              </span>
            </p>
          </div>
          <AssigneeControl detail={detail} />
        </div>
      </div>

      {k.state === "closed" || k.state === "withdrawn" ? <OutcomeBanner detail={detail} /> : null}

      {/* On a phone the money and deadlines follow the progress; from lg they sit in the side column. */}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card className="min-w-0 lg:col-start-1">
          <CardHeader>
            <div>
              <CardTitle>Progress</CardTitle>
              <CardDescription>Cancel at the supplier first, then in the store; then collect the supplier&apos;s refund.</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <CaseStepper steps={steps} nextStep={nextStepText(detail)} nextStepLink={nextStepLink(detail)}>
              {hasCurrent ? actions : null}
            </CaseStepper>
            {!hasCurrent && detail.actions.some((a) => a.enabled) ? (
              <div className="mt-2 grid gap-2 border-t pt-4">
                <p className="text-xs font-medium text-muted-foreground">Still possible</p>
                {actions}
              </div>
            ) : null}
            {!hasCurrent && detail.actions.length > 0 && !detail.actions.some((a) => a.enabled) ? (
              // A closed case can still take a late supplier refund; until one is expected, keep the idle buttons folded away.
              <details className="group mt-2 border-t pt-3">
                <summary className="cursor-pointer select-none text-xs font-medium text-muted-foreground hover:text-foreground">
                  Unavailable actions ({detail.actions.length})
                </summary>
                <div className="pt-3">{actions}</div>
              </details>
            ) : null}
          </CardContent>
        </Card>

        <div className="grid min-w-0 gap-6 lg:col-start-2 lg:row-span-4 lg:row-start-1">
          <Card>
            <CardHeader className="pb-2">
              <CardTitle>Money</CardTitle>
              <span className="text-xs text-muted-foreground">{detail.case.currency}</span>
            </CardHeader>
            <CardContent>
              <MoneyFigures figures={detail.money} currency={detail.case.currency} />
            </CardContent>
          </Card>
          <DeadlinesCard detail={detail} />
          <DisputesCard detail={detail} />
          <DetailsCard detail={detail} />
        </div>

        <div className="grid min-w-0 gap-6 md:grid-cols-2 lg:col-start-1">
          <StoreOrderCard detail={detail} />
          <SupplierOrderCard detail={detail} />
        </div>

        <Card className="min-w-0 overflow-hidden lg:col-start-1">
          <CardHeader>
            <div>
              <CardTitle className="flex items-center gap-2">
                <BookOpen className="size-4 text-muted-foreground" aria-hidden />
                Ledger of {detail.order.name}
              </CardTitle>
              <CardDescription>Every refund to the customer and from the supplier, oldest first. Entries are never edited.</CardDescription>
            </div>
          </CardHeader>
          {ledger.data ? (
            ledger.data.entries.length ? (
              <LedgerEntriesTable entries={ledger.data.entries} timeZone={tz} />
            ) : (
              <p className="border-t px-5 py-4 text-[13px] text-muted-foreground">No money has moved on this order yet.</p>
            )
          ) : (
            <div className="border-t px-5 py-4">
              <Skeleton className="h-16" />
            </div>
          )}
        </Card>

        <ActivityCard detail={detail} timeline={orderQuery.data?.timeline} className="min-w-0 lg:col-start-1" />
      </div>
    </PageContainer>
  );
}

function OutcomeBanner({ detail }: { detail: CaseDetail }) {
  const k = detail.case;
  const tz = detail.store.timezone;
  const money = (minor: number) => formatMoney(minor, k.currency);
  if (k.state === "withdrawn") {
    return (
      <Alert variant="info" title="Withdrawn" data-testid="case-outcome-banner">
        {k.closedAt ? `Withdrawn ${formatZonedDateTime(k.closedAt, tz)}. ` : ""}What the ledger recorded stays.
      </Alert>
    );
  }
  const outcome = (k.outcome ?? "not_cancelled") as CaseOutcome;
  const loss = k.lossMinor ?? 0;
  return (
    <Alert
      variant={outcome === "cancelled_with_loss" ? "warning" : outcome === "cancelled_full_recovery" ? "success" : "info"}
      title={`Outcome: ${CASE_OUTCOME_LABELS[outcome]}`}
      data-testid="case-outcome-banner"
    >
      Net loss <span className="font-medium text-foreground tabular-nums">{money(loss)}</span> (refunded {money(detail.money.refundedMinor)}, recovered{" "}
      {money(detail.money.recoveredMinor)}){k.closedAt ? ` · closed ${formatZonedDateTime(k.closedAt, tz)}` : ""}.
    </Alert>
  );
}

function Field({ label, children, className }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={cn("grid min-w-0 gap-0.5", className)}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words text-[13px] text-foreground">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground">—</span>;

function StoreOrderCard({ detail }: { detail: CaseDetail }) {
  const { order } = detail;
  const tz = detail.store.timezone;
  const money = (minor: number) => formatMoney(minor, order.currency);
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle className="flex items-center gap-2">
            <ShoppingBag className="size-4 text-muted-foreground" aria-hidden />
            Store order
          </CardTitle>
          <CardDescription>{detail.store.name}</CardDescription>
        </div>
        <Button asChild variant="secondary" size="sm">
          <Link href={`/orders/${order.id}`} data-testid="order-link">
            {order.name}
            <ArrowUpRight aria-hidden />
          </Link>
        </Button>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
          <Field label="Customer" className="col-span-2">
            <span className="font-medium">{order.customerName ?? "—"}</span>
            {order.email ? <span className="block truncate text-muted-foreground">{order.email}</span> : null}
          </Field>
          <Field label="Payment">
            <FinancialStatusBadge status={order.financialStatus} />
          </Field>
          <Field label="Fulfillment">
            <FulfillmentStatusBadge status={order.fulfillmentStatus} />
          </Field>
          <Field label="Total">
            <span className="tabular-nums">{money(order.totalMinor)}</span>
          </Field>
          <Field label="Refunded">
            <span className={cn("tabular-nums", order.refundedMinor > 0 && "text-destructive")}>{money(order.refundedMinor)}</span>
          </Field>
          <Field label="Still refundable">
            <span className="tabular-nums">{money(order.refundableMinor)}</span>
          </Field>
          <Field label="Cancelled">{order.cancelledAt ? formatZonedDate(order.cancelledAt, tz) : none}</Field>
        </dl>
      </CardContent>
    </Card>
  );
}

function SupplierOrderCard({ detail }: { detail: CaseDetail }) {
  const so = detail.supplierOrder;
  const tz = detail.store.timezone;
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle className="flex items-center gap-2">
            <Truck className="size-4 text-muted-foreground" aria-hidden />
            Supplier order
          </CardTitle>
          <CardDescription>{so ? so.supplier : "None linked"}</CardDescription>
        </div>
        {so ? (
          <div className="flex flex-wrap items-center gap-1.5">
            {so.cancellationPending ? <Badge variant="warning">Cancellation requested</Badge> : null}
            {so.disputeOpen ? <Badge variant="destructive">Dispute open</Badge> : null}
            <SupplierStatusBadge status={so.status} />
          </div>
        ) : null}
      </CardHeader>
      <CardContent>
        {so ? (
          <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
            <Field label="Order number" className="col-span-2">
              <span className="font-mono text-xs">{so.supplierOrderNumber}</span>
            </Field>
            <Field label="Cost">
              <span className="tabular-nums">{formatMoney(so.costMinor, so.currency)}</span>
            </Field>
            <Field label="Paid">{so.paidAt ? formatZonedDate(so.paidAt, tz) : <span className="text-muted-foreground">Not paid</span>}</Field>
            <Field label="Ship by">{so.shipBy ? formatZonedDate(so.shipBy, tz) : none}</Field>
            <Field label="Shipped">{so.shippedAt ? formatZonedDate(so.shippedAt, tz) : none}</Field>
            <Field label="Carrier">{so.carrier ?? none}</Field>
            <Field label="Tracking">{so.trackingNumber ? <span className="font-mono text-xs">{so.trackingNumber}</span> : none}</Field>
          </dl>
        ) : (
          <p className="text-[13px] leading-relaxed text-muted-foreground">
            Link the supplier order on the{" "}
            <Link href={`/orders/${detail.order.id}`} className="font-medium text-primary hover:underline">
              order page
            </Link>{" "}
            to watch its ship-by and expect its refund.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

function DeadlinesCard({ detail }: { detail: CaseDetail }) {
  const tz = detail.store.timezone;
  // The server filters out the nulls, but its filter does not narrow the type.
  const deadlines = detail.deadlines.filter((d): d is NonNullable<typeof d> => d !== null);
  return (
    <Card>
      <CardHeader className="pb-3">
        <CardTitle className="flex items-center gap-2">
          <Clock3 className="size-4 text-muted-foreground" aria-hidden />
          Deadlines
        </CardTitle>
      </CardHeader>
      {deadlines.length === 0 ? (
        <p className="border-t px-5 py-3.5 text-[13px] text-muted-foreground">Nothing is waiting on a date.</p>
      ) : (
        <ul className="divide-y border-t" aria-label="Deadlines">
          {deadlines.map((deadline, index) => (
            <li
              key={`${deadline.kind}-${index}`}
              className={cn("grid gap-0.5 px-5 py-3", deadline.timeLeft.overdue && "bg-destructive/[0.04]")}
              data-testid="case-deadline"
              data-overdue={deadline.timeLeft.overdue || undefined}
            >
              <p className="text-[13px] font-medium">{deadline.label}</p>
              <p className="flex flex-wrap items-center justify-between gap-x-3 text-xs text-muted-foreground">
                <span title={formatZonedFull(deadline.at, tz)}>{formatZonedDateTime(deadline.at, tz)}</span>
                <TimeLeftText timeLeft={deadline.timeLeft} className="text-[13px] font-semibold" />
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function DisputesCard({ detail }: { detail: CaseDetail }) {
  if (detail.disputes.length === 0) return null;
  const tz = detail.store.timezone;
  return (
    <Card>
      <CardHeader className="pb-3">
        <CardTitle className="flex items-center gap-2">
          <Scale className="size-4 text-muted-foreground" aria-hidden />
          Disputes
        </CardTitle>
      </CardHeader>
      <ul className="divide-y border-t">
        {detail.disputes.map((d) => (
          <li key={d.id}>
            <Link href={`/disputes/${d.id}`} className="grid gap-1 px-5 py-3 transition-colors hover:bg-muted/40" data-testid="case-dispute">
              <span className="flex items-center justify-between gap-2">
                <DisputeStateBadge state={d.state} />
                <ArrowUpRight className="size-3.5 text-muted-foreground" aria-hidden />
              </span>
              <span className="text-[13px] tabular-nums">
                {formatMoney(d.claimedMinor, d.currency)} claimed
                {d.awardedMinor !== null ? ` · ${formatMoney(d.awardedMinor, d.currency)} awarded` : ""}
              </span>
              <span className="text-xs text-muted-foreground">Opened {formatZonedDate(d.openedAt, tz)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function DetailsCard({ detail }: { detail: CaseDetail }) {
  const k = detail.case;
  return (
    <Card>
      <CardHeader className="pb-3">
        <CardTitle>Case</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-3">
          <Field label="Reason">{RETURN_REASON_LABELS[k.reason] ?? k.reason}</Field>
          {k.reasonNote ? (
            <Field label="Note">
              <span className="whitespace-pre-wrap text-foreground/85">{k.reasonNote}</span>
            </Field>
          ) : null}
          <Field label="Supplier contacted directly">{k.supplierRequestedAt ? (k.contactedSupplierDirectly ? "Yes" : "No") : none}</Field>
        </dl>
      </CardContent>
    </Card>
  );
}

type Timeline = RouterOutputs["order"]["get"]["timeline"];

/** The case's own steps, from the order's audit trail. */
function ActivityCard({ detail, timeline, className }: { detail: CaseDetail; timeline: Timeline | undefined; className?: string }) {
  const tz = detail.store.timezone;
  const since = new Date(detail.case.createdAt).getTime() - 1000;
  const until = detail.case.closedAt ? new Date(detail.case.closedAt).getTime() + 1000 : Infinity;
  const events = (timeline ?? [])
    .filter((e) => /^(case|dispute)\./.test(e.action))
    .filter((e) => {
      const at = new Date(e.createdAt).getTime();
      return at >= since && (at <= until || e.action.startsWith("case.recordSupplierRefund") || e.action.startsWith("case.writeOff"));
    })
    .reverse();
  return (
    <Card className={className}>
      <CardHeader>
        <div>
          <CardTitle className="flex items-center gap-2">
            <History className="size-4 text-muted-foreground" aria-hidden />
            Activity
          </CardTitle>
          <CardDescription>Who did what on this case, newest first. The order page has the full timeline.</CardDescription>
        </div>
      </CardHeader>
      {!timeline ? (
        <div className="border-t px-5 py-4">
          <Skeleton className="h-12" />
        </div>
      ) : events.length === 0 ? (
        <p className="border-t px-5 py-4 text-[13px] text-muted-foreground">Nothing recorded yet.</p>
      ) : (
        <ol className="divide-y border-t" aria-label="Case activity">
          {events.map((e) => (
            <li key={e.id} className="flex flex-col gap-0.5 px-5 py-2.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4" data-testid="case-activity">
              <p className="text-[13px] leading-snug text-foreground/90">
                <span className="font-semibold text-foreground">{e.actorLabel}</span> {e.sentence}
              </p>
              <time className="shrink-0 text-xs text-muted-foreground" dateTime={new Date(e.createdAt).toISOString()} title={formatZonedFull(e.createdAt, tz)}>
                {formatZonedDateTime(e.createdAt, tz)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

const UNASSIGNED = "unassigned";

function AssigneeControl({ detail }: { detail: CaseDetail }) {
  const trpc = useTRPC();
  const organization = useOrganization();
  const canWork = organization.can("cases:work");
  const toast = useToast();
  const refresh = useRefreshCaseData();
  const members = useQuery({ ...trpc.member.list.queryOptions(), enabled: canWork });
  const assign = useMutation(
    trpc.case.assign.mutationOptions({
      onError: (error) => toast.error("The case was not assigned", messageOf(error)),
      onSettled: () => void refresh(),
    }),
  );
  const workers = (members.data ?? []).filter((m) => ["owner", "admin", "agent"].includes(m.role));
  const current = detail.case.assigneeId ?? UNASSIGNED;
  const currentName = workers.find((m) => m.userId === detail.case.assigneeId)?.name;
  if (!canWork) {
    return detail.case.assigneeId ? <span className="text-[13px] text-muted-foreground">Assigned to {currentName ?? "a member"}</span> : null;
  }
  return (
    <div className="flex items-center gap-2">
      <span className="text-xs font-medium text-muted-foreground">Assignee</span>
      <Select
        value={current}
        disabled={assign.isPending || !members.data}
        onValueChange={(value) =>
          assign.mutate({ caseId: detail.case.id, version: detail.case.version, assigneeId: value === UNASSIGNED ? null : value })
        }
      >
        <SelectTrigger className="h-8 w-48 text-[13px]" aria-label="Assignee">
          <SelectValue placeholder="Unassigned" />
        </SelectTrigger>
        <SelectContent align="end">
          <SelectItem value={UNASSIGNED}>Unassigned</SelectItem>
          {workers.length ? <SelectSeparator /> : null}
          {workers.map((m) => (
            <SelectItem key={m.userId} value={m.userId}>
              {m.name || m.email}
            </SelectItem>
          ))}
          {detail.case.assigneeId && !workers.some((m) => m.userId === detail.case.assigneeId) ? (
            <SelectItem value={detail.case.assigneeId}>Former member</SelectItem>
          ) : null}
        </SelectContent>
      </Select>
    </div>
  );
}

function CaseSkeleton() {
  return (
    <PageContainer className="grid max-w-7xl gap-6" aria-busy>
      <div className="grid gap-3" role="status" aria-label="Loading case">
        <Skeleton className="h-4 w-16" />
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-80" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Skeleton className="h-96 rounded-xl" />
        <Skeleton className="h-72 rounded-xl" />
      </div>
    </PageContainer>
  );
}
