"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { KanbanSquare, Search, Store, X } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { CASE_STATE_LABELS, OPEN_CASE_STATES, type CaseState } from "@/lib/cases";
import { formatRelative, pluralize } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { CaseOutcomeBadge, CASE_STATE_TONES } from "./case-badges";
import { approximateTimeLeft, DeadlineLine, nextDeadlineOf } from "./time-left";
import { useDebouncedSearch, useUrlFilters } from "./use-url-filters";

type CaseRow = RouterOutputs["case"]["list"][number];

/** The workflow's order, left to right: the happy path first, then the detours, then the ends. */
const BOARD_ORDER: CaseState[] = [
  "requested",
  "supplier_pending",
  "supplier_accepted",
  "store_cancelled",
  "supplier_refused",
  "awaiting_tracking",
  "disputed",
  "shipped",
  "too_late",
];
const CLOSED_COLUMNS: CaseState[] = ["closed", "withdrawn"];

const COLUMN_HINTS: Partial<Record<CaseState, string>> = {
  requested: "Ask the supplier",
  supplier_pending: "Waiting for an answer",
  supplier_accepted: "Cancel the store order",
  store_cancelled: "Collect the supplier refund",
  supplier_refused: "Open a dispute",
  awaiting_tracking: "Tracking number due",
  disputed: "Follow the dispute",
  shipped: "Close the case",
  too_late: "Refund items or close",
};

const DOT: Record<string, string> = {
  warning: "bg-warning",
  primary: "bg-primary",
  success: "bg-success",
  destructive: "bg-destructive",
  neutral: "bg-muted-foreground/60",
  outline: "bg-muted-foreground/40",
};

const ANY = "any";
const UNASSIGNED = "none";

