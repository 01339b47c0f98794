"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ArrowLeft, ArrowUpRight, ExternalLink, FileSearch, Link2, PackageSearch, Scale, StickyNote, Store } from "lucide-react";
import { PageContainer } from "@/components/app-shell/page-header";
import { DISPUTE_KIND_LABELS, DisputeStateBadge } from "@/components/cases/case-badges";
import { MoneyInput, newIdempotencyKey, readAmount, StagedDialog, useRefreshCaseData, type Confirmation } from "@/components/cases/staged-dialog";
import { approximateTimeLeft, TimeLeftText } from "@/components/cases/time-left";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FieldError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { useOrganization } from "@/hooks/use-organization";
import { codeOf, messageOf } from "@/hooks/use-zod-form";
import { DISPUTE_STATE_LABELS, OPEN_DISPUTE_STATES, type DisputeAction, type DisputeState } from "@/lib/cases";
import { formatMoney, minorToDecimal } from "@/lib/money";
import { cn } from "@/lib/utils";
import { formatZonedDate, formatZonedDateTime, formatZonedFull } from "@/lib/zoned-time";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

type Dispute = RouterOutputs["dispute"]["get"];
type Evidence = Dispute["evidence"][number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function DisputeDetailView({ disputeId }: { disputeId: string }) {
  const trpc = useTRPC();
  const valid = UUID.test(disputeId);
  const query = useQuery({
    ...trpc.dispute.get.queryOptions({ disputeId }),
    enabled: valid,
    retry: (count, error) => codeOf(error) !== "NOT_FOUND" && count < 2,
  });
  if (!valid || (query.isError && ["NOT_FOUND", "BAD_REQUEST"].includes(codeOf(query.error) ?? ""))) {
    return (
      <PageContainer className="max-w-6xl">
        <BackLink />
        <Card className="mt-4">
          <EmptyState
            icon={FileSearch}
            title="This dispute isn't here"
            description="It may belong to a store you can't see, or the link is mistyped."
            action={
              <Button asChild size="sm" variant="secondary">
                <Link href="/disputes">Go to disputes</Link>
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }
  if (query.isError) {
    return (
      <PageContainer className="max-w-6xl">
        <BackLink />
        <Alert variant="destructive" title="The dispute could not be loaded" className="mt-4">
          {query.error.message}
        </Alert>
      </PageContainer>
    );
  }
  if (!query.data) {
    return (
      <PageContainer className="grid max-w-6xl gap-6" aria-busy>
        <Skeleton className="h-10 w-64" />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <Skeleton className="h-80 rounded-xl" />
          <Skeleton className="h-64 rounded-xl" />
        </div>
      </PageContainer>
    );
  }
  return <DisputeContent dispute={query.data} />;
}

function BackLink() {
  return (
    <Link
      href="/disputes"
      className="inline-flex items-center gap-1.5 rounded text-[13px] font-medium text-muted-foreground transition-colors hover:text-foreground"
    >
      <ArrowLeft className="size-3.5" aria-hidden />
      Disputes
    </Link>
  );
}

function DisputeContent({ dispute }: { dispute: Dispute }) {
  const organization = useOrganization();
  const canWork = organization.can("cases:work");
  const tz = dispute.storeTimezone;
  const isOpen = (OPEN_DISPUTE_STATES as readonly string[]).includes(dispute.state);
  const money = (minor: number) => formatMoney(minor, dispute.currency);

  return (
    <PageContainer className="grid max-w-6xl gap-6">
      <div className="grid gap-3">
        <BackLink />
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <h1 className="text-xl font-semibold tracking-tight sm:text-[22px]">Dispute on {dispute.orderName}</h1>
            <DisputeStateBadge state={dispute.state} />
            <Badge variant="outline">{DISPUTE_KIND_LABELS[dispute.kind] ?? dispute.kind}</Badge>
          </div>
          <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted-foreground">
            <span className="inline-flex items-center gap-1.5 font-medium text-foreground/80">
              <Store className="size-3.5" aria-hidden />
              {dispute.storeName}
            </span>
            <span aria-hidden>·</span>
            <span title={formatZonedFull(dispute.openedAt, tz)}>Opened {formatZonedDate(dispute.openedAt, tz)}</span>
            <span aria-hidden>·</span>
            <span className="tabular-nums">{money(dispute.claimedMinor)} claimed</span>
          </p>
        </div>
      </div>

      {!isOpen ? (
        <Alert
          variant={dispute.state === "resolved_won" ? "success" : dispute.state === "resolved_partial" ? "warning" : "info"}
          title={`${DISPUTE_STATE_LABELS[dispute.state as DisputeState] ?? dispute.state}${dispute.awardedMinor ? `: ${money(dispute.awardedMinor)} awarded` : ""}`}
          data-testid="dispute-result"
        >
          {dispute.resolvedAt ? `Resolved ${formatZonedDateTime(dispute.resolvedAt, tz)}.` : null}
          {dispute.awardedMinor && dispute.kind === "supplier" ? " The award is recorded in the ledger as recovered from the supplier." : null}
        </Alert>
      ) : null}

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        {/* Details come first on a phone; from lg they sit in the side column. */}
        <Card className="lg:col-start-2 lg:row-start-1">
          <CardHeader className="pb-3">
            <CardTitle className="flex items-center gap-2">
              <Scale className="size-4 text-muted-foreground" aria-hidden />
              Details
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-3 text-[13px]">
              <Field label="Reason">
                <span className="whitespace-pre-wrap">{dispute.reason}</span>
              </Field>
              <div className="grid grid-cols-2 gap-3">
                <Field label="Claimed">
                  <span className="tabular-nums">{money(dispute.claimedMinor)}</span>
                </Field>
                <Field label="Awarded">
                  {dispute.awardedMinor !== null ? <span className="tabular-nums">{money(dispute.awardedMinor)}</span> : <span className="text-muted-foreground">—</span>}
                </Field>
              </div>
              <Field label="Respond by">
                {dispute.respondBy ? (
                  <span className="grid justify-items-start gap-0.5">
                    <span title={formatZonedFull(dispute.respondBy, tz)}>{formatZonedDateTime(dispute.respondBy, tz)}</span>
                    {isOpen ? <TimeLeftText timeLeft={approximateTimeLeft(dispute.respondBy, tz)} /> : null}
                  </span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </Field>
              {dispute.resolvedAt ? <Field label="Resolved">{formatZonedDateTime(dispute.resolvedAt, tz)}</Field> : null}
            </dl>
            <div className="mt-4 flex flex-wrap gap-2 border-t pt-4">
              {dispute.caseId ? (
                <Button asChild size="sm" variant="secondary">
                  <Link href={`/cases/${dispute.caseId}`}>
                    Case
                    <ArrowUpRight aria-hidden />
                  </Link>
                </Button>
              ) : null}
              <Button asChild size="sm" variant="secondary">
                <Link href={`/orders/${dispute.orderId}`}>
                  Order {dispute.orderName}
                  <ArrowUpRight aria-hidden />
                </Link>
              </Button>
            </div>
          </CardContent>
        </Card>
        <div className="grid min-w-0 gap-6 lg:col-start-1 lg:row-start-1">
          {isOpen && canWork && dispute.actions.length > 0 ? <DisputeActions dispute={dispute} /> : null}
          <EvidenceCard dispute={dispute} canWork={canWork} />
        </div>
      </div>
    </PageContainer>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid min-w-0 gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const ACTION_HELP: Record<DisputeAction, string> = {
  awaitResponse: "You filed the dispute with the platform; now the supplier has to answer.",
  escalate: "The supplier did not settle: ask the platform to decide.",
  resolveWon: "The platform refunded what you claimed, or you enter what it awarded.",
  resolvePartial: "The platform refunded part of the claim.",
  resolveLost: "Nothing comes back; the case's loss includes the claim.",
  withdraw: "You no longer pursue the dispute.",
};

function DisputeActions({ dispute }: { dispute: Dispute }) {
  const [active, setActive] = useState<DisputeAction | null>(null);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Record what happened</CardTitle>
          <CardDescription>Move the dispute on as the platform and the supplier answer. Awards go into the ledger.</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-2 sm:grid-cols-2">
        {dispute.actions.map((a) => {
          const quiet = a.action === "withdraw" || a.action === "resolveLost";
          return (
            <button
              key={a.action}
              type="button"
              onClick={() => setActive(a.action)}
              data-action={a.action}
              className={cn(
                "grid gap-0.5 rounded-lg border px-3.5 py-2.5 text-left transition-colors hover:border-primary/40 hover:bg-primary/[0.03] focus-visible:outline-2",
                quiet && "hover:border-destructive/40 hover:bg-destructive/[0.03]",
              )}
            >
              <span className={cn("text-[13px] font-semibold", a.action === "resolveWon" && "text-success", quiet && "text-destructive")}>{a.label}</span>
              <span className="text-xs leading-snug text-muted-foreground">{ACTION_HELP[a.action]}</span>
            </button>
          );
        })}
      </CardContent>
      {active ? <TransitionDialog dispute={dispute} action={active} onClose={() => setActive(null)} /> : null}
    </Card>
  );
}

function TransitionDialog({ dispute, action, onClose }: { dispute: Dispute; action: DisputeAction; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshCaseData();
  const mutation = useMutation(trpc.dispute.transition.mutationOptions({ onSettled: () => void refresh() }));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const currency = dispute.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  const asksAmount = action === "resolveWon" || action === "resolvePartial";
  const [amount, setAmount] = useState(() => (action === "resolveWon" ? minorToDecimal(dispute.claimedMinor, currency) : ""));
  const [error, setError] = useState<string | null>(null);
  const parsed =
    action === "resolvePartial"
      ? readAmount(amount, currency, { min: 1, max: dispute.claimedMinor - 1, maxMessage: `A partial award is less than the ${money(dispute.claimedMinor)} claimed.` })
      : readAmount(amount, currency, { min: 1, max: dispute.claimedMinor, maxMessage: `The award cannot exceed the ${money(dispute.claimedMinor)} claimed.` });
  const label = dispute.actions.find((a) => a.action === action)?.label ?? action;

  return (
    <StagedDialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={action === "resolveWon" ? "Dispute won" : action === "resolvePartial" ? "Dispute partly won" : label}
      description={ACTION_HELP[action]}
      submitLabel={asksAmount || action === "resolveLost" || action === "withdraw" ? "Review" : "Save"}
      destructive={action === "resolveLost" || action === "withdraw"}
      onReview={(): Confirmation | "submit" | null => {
        if (asksAmount) {
          setError(parsed.error);
          if (parsed.minor === null) return null;
          return {
            title: `Record ${money(parsed.minor)} awarded?`,
            description:
              dispute.kind === "supplier"
                ? `${money(parsed.minor)} is recorded as recovered from the supplier for ${dispute.orderName}.`
                : `${money(parsed.minor)} is recorded as awarded on ${dispute.orderName}.`,
            summary: [
              { label: "Claimed", value: money(dispute.claimedMinor) },
              { label: "Awarded", value: money(parsed.minor), strong: true },
            ],
            confirmLabel: `Record ${money(parsed.minor)} awarded`,
          };
        }
        if (action === "resolveLost") {
          return {
            title: "Record the dispute as lost?",
            description: `Nothing comes back from the ${money(dispute.claimedMinor)} claimed. The dispute closes.`,
            confirmLabel: "Record as lost",
            destructive: true,
          };
        }
        if (action === "withdraw") {
          return { title: "Withdraw the dispute?", description: "The dispute closes without a decision.", confirmLabel: "Withdraw dispute", destructive: true };
        }
        return "submit";
      }}
      onSubmit={() =>
        mutation.mutateAsync({
          disputeId: dispute.id,
          version: dispute.version,
          action,
          awardedMinor: asksAmount ? (parsed.minor ?? undefined) : undefined,
          idempotencyKey,
        })
      }
    >
      {asksAmount ? (
        <FormField
          label="Amount awarded"
          error={error}
          hint={action === "resolveWon" ? `The full claim is ${money(dispute.claimedMinor)}.` : `Less than the ${money(dispute.claimedMinor)} claimed.`}
        >
          <MoneyInput currency={currency} value={amount} onChange={(v) => (setAmount(v), setError(null))} autoFocus />
        </FormField>
      ) : null}
    </StagedDialog>
  );
}

const EVIDENCE_KINDS = [
  { value: "note", label: "Note", icon: StickyNote },
  { value: "tracking_check", label: "Tracking check", icon: PackageSearch },
  { value: "link", label: "Link", icon: Link2 },
] as const;
type EvidenceKind = (typeof EVIDENCE_KINDS)[number]["value"];

/** Only http(s) links become anchors; anything else stays text, so a `javascript:` URL is inert. */
function SafeLink({ url }: { url: string }) {
  if (!/^https?:\/\//i.test(url)) return <span className="break-all">{url}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="inline-flex max-w-full items-center gap-1 break-all text-primary hover:underline">
      <span className="break-all">{url}</span>
      <ExternalLink className="size-3 shrink-0" aria-hidden />
    </a>
  );
}

function EvidenceCard({ dispute, canWork }: { dispute: Dispute; canWork: boolean }) {
  const tz = dispute.storeTimezone;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Evidence</CardTitle>
          <CardDescription>Notes, tracking checks and links for the platform, oldest first.</CardDescription>
        </div>
        <span className="text-xs text-muted-foreground">{dispute.evidence.length} items</span>
      </CardHeader>
      {dispute.evidence.length === 0 ? (
        <p className="border-t px-5 py-4 text-[13px] text-muted-foreground">No evidence yet. A tracking check that shows no movement is the strongest.</p>
      ) : (
        <ol className="border-t px-5 py-4" aria-label="Evidence" data-testid="evidence-timeline">
          {dispute.evidence.map((item, index) => (
            <EvidenceItem key={item.id} item={item} tz={tz} last={index === dispute.evidence.length - 1} />
          ))}
        </ol>
      )}
      {canWork ? <AddEvidenceForm disputeId={dispute.id} /> : null}
    </Card>
  );
}

function EvidenceItem({ item, tz, last }: { item: Evidence; tz: string; last: boolean }) {
  const kind = EVIDENCE_KINDS.find((k) => k.value === item.kind) ?? EVIDENCE_KINDS[0];
  const Icon = kind.icon;
  return (
    <li className="relative flex gap-3 pb-5 last:pb-0" data-testid="evidence-item" data-kind={item.kind}>
      {!last ? <span aria-hidden className="absolute bottom-0 left-3.5 top-8 w-px bg-border" /> : null}
      <span className="flex size-7 shrink-0 items-center justify-center rounded-full border bg-muted/60 text-muted-foreground" aria-hidden>
        <Icon className="size-3.5" />
      </span>
      <div className="grid min-w-0 flex-1 gap-1 pt-0.5">
        <p className="flex flex-wrap items-baseline justify-between gap-x-3 text-xs text-muted-foreground">
          <span>
            <span className="font-semibold text-foreground">{item.authorLabel}</span> · {kind.label}
          </span>
          <time dateTime={new Date(item.createdAt).toISOString()} title={formatZonedFull(item.createdAt, tz)}>
            {formatZonedDateTime(item.createdAt, tz)}
          </time>
        </p>
        <p className="whitespace-pre-wrap break-words text-[13px] leading-relaxed text-foreground/90">{item.body}</p>
        {item.url ? (
          <p className="text-[13px]">
            <SafeLink url={item.url} />
          </p>
        ) : null}
      </div>
    </li>
  );
}

function AddEvidenceForm({ disputeId }: { disputeId: string }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefreshCaseData();
  const mutation = useMutation(trpc.dispute.addEvidence.mutationOptions({ onSettled: () => void refresh() }));
  const [kind, setKind] = useState<EvidenceKind>("note");
  const [body, setBody] = useState("");
  const [url, setUrl] = useState("");
  const [errors, setErrors] = useState<{ body?: string; url?: string; form?: string }>({});

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!body.trim()) next.body = kind === "link" ? "Say what the link shows." : "Write what you found.";
    if (kind === "link" && !/^https?:\/\/\S+$/i.test(url.trim())) next.url = "Links must start with http:// or https://.";
    setErrors(next);
    if (Object.keys(next).length) return;
    try {
      await mutation.mutateAsync({ disputeId, kind, body: body.trim(), url: kind === "link" ? url.trim() : undefined });
      setBody("");
      setUrl("");
      toast.success("Evidence added");
    } catch (error) {
      setErrors({ form: messageOf(error) });
    }
  }

  return (
    <form onSubmit={submit} className="grid gap-3 rounded-b-xl border-t bg-muted/30 px-5 py-4" aria-label="Add evidence" noValidate>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-[13px] font-semibold">Add evidence</p>
        <div role="radiogroup" aria-label="Kind of evidence" className="inline-flex rounded-lg bg-muted p-0.5">
          {EVIDENCE_KINDS.map((k) => (
            <button
              key={k.value}
              type="button"
              role="radio"
              aria-checked={kind === k.value}
              onClick={() => (setKind(k.value), setErrors({}))}
              className={cn(
                "inline-flex h-7 items-center gap-1.5 rounded-md px-2.5 text-xs font-medium text-muted-foreground transition-colors hover:text-foreground",
                kind === k.value && "bg-card text-foreground shadow-xs",
              )}
            >
              <k.icon className="size-3.5" aria-hidden />
              {k.label}
            </button>
          ))}
        </div>
      </div>
      {kind === "link" ? (
        <FormField label="Link" error={errors.url}>
          <Input type="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://" maxLength={2000} />
        </FormField>
      ) : null}
      <FormField label={kind === "tracking_check" ? "What the tracking shows" : kind === "link" ? "What it shows" : "Note"} error={errors.body}>
        <Textarea
          value={body}
          onChange={(event) => setBody(event.target.value)}
          rows={3}
          maxLength={5000}
          placeholder={kind === "tracking_check" ? "Checked on the carrier's site: no scan since the label was created." : undefined}
        />
      </FormField>
      {errors.form ? <FieldError role="alert">{errors.form}</FieldError> : null}
      <div className="flex justify-end">
        <Button type="submit" size="sm" loading={mutation.isPending}>
          Add evidence
        </Button>
      </div>
    </form>
  );
}
