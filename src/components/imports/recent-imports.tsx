"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ChevronRight, FileSpreadsheet } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import { formatFullDateTime, formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { IMPORT_FORMATS, type ImportKind } from "./import-formats";
import { JobStatusBadge } from "./job-status-badge";

const numberFormat = new Intl.NumberFormat("en-US");

/** The latest imports across the stores the member can see, newest first. */
export function RecentImports({ stores }: { stores: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const jobs = useQuery({
    ...trpc.import.list.queryOptions({}),
    // A running import moves on its own; look again now and then while one is listed.
    refetchInterval: (query) => (query.state.data?.some((job) => job.status === "running") ? 5000 : false),
  });
  const storeNames = new Map(stores.map((s) => [s.id, s.name]));

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Recent imports</CardTitle>
          <CardDescription>The last 20 files uploaded, in every store you can see.</CardDescription>
        </div>
      </CardHeader>
      {jobs.isPending ? (
        <SkeletonRows rows={3} className="border-t px-5 py-4" />
      ) : jobs.isError ? (
        <div className="border-t p-5">
          <Alert variant="destructive">{jobs.error.message}</Alert>
        </div>
      ) : jobs.data.length === 0 ? (
        <EmptyState className="border-t" icon={FileSpreadsheet} title="No imports yet" description="Files you upload appear here, with how each one went." />
      ) : (
        <ul className="divide-y border-t" aria-label="Recent imports" data-testid="recent-imports">
          {jobs.data.map((job) => (
            <li key={job.id}>
              <Link href={`/imports/${job.id}`} className="flex items-center gap-3 px-4 py-3 transition-colors hover:bg-muted/40 sm:px-5">
                <span className="hidden size-8 shrink-0 items-center justify-center rounded-md border bg-muted/40 text-muted-foreground sm:flex">
                  <FileSpreadsheet className="size-4" aria-hidden />
                </span>
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <p className="truncate text-sm font-medium" title={job.fileName}>
                    {job.fileName}
                  </p>
                  <p className="truncate text-xs text-muted-foreground">
                    {IMPORT_FORMATS[job.kind as ImportKind]?.short ?? job.kind} · {storeNames.get(job.storeId) ?? "Store"} ·{" "}
                    {numberFormat.format(job.totalRows)} {job.totalRows === 1 ? "row" : "rows"}
                  </p>
                  {/* On a phone the status moves under the name, so the name keeps the width. */}
                  <p className="mt-1 flex items-center gap-2 sm:hidden">
                    <JobStatusBadge status={job.status} />
                    <span className="text-xs text-muted-foreground">{formatRelative(job.createdAt)}</span>
                  </p>
                </div>
                <div className="hidden shrink-0 flex-col items-end gap-1 sm:flex">
                  <JobStatusBadge status={job.status} />
                  <time dateTime={new Date(job.createdAt).toISOString()} title={formatFullDateTime(job.createdAt)} className="text-xs text-muted-foreground">
                    {formatRelative(job.createdAt)}
                  </time>
                </div>
                <ChevronRight className="size-4 shrink-0 text-muted-foreground/60" aria-hidden />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
