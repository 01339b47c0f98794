"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { ChartColumnStacked, Printer, Store } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useOrganization } from "@/hooks/use-organization";
import { codeOf, messageOf } from "@/hooks/use-zod-form";
import { lossReportInputSchema } from "@/lib/reports/input";
import { unpackLossReport } from "@/lib/reports/wire";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { BreakdownTables } from "./breakdown-tables";
import { ReportCsvButton } from "./csv-download";
import type { DrillScope } from "./figure-link";
import { CurrencyFigures, RollupCard } from "./headline-figures";
import { ReportPrintStyles } from "./print-styles";
import { ReportCharts } from "./report-charts";
import { ReportControls } from "./report-controls";
import { formatRange, presetRange } from "./report-format";
import type { LossReportData } from "./report-types";
import { useReportFilters } from "./use-report-filters";

const subscribeNothing = () => () => {};

/** False while rendering on the server and hydrating: "today" and the range are the reader's own. */
function useMounted() {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

interface ServerError {
  data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null } | null;
}

/** The server's message without the field path it prefixes to validation errors. */
function reportErrorMessage(error: unknown): string {
  const zod = (error as ServerError | null)?.data?.zodError;
  const first = Object.values(zod?.fieldErrors ?? {}).flat()[0] ?? zod?.formErrors?.[0];
  return first ?? messageOf(error, "The report could not be loaded. Try again.");
}

/** The refund-loss report: figures per currency, the roll-up, charts and breakdowns, all drillable. */
export function LossReportView() {
  const trpc = useTRPC();
  const organization = useOrganization();
  const mounted = useMounted();
  const { filters, setFilters, today } = useReportFilters();
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: true }));

  const parsed = lossReportInputSchema.safeParse({
    from: filters.from,
    to: filters.to,
    storeIds: filters.storeIds.length ? filters.storeIds : undefined,
  });
  const inputError = parsed.success ? null : (parsed.error.issues[0]?.message ?? "Choose a valid range.");
  const storeProblem = !parsed.success && parsed.error.issues[0]?.path[0] === "storeIds";
  const report = useQuery({
    ...trpc.report.loss.queryOptions(mounted && parsed.success ? parsed.data : skipToken),
    select: unpackLossReport,
    placeholderData: keepPreviousData,
  });
  const data = parsed.success ? report.data : undefined;
  const storeNotFound = report.isError && codeOf(report.error) === "NOT_FOUND";

  return (
    <PageContainer id="loss-report" className="grid max-w-7xl gap-5 print:gap-2">
      <ReportPrintStyles />
      <PageHeader
        title="Loss report"
        description="What cancellations and refunds cost, per currency and against the period before. Every figure opens the orders behind it."
        className="print:hidden"
        actions={
          <>
            <Button variant="secondary" onClick={() => window.print()} disabled={!data}>
              <Printer aria-hidden />
              Print
            </Button>
            <ReportCsvButton report={data} disabled={report.isPlaceholderData} />
          </>
        }
      />

      {mounted ? (
        <ReportControls
          filters={filters}
          onChange={setFilters}
          today={today}
          stores={stores.data}
          rangeError={inputError && !storeProblem ? inputError : null}
        />
      ) : (
        <Skeleton className="h-[58px] rounded-lg" />
      )}

      {inputError ? (
        <Alert variant="warning" id="report-range-error" title={storeProblem ? "That store link is not valid" : "Choose another range"}>
          {inputError}
          {storeProblem ? <ShowAllStores onClick={() => setFilters({ storeIds: [] })} /> : null}
        </Alert>
      ) : report.isError ? (
        <Alert variant="destructive" title={storeNotFound ? "A chosen store was not found" : "The report could not be loaded"}>
          {storeNotFound ? "One of the stores in this link does not exist or is not shared with you." : reportErrorMessage(report.error)}
          {storeNotFound ? <ShowAllStores onClick={() => setFilters({ storeIds: [] })} /> : null}
        </Alert>
      ) : !data ? (
        <ReportSkeleton />
      ) : (
        <ReportBody
          report={data}
          busy={report.isPlaceholderData || report.isFetching}
          organizationName={organization.name}
          canManageRates={organization.can("rates:manage")}
          onShowLastYear={() => setFilters(presetRange("last_12_months", today))}
        />
      )}
    </PageContainer>
  );
}

