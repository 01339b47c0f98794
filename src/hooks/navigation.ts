"use client";

import { usePathname as usePathnameOrNull, useSearchParams as useSearchParamsOrNull, type ReadonlyURLSearchParams } from "next/navigation";

/*
 * Next.js types `usePathname` and `useSearchParams` as possibly null once a project has a `pages`
 * directory (ours holds one API route: src/pages/api/trpc). Under the App Router, where every page
 * of ours lives, they always have a value; these say so once instead of at every use.
 */

const EMPTY = new URLSearchParams() as unknown as ReadonlyURLSearchParams;

export function usePathname(): string {
  return usePathnameOrNull() ?? "/";
}

export function useSearchParams(): ReadonlyURLSearchParams {
  return useSearchParamsOrNull() ?? EMPTY;
}
