"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { ArrowLeft, CircleCheck, FileSpreadsheet, FileX, RotateCcw, ShoppingBag, Upload } from "lucide-react";
import { PageContainer } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { formatFileSize } from "@/components/ui/file-drop-zone";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useOrganization } from "@/hooks/use-organization";
import { codeOf, messageOf } from "@/hooks/use-zod-form";
import { formatFullDateTime, formatRelative } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { IMPORT_FORMATS, importNoun, type ImportKind } from "./import-formats";
import { JobStatusBadge } from "./job-status-badge";
import { useImportProgress, type LiveProgress } from "./use-import-progress";

type Job = RouterOutputs["import"]["get"];
type Preview = NonNullable<Job["preview"]>;
type Result = NonNullable<Job["result"]>;
type RowError = Preview["errors"][number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const numberFormat = new Intl.NumberFormat("en-US");
const n = (value: number) => numberFormat.format(value);

export function ImportJobView({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const valid = UUID.test(jobId);
  const job = useQuery({
    ...trpc.import.get.queryOptions({ jobId }),
    enabled: valid,
    retry: (count, error) => codeOf(error) !== "NOT_FOUND" && count < 2,
  });
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: true }));

  const running = job.data?.status === "running" && !job.data.interrupted;
  const { refetch } = job;
  const reread = useCallback(() => void refetch({ cancelRefetch: false }), [refetch]);
  const progress = useImportProgress(jobId, running, reread);

  if (!valid || (job.isError && ["NOT_FOUND", "BAD_REQUEST"].includes(codeOf(job.error) ?? ""))) {
    return (
      <PageContainer>
        <BackLink />
        <Card className="mt-4">
          <EmptyState
            icon={FileX}
            title="This import isn't here"
            description="It may belong to a store you can't see, or the link is mistyped."
            action={
              <Button asChild size="sm" variant="secondary">
                <Link href="/imports">Go to imports</Link>
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }
  if (job.isError) {
    return (
      <PageContainer>
        <BackLink />
        <Alert variant="destructive" title="The import could not be loaded" className="mt-4">
          {job.error.message}
        </Alert>
      </PageContainer>
    );
  }
  if (!job.data) {
    return (
      <PageContainer className="grid gap-6" aria-busy>
        <div className="grid gap-3" role="status" aria-label="Loading import">
          <Skeleton className="h-4 w-16" />
          <Skeleton className="h-7 w-64" />
          <Skeleton className="h-4 w-80" />
        </div>
        <Skeleton className="h-28 rounded-xl" />
        <Skeleton className="h-64 rounded-xl" />
      </PageContainer>
    );
  }

  const storeName = stores.data?.find((s) => s.id === job.data.storeId)?.name ?? "the store";
  return <JobContent job={job.data} storeName={storeName} progress={progress} />;
}

function BackLink() {
  return (
    <Link
      href="/imports"
      className="inline-flex items-center gap-1.5 rounded text-[13px] font-medium text-muted-foreground transition-colors hover:text-foreground"
    >
      <ArrowLeft className="size-3.5" aria-hidden />
      Imports
    </Link>
  );
}

type Starter = ReturnType<typeof useStartImport>;

/**
 * Starts (or restarts) the job. The call can take a while to answer (on the embedded database the
 * server may be busy with the import itself), so the page shows the import as starting at once.
 */
function useStartImport(job: Job) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = useMutation(trpc.import.start.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  async function run(skipBadRows: boolean) {
    setError(null);
    try {
      await start.mutateAsync({ jobId: job.id, skipBadRows });
    } catch (caught) {
      setError(messageOf(caught));
      return;
    }
    // Running from now on; the job is re-read when the progress endpoint reports the end.
    queryClient.setQueryData(trpc.import.get.queryKey({ jobId: job.id }), (current) =>
      current ? { ...current, status: "running" as const, interrupted: false, processedRows: 0, skipBadRows } : current,
    );
    void queryClient.invalidateQueries({ queryKey: trpc.import.list.pathKey() });
  }

  return { run, pending: start.isPending, skipping: start.isPending && start.variables?.skipBadRows === true, error };
}

function JobContent({ job, storeName, progress }: { job: Job; storeName: string; progress: LiveProgress | null }) {
  const format = IMPORT_FORMATS[job.kind as ImportKind] ?? IMPORT_FORMATS.shopify_orders;
  const starter = useStartImport(job);
  const failedMessage = job.status === "failed" ? ((job.errors as RowError[] | null)?.[0]?.message ?? "The import failed; nothing was written.") : null;

  return (
    <PageContainer className="grid gap-6">
      <div className="grid gap-3">
        <BackLink />
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
              <h1 className="min-w-0 break-all text-xl font-semibold tracking-tight sm:text-[22px]">{job.fileName}</h1>
              <JobStatusBadge status={job.status} interrupted={job.interrupted} />
            </div>
            <p className="mt-1.5 text-sm text-muted-foreground">
              {format.label} into <span className="font-medium text-foreground/80">{storeName}</span> · {formatFileSize(job.fileSize)} ·
              uploaded{" "}
              <time dateTime={new Date(job.createdAt).toISOString()} title={formatFullDateTime(job.createdAt)}>
                {formatRelative(job.createdAt)}
              </time>
            </p>
          </div>
        </div>
      </div>

      {starter.pending || (job.status === "running" && !job.interrupted) ? (
        <RunningCard job={job} progress={starter.pending ? null : progress} />
      ) : job.status === "completed" && job.result ? (
        <CompletedCard job={job} result={job.result} storeName={storeName} />
      ) : job.status === "discarded" ? (
        <Card>
          <EmptyState
            icon={FileX}
            title="Nothing was imported"
            description={`This file was set aside and ${storeName} was left as it was. Upload it again to import it.`}
            action={<UploadAnotherButton storeId={job.storeId} kind={job.kind} />}
          />
        </Card>
      ) : (
        <>
          {job.interrupted ? (
            <Alert variant="warning" title="The import stopped before it finished">
              The server restarted while it ran. Nothing from this file was written, so it is safe to run it again.
            </Alert>
          ) : null}
          {failedMessage ? (
            <Alert variant="destructive" title="The import failed">
              {failedMessage}
            </Alert>
          ) : null}
          {job.preview ? <PreviewSection job={job} preview={job.preview} storeName={storeName} starter={starter} /> : null}
        </>
      )}
    </PageContainer>
  );
}

function Stat({ label, value, tone, testId }: { label: string; value: number; tone?: "success" | "destructive" | "muted"; testId?: string }) {
  return (
    <div className="grid gap-0.5 rounded-lg border bg-card px-3.5 py-2.5" data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd
        className={cn(
          "text-lg font-semibold tabular-nums",
          tone === "success" && value > 0 && "text-success",
          tone === "destructive" && value > 0 && "text-destructive",
          tone === "muted" && "text-foreground/70",
        )}
      >
        {n(value)}
      </dd>
    </div>
  );
}

function PreviewSection({ job, preview, storeName, starter }: { job: Job; preview: Preview; storeName: string; starter: Starter }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const organization = useOrganization();
  const canRun = organization.can("imports:run");
  const discard = useMutation(trpc.import.discard.mutationOptions());

  const isSupplier = job.kind === "supplier_orders";
  const badRows = preview.errors.length;
  const hasErrors = badRows > 0 || Boolean(preview.fileError);
  const skipCount = isSupplier ? badRows : preview.invalid || badRows;
  const retrying = job.status === "failed" || job.interrupted;
  const noun = importNoun(job.kind, preview.orders);
  const nothingChanges = !hasErrors && preview.toCreate + preview.toUpdate === 0 && preview.orders > 0;

  async function importNothing() {
    await discard.mutateAsync({ jobId: job.id });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.import.get.queryKey({ jobId: job.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.import.list.pathKey() }),
    ]);
    toast.info("Nothing was imported", job.fileName);
  }

  const summary = isSupplier
    ? `${n(preview.orders)} ${noun} to link${preview.invalid ? `, ${n(preview.invalid)} naming orders not in ${storeName}` : ""}.`
    : `${n(preview.orders)} ${noun} with ${n(preview.lineItems)} line items: ${n(preview.toCreate)} to create, ${n(preview.toUpdate)} to update, ${n(preview.unchanged)} unchanged, ${n(preview.invalid)} invalid.`;

  return (
    <>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>{retrying ? "Ready to run again" : "Preview"}</CardTitle>
            <CardDescription data-testid="preview-summary">{summary}</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          {preview.fileError ? (
            <Alert variant="destructive" title="This file can't be imported">
              {preview.fileError.message}
            </Alert>
          ) : null}
          <dl className={cn("grid grid-cols-2 gap-2 sm:grid-cols-3", isSupplier ? "lg:grid-cols-3" : "lg:grid-cols-6")} aria-label="Preview counts">
            <Stat label={isSupplier ? "Supplier orders" : "Orders"} value={preview.orders} testId="stat-orders" />
            {isSupplier ? null : <Stat label="Line items" value={preview.lineItems} testId="stat-line-items" />}
            <Stat label={isSupplier ? "To link" : "To create"} value={preview.toCreate} tone="success" testId="stat-create" />
            {isSupplier ? null : <Stat label="To update" value={preview.toUpdate} testId="stat-update" />}
            {isSupplier ? null : <Stat label="Unchanged" value={preview.unchanged} tone="muted" testId="stat-unchanged" />}
            <Stat label="Invalid" value={isSupplier ? badRows : preview.invalid} tone="destructive" testId="stat-invalid" />
          </dl>
          {nothingChanges ? (
            <Alert variant="info">Everything in this file is already in {storeName}, exactly as it is here. Importing it changes nothing.</Alert>
          ) : null}
          {starter.error ? <Alert variant="destructive">{starter.error}</Alert> : null}
        </CardContent>
        {canRun ? (
          <CardFooter className="grid justify-stretch gap-3">
            <p className="text-[13px] text-muted-foreground" id="import-blocked-reason">
              {preview.fileError
                ? "Fix the file and upload it again."
                : badRows > 0
                  ? `${n(badRows)} ${badRows === 1 ? "row has a problem" : "rows have problems"}. Fix ${badRows === 1 ? "it" : "them"} and upload again, or import only the good rows.`
                  : `Nothing is written until you press Import. ${storeName} stays as it is if you import nothing.`}
            </p>
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:items-center sm:justify-end">
              <ConfirmDialog
                trigger={
                  <Button variant="ghost" disabled={starter.pending}>
                    Import nothing
                  </Button>
                }
                title="Import nothing from this file?"
                description={`${job.fileName} is set aside and nothing changes in ${storeName}. To import it later, upload it again.`}
                confirmLabel="Import nothing"
                destructive
                onConfirm={importNothing}
              />
              {hasErrors && !preview.fileError && preview.orders > 0 ? (
                <Button variant="secondary" loading={starter.skipping} disabled={starter.pending} onClick={() => starter.run(true)}>
                  Import the good rows only (skip {n(skipCount)})
                </Button>
              ) : null}
              <Button
                loading={starter.pending && !starter.skipping}
                disabled={hasErrors || preview.orders === 0 || starter.pending}
                aria-describedby={hasErrors ? "import-blocked-reason" : undefined}
                onClick={() => starter.run(false)}
              >
                {retrying ? <RotateCcw aria-hidden /> : null}
                {retrying ? "Retry the import" : `Import ${n(preview.orders)} ${noun}`}
              </Button>
            </div>
          </CardFooter>
        ) : null}
      </Card>

      {preview.errors.length > 0 ? <ErrorsCard errors={preview.errors} title={`${n(badRows)} ${badRows === 1 ? "row" : "rows"} with problems`} /> : null}

      {preview.sample.length > 0 ? (
        <Card className="overflow-hidden">
          <CardHeader>
            <div>
              <CardTitle>Sample</CardTitle>
              <CardDescription>
                The first {n(preview.sample.length)} of {n(preview.orders)} {noun}, and what importing does to each.
              </CardDescription>
            </div>
          </CardHeader>
          <Table containerClassName="border-t" className="text-[13px]" data-testid="preview-sample">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>{isSupplier ? "Link" : "Order"}</TableHead>
                <TableHead>Action</TableHead>
                {isSupplier ? null : <TableHead className="text-right">Line items</TableHead>}
                {isSupplier ? null : <TableHead className="text-right">Total</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {preview.sample.map((row, index) => (
                <TableRow key={`${row.name}-${index}`}>
                  <TableCell className="font-medium">{row.name}</TableCell>
                  <TableCell>
                    <Badge variant={row.action === "create" ? "success" : row.action === "update" ? "primary" : "outline"}>
                      {row.action === "create" ? (isSupplier ? "Link" : "Create") : row.action === "update" ? "Update" : "Unchanged"}
                    </Badge>
                  </TableCell>
                  {isSupplier ? null : <TableCell className="text-right tabular-nums">{row.lineItems ?? "—"}</TableCell>}
                  {isSupplier ? null : (
                    <TableCell className="whitespace-nowrap text-right tabular-nums">
                      {row.totalMinor !== undefined && row.currency ? formatMoney(row.totalMinor, row.currency) : "—"}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      ) : null}
    </>
  );
}

function ErrorsCard({ errors, title }: { errors: RowError[]; title: string }) {
  return (
    <Card className="overflow-hidden border-destructive/30">
      <CardHeader>
        <div>
          <CardTitle className="text-destructive">{title}</CardTitle>
          <CardDescription>Each with its line number in the file (the header is line 1).</CardDescription>
        </div>
      </CardHeader>
      <div className="max-h-96 overflow-y-auto border-t">
        <Table className="text-[13px]" data-testid="import-errors">
          <TableHeader className="sticky top-0 z-10 bg-card">
            <TableRow className="hover:bg-transparent">
              <TableHead className="w-20">Line</TableHead>
              <TableHead>Problem</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {errors.map((error, index) => (
              <TableRow key={`${error.line}-${index}`}>
                <TableCell className="align-baseline font-mono text-xs tabular-nums text-muted-foreground">{error.line || "—"}</TableCell>
                {/* The server's message starts with "Line N:", which the first column already says. */}
                <TableCell className="align-baseline text-foreground/90">{error.message.replace(/^Line \d+:\s*/, "")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}

function RunningCard({ job, progress }: { job: Job; progress: LiveProgress | null }) {
  const total = progress?.totalRows || job.totalRows;
  const processed = Math.min(progress?.processedRows ?? job.processedRows, total);
  const known = Boolean(progress) || job.processedRows > 0;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Importing…</CardTitle>
          <CardDescription>
            The whole file is written at once: if anything goes wrong, nothing is. You can leave this page; the import carries on.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-2" aria-live="polite">
        <ProgressBar label="Import progress" value={known ? processed : undefined} max={total || undefined} />
        <p className="flex justify-between text-[13px] text-muted-foreground" data-testid="import-progress">
          <span>{known ? `${n(processed)} of ${n(total)} rows` : "Starting…"}</span>
          {known && total > 0 ? <span className="tabular-nums">{Math.floor((processed / total) * 100)}%</span> : null}
        </p>
      </CardContent>
    </Card>
  );
}

function CompletedCard({ job, result, storeName }: { job: Job; result: Result; storeName: string }) {
  const isSupplier = job.kind === "supplier_orders";
  const noun = importNoun(job.kind, result.orders);
  return (
    <>
      <Card>
        <CardHeader>
          <div>
            <CardTitle className="flex items-center gap-2">
              <CircleCheck className="size-4 text-success" aria-hidden />
              Imported into {storeName}
            </CardTitle>
            <CardDescription data-testid="import-result">
              {n(result.orders)} {noun}: {n(result.created)} created, {n(result.updated)} updated, {n(result.skipped)} skipped.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <dl className={cn("grid grid-cols-2 gap-2 sm:grid-cols-3", isSupplier ? "lg:grid-cols-4" : "lg:grid-cols-5")} aria-label="Import counts">
            <Stat label={isSupplier ? "Supplier orders" : "Orders"} value={result.orders} />
            {isSupplier ? null : <Stat label="Line items" value={result.lineItems} />}
            <Stat label="Created" value={result.created} tone="success" />
            <Stat label="Updated" value={result.updated} />
            <Stat label="Skipped" value={result.skipped} tone="muted" />
          </dl>
        </CardContent>
        <CardFooter>
          <p className="text-[13px] text-muted-foreground">
            {job.finishedAt ? `Finished ${formatRelative(job.finishedAt)}.` : null} Recorded once in the audit log.
          </p>
          <div className="flex flex-wrap gap-2">
            <UploadAnotherButton storeId={job.storeId} kind={isSupplier ? "supplier_orders" : "shopify_orders"} variant="secondary" />
            <Button asChild>
              <Link href={`/orders?storeId=${job.storeId}`}>
                <ShoppingBag aria-hidden />
                View orders in {storeName}
              </Link>
            </Button>
          </div>
        </CardFooter>
      </Card>
      {result.errors.length > 0 ? <ErrorsCard errors={result.errors} title={`${n(result.errors.length)} skipped ${result.errors.length === 1 ? "row" : "rows"}`} /> : null}
    </>
  );
}

function UploadAnotherButton({ storeId, kind, variant = "primary" }: { storeId: string; kind: string; variant?: "primary" | "secondary" }) {
  return (
    <Button asChild size="md" variant={variant}>
      <Link href={`/imports?storeId=${storeId}&kind=${kind}`}>
        {variant === "primary" ? <Upload aria-hidden /> : <FileSpreadsheet aria-hidden />}
        Upload a file
      </Link>
    </Button>
  );
}
