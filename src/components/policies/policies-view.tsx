"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ArrowUpRight, FileText, Layers } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useOrganization } from "@/hooks/use-organization";
import { useTRPC } from "@/trpc/react";
import { ApplyTemplateDialog } from "./apply-template-dialog";
import { formatCalendarDate, LanguageCodes, PolicyStatusBadge, WarningCountBadge } from "./policy-badges";

/** Every store the member can see, with where its refund policy stands. */
export function PoliciesView() {
  const trpc = useTRPC();
  const organization = useOrganization();
  const canPublish = organization.can("policies:publish");
  const list = useQuery(trpc.policy.list.queryOptions());
  const [applying, setApplying] = useState(false);

  return (
    <PageContainer className="grid gap-6">
      <PageHeader
        title="Policies"
        description="Each store's refund and returns page, written for its customers in up to five languages and checked against what its supplier accepts."
        actions={
          canPublish && list.data?.length ? (
            <Button variant="secondary" onClick={() => setApplying(true)}>
              <Layers aria-hidden />
              Apply a template
            </Button>
          ) : null
        }
      />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Stores</CardTitle>
            <CardDescription>Open a store to edit its policy, preview it in each language and publish it.</CardDescription>
          </div>
        </CardHeader>
        {list.isPending ? (
          <SkeletonRows className="border-t px-5 py-4" rows={3} />
        ) : list.isError ? (
          <Alert variant="destructive" className="m-5 mt-0">
            {list.error.message}
          </Alert>
        ) : list.data.length === 0 ? (
          <EmptyState
            className="border-t"
            icon={FileText}
            title="No stores yet"
            description="Add a store under Settings → Stores; its policy is written here."
          />
        ) : (
          <Table containerClassName="border-t" aria-label="Store policies">
            <TableHeader>
              <TableRow>
                <TableHead>Store</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="hidden md:table-cell">Languages</TableHead>
                <TableHead className="hidden md:table-cell">Effective</TableHead>
                <TableHead className="hidden sm:table-cell">
                  <span className="sr-only">Public page</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.map((row) => (
                <TableRow key={row.storeId} data-testid={`policy-row-${row.storeSlug}`}>
                  <TableCell className="w-full max-w-0">
                    <Link href={`/policies/${row.storeId}`} className="block truncate font-medium text-foreground hover:underline">
                      {row.storeName}
                    </Link>
                    <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                      <span className="font-mono">{row.storeSlug}</span>
                      <WarningCountBadge count={row.warnings} />
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <PolicyStatusBadge status={row.status} number={row.published?.number} />
                  </TableCell>
                  <TableCell className="hidden md:table-cell">{row.published ? <LanguageCodes languages={row.published.languages} /> : "—"}</TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">
                    {row.published ? formatCalendarDate(row.published.effectiveDate) : "—"}
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">
                    {row.published ? (
                      <Button asChild variant="ghost" size="sm">
                        <a href={row.publicPath} target="_blank" rel="noreferrer">
                          Public page
                          <ArrowUpRight aria-hidden />
                        </a>
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      {canPublish && list.data ? <ApplyTemplateDialog open={applying} onOpenChange={setApplying} stores={list.data} /> : null}
    </PageContainer>
  );
}
