import { Badge, type badgeVariants } from "@/components/ui/badge";
import {
  FINANCIAL_STATUS_LABELS,
  FULFILLMENT_STATUS_LABELS,
  SUPPLIER_STATUS_LABELS,
  type FinancialStatus,
  type FulfillmentStatus,
  type LineItemFulfillmentStatus,
  type SupplierOrderStatus,
} from "@/lib/orders";
import { cn } from "@/lib/utils";
import type { VariantProps } from "class-variance-authority";

type Tone = NonNullable<VariantProps<typeof badgeVariants>["variant"]>;

/** Colour says what needs attention: amber waits on someone, red is money going back, green is done. */
const FINANCIAL_TONES: Record<FinancialStatus, Tone> = {
  pending: "warning",
  authorized: "primary",
  paid: "success",
  partially_paid: "warning",
  partially_refunded: "warning",
  refunded: "destructive",
  voided: "outline",
  expired: "outline",
};

const FULFILLMENT_TONES: Record<FulfillmentStatus, Tone> = {
  unfulfilled: "warning",
  partially_fulfilled: "warning",
  in_progress: "primary",
  on_hold: "outline",
  scheduled: "outline",
  fulfilled: "success",
  restocked: "neutral",
};

const SUPPLIER_TONES: Record<SupplierOrderStatus, Tone> = {
  awaiting_payment: "warning",
  awaiting_shipment: "primary",
  shipped: "primary",
  delivered: "success",
  completed: "success",
  closed: "neutral",
  cancelled: "outline",
};

const LINE_ITEM_LABELS: Record<LineItemFulfillmentStatus, string> = {
  unfulfilled: "Unfulfilled",
  pending: "Pending",
  fulfilled: "Fulfilled",
  restocked: "Restocked",
  not_eligible: "Not eligible",
};

const LINE_ITEM_TONES: Record<LineItemFulfillmentStatus, Tone> = {
  unfulfilled: "warning",
  pending: "primary",
  fulfilled: "success",
  restocked: "neutral",
  not_eligible: "outline",
};

function StatusBadge({ tone, label, className, title }: { tone: Tone; label: string; className?: string; title?: string }) {
  return (
    <Badge variant={tone} className={className} title={title}>
      <span aria-hidden className="size-1.5 shrink-0 rounded-full bg-current opacity-80" />
      {label}
    </Badge>
  );
}

function labelOf<K extends string>(labels: Record<K, string>, value: string): string {
  return (labels as Record<string, string>)[value] ?? value.replace(/_/g, " ");
}

function toneOf<K extends string>(tones: Record<K, Tone>, value: string): Tone {
  return (tones as Record<string, Tone>)[value] ?? "neutral";
}

export function FinancialStatusBadge({ status, className }: { status: string; className?: string }) {
  return <StatusBadge tone={toneOf(FINANCIAL_TONES, status)} label={labelOf(FINANCIAL_STATUS_LABELS, status)} className={className} />;
}

export function FulfillmentStatusBadge({ status, className }: { status: string; className?: string }) {
  return <StatusBadge tone={toneOf(FULFILLMENT_TONES, status)} label={labelOf(FULFILLMENT_STATUS_LABELS, status)} className={className} />;
}

export function SupplierStatusBadge({ status, className }: { status: string | null; className?: string }) {
  if (!status) {
    return (
      <Badge variant="outline" className={cn("border-dashed", className)}>
        No supplier order
      </Badge>
    );
  }
  return <StatusBadge tone={toneOf(SUPPLIER_TONES, status)} label={labelOf(SUPPLIER_STATUS_LABELS, status)} className={className} />;
}

export function LineItemStatusBadge({ status, className }: { status: string; className?: string }) {
  return <StatusBadge tone={toneOf(LINE_ITEM_TONES, status)} label={labelOf(LINE_ITEM_LABELS, status)} className={className} />;
}
