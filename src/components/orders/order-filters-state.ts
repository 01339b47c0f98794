"use client";

import { useRouter } from "next/navigation";
import { usePathname, useSearchParams } from "@/hooks/navigation";
import { useCallback, useMemo } from "react";
import {
  FINANCIAL_STATUSES,
  FULFILLMENT_STATUSES,
  SUPPLIER_ORDER_STATUSES,
  type FinancialStatus,
  type FulfillmentStatus,
  type SupplierOrderStatus,
} from "@/lib/orders";
import { drillFromParams, drillToParams, type Drill } from "@/lib/reports/drill";

export const ORDER_SORTS = ["placed_desc", "placed_asc", "total_desc", "total_asc"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

export const SUPPLIER_FILTERS = [...SUPPLIER_ORDER_STATUSES, "none", "past_ship_by"] as const;
export type SupplierFilter = SupplierOrderStatus | "none" | "past_ship_by";

/**
 * Everything that decides which orders the list shows. It lives in the URL query string, so a link
 * (`/orders?storeId=…&financialStatus=refunded&supplierStatus=past_ship_by`) opens the same list and
 * a reload keeps it. Dates are calendar days (`YYYY-MM-DD`), inclusive at both ends.
 */
export interface OrderFilters {
  storeId: string | null;
  financialStatus: FinancialStatus[];
  fulfillmentStatus: FulfillmentStatus[];
  supplierStatus: SupplierFilter | null;
  from: string | null;
  to: string | null;
  q: string;
  sort: OrderSort;
  /** The orders behind a loss-report figure (`metric`, `mfrom`, `mto`, … in the URL). */
  drill: Drill | null;
}

export const EMPTY_FILTERS: OrderFilters = {
  storeId: null,
  financialStatus: [],
  fulfillmentStatus: [],
  supplierStatus: null,
  from: null,
  to: null,
  q: "",
  sort: "placed_desc",
  drill: null,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Repeated (`?s=a&s=b`) and comma-separated (`?s=a,b`) forms both work; unknown values are ignored. */
function manyOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  const wanted = new Set(values.flatMap((v) => v.split(",")).map((v) => v.trim()));
  return allowed.filter((value) => wanted.has(value));
}

export function parseOrderFilters(params: URLSearchParams): OrderFilters {
  const storeId = params.get("storeId");
  const from = params.get("from");
  const to = params.get("to");
  return {
    storeId: storeId && UUID.test(storeId) ? storeId : null,
    financialStatus: manyOf(FINANCIAL_STATUSES, params.getAll("financialStatus")),
    fulfillmentStatus: manyOf(FULFILLMENT_STATUSES, params.getAll("fulfillmentStatus")),
    supplierStatus: oneOf(SUPPLIER_FILTERS, params.get("supplierStatus")),
    from: from && DATE.test(from) ? from : null,
    to: to && DATE.test(to) ? to : null,
    q: (params.get("q") ?? "").slice(0, 100),
    sort: oneOf(ORDER_SORTS, params.get("sort")) ?? "placed_desc",
    drill: drillFromParams(params),
  };
}

export function serializeOrderFilters(filters: OrderFilters): string {
  const params = new URLSearchParams();
  if (filters.storeId) params.set("storeId", filters.storeId);
  if (filters.financialStatus.length) params.set("financialStatus", filters.financialStatus.join(","));
  if (filters.fulfillmentStatus.length) params.set("fulfillmentStatus", filters.fulfillmentStatus.join(","));
  if (filters.supplierStatus) params.set("supplierStatus", filters.supplierStatus);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.sort !== "placed_desc") params.set("sort", filters.sort);
  if (filters.drill) drillToParams(filters.drill, params);
  // Commas stay readable in the address bar.
  return params.toString().replace(/%2C/g, ",");
}

/** How many filters narrow the list (sorting and an empty search do not count). */
export function activeFilterCount(filters: OrderFilters): number {
  return [
    filters.storeId,
    filters.financialStatus.length > 0,
    filters.fulfillmentStatus.length > 0,
    filters.supplierStatus,
    filters.from || filters.to,
    filters.q.trim(),
    filters.drill,
  ].filter(Boolean).length;
}

/** The filters in the URL, and a setter that replaces the URL (no history entry per keystroke). */
export function useOrderFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.toString();
  const filters = useMemo(() => parseOrderFilters(new URLSearchParams(query)), [query]);

  const setFilters = useCallback(
    (update: Partial<OrderFilters> | ((current: OrderFilters) => OrderFilters)) => {
      // Read the address bar, not the render's copy: a debounced search may land after other changes.
      const current = parseOrderFilters(new URLSearchParams(window.location.search));
      const next = typeof update === "function" ? update(current) : { ...current, ...update };
      const search = serializeOrderFilters(next);
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  return { filters, setFilters };
}
