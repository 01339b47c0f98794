"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { ChartColumnStacked, ChevronLeft, ChevronRight, ShoppingBag, Upload, X } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useOrganization } from "@/hooks/use-organization";
import { DRILL_LABELS, type Drill } from "@/lib/reports/drill";
import { reasonLabel, supplierLabel } from "@/lib/reports/export";
import { formatRange } from "@/components/reports/report-format";
import { startOfNextZonedDay, startOfZonedDay } from "@/lib/zoned-time";
import { useTRPC, type RouterInputs } from "@/trpc/react";
import { OrderFiltersBar } from "./order-filters";
import { activeFilterCount, serializeOrderFilters, useOrderFilters, type OrderFilters, type OrderSort } from "./order-filters-state";
import { OrdersTable } from "./orders-table";

const PAGE_SIZE = 50;
const numberFormat = new Intl.NumberFormat("en-US");

const SORT_LABELS: Record<OrderSort, string> = {
  placed_desc: "Newest first",
  placed_asc: "Oldest first",
  total_desc: "Highest total",
  total_asc: "Lowest total",
};

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

type ListInput = RouterInputs["order"]["list"];

/** The server's list input for these filters; the date range is read in `timeZone`. */
function toListInput(filters: OrderFilters, timeZone: string): Omit<ListInput, "cursor" | "limit"> {
  return {
    storeId: filters.storeId ?? undefined,
    financialStatus: filters.financialStatus.length ? filters.financialStatus : undefined,
    fulfillmentStatus: filters.fulfillmentStatus.length ? filters.fulfillmentStatus : undefined,
    supplierStatus: filters.supplierStatus ?? undefined,
    from: filters.from ? (startOfZonedDay(filters.from, timeZone) ?? undefined) : undefined,
    to: filters.to ? (startOfNextZonedDay(filters.to, timeZone) ?? undefined) : undefined,
    q: filters.q.trim() || undefined,
    drill: filters.drill ?? undefined,
    sort: filters.sort,
  };
}

