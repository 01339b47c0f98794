"use client";

import { useEffect, useRef, useState } from "react";
import { Search, SlidersHorizontal, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { MultiSelect } from "@/components/ui/multi-select";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import {
  FINANCIAL_STATUSES,
  FINANCIAL_STATUS_LABELS,
  FULFILLMENT_STATUSES,
  FULFILLMENT_STATUS_LABELS,
  SUPPLIER_ORDER_STATUSES,
  SUPPLIER_STATUS_LABELS,
} from "@/lib/orders";
import { cn } from "@/lib/utils";
import { activeFilterCount, EMPTY_FILTERS, type OrderFilters, type SupplierFilter } from "./order-filters-state";

const ANY = "any";
const SEARCH_DEBOUNCE_MS = 300;

const FINANCIAL_OPTIONS = FINANCIAL_STATUSES.map((value) => ({ value, label: FINANCIAL_STATUS_LABELS[value] }));
const FULFILLMENT_OPTIONS = FULFILLMENT_STATUSES.map((value) => ({ value, label: FULFILLMENT_STATUS_LABELS[value] }));

export interface StoreOption {
  id: string;
  name: string;
  timezone: string;
}

/** Search, store, statuses and dates. On a phone everything but the search folds behind "Filters". */
export function OrderFiltersBar({
  filters,
  onChange,
  stores,
  dateZone,
}: {
  filters: OrderFilters;
  onChange: (update: Partial<OrderFilters>) => void;
  stores: StoreOption[];
  /** The zone the date range is read in: the chosen store's, or the reader's for all stores. */
  dateZone: { timeZone: string; storeName: string | null };
}) {
  const [showMore, setShowMore] = useState(false);
  const count = activeFilterCount(filters);
  // What the folded panel holds: not the search beside it, nor a report drill-down (its banner shows it).
  const narrowing = count - (filters.q.trim() ? 1 : 0) - (filters.drill ? 1 : 0);
  const rangeError = filters.from && filters.to && filters.from > filters.to ? "The start date must be on or before the end date." : null;

  return (
    <div className="grid gap-3">
      <div className="flex gap-2">
        <SearchBox value={filters.q} onSearch={(q) => onChange({ q })} />
        <Button
          variant="secondary"
          className="md:hidden"
          aria-expanded={showMore}
          aria-controls="order-filters"
          onClick={() => setShowMore((v) => !v)}
        >
          <SlidersHorizontal aria-hidden />
          Filters
          {narrowing > 0 ? (
            <span className="rounded bg-primary px-1.5 text-[11px] font-semibold leading-4 text-primary-foreground">{narrowing}</span>
          ) : null}
        </Button>
      </div>

      <div
        id="order-filters"
        className={cn(
          "grid-cols-2 gap-3 md:grid md:grid-cols-3 xl:grid-cols-[minmax(0,1.2fr)_repeat(3,minmax(0,1fr))_8.75rem_8.75rem]",
          showMore ? "grid" : "hidden",
        )}
      >
        <FormField label="Store" className="col-span-2 md:col-span-1">
          <Select value={filters.storeId ?? ANY} onValueChange={(v) => onChange({ storeId: v === ANY ? null : v })}>
            <SelectTrigger aria-label="Store">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>All stores</SelectItem>
              {stores.length > 0 ? <SelectSeparator /> : null}
              {stores.map((store) => (
                <SelectItem key={store.id} value={store.id}>
                  {store.name}
                </SelectItem>
              ))}
              {filters.storeId && !stores.some((s) => s.id === filters.storeId) ? (
                <SelectItem value={filters.storeId}>Unknown store</SelectItem>
              ) : null}
            </SelectContent>
          </Select>
        </FormField>
        <FormField label="Payment">
          <MultiSelect
            aria-label="Payment status"
            options={FINANCIAL_OPTIONS}
            value={filters.financialStatus}
            onChange={(financialStatus) => onChange({ financialStatus })}
          />
        </FormField>
        <FormField label="Fulfillment">
          <MultiSelect
            aria-label="Fulfillment status"
            options={FULFILLMENT_OPTIONS}
            value={filters.fulfillmentStatus}
            onChange={(fulfillmentStatus) => onChange({ fulfillmentStatus })}
          />
        </FormField>
        <FormField label="Supplier">
          <Select
            value={filters.supplierStatus ?? ANY}
            onValueChange={(v) => onChange({ supplierStatus: v === ANY ? null : (v as SupplierFilter) })}
          >
            <SelectTrigger aria-label="Supplier status">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Any</SelectItem>
              <SelectSeparator />
              <SelectItem value="past_ship_by" description="Not dispatched, and the ship-by has passed">
                Past ship-by
              </SelectItem>
              <SelectItem value="none" description="Nothing ordered from a supplier yet">
                No supplier order
              </SelectItem>
              <SelectSeparator />
              {SUPPLIER_ORDER_STATUSES.map((status) => (
                <SelectItem key={status} value={status}>
                  {SUPPLIER_STATUS_LABELS[status]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <FormField label="Placed from" error={rangeError}>
          <Input
            type="date"
            value={filters.from ?? ""}
            max={filters.to ?? undefined}
            onChange={(e) => onChange({ from: e.target.value || null })}
          />
        </FormField>
        <FormField label="Placed to">
          <Input type="date" value={filters.to ?? ""} min={filters.from ?? undefined} onChange={(e) => onChange({ to: e.target.value || null })} />
        </FormField>
      </div>

      {count > 0 || filters.from || filters.to ? (
        <div className={cn("flex-wrap items-center justify-between gap-x-3 gap-y-1 md:flex", showMore || filters.q ? "flex" : "hidden")}>
          <p className="text-xs text-muted-foreground">
            {filters.from || filters.to
              ? `Dates are whole days in ${dateZone.storeName ? `the time zone of ${dateZone.storeName}` : "your time zone"} (${dateZone.timeZone}).`
              : null}
          </p>
          {count > 0 ? (
            <Button variant="ghost" size="sm" onClick={() => onChange({ ...EMPTY_FILTERS, sort: filters.sort })}>
              <X aria-hidden />
              Clear filters
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Typing waits a moment before it filters, so each keystroke does not fire a query. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  // The last value this box sent to the URL; anything else arriving from the URL came from outside.
  const sent = useRef(value);

  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    const q = text.trim();
    if (q === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = q;
      onSearch(q);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);

  return (
    <div className="relative min-w-0 flex-1">
      <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <Input
        type="search"
        aria-label="Search orders"
        placeholder="Search by order, email, customer or SKU"
        value={text}
        maxLength={100}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            sent.current = text.trim();
            onSearch(text.trim());
          }
        }}
        className="pl-9"
      />
    </div>
  );
}