function ShowAllStores({ onClick }: { onClick: () => void }) {
  return (
    <Button variant="link" size="sm" className="ml-1 h-auto text-[13px]" onClick={onClick}>
      Show all stores
    </Button>
  );
}

function ReportBody({
  report,
  busy,
  organizationName,
  canManageRates,
  onShowLastYear,
}: {
  report: LossReportData;
  busy: boolean;
  organizationName: string;
  canManageRates: boolean;
  onShowLastYear: () => void;
}) {
  const storeIds = report.allStores ? undefined : report.stores.map((s) => s.id);
  const scope: DrillScope = { ...report.range, storeIds };
  const previousScope: DrillScope = { ...report.previousRange, storeIds };
  const storeSummary = report.allStores
    ? report.stores.length === 1
      ? report.stores[0]!.name
      : `All stores (${report.stores.length})`
    : report.stores.map((s) => s.name).join(", ");
  const names = new Map(report.stores.map((s) => [s.id, s.name]));
  const storesIn = (currency: string) => {
    const ids = [...new Set(report.byStore.filter((s) => s.currency === currency).map((s) => s.storeId))];
    return ids.map((id) => names.get(id) ?? "Unknown store");
  };
  const showRollup = report.totals.some((t) => t.currency !== report.reportingCurrency);

  return (
    <div className={cn("grid min-w-0 gap-5 transition-opacity print:gap-2", busy && "opacity-70")} aria-busy={busy || undefined} data-testid="report-body">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <div>
          <p className="hidden text-base font-semibold print:block">{organizationName} · Loss report</p>
          <p className="text-sm font-medium" data-testid="report-period">
            {formatRange(report.range)} · {storeSummary}
          </p>
        </div>
        <p className="flex items-center gap-2 text-[13px] text-muted-foreground">
          {busy ? <Spinner className="size-3.5" label="Updating" /> : null}
          Compared with {formatRange(report.previousRange)}
        </p>
      </div>

      {report.stores.length === 0 ? (
        <Card>
          <EmptyState icon={Store} title="No stores to report on" description="Once a store is added, or shared with you, its refund losses are reported here." />
        </Card>
      ) : report.totals.length === 0 ? (
        <Card data-testid="report-empty">
          <EmptyState
            icon={ChartColumnStacked}
            title="Nothing to report in this period"
            description={`No orders, cancellations or refunds in ${formatRange(report.range)} or the period before, in the chosen stores.`}
            action={
              <Button variant="secondary" size="sm" onClick={onShowLastYear} className="print:hidden">
                Show the last 12 months
              </Button>
            }
          />
        </Card>
      ) : (
        <>
          {showRollup ? <RollupCard report={report} scope={scope} previousScope={previousScope} canManageRates={canManageRates} /> : null}
          <div className="grid gap-4 print:gap-2">
            {report.totals.map((totals) => (
              <CurrencyFigures key={totals.currency} figures={totals} storeNames={storesIn(totals.currency)} scope={scope} previousScope={previousScope} />
            ))}
          </div>
          <ReportCharts report={report} scope={scope} />
          <BreakdownTables report={report} scope={scope} previousScope={previousScope} />
        </>
      )}
    </div>
  );
}

function ReportSkeleton() {
  return (
    <div className="grid gap-5" role="status" aria-label="Loading the report">
      <Skeleton className="h-5 w-80" />
      <Skeleton className="h-40 rounded-xl" />
      <Skeleton className="h-56 rounded-xl" />
      <div className="grid gap-4 lg:grid-cols-5">
        <Skeleton className="h-80 rounded-xl lg:col-span-3" />
        <Skeleton className="h-80 rounded-xl lg:col-span-2" />
      </div>
      <Skeleton className="h-48 rounded-xl" />
    </div>
  );
}
