"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { cn } from "@/lib/utils";
import { Button } from "./button";

/** "Load more" for keyset-paginated lists: shows how many are loaded and whether more exist. */
export function LoadMore({
  loaded,
  hasMore,
  loading,
  onLoadMore,
  noun = { one: "item", other: "items" },
  className,
}: {
  loaded: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  noun?: { one: string; other: string };
  className?: string;
}) {
  const word = loaded === 1 ? noun.one : noun.other;
  return (
    <div className={cn("flex flex-wrap items-center justify-between gap-3", className)}>
      <p className="text-[13px] text-muted-foreground" aria-live="polite">
        {hasMore ? `Showing the latest ${loaded} ${word}` : loaded === 1 ? `Showing the only ${word}` : `Showing all ${loaded} ${word}`}
      </p>
      {hasMore ? (
        <Button variant="secondary" size="sm" loading={loading} onClick={onLoadMore}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}

/** Previous / next controls for page-numbered lists. */
export function Pagination({
  page,
  pageCount,
  onPageChange,
  className,
}: {
  page: number;
  pageCount: number;
  onPageChange: (page: number) => void;
  className?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pagination" className={cn("flex items-center justify-between gap-3", className)}>
      <p className="text-[13px] text-muted-foreground">
        Page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
          <ChevronLeft aria-hidden />
          Previous
        </Button>
        <Button variant="secondary" size="sm" disabled={page >= pageCount} onClick={() => onPageChange(page + 1)}>
          Next
          <ChevronRight aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
