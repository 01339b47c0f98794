import { describe, expect, it } from "vitest";
import { drillHref, type Drill } from "@/lib/reports/drill";
import { activeFilterCount, EMPTY_FILTERS, parseOrderFilters, serializeOrderFilters } from "./order-filters-state";

const STORE = "0b6f7a57-2f6b-4c55-9d5e-8a1f0c1d2e3f";

function fromHref(href: string) {
  return parseOrderFilters(new URL(href, "http://x").searchParams);
}

describe("a loss-report drill-down in the orders list's address", () => {
  it("a report figure's link opens the list with the drill-down and the store preselected", () => {
    const drill: Drill = { metric: "refunded", from: "2026-10-01", to: "2026-12-31", storeIds: [STORE], currency: "KRW", reason: "not_delivered" };
    const filters = fromHref(drillHref(drill, STORE));
    expect(filters.drill).toEqual(drill);
    expect(filters.storeId).toBe(STORE);
    expect(activeFilterCount(filters)).toBe(2);
  });

  it("survives a round trip with the other filters: empty supplier, a product title with commas, a sort", () => {
    const drill: Drill = { metric: "loss", from: "2026-01-01", to: "2026-01-31", supplier: "", product: "title:Socks, 3-pack & more" };
    const filters = { ...EMPTY_FILTERS, q: "kim", sort: "total_desc" as const, drill };
    const query = serializeOrderFilters(filters);
    expect(parseOrderFilters(new URLSearchParams(query))).toEqual(filters);
  });

  it("a broken or tampered drill-down is dropped rather than half applied", () => {
    expect(parseOrderFilters(new URLSearchParams("metric=refunded&mfrom=2026-02-30&mto=2026-03-01")).drill).toBeNull();
    expect(parseOrderFilters(new URLSearchParams("metric=everything&mfrom=2026-01-01&mto=2026-01-31")).drill).toBeNull();
    expect(parseOrderFilters(new URLSearchParams("metric=refunded&mfrom=2026-02-01&mto=2026-01-01")).drill).toBeNull();
    expect(parseOrderFilters(new URLSearchParams("metric=refunded&mfrom=2026-01-01&mto=2026-01-31&mstores=not-a-uuid")).drill).toBeNull();
  });

  it("clearing the drill-down leaves the other filters in the address", () => {
    const filters = fromHref(`${drillHref({ metric: "orders", from: "2026-01-01", to: "2026-01-31", currency: "USD" }, STORE)}&q=ana`);
    expect(serializeOrderFilters({ ...filters, drill: null })).toBe(`storeId=${STORE}&q=ana`);
  });
});