export function OrdersView() {
  const trpc = useTRPC();
  const organization = useOrganization();
  const { filters, setFilters } = useOrderFilters();
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: true }));
  const storeOptions = useMemo(() => stores.data ?? [], [stores.data]);
  const selectedStore = storeOptions.find((s) => s.id === filters.storeId) ?? null;
  const timeZone = selectedStore?.timezone ?? browserTimeZone();

  const rangeInvalid = Boolean(filters.from && filters.to && filters.from > filters.to);
  const baseInput = toListInput(filters, timeZone);
  const { sort: _sort, ...countInput } = baseInput;

  // Keyset pages: the cursors that led to the current page, reset whenever the filters change.
  const filterKey = serializeOrderFilters(filters);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: filterKey, cursors: [] });
  const cursors = paging.key === filterKey ? paging.cursors : [];
  const cursor = cursors.at(-1);

  const list = useQuery({
    ...trpc.order.list.queryOptions({ ...baseInput, cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    enabled: !rangeInvalid,
  });
  const count = useQuery({
    ...trpc.order.count.queryOptions(countInput),
    placeholderData: keepPreviousData,
    enabled: !rangeInvalid,
  });

  const onFiltersChange = useCallback((update: Partial<OrderFilters>) => setFilters(update), [setFilters]);
  const onSortChange = useCallback((sort: OrderSort) => setFilters({ sort }), [setFilters]);

  const items = list.data?.items ?? [];
  const pageIndex = cursors.length;
  const firstShown = pageIndex * PAGE_SIZE + 1;
  const filtered = activeFilterCount(filters) > 0;
  const showStore = !filters.storeId && storeOptions.length !== 1;
  const canImport = organization.can("imports:run");

  function goNext() {
    const next = list.data?.nextCursor;
    if (!next) return;
    setPaging({ key: filterKey, cursors: [...cursors, next] });
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  function goPrevious() {
    setPaging({ key: filterKey, cursors: cursors.slice(0, -1) });
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  return (
    <PageContainer className="grid max-w-7xl gap-5">
      <PageHeader
        title="Orders"
        description={
          storeOptions.length > 1 || organization.kind === "agency"
            ? "Every store's orders in one list, with the supplier side beside the store side."
            : "Your store's orders, with the supplier side beside the store side."
        }
        actions={
          canImport ? (
            <Button asChild variant="secondary">
              <Link href={filters.storeId ? `/imports?storeId=${filters.storeId}` : "/imports"}>
                <Upload aria-hidden />
                Import orders
              </Link>
            </Button>
          ) : null
        }
      />

      {filters.drill ? (
        <DrillBanner drill={filters.drill} stores={storeOptions} onClear={() => setFilters({ drill: null })} />
      ) : null}

      <OrderFiltersBar
        filters={filters}
        onChange={onFiltersChange}
        stores={storeOptions}
        dateZone={{ timeZone, storeName: selectedStore?.name ?? null }}
      />

      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b px-4 py-2.5 sm:px-5">
          {/* A div, not a p: the loading skeleton inside is a div, which a p cannot hold (the browser would split it and hydration fail). */}
          <div className="flex items-center gap-2 text-sm font-medium" aria-live="polite" data-testid="orders-count">
            {count.data ? (
              <>
                {numberFormat.format(count.data.count)}
                {count.data.capped ? "+" : ""} {count.data.count === 1 && !count.data.capped ? "order" : "orders"}
              </>
            ) : count.isError ? (
              <span className="text-muted-foreground">Orders</span>
            ) : (
              <Skeleton className="h-4 w-20" />
            )}
            {list.isFetching && !list.isPending ? <Spinner className="size-3.5 text-muted-foreground" label="Updating" /> : null}
          </div>
          <Select value={filters.sort} onValueChange={(v) => onSortChange(v as OrderSort)}>
            <SelectTrigger aria-label="Sort orders" className="h-8 w-auto gap-1.5 border-transparent bg-transparent px-2 text-[13px] shadow-none hover:bg-muted">
              <span className="text-muted-foreground">Sort:</span>
              <SelectValue />
            </SelectTrigger>
            <SelectContent align="end">
              {(Object.keys(SORT_LABELS) as OrderSort[]).map((sort) => (
                <SelectItem key={sort} value={sort}>
                  {SORT_LABELS[sort]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>

        {rangeInvalid ? (
          <div className="p-5">
            <Alert variant="warning">The start date is after the end date. Change one of them to see orders.</Alert>
          </div>
        ) : list.isPending ? (
          <TableSkeleton />
        ) : list.isError ? (
          <div className="p-5">
            <Alert variant="destructive" title="The orders could not be loaded">
              {list.error.message}
            </Alert>
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={ShoppingBag}
            title={filtered ? "No orders match these filters" : "No orders yet"}
            description={
              filtered
                ? "Try another status, a wider date range or a shorter search."
                : canImport
                  ? "Import a Shopify orders export to see your orders here."
                  : "Orders appear here once someone imports them or a store's webhooks deliver them."
            }
            action={
              filtered ? (
                <Button variant="secondary" size="sm" onClick={() => setFilters(clearedFilters)}>
                  Clear filters
                </Button>
              ) : canImport ? (
                <Button asChild size="sm">
                  <Link href="/imports">
                    <Upload aria-hidden />
                    Import orders
                  </Link>
                </Button>
              ) : null
            }
          />
        ) : (
          <>
            <OrdersTable orders={items} sort={filters.sort} onSortChange={onSortChange} showStore={showStore} busy={list.isPlaceholderData} />
            <nav
              aria-label="Pages"
              className="flex flex-wrap items-center justify-between gap-3 border-t bg-muted/30 px-4 py-2.5 sm:px-5"
            >
              <p className="text-[13px] text-muted-foreground">
                Showing {numberFormat.format(firstShown)}–{numberFormat.format(firstShown + items.length - 1)}
                {count.data ? ` of ${numberFormat.format(count.data.count)}${count.data.capped ? "+" : ""}` : null}
              </p>
              {pageIndex > 0 || list.data?.nextCursor ? (
                <div className="flex gap-2">
                  <Button variant="secondary" size="sm" disabled={pageIndex === 0 || list.isPlaceholderData} onClick={goPrevious}>
                    <ChevronLeft aria-hidden />
                    Previous
                  </Button>
                  <Button variant="secondary" size="sm" disabled={!list.data?.nextCursor || list.isPlaceholderData} onClick={goNext}>
                    Next
                    <ChevronRight aria-hidden />
                  </Button>
                </div>
              ) : null}
            </nav>
          </>
        )}
      </Card>
    </PageContainer>
  );
}

/** Clears what narrows the list but keeps the chosen sort. */
function clearedFilters(current: OrderFilters): OrderFilters {
  return {
    storeId: null,
    financialStatus: [],
    fulfillmentStatus: [],
    supplierStatus: null,
    from: null,
    to: null,
    q: "",
    sort: current.sort,
    drill: null,
  };
}

/** What a drill-down is, in words: "Refunded to customers · 1 Jan 2026 – 31 Dec 2026 · Not delivered · AliExpress · USD". */
function describeDrill(drill: Drill, stores: { id: string; name: string }[]): string[] {
  const parts = [DRILL_LABELS[drill.metric], formatRange(drill)];
  if (drill.storeIds?.length) {
    const count = drill.storeIds.length;
    // Until the stores have loaded (and when rendered on the server) there are no names to give.
    const names = stores.length ? drill.storeIds.map((id) => stores.find((s) => s.id === id)?.name ?? "Unknown store") : [];
    parts.push(names.length && count <= 3 ? names.join(", ") : count === 1 ? "1 store" : `${count} stores`);
  }
  if (drill.reason !== undefined) parts.push(reasonLabel(drill.reason));
  if (drill.supplier !== undefined) parts.push(supplierLabel(drill.supplier));
  if (drill.product !== undefined) {
    parts.push(drill.product === "" ? "Orders without line items" : drill.product.startsWith("title:") ? drill.product.slice(6) : `SKU ${drill.product}`);
  }
  if (drill.currency) parts.push(drill.currency);
  return parts;
}

/** The list is narrowed to the orders behind one loss-report figure; say which, and offer the way out. */
function DrillBanner({ drill, stores, onClear }: { drill: Drill; stores: { id: string; name: string }[]; onClear: () => void }) {
  const report = new URLSearchParams({ from: drill.from, to: drill.to });
  if (drill.storeIds?.length) report.set("stores", drill.storeIds.join(","));
  return (
    <div
      role="status"
      data-testid="drill-banner"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-primary/20 bg-primary/5 px-3.5 py-2.5 text-sm"
    >
      <ChartColumnStacked className="size-4 shrink-0 text-primary" aria-hidden />
      <p className="min-w-0 flex-[1_1_16rem] leading-snug">
        <span className="font-medium">From the loss report:</span>{" "}
        <span className="text-muted-foreground">{describeDrill(drill, stores).join(" · ")}</span>
      </p>
      <div className="ml-auto flex shrink-0 items-center gap-1">
        <Button asChild variant="ghost" size="sm">
          <Link href={`/reports?${report.toString().replace(/%2C/g, ",")}`}>Back to the report</Link>
        </Button>
        <Button variant="secondary" size="sm" onClick={onClear}>
          <X aria-hidden />
          Clear
        </Button>
      </div>
    </div>
  );
}

function TableSkeleton() {
  return (
    <div className="grid gap-0 divide-y" role="status" aria-label="Loading orders">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex items-center gap-4 px-5 py-3.5">
          <Skeleton className="h-4 w-14" />
          <div className="grid flex-1 gap-1.5">
            <Skeleton className="h-3.5 w-32" />
            <Skeleton className="h-3 w-44" />
          </div>
          <Skeleton className="hidden h-4 w-16 md:block" />
          <Skeleton className="hidden h-5 w-20 md:block" />
          <Skeleton className="hidden h-5 w-24 md:block" />
          <Skeleton className="h-4 w-20" />
        </div>
      ))}
    </div>
  );
}
