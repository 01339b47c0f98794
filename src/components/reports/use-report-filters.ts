"use client";

import { useRouter } from "next/navigation";
import { usePathname, useSearchParams } from "@/hooks/navigation";
import { useCallback, useMemo, useState } from "react";
import { DEFAULT_PRESET, localToday, presetRange } from "./report-format";

/**
 * What the report covers: a range of days and some stores (none chosen = all the member may see).
 * It lives in the query string (`/reports?from=2026-01-01&to=2026-12-31&stores=<id>,<id>`), so a
 * reload or a shared link opens the same report. Without `from`/`to` the report covers this year.
 */
export interface ReportFilters {
  from: string;
  to: string;
  storeIds: string[];
}

export function parseReportFilters(params: URLSearchParams, today: string): ReportFilters {
  const fallback = presetRange(DEFAULT_PRESET, today);
  const stores = params.get("stores");
  return {
    from: params.get("from") || fallback.from,
    to: params.get("to") || fallback.to,
    storeIds: stores ? [...new Set(stores.split(",").map((s) => s.trim()).filter(Boolean))] : [],
  };
}

export function serializeReportFilters(filters: ReportFilters): string {
  const params = new URLSearchParams();
  params.set("from", filters.from);
  params.set("to", filters.to);
  if (filters.storeIds.length) params.set("stores", filters.storeIds.join(","));
  return params.toString().replace(/%2C/g, ",");
}

/** The report's filters from the URL, today's date they were read against, and a setter. */
export function useReportFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // Fixed for the life of the page, so the default range does not move at midnight mid-session.
  const [today] = useState(localToday);
  const query = params.toString();
  const filters = useMemo(() => parseReportFilters(new URLSearchParams(query), today), [query, today]);

  const setFilters = useCallback(
    (update: Partial<ReportFilters>) => {
      const current = parseReportFilters(new URLSearchParams(window.location.search), today);
      router.replace(`${pathname}?${serializeReportFilters({ ...current, ...update })}`, { scroll: false });
    },
    [router, pathname, today],
  );

  return { filters, setFilters, today };
}
