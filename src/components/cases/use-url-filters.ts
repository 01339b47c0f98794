"use client";

import { useRouter } from "next/navigation";
import { usePathname, useSearchParams } from "@/hooks/navigation";
import { useCallback, useEffect, useState } from "react";

/**
 * Filters kept in the query string, so a filtered view can be shared and survives a reload.
 * Empty values are dropped from the URL.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const values = Object.fromEntries(keys.map((k) => [k, search.get(k) ?? ""])) as Record<K, string>;
  const set = useCallback(
    (update: Partial<Record<K, string>>) => {
      const params = new URLSearchParams(search.toString());
      for (const [key, value] of Object.entries(update) as [K, string | undefined][]) {
        if (value) params.set(key, value);
        else params.delete(key);
      }
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [search, router, pathname],
  );
  return [values, set] as const;
}

/** A search box's text, sent on after a pause in typing. */
export function useDebouncedSearch(value: string, onSearch: (q: string) => void, delay = 300) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  // The URL changed from outside (back button, a cleared filter): follow it.
  if (value !== synced) {
    setSynced(value);
    if (value !== text.trim()) setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearch(text.trim()), delay);
    return () => clearTimeout(timer);
  }, [text, value, onSearch, delay]);
  return [text, setText] as const;
}