export function CasesBoard() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlFilters(["store", "q", "assignee", "closed"] as const);
  const showClosed = filters.closed === "1";
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: false }));
  const members = useQuery(trpc.member.list.queryOptions());
  const cases = useQuery({
    ...trpc.case.list.queryOptions({
      storeId: filters.store || undefined,
      q: filters.q || undefined,
      assigneeId: filters.assignee && filters.assignee !== UNASSIGNED ? filters.assignee : undefined,
      state: showClosed ? undefined : [...OPEN_CASE_STATES],
    }),
    placeholderData: keepPreviousData,
  });
  const [search, setSearch] = useDebouncedSearch(filters.q, (q) => setFilters({ q }));

  const rows = (cases.data ?? []).filter((r) => filters.assignee !== UNASSIGNED || !r.assigneeId);
  const columns = showClosed ? [...BOARD_ORDER, ...CLOSED_COLUMNS] : BOARD_ORDER;
  const byState = new Map<CaseState, CaseRow[]>(columns.map((s) => [s, []]));
  for (const row of rows) byState.get(row.state as CaseState)?.push(row);
  const open = rows.filter((r) => !CLOSED_COLUMNS.includes(r.state as CaseState));
  const overdue = open.filter((r) => {
    const deadline = nextDeadlineOf(r);
    return deadline && deadline.at.getTime() < Date.now();
  }).length;
  const filtered = Boolean(filters.store || filters.q || filters.assignee);
  const workers = (members.data ?? []).filter((m) => ["owner", "admin", "agent"].includes(m.role));

  return (
    <PageContainer className="grid max-w-none gap-5 xl:px-8">
      <PageHeader
        title="Cases"
        description="Every cancellation across your stores, by where it stands. Open a case from an order's page."
        actions={
          cases.data ? (
            <p className="text-[13px] text-muted-foreground" aria-live="polite" data-testid="cases-summary">
              {pluralize(open.length, "open case")}
              {overdue > 0 ? <span className="font-medium text-destructive"> · {overdue} past a deadline</span> : null}
            </p>
          ) : null
        }
      />

      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter cases">
        <div className="relative min-w-0 flex-1 basis-full sm:basis-64 sm:flex-none">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Order or customer email"
            aria-label="Search cases"
            className="pl-9 sm:w-64"
          />
        </div>
        <Select value={filters.store || ANY} onValueChange={(v) => setFilters({ store: v === ANY ? "" : v })}>
          <SelectTrigger className="w-[calc(50%-0.375rem)] sm:w-48" aria-label="Store">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>All stores</SelectItem>
            {stores.data?.length ? <SelectSeparator /> : null}
            {stores.data?.map((s) => (
              <SelectItem key={s.id} value={s.id}>
                {s.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={filters.assignee || ANY} onValueChange={(v) => setFilters({ assignee: v === ANY ? "" : v })}>
          <SelectTrigger className="w-[calc(50%-0.375rem)] sm:w-48" aria-label="Assignee">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANY}>Anyone</SelectItem>
            <SelectItem value={UNASSIGNED}>Unassigned</SelectItem>
            {workers.length ? <SelectSeparator /> : null}
            {workers.map((m) => (
              <SelectItem key={m.userId} value={m.userId}>
                {m.name || m.email}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Switch
          className="h-9"
          checked={showClosed}
          onCheckedChange={(checked) => setFilters({ closed: checked ? "1" : "" })}
          label="Show closed"
        />
        {filtered ? (
          <Button variant="ghost" size="sm" className="h-9" onClick={() => (setSearch(""), setFilters({ store: "", q: "", assignee: "" }))}>
            <X aria-hidden />
            Clear
          </Button>
        ) : null}
      </div>

      {cases.isError ? (
        <Alert variant="destructive" title="Cases could not be loaded">
          {cases.error.message}
        </Alert>
      ) : !cases.data ? (
        <div className="flex gap-3 overflow-hidden" role="status" aria-label="Loading cases">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-64 w-72 shrink-0 rounded-xl" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <Card>
          <EmptyState
            icon={KanbanSquare}
            title={filtered ? "No cases match these filters" : showClosed ? "No cases yet" : "No open cases"}
            description={
              filtered
                ? "Clear a filter to see more."
                : "When a customer wants to cancel, open a case from the order's page: Recoup walks you through the supplier and the store."
            }
            action={
              filtered ? null : (
                <Button asChild size="sm" variant="secondary">
                  <Link href="/orders">Go to orders</Link>
                </Button>
              )
            }
          />
        </Card>
      ) : (
        <>
          <div className={cn("relative hidden min-w-0 items-start gap-3 overflow-x-auto pb-3 md:flex", cases.isFetching && "opacity-80")} data-testid="case-board">
            {columns.map((state) => (
              <BoardColumn key={state} state={state} rows={byState.get(state) ?? []} />
            ))}
          </div>
          <div className="grid gap-5 md:hidden" data-testid="case-list">
            {columns
              .filter((state) => (byState.get(state) ?? []).length > 0)
              .map((state) => (
                <section key={state} aria-label={CASE_STATE_LABELS[state]} className="grid gap-2">
                  <ColumnHeading state={state} count={byState.get(state)!.length} />
                  {byState.get(state)!.map((row) => (
                    <CaseCard key={row.id} row={row} />
                  ))}
                </section>
              ))}
          </div>
        </>
      )}
    </PageContainer>
  );
}

function ColumnHeading({ state, count, hint }: { state: CaseState; count: number; hint?: string }) {
  return (
    <div className="grid gap-0.5 px-1">
      <div className="flex items-center gap-2">
        <span aria-hidden className={cn("size-2 shrink-0 rounded-full", DOT[CASE_STATE_TONES[state]])} />
        <h2 className="truncate text-[13px] font-semibold">{CASE_STATE_LABELS[state]}</h2>
        <span className="rounded-full bg-card px-1.5 text-[11px] font-semibold tabular-nums text-muted-foreground ring-1 ring-border">{count}</span>
      </div>
      {hint ? <p className="truncate pl-4 text-[11px] text-muted-foreground">Next: {hint.charAt(0).toLowerCase() + hint.slice(1)}</p> : null}
    </div>
  );
}

function BoardColumn({ state, rows }: { state: CaseState; rows: CaseRow[] }) {
  if (rows.length === 0) {
    // Empty columns fold to a narrow strip so the ones with work stay in view.
    return (
      <section
        aria-label={`${CASE_STATE_LABELS[state]}: no cases`}
        className="flex w-10 shrink-0 flex-col items-center gap-2 rounded-xl border border-dashed bg-muted/20 py-3"
        data-testid="board-column"
        data-state={state}
        data-count={0}
      >
        <span aria-hidden className={cn("size-2 rounded-full", DOT[CASE_STATE_TONES[state]])} />
        <span className="text-[11px] font-medium text-muted-foreground [writing-mode:vertical-rl]">{CASE_STATE_LABELS[state]}</span>
      </section>
    );
  }
  return (
    <section
      aria-label={CASE_STATE_LABELS[state]}
      className="flex w-72 shrink-0 flex-col gap-2 rounded-xl bg-muted/50 p-2"
      data-testid="board-column"
      data-state={state}
      data-count={rows.length}
    >
      <div className="pb-0.5 pt-1">
        <ColumnHeading state={state} count={rows.length} hint={COLUMN_HINTS[state]} />
      </div>
      {rows.map((row) => (
        <CaseCard key={row.id} row={row} />
      ))}
    </section>
  );
}

function CaseCard({ row }: { row: CaseRow }) {
  const deadline = nextDeadlineOf(row);
  const closed = CLOSED_COLUMNS.includes(row.state as CaseState);
  const left = deadline ? approximateTimeLeft(deadline.at, row.storeTimezone) : null;
  return (
    <Link
      href={`/cases/${row.id}`}
      className={cn(
        "group relative grid gap-1.5 rounded-lg border bg-card p-3 text-[13px] shadow-xs transition-[border-color,box-shadow] hover:border-primary/40 hover:shadow-sm",
        left?.overdue && "border-l-2 border-l-destructive",
      )}
      data-testid="case-card"
      data-state={row.state}
    >
      <span className="flex items-baseline justify-between gap-2">
        <span className="font-semibold group-hover:text-primary">{row.orderName}</span>
        <span className="tabular-nums text-foreground/80">{formatMoney(row.totalMinor, row.currency)}</span>
      </span>
      <span className="truncate text-foreground/85">{row.customerName ?? "Unknown customer"}</span>
      <span className="flex items-center gap-1.5 truncate text-xs text-muted-foreground">
        <Store className="size-3 shrink-0" aria-hidden />
        {row.storeName}
      </span>
      {deadline && left ? <DeadlineLine label={deadline.label} at={deadline.at} timeZone={row.storeTimezone} timeLeft={left} /> : null}
      {closed && row.outcome ? (
        <span className="flex flex-wrap items-center gap-1.5">
          <CaseOutcomeBadge outcome={row.outcome} />
          {row.lossMinor !== null ? <span className="text-xs tabular-nums text-muted-foreground">loss {formatMoney(row.lossMinor, row.currency)}</span> : null}
        </span>
      ) : null}
      <span className="mt-0.5 flex items-center justify-between gap-2 border-t pt-2 text-xs text-muted-foreground">
        {row.assigneeName ? (
          <span className="flex min-w-0 items-center gap-1.5">
            <Avatar name={row.assigneeName} className="size-5" />
            <span className="truncate">{row.assigneeName}</span>
          </span>
        ) : (
          <span>Unassigned</span>
        )}
        <span className="shrink-0">{formatRelative(row.updatedAt)}</span>
      </span>
    </Link>
  );
}
