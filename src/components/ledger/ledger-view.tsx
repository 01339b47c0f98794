"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ArrowUpRight, BookOpen } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { CaseOutcomeBadge } from "@/components/cases/case-badges";
import { MoneyFigures } from "@/components/cases/money-figures";
import { useUrlFilters } from "@/components/cases/use-url-filters";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { formatZonedDate } from "@/lib/zoned-time";
import { useTRPC } from "@/trpc/react";

const ALL = "all";

/** The refund ledger's figures per store and currency, and the closed cases that make them up. */
export function LedgerView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlFilters(["store"] as const);
  const storeId = filters.store || undefined;
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: false }));
  const ledger = useQuery({ ...trpc.ledger.store.queryOptions({ storeId }), placeholderData: keepPreviousData });
  const closed = useQuery({ ...trpc.case.list.queryOptions({ storeId, state: ["closed"], limit: 50 }), placeholderData: keepPreviousData });
  const storeName = stores.data?.find((s) => s.id === storeId)?.name;

  return (
    <PageContainer className="grid gap-6">
      <PageHeader
        title="Ledger"
        description="Money back to customers and from suppliers, per currency. Net loss is what was refunded and not recovered."
        actions={
          <Select value={storeId ?? ALL} onValueChange={(v) => setFilters({ store: v === ALL ? "" : v })}>
            <SelectTrigger className="w-56" aria-label="Store">
              <SelectValue />
            </SelectTrigger>
            <SelectContent align="end">
              <SelectItem value={ALL}>All stores</SelectItem>
              {stores.data?.length ? <SelectSeparator /> : null}
              {stores.data?.map((s) => (
                <SelectItem key={s.id} value={s.id}>
                  {s.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        }
      />

      {ledger.isError ? (
        <Alert variant="destructive" title="The ledger could not be loaded">
          {ledger.error.message}
        </Alert>
      ) : !ledger.data ? (
        <Skeleton className="h-36 rounded-xl" />
      ) : ledger.data.byCurrency.length === 0 ? (
        <Card>
          <EmptyState
            icon={BookOpen}
            title="No money has moved yet"
            description={`${storeName ? `${storeName} has` : "Your stores have"} no refunds recorded. Refunds from cases and store imports appear here.`}
          />
        </Card>
      ) : (
        <div className={cn("grid gap-4", ledger.isFetching && "opacity-80")}>
          {ledger.data.byCurrency.map((figures) => (
            <Card key={figures.currency} data-testid="ledger-currency" data-currency={figures.currency}>
              <CardHeader>
                <div>
                  <CardTitle>{figures.currency}</CardTitle>
                  <CardDescription>{storeName ?? "All stores"}</CardDescription>
                </div>
                {figures.writtenOffMinor > 0 ? (
                  <span className="text-xs text-muted-foreground">{formatMoney(figures.writtenOffMinor, figures.currency)} written off</span>
                ) : null}
              </CardHeader>
              <div className="px-5 pb-5">
                <MoneyFigures figures={figures} currency={figures.currency} layout="grid" />
              </div>
            </Card>
          ))}
        </div>
      )}

      <Card className="overflow-hidden">
        <CardHeader>
          <div>
            <CardTitle>Closed cases</CardTitle>
            <CardDescription>Each case&apos;s loss as the ledger stood when it closed. Open an order for its entries.</CardDescription>
          </div>
          <Link href="/cases" className="text-[13px] font-medium text-primary hover:underline">
            Open cases
          </Link>
        </CardHeader>
        {!closed.data ? (
          <div className="border-t p-5">
            <Skeleton className="h-16" />
          </div>
        ) : closed.data.length === 0 ? (
          <p className="border-t px-5 py-4 text-[13px] text-muted-foreground">No closed cases{storeName ? ` in ${storeName}` : ""} yet.</p>
        ) : (
          <Table containerClassName="border-t" className="text-[13px]" stackOnMobile aria-label="Closed cases">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Order</TableHead>
                <TableHead>Store</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead className="text-right">Net loss</TableHead>
                <TableHead>Closed</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {closed.data.map((row) => (
                <TableRow key={row.id}>
                  <TableCell className="max-sm:flex-1 max-sm:px-4 max-sm:pb-1">
                    <Link href={`/orders/${row.orderId}`} className="inline-flex items-center gap-1 font-semibold hover:text-primary hover:underline">
                      {row.orderName}
                      <ArrowUpRight className="size-3 text-muted-foreground" aria-hidden />
                    </Link>
                    <span className="block text-xs text-muted-foreground">{row.customerName}</span>
                  </TableCell>
                  <TableCell className="text-muted-foreground max-sm:order-3 max-sm:py-1 max-sm:pl-4 max-sm:pr-2 max-sm:text-xs">{row.storeName}</TableCell>
                  <TableCell className="max-sm:order-4 max-sm:px-0 max-sm:py-1">{row.outcome ? <CaseOutcomeBadge outcome={row.outcome} /> : null}</TableCell>
                  <TableCell className={cn("text-right tabular-nums max-sm:order-2 max-sm:px-4 max-sm:pb-1", (row.lossMinor ?? 0) > 0 && "text-destructive")}>
                    {row.lossMinor !== null ? formatMoney(row.lossMinor, row.currency) : "—"}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground max-sm:order-5 max-sm:ml-auto max-sm:px-4 max-sm:py-1 max-sm:text-xs">
                    <Link href={`/cases/${row.id}`} className="hover:text-foreground hover:underline">
                      {formatZonedDate(row.updatedAt, row.storeTimezone)}
                    </Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </PageContainer>
  );
}
