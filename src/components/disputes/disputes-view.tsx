"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Scale, X } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { DISPUTE_KIND_LABELS, DisputeStateBadge } from "@/components/cases/case-badges";
import { approximateTimeLeft, TimeLeftText } from "@/components/cases/time-left";
import { useUrlFilters } from "@/components/cases/use-url-filters";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { MultiSelect } from "@/components/ui/multi-select";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SkeletonRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DISPUTE_STATES, DISPUTE_STATE_LABELS, OPEN_DISPUTE_STATES, type DisputeState } from "@/lib/cases";
import { pluralize } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { formatZonedDate, formatZonedFull } from "@/lib/zoned-time";
import { useTRPC } from "@/trpc/react";

const ANY = "any";
const STATE_OPTIONS = DISPUTE_STATES.map((value) => ({ value, label: DISPUTE_STATE_LABELS[value] }));

export function DisputesView() {
  const trpc = useTRPC();
  const router = useRouter();
  const [filters, setFilters] = useUrlFilters(["state", "kind", "store"] as const);
  const states = filters.state.split(",").filter((s): s is DisputeState => (DISPUTE_STATES as readonly string[]).includes(s));
  const kind = filters.kind === "supplier" || filters.kind === "chargeback" ? filters.kind : undefined;
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: false }));
  const disputes = useQuery({
    ...trpc.dispute.list.queryOptions({ state: states.length ? states : undefined, kind, storeId: filters.store || undefined }),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(states.length || kind || filters.store);
  // Open disputes first, the most urgent on top; then the settled ones, latest first.
  const rows = [...(disputes.data ?? [])].sort((a, b) => {
    const openA = (OPEN_DISPUTE_STATES as readonly string[]).includes(a.state);
    const openB = (OPEN_DISPUTE_STATES as readonly string[]).includes(b.state);
    if (openA !== openB) return openA ? -1 : 1;
    if (openA) return (a.respondBy ? new Date(a.respondBy).getTime() : Infinity) - (b.respondBy ? new Date(b.respondBy).getTime() : Infinity);
    return new Date(b.resolvedAt ?? b.openedAt).getTime() - new Date(a.resolvedAt ?? a.openedAt).getTime();
  });
  const open = rows.filter((d) => (OPEN_DISPUTE_STATES as readonly string[]).includes(d.state)).length;

  return (
    <PageContainer className="grid max-w-7xl gap-5">
      <PageHeader title="Disputes" description="Supplier disputes opened from cases, and customer chargebacks, with the date each side must answer by." />

      <div className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap" role="search" aria-label="Filter disputes">
        <FormField label="State" className="col-span-2 sm:w-52">
          <MultiSelect
            aria-label="State"
            options={STATE_OPTIONS}
            value={states}
            placeholder="Any state"
            onChange={(value) => setFilters({ state: value.join(",") })}
          />
        </FormField>
        <FormField label="Kind" className="sm:w-44">
          <Select value={kind ?? ANY} onValueChange={(v) => setFilters({ kind: v === ANY ? "" : v })}>
            <SelectTrigger aria-label="Kind">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Any kind</SelectItem>
              <SelectSeparator />
              <SelectItem value="supplier">{DISPUTE_KIND_LABELS.supplier}</SelectItem>
              <SelectItem value="chargeback">{DISPUTE_KIND_LABELS.chargeback}</SelectItem>
            </SelectContent>
          </Select>
        </FormField>
        <FormField label="Store" className="sm:w-48">
          <Select value={filters.store || ANY} onValueChange={(v) => setFilters({ store: v === ANY ? "" : v })}>
            <SelectTrigger aria-label="Store">
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
        </FormField>
        {filtered ? (
          <Button variant="ghost" size="sm" className="h-9" onClick={() => setFilters({ state: "", kind: "", store: "" })}>
            <X aria-hidden />
            Clear
          </Button>
        ) : null}
        {disputes.data ? (
          <p className="col-span-2 text-[13px] text-muted-foreground sm:ml-auto sm:self-center" aria-live="polite">
            {pluralize(rows.length, "dispute")}
            {open ? ` · ${open} open` : ""}
          </p>
        ) : null}
      </div>

      {disputes.isError ? (
        <Alert variant="destructive" title="Disputes could not be loaded">
          {disputes.error.message}
        </Alert>
      ) : (
        <Card className="overflow-hidden">
          {!disputes.data ? (
            <SkeletonRows rows={4} className="p-5" />
          ) : rows.length === 0 ? (
            <EmptyState
              icon={Scale}
              title={filtered ? "No disputes match these filters" : "No disputes"}
              description={
                filtered ? "Clear a filter to see more." : "A supplier dispute starts from a case, when the supplier refuses to cancel an order it has not shipped."
              }
            />
          ) : (
            <Table stackOnMobile aria-label="Disputes" className={cn("text-[13px]", disputes.isFetching && "opacity-80")}>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Order</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead className="hidden lg:table-cell">Store</TableHead>
                  <TableHead className="text-right">Claimed</TableHead>
                  <TableHead className="text-right">Awarded</TableHead>
                  <TableHead>Respond by</TableHead>
                  <TableHead className="hidden lg:table-cell">Opened</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((d) => {
                  const isOpen = (OPEN_DISPUTE_STATES as readonly string[]).includes(d.state);
                  const href = `/disputes/${d.id}`;
                  return (
                    <TableRow
                      key={d.id}
                      className="cursor-pointer"
                      data-testid="dispute-row"
                      onClick={(event) => {
                        if ((event.target as HTMLElement).closest("a")) return;
                        router.push(href);
                      }}
                    >
                      <TableCell className="max-sm:w-full max-sm:px-4 max-sm:pb-1">
                        <Link href={href} className="font-semibold hover:text-primary hover:underline">
                          {d.orderName}
                        </Link>
                        <span className="block text-xs text-muted-foreground">
                          {DISPUTE_KIND_LABELS[d.kind] ?? d.kind}
                          <span className="lg:hidden"> · {d.storeName}</span>
                        </span>
                      </TableCell>
                      <TableCell className="max-sm:px-4 max-sm:py-1">
                        <DisputeStateBadge state={d.state} />
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground lg:table-cell">{d.storeName}</TableCell>
                      <TableCell className="whitespace-nowrap text-right tabular-nums max-sm:px-2 max-sm:py-1 max-sm:text-left max-sm:before:mr-1 max-sm:before:text-xs max-sm:before:text-muted-foreground max-sm:before:content-['Claimed']">
                        {formatMoney(d.claimedMinor, d.currency)}
                      </TableCell>
                      <TableCell className="whitespace-nowrap text-right tabular-nums max-sm:px-2 max-sm:py-1 max-sm:before:mr-1 max-sm:before:text-xs max-sm:before:text-muted-foreground max-sm:before:content-['Awarded']">
                        {d.awardedMinor !== null ? formatMoney(d.awardedMinor, d.currency) : <span className="text-muted-foreground">—</span>}
                      </TableCell>
                      <TableCell className="max-sm:w-full max-sm:px-4 max-sm:pb-1 max-sm:pt-0.5">
                        {d.respondBy ? (
                          <span className="flex flex-wrap items-center gap-x-2 max-sm:gap-x-1.5" title={formatZonedFull(d.respondBy, d.storeTimezone)}>
                            <span className="text-xs text-muted-foreground sm:hidden">Respond by</span>
                            <span className="whitespace-nowrap">{formatZonedDate(d.respondBy, d.storeTimezone)}</span>
                            {isOpen ? <TimeLeftText timeLeft={approximateTimeLeft(d.respondBy, d.storeTimezone)} /> : null}
                          </span>
                        ) : (
                          <span className="text-muted-foreground">—</span>
                        )}
                      </TableCell>
                      <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">{formatZonedDate(d.openedAt, d.storeTimezone)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </Card>
      )}
    </PageContainer>
  );
}
