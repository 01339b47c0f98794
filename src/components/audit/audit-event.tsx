"use client";

import { useState } from "react";
import { Bot, ChevronRight, Webhook } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/utils";
import type { RouterOutputs } from "@/trpc/react";
import { diffSnapshots, displayValue, fieldLabel } from "./audit-format";

export type AuditEvent = RouterOutputs["audit"]["list"]["items"][number];

export function ActorIcon({ event, className }: { event: Pick<AuditEvent, "actorType" | "actorLabel">; className?: string }) {
  if (event.actorType === "user") return <Avatar name={event.actorLabel} className={cn("size-7", className)} />;
  const Icon = event.actorType === "webhook" ? Webhook : Bot;
  return (
    <span className={cn("flex size-7 shrink-0 items-center justify-center rounded-full border bg-muted text-muted-foreground", className)}>
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}

/** "**Ana Lima** added the store Lumen Outlet": who, then what, as one sentence. */
export function AuditSentence({ event, className }: { event: Pick<AuditEvent, "actorLabel" | "sentence">; className?: string }) {
  return (
    <p className={cn("text-sm leading-snug text-foreground/90", className)}>
      <span className="font-semibold text-foreground">{event.actorLabel}</span> {event.sentence}
    </p>
  );
}

export function EventTime({ date, className }: { date: Date; className?: string }) {
  return <LocalTime date={date} format="relative" className={cn("whitespace-nowrap text-xs text-muted-foreground", className)} />;
}

/** One row of the audit log: the sentence, its store, when, and an expandable before/after. */
export function AuditEventRow({ event, storeNames }: { event: AuditEvent; storeNames: Map<string, string> }) {
  const storeName = event.storeId ? storeNames.get(event.storeId) : undefined;
  const [open, setOpen] = useState(false);
  const changes = diffSnapshots(event.before, event.after);
  const detailsId = `audit-${event.id}-details`;
  return (
    <li className="group px-4 py-3.5 sm:px-5" data-testid="audit-event" data-action={event.action}>
      <div className="flex gap-3">
        <ActorIcon event={event} className="mt-0.5" />
        <div className="min-w-0 flex-1">
          <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
            <AuditSentence event={event} className="min-w-0 break-words" />
            <div className="flex shrink-0 items-center gap-2 text-xs text-muted-foreground sm:flex-col sm:items-end sm:gap-0.5">
              <LocalTime date={event.createdAt} format="relative" className="font-medium text-foreground/80" title={false} />
              <LocalTime date={event.createdAt} format="datetime" />
            </div>
          </div>
          <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
            <Badge variant="outline" className="font-mono text-[11px]">
              {event.action}
            </Badge>
            {storeName ? <Badge variant="primary">{storeName}</Badge> : null}
            {changes.length > 0 ? (
              <button
                type="button"
                onClick={() => setOpen((v) => !v)}
                aria-expanded={open}
                aria-controls={detailsId}
                className="inline-flex items-center gap-0.5 rounded px-1 text-xs font-medium text-muted-foreground transition-colors hover:text-foreground"
              >
                <ChevronRight className={cn("size-3.5 transition-transform", open && "rotate-90")} aria-hidden />
                {open ? "Hide changes" : "Show changes"}
                <span className="sr-only"> for event {event.seq}</span>
              </button>
            ) : null}
          </div>
          {open ? <AuditDiff id={detailsId} before={event.before} after={event.after} storeNames={storeNames} /> : null}
        </div>
      </div>
    </li>
  );
}

function AuditDiff({ id, before, after, storeNames }: { id: string; before: unknown; after: unknown; storeNames: Map<string, string> }) {
  const [showUnchanged, setShowUnchanged] = useState(false);
  const changes = diffSnapshots(before, after);
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  // An update lists what changed; the fields that stayed the same are one click away.
  const isUpdate = hasBefore && hasAfter;
  const unchanged = isUpdate ? changes.filter((c) => !c.changed).length : 0;
  const rows = isUpdate && !showUnchanged ? changes.filter((c) => c.changed) : changes;
  return (
    <div id={id} className="mt-3 overflow-x-auto rounded-lg border bg-muted/30">
      <table className="w-full min-w-[28rem] text-[13px]">
        <thead>
          <tr className="border-b text-left text-xs text-muted-foreground">
            <th className="w-1/4 px-3 py-2 font-medium">Field</th>
            {hasBefore ? <th className="px-3 py-2 font-medium">Before</th> : null}
            {hasAfter ? <th className="px-3 py-2 font-medium">After</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((change) => (
            <tr key={change.field} className="border-b align-top last:border-0">
              <td className="px-3 py-2 text-muted-foreground">{fieldLabel(change.field)}</td>
              {hasBefore ? (
                <td className={cn("px-3 py-2", change.changed && hasAfter && "bg-destructive/5 text-destructive line-through decoration-destructive/40")}>
                  <Value value={change.before} storeNames={storeNames} />
                </td>
              ) : null}
              {hasAfter ? (
                <td className={cn("px-3 py-2", change.changed && hasBefore && "bg-success/8 text-success")}>
                  <Value value={change.after} storeNames={storeNames} />
                </td>
              ) : null}
            </tr>
          ))}
          {isUpdate && rows.length === 0 ? (
            <tr>
              <td colSpan={3} className="px-3 py-2 text-muted-foreground">
                Nothing changed.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {unchanged > 0 ? (
        <button
          type="button"
          onClick={() => setShowUnchanged((v) => !v)}
          className="w-full border-t px-3 py-1.5 text-left text-xs font-medium text-muted-foreground transition-colors hover:bg-muted/60 hover:text-foreground"
        >
          {showUnchanged ? "Hide unchanged fields" : `Show ${unchanged} unchanged field${unchanged === 1 ? "" : "s"}`}
        </button>
      ) : null}
    </div>
  );
}

function Value({ value, storeNames }: { value: unknown; storeNames: Map<string, string> }) {
  const text = displayValue(value, storeNames);
  if (typeof value === "object" && value !== null) {
    return <pre className="whitespace-pre-wrap break-all font-mono text-xs leading-relaxed">{text}</pre>;
  }
  return <span className="break-all">{text}</span>;
}

