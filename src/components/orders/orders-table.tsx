"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronRight } from "lucide-react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { formatZonedDate, formatZonedFull, formatZonedTime } from "@/lib/zoned-time";
import type { RouterOutputs } from "@/trpc/react";
import type { OrderSort } from "./order-filters-state";
import { isOpenSupplierStatus, ShipByCell } from "./ship-by";
import { FinancialStatusBadge, FulfillmentStatusBadge, SupplierStatusBadge } from "./status-badges";

export type OrderRow = RouterOutputs["order"]["list"]["items"][number];

type SortKey = "placed" | "total";

function sortingOf(sort: OrderSort): SortingState {
  const [key, direction] = sort.split("_") as [SortKey, "asc" | "desc"];
  return [{ id: key, desc: direction === "desc" }];
}

function PlacedCell({ order }: { order: OrderRow }) {
  return (
    <span className="grid text-[13px] leading-tight" title={formatZonedFull(order.placedAt, order.storeTimezone)}>
      <span className="whitespace-nowrap">{formatZonedDate(order.placedAt, order.storeTimezone)}</span>
      <span className="whitespace-nowrap text-xs text-muted-foreground">{formatZonedTime(order.placedAt, order.storeTimezone)}</span>
    </span>
  );
}

function SupplierCell({ order }: { order: OrderRow }) {
  return (
    <span className="flex items-center gap-1">
      <SupplierStatusBadge status={order.supplierStatus} />
      {order.supplierCount > 1 ? (
        <span className="text-xs font-medium text-muted-foreground" title={`${order.supplierCount} supplier orders`}>
          +{order.supplierCount - 1}
        </span>
      ) : null}
    </span>
  );
}

function CustomerCell({ order }: { order: OrderRow }) {
  if (!order.customerName && !order.email) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="grid min-w-0 max-w-56 leading-tight">
      <span className="truncate text-[13px] font-medium">{order.customerName ?? order.email}</span>
      {order.customerName && order.email ? (
        <span className="truncate text-xs text-muted-foreground" title={order.email}>
          {order.email}
        </span>
      ) : null}
    </span>
  );
}

function SortHeader({
  label,
  column,
  sort,
  onSortChange,
  align = "left",
}: {
  label: string;
  column: SortKey;
  sort: OrderSort;
  onSortChange: (sort: OrderSort) => void;
  align?: "left" | "right";
}) {
  const [key, direction] = sort.split("_") as [SortKey, "asc" | "desc"];
  const active = key === column;
  // First click sorts the natural way for the column: newest / largest first.
  const next: OrderSort = active && direction === "desc" ? `${column}_asc` : `${column}_desc`;
  const Icon = !active ? ArrowUpDown : direction === "desc" ? ArrowDown : ArrowUp;
  return (
    <button
      type="button"
      onClick={() => onSortChange(next)}
      className={cn(
        "-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-1 transition-colors hover:bg-muted hover:text-foreground",
        active && "text-foreground",
        align === "right" && "flex-row-reverse",
      )}
    >
      {label}
      <Icon className={cn("size-3.5", !active && "opacity-50")} aria-hidden />
      <span className="sr-only">{active ? (direction === "desc" ? ", sorted descending" : ", sorted ascending") : ", sort"}</span>
    </button>
  );
}

/**
 * The orders list: a TanStack table from the `md` breakpoint up, stacked cards below it. Sorting is
 * done by the server (keyset pages), so the table only reflects and changes the URL's sort.
 */
