import { Bot, CircleDollarSign, PackageCheck, ShoppingCart, Webhook, XCircle, type LucideIcon } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CANCEL_REASON_LABELS, type CancelReason } from "@/lib/orders";
import { formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";
import { formatZonedDateTime, formatZonedFull } from "@/lib/zoned-time";
import type { RouterOutputs } from "@/trpc/react";

type OrderDetail = RouterOutputs["order"]["get"];
type AuditEntry = OrderDetail["timeline"][number];

type Entry =
  | { kind: "audit"; key: string; at: Date; event: AuditEntry }
  | { kind: "store"; key: string; at: Date; icon: LucideIcon; text: string; tone?: string };

/**
 * The order's history, oldest first: what the store reported (placed, paid, fulfilled, cancelled)
 * and every audited change made in Recoup, each with who did it.
 */
export function OrderTimeline({ detail }: { detail: OrderDetail }) {
  const { order, store } = detail;
  const tz = store.timezone;
  const entries: Entry[] = [
    { kind: "store", key: "placed", at: new Date(order.placedAt), icon: ShoppingCart, text: `Placed in ${store.name}` },
  ];
  if (order.paidAt) entries.push({ kind: "store", key: "paid", at: new Date(order.paidAt), icon: CircleDollarSign, text: "Payment received by the store" });
  if (order.fulfilledAt) entries.push({ kind: "store", key: "fulfilled", at: new Date(order.fulfilledAt), icon: PackageCheck, text: "Marked fulfilled in the store" });
  if (order.cancelledAt) {
    const reason = order.cancelReason ? CANCEL_REASON_LABELS[order.cancelReason as CancelReason] : null;
    entries.push({
      kind: "store",
      key: "cancelled",
      at: new Date(order.cancelledAt),
      icon: XCircle,
      text: `Cancelled in the store${reason ? ` (${reason.toLowerCase()})` : ""}`,
      tone: "text-destructive",
    });
  }
  for (const event of detail.timeline) entries.push({ kind: "audit", key: event.id, at: new Date(event.createdAt), event });
  // Stable for equal times: store milestones keep their order, audit events keep their sequence.
  entries.sort((a, b) => a.at.getTime() - b.at.getTime());

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Timeline</CardTitle>
          <CardDescription>What the store reported and every change made in Recoup, oldest first.</CardDescription>
        </div>
      </CardHeader>
      <ol className="border-t px-5 py-4" aria-label="Timeline" data-testid="timeline">
        {entries.map((entry, index) => (
          <li key={entry.key} className="relative flex gap-3 pb-5 last:pb-0" data-testid={entry.kind === "audit" ? "timeline-event" : "timeline-milestone"}>
            {index < entries.length - 1 ? <span aria-hidden className="absolute bottom-0 left-3.5 top-8 w-px bg-border" /> : null}
            {entry.kind === "audit" ? <AuditMarker event={entry.event} /> : <StoreMarker icon={entry.icon} tone={entry.tone} />}
            <div className="flex min-w-0 flex-1 flex-col gap-0.5 pt-1 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
              {entry.kind === "audit" ? (
                <p className="text-[13px] leading-snug text-foreground/90">
                  <span className="font-semibold text-foreground">{entry.event.actorLabel}</span> {entry.event.sentence}
                </p>
              ) : (
                <p className={cn("text-[13px] leading-snug text-foreground/80", entry.tone)}>{entry.text}</p>
              )}
              <time
                dateTime={entry.at.toISOString()}
                title={formatZonedFull(entry.at, tz)}
                className="shrink-0 whitespace-nowrap text-xs text-muted-foreground"
              >
                {formatZonedDateTime(entry.at, tz)}
                {entry.kind === "audit" ? <span className="text-muted-foreground/70"> · {formatRelative(entry.at)}</span> : null}
              </time>
            </div>
          </li>
        ))}
      </ol>
      {detail.timeline.length === 0 ? (
        <p className="border-t bg-muted/30 px-5 py-3 text-xs text-muted-foreground rounded-b-xl">
          No changes made in Recoup yet. Imports are recorded once per file in the audit log.
        </p>
      ) : null}
    </Card>
  );
}

function StoreMarker({ icon: Icon, tone }: { icon: LucideIcon; tone?: string }) {
  return (
    <span className={cn("relative z-10 flex size-7 shrink-0 items-center justify-center rounded-full border bg-card text-muted-foreground", tone)}>
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}

function AuditMarker({ event }: { event: AuditEntry }) {
  if (event.actorType === "user") return <Avatar name={event.actorLabel} className="relative z-10 size-7" />;
  const Icon = event.actorType === "webhook" ? Webhook : Bot;
  return (
    <span className="relative z-10 flex size-7 shrink-0 items-center justify-center rounded-full border bg-muted text-muted-foreground">
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}
