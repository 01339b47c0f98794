"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { CalendarClock, ChevronRight } from "lucide-react";
import { useTRPC } from "@/trpc/react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { TimeLeftText, urgencyOf } from "@/components/cases/time-left";
import { useUrlFilters } from "@/components/cases/use-url-filters";
import { formatMoney } from "@/lib/money";
import { formatZonedDateTime } from "@/lib/zoned-time";
import { cn } from "@/lib/utils";
import { DEADLINE_KIND_LABELS, DEADLINE_KINDS, type DeadlineKindName } from "./labels";

const ALL = "all";

/** Every open deadline, most urgent first; one click from the case or dispute that owns it. */
export function DeadlinesInboxView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlFilters(["storeId", "kind", "assigneeId"] as const);
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: false }));
  const members = useQuery(trpc.member.list.queryOptions());
  const inbox = useQuery(
    trpc.deadline.inbox.queryOptions({
      storeId: filters.storeId || undefined,
      kind: (filters.kind || undefined) as DeadlineKindName | undefined,
      assigneeId: filters.assigneeId || undefined,
      limit: 200,
    }),
  );
  const items = inbox.data ?? [];
  const missed = items.filter((d) => d.timeLeft.overdue).length;

  return (
    <PageContainer>
      <PageHeader
        title="Deadlines"
        description="Every open deadline across your stores: cancel windows, tracking numbers, supplier refunds and dispute responses, most urgent first. Time left is in business days."
      />
      <div className="mt-6 flex flex-wrap gap-2">
        <FilterSelect
          label="Store"
          value={filters.storeId || ALL}
          onChange={(v) => setFilters({ storeId: v === ALL ? "" : v })}
          options={[{ value: ALL, label: "All stores" }, ...(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
        />
        <FilterSelect
          label="Kind"
          value={filters.kind || ALL}
          onChange={(v) => setFilters({ kind: v === ALL ? "" : v })}
          options={[{ value: ALL, label: "All kinds" }, ...DEADLINE_KINDS.map((k) => ({ value: k, label: DEADLINE_KIND_LABELS[k] }))]}
        />
        <FilterSelect
          label="Assignee"
          value={filters.assigneeId || ALL}
          onChange={(v) => setFilters({ assigneeId: v === ALL ? "" : v })}
          options={[
            { value: ALL, label: "Anyone" },
            { value: "unassigned", label: "Unassigned" },
            ...(members.data ?? []).filter((m) => ["owner", "admin", "agent"].includes(m.role)).map((m) => ({ value: m.userId, label: m.name })),
          ]}
        />
      </div>
      <div className="mt-3 text-sm text-muted-foreground" aria-live="polite">
        {inbox.isSuccess ? (
          <>
            {items.length} open deadline{items.length === 1 ? "" : "s"}
            {missed ? <span className="font-medium text-destructive"> · {missed} missed</span> : null}
          </>
        ) : null}
      </div>
      <Card className="mt-3 overflow-hidden p-0">
        {inbox.isLoading ? (
          <div className="space-y-2 p-4">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-12 w-full" />
            ))}
          </div>
        ) : inbox.isError ? (
          <EmptyState icon={CalendarClock} title="The deadlines could not be loaded" description={inbox.error.message} />
        ) : items.length === 0 ? (
          <EmptyState icon={CalendarClock} title="Nothing is due" description="No open case, supplier refund or dispute has a deadline right now." />
        ) : (
          <ul className="divide-y" data-testid="deadline-list">
            {items.map((d) => {
              const urgency = urgencyOf(d.timeLeft);
              return (
                <li key={d.key} data-testid="deadline-row" data-urgency={urgency}>
                  <Link
                    href={d.link}
                    className={cn(
                      "flex items-center gap-3 px-4 py-3 transition-colors hover:bg-muted/60 focus-visible:bg-muted/60",
                      urgency === "overdue" && "bg-destructive/[0.03]",
                    )}
                  >
                    <span
                      aria-hidden
                      className={cn(
                        "h-9 w-1 shrink-0 rounded-full",
                        urgency === "overdue" ? "bg-destructive" : urgency === "soon" ? "bg-warning" : "bg-border",
                      )}
                    />
                    <div className="min-w-0 flex-1">
                      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                        <span className="font-medium">{d.orderName}</span>
                        <span className="text-sm text-muted-foreground">{DEADLINE_KIND_LABELS[d.kind]}</span>
                        {urgency === "overdue" ? <Badge variant="destructive">Missed</Badge> : null}
                      </div>
                      <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-muted-foreground">
                        <span>{d.storeName}</span>
                        <span>Due {formatZonedDateTime(d.dueAt, d.store.timezone)}</span>
                        {d.amountMinor !== null ? <span>{formatMoney(d.amountMinor, d.currency)}</span> : null}
                        <span>{d.assigneeName ? `Assigned to ${d.assigneeName}` : "Unassigned"}</span>
                      </div>
                    </div>
                    <TimeLeftText timeLeft={d.timeLeft} className="hidden sm:inline-flex" />
                    <ChevronRight className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </PageContainer>
  );
}

function FilterSelect({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger aria-label={label} className="h-9 w-full sm:w-48">
        <SelectValue placeholder={label} />
      </SelectTrigger>
      <SelectContent>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