export function OrdersTable({
  orders,
  sort,
  onSortChange,
  showStore,
  busy,
}: {
  orders: OrderRow[];
  sort: OrderSort;
  onSortChange: (sort: OrderSort) => void;
  showStore: boolean;
  busy?: boolean;
}) {
  const router = useRouter();
  const columns = useMemo<ColumnDef<OrderRow>[]>(
    () => [
      {
        id: "order",
        header: "Order",
        cell: ({ row }) => (
          <span className="grid leading-tight">
            <Link
              href={`/orders/${row.original.id}`}
              className="font-semibold text-foreground hover:text-primary hover:underline focus-visible:underline"
              onClick={(event) => event.stopPropagation()}
            >
              {row.original.name}
            </Link>
            {showStore ? <span className="line-clamp-2 min-w-24 text-xs text-muted-foreground">{row.original.storeName}</span> : null}
          </span>
        ),
      },
      { id: "customer", header: "Customer", cell: ({ row }) => <CustomerCell order={row.original} /> },
      {
        id: "total",
        header: () => <SortHeader label="Total" column="total" sort={sort} onSortChange={onSortChange} align="right" />,
        cell: ({ row }) => (
          <span className="whitespace-nowrap font-medium tabular-nums">{formatMoney(row.original.totalMinor, row.original.currency)}</span>
        ),
        meta: { align: "right" },
      },
      { id: "financial", header: "Payment", cell: ({ row }) => <FinancialStatusBadge status={row.original.financialStatus} /> },
      { id: "fulfillment", header: "Fulfillment", cell: ({ row }) => <FulfillmentStatusBadge status={row.original.fulfillmentStatus} /> },
      { id: "supplier", header: "Supplier", cell: ({ row }) => <SupplierCell order={row.original} /> },
      {
        id: "shipBy",
        header: "Ship by",
        cell: ({ row }) => (
          <ShipByCell shipBy={row.original.shipBy} supplierStatus={row.original.supplierStatus} timeZone={row.original.storeTimezone} />
        ),
      },
      {
        id: "placed",
        header: () => <SortHeader label="Placed" column="placed" sort={sort} onSortChange={onSortChange} />,
        cell: ({ row }) => <PlacedCell order={row.original} />,
      },
    ],
    [showStore, sort, onSortChange],
  );

  const table = useReactTable({
    data: orders,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting: sortingOf(sort) },
  });

  return (
    <div className={cn("transition-opacity", busy && "opacity-60")} aria-busy={busy || undefined}>
      <Table containerClassName="hidden md:block" className="text-[13px]" data-testid="orders-table">
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => (
                <TableHead
                  key={header.id}
                  className={cn(
                    "px-2.5 first:pl-5 last:pr-5",
                    (header.column.columnDef.meta as { align?: string } | undefined)?.align === "right" && "text-right",
                  )}
                  aria-sort={
                    header.column.id === sortingOf(sort)[0]!.id ? (sortingOf(sort)[0]!.desc ? "descending" : "ascending") : undefined
                  }
                >
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </TableHead>
              ))}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow
              key={row.id}
              data-testid="order-row"
              className="cursor-pointer"
              onClick={(event) => {
                // Let a selection of text (an email, say) happen without navigating away.
                if (window.getSelection()?.toString()) return;
                if (event.metaKey || event.ctrlKey) window.open(`/orders/${row.id}`, "_blank");
                else router.push(`/orders/${row.id}`);
              }}
            >
              {row.getVisibleCells().map((cell) => (
                <TableCell
                  key={cell.id}
                  className={cn(
                    "px-2.5 py-2.5 first:pl-5 last:pr-5",
                    (cell.column.columnDef.meta as { align?: string } | undefined)?.align === "right" && "text-right",
                  )}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <ul className="divide-y md:hidden" aria-label="Orders">
        {orders.map((order) => (
          <li key={order.id} data-testid="order-card">
            <Link href={`/orders/${order.id}`} className="flex items-start gap-3 px-4 py-3.5 transition-colors active:bg-muted/60">
              <div className="grid min-w-0 flex-1 gap-1.5">
                <div className="flex items-baseline justify-between gap-3">
                  <span className="min-w-0 truncate text-sm font-semibold">
                    {order.name}
                    {showStore ? <span className="font-normal text-muted-foreground"> · {order.storeName}</span> : null}
                  </span>
                  <span className="shrink-0 text-sm font-medium tabular-nums">{formatMoney(order.totalMinor, order.currency)}</span>
                </div>
                <div className="flex items-baseline justify-between gap-3 text-xs text-muted-foreground">
                  <span className="min-w-0 truncate">{order.customerName ?? order.email ?? "No customer"}</span>
                  <span className="shrink-0" title={formatZonedFull(order.placedAt, order.storeTimezone)}>
                    {formatZonedDate(order.placedAt, order.storeTimezone)}
                  </span>
                </div>
                <div className="flex flex-wrap items-center gap-1.5">
                  <FinancialStatusBadge status={order.financialStatus} />
                  <FulfillmentStatusBadge status={order.fulfillmentStatus} />
                  <SupplierCell order={order} />
                </div>
                {order.shipBy && isOpenSupplierStatus(order.supplierStatus) ? (
                  <div className="flex items-center gap-1.5 text-xs text-muted-foreground">
                    <span>Ship by</span>
                    <ShipByCell
                      shipBy={order.shipBy}
                      supplierStatus={order.supplierStatus}
                      timeZone={order.storeTimezone}
                      className="flex items-baseline gap-1.5 text-xs"
                    />
                  </div>
                ) : null}
              </div>
              <ChevronRight className="mt-0.5 size-4 shrink-0 text-muted-foreground/60" aria-hidden />
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
