import { Badge, type badgeVariants } from "@/components/ui/badge";
import {
  CASE_OUTCOME_LABELS,
  CASE_STATE_LABELS,
  DISPUTE_STATE_LABELS,
  type CaseOutcome,
  type CaseState,
  type DisputeState,
} from "@/lib/cases";
import type { VariantProps } from "class-variance-authority";

type Tone = NonNullable<VariantProps<typeof badgeVariants>["variant"]>;

/** Amber waits on someone (us or the supplier), red is a fight or a loss, green is settled. */
export const CASE_STATE_TONES: Record<CaseState, Tone> = {
  requested: "warning",
  supplier_pending: "primary",
  supplier_accepted: "success",
  supplier_refused: "destructive",
  awaiting_tracking: "warning",
  shipped: "neutral",
  disputed: "destructive",
  store_cancelled: "primary",
  too_late: "outline",
  closed: "neutral",
  withdrawn: "outline",
};

const OUTCOME_TONES: Record<CaseOutcome, Tone> = {
  cancelled_full_recovery: "success",
  cancelled_with_loss: "destructive",
  not_cancelled: "neutral",
  withdrawn: "outline",
};

const DISPUTE_TONES: Record<DisputeState, Tone> = {
  open: "warning",
  awaiting_response: "primary",
  escalated: "destructive",
  resolved_won: "success",
  resolved_partial: "warning",
  resolved_lost: "destructive",
  withdrawn: "outline",
};

function Dot() {
  return <span aria-hidden className="size-1.5 shrink-0 rounded-full bg-current opacity-80" />;
}

export function CaseStateBadge({ state, className }: { state: string; className?: string }) {
  const known = state as CaseState;
  return (
    <Badge variant={CASE_STATE_TONES[known] ?? "neutral"} className={className} data-testid="case-state">
      <Dot />
      {CASE_STATE_LABELS[known] ?? state.replace(/_/g, " ")}
    </Badge>
  );
}

export function CaseOutcomeBadge({ outcome, className }: { outcome: string; className?: string }) {
  const known = outcome as CaseOutcome;
  return (
    <Badge variant={OUTCOME_TONES[known] ?? "neutral"} className={className} data-testid="case-outcome">
      {CASE_OUTCOME_LABELS[known] ?? outcome.replace(/_/g, " ")}
    </Badge>
  );
}

export function DisputeStateBadge({ state, className }: { state: string; className?: string }) {
  const known = state as DisputeState;
  return (
    <Badge variant={DISPUTE_TONES[known] ?? "neutral"} className={className} data-testid="dispute-state">
      <Dot />
      {DISPUTE_STATE_LABELS[known] ?? state.replace(/_/g, " ")}
    </Badge>
  );
}

export const DISPUTE_KIND_LABELS: Record<string, string> = {
  supplier: "Supplier dispute",
  chargeback: "Chargeback",
};
