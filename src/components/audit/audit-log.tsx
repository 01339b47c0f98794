"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { CalendarX, ScrollText, ShieldCheck, ShieldX, X } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { LoadMore } from "@/components/ui/pagination";
import { Select, SelectContent, SelectGroup, SelectItem, SelectLabel, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SkeletonRows } from "@/components/ui/skeleton";
import { useOrganization } from "@/hooks/use-organization";
import { pluralize } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { AuditEventRow } from "./audit-event";
import { actionLabel, AUDIT_PAGE_SIZE, nextAuditCursor } from "./audit-format";

const ALL = "all";

interface Filters {
  actor: string;
  action: string;
  storeId: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { actor: ALL, action: ALL, storeId: ALL, from: "", to: "" };

/** A `yyyy-mm-dd` date input read as the start of that day in the reader's time zone. */
function startOfLocalDay(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

export function AuditLog() {
  const trpc = useTRPC();
  const organization = useOrganization();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const members = useQuery(trpc.member.list.queryOptions());
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: true }));
  const storeNames = useMemo(() => new Map(stores.data?.map((s) => [s.id, s.name])), [stores.data]);

  const from = startOfLocalDay(filters.from);
  const toDay = startOfLocalDay(filters.to);
  // "To" includes the whole chosen day: the server's bound is exclusive, so ask for the next midnight.
  const to = toDay ? new Date(toDay.getFullYear(), toDay.getMonth(), toDay.getDate() + 1) : undefined;
  const rangeError = from && to && from >= to ? "The start date must be on or before the end date." : null;

  const input = {
    actor: filters.actor === ALL ? undefined : filters.actor,
    action: filters.action === ALL ? undefined : filters.action,
    storeId: filters.storeId === ALL ? undefined : filters.storeId,
    from,
    to,
    limit: AUDIT_PAGE_SIZE,
  };
  const events = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: nextAuditCursor }),
    enabled: !rangeError,
  });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  function set<K extends keyof Filters>(key: K, value: Filters[K]) {
    setFilters((current) => ({ ...current, [key]: value }));
  }

  return (
    <PageContainer className="grid gap-6">
      <PageHeader
        title="Audit log"
        description={`Every change in ${organization.name}, newest first. Entries are chained by hash and can never be edited or deleted.`}
        actions={organization.can("members:manage") ? <VerifyChain /> : null}
      />

      <Card className="p-4">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-[repeat(3,minmax(0,1fr))_9.5rem_9.5rem]">
          <FormField label="Actor">
            <Select value={filters.actor} onValueChange={(v) => set("actor", v)}>
              <SelectTrigger>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>Everyone</SelectItem>
                <SelectSeparator />
                <SelectGroup>
                  <SelectLabel>Members</SelectLabel>
                  {members.data?.map((m) => (
                    <SelectItem key={m.userId} value={m.userId}>
                      {m.name || m.email}
                    </SelectItem>
                  ))}
                </SelectGroup>
                <SelectSeparator />
                <SelectGroup>
                  <SelectLabel>Automatic</SelectLabel>
                  <SelectItem value="system">System</SelectItem>
                  <SelectItem value="webhook">Webhook</SelectItem>
                </SelectGroup>
              </SelectContent>
            </Select>
          </FormField>
          <FormField label="Action">
            <Select value={filters.action} onValueChange={(v) => set("action", v)}>
              <SelectTrigger>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>All actions</SelectItem>
                <SelectSeparator />
                {actions.data?.map((action) => (
                  <SelectItem key={action} value={action}>
                    {actionLabel(action)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <FormField label="Store" className="col-span-2 lg:col-span-1">
            <Select value={filters.storeId} onValueChange={(v) => set("storeId", v)}>
              <SelectTrigger>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>All stores</SelectItem>
                <SelectSeparator />
                {stores.data?.map((store) => (
                  <SelectItem key={store.id} value={store.id}>
                    {store.name}
                    {store.archivedAt ? " (archived)" : ""}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <FormField label="From" error={rangeError}>
            <Input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => set("from", e.target.value)} />
          </FormField>
          <FormField label="To">
            <Input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set("to", e.target.value)} />
          </FormField>
        </div>
        {filtered ? (
          <div className="mt-3 flex items-center justify-between gap-3 border-t pt-3">
            <p className="text-[13px] text-muted-foreground">
              {rangeError ? "" : events.isPending ? "Filtering…" : events.hasNextPage ? `At least ${items.length} matching entries` : `${pluralize(items.length, "matching entry", "matching entries")}`}
            </p>
            <Button variant="ghost" size="sm" onClick={() => setFilters(NO_FILTERS)}>
              <X aria-hidden />
              Clear filters
            </Button>
          </div>
        ) : null}
      </Card>

      <Card>
        {rangeError ? (
          <EmptyState icon={CalendarX} title="Fix the date range" description={rangeError} />
        ) : events.isPending ? (
          <SkeletonRows rows={6} className="p-5" />
        ) : events.isError ? (
          <div className="p-5">
            <Alert variant="destructive">{events.error.message}</Alert>
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={ScrollText}
            title={filtered ? "No entries match these filters" : "No entries yet"}
            description={filtered ? "Try a wider date range or another actor." : "Changes to stores, members and cases appear here as they happen."}
          />
        ) : (
          <>
            <ol className="divide-y" aria-label="Audit entries">
              {items.map((event) => (
                <AuditEventRow key={event.id} event={event} storeNames={storeNames} />
              ))}
            </ol>
            <LoadMore
              className="border-t px-5 py-3"
              loaded={items.length}
              hasMore={Boolean(events.hasNextPage)}
              loading={events.isFetchingNextPage}
              onLoadMore={() => void events.fetchNextPage()}
              noun={{ one: "entry", other: "entries" }}
            />
          </>
        )}
      </Card>
    </PageContainer>
  );
}

/** Re-walks the organization's hash chain on the server and says whether every entry still holds. */
function VerifyChain() {
  const trpc = useTRPC();
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false, gcTime: 0 });
  const result = verify.data;
  return (
    <div className="flex flex-col items-stretch gap-2 sm:items-end">
      <Button variant="secondary" loading={verify.isFetching} onClick={() => void verify.refetch()}>
        <ShieldCheck aria-hidden />
        Verify chain
      </Button>
      <div aria-live="polite">
        {verify.isError ? (
          <p className="text-[13px] text-destructive">{verify.error.message}</p>
        ) : result && !verify.isFetching ? (
          result.ok ? (
            <p className="flex items-center gap-1.5 text-[13px] text-success" data-testid="chain-result">
              <ShieldCheck className="size-4" aria-hidden />
              Intact: {pluralize(result.checked, "entry", "entries")} checked, none altered.
            </p>
          ) : (
            <p className="flex items-center gap-1.5 text-[13px] text-destructive" data-testid="chain-result">
              <ShieldX className="size-4" aria-hidden />
              Broken at entry #{result.firstBad?.seq}: {result.firstBad?.reason}
            </p>
          )
        ) : null}
      </div>
    </div>
  );
}
