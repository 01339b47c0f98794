"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Download, FileSpreadsheet, Plus, ShoppingBag, Truck, Upload, type LucideIcon } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FileDropZone, formatFileSize } from "@/components/ui/file-drop-zone";
import { FormField } from "@/components/ui/form-field";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useOrganization } from "@/hooks/use-organization";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { IMPORT_FORMATS, IMPORT_KINDS, SUPPLIER_CSV_COLUMNS, SUPPLIER_CSV_TEMPLATE, type ImportKind } from "./import-formats";
import { RecentImports } from "./recent-imports";

const MAX_BYTES = 200 * 1024 * 1024;
const KIND_ICONS: Record<ImportKind, LucideIcon> = { shopify_orders: ShoppingBag, supplier_orders: Truck };

type UploadState = { phase: "idle" } | { phase: "uploading"; sent: number; total: number } | { phase: "checking" };

/**
 * Sends the raw file to the upload route, reporting bytes sent. `fetch` cannot report upload
 * progress, and a large export takes long enough that a bar matters.
 */
function uploadFile(url: string, file: File, onProgress: (sent: number, total: number) => void, onSent: () => void) {
  return new Promise<{ status: number; body: { jobId?: string; error?: string } | null }>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("Content-Type", "text/csv");
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.upload.onload = onSent;
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText) as { jobId?: string; error?: string };
      } catch {
        // Not JSON: a proxy's error page, say. The status tells the user enough.
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => reject(new Error("The upload did not reach the server. Check your connection and try again."));
    request.send(file);
  });
}

export function ImportsView({ initialStoreId, initialKind }: { initialStoreId?: string; initialKind?: string }) {
  const trpc = useTRPC();
  const organization = useOrganization();
  const canImport = organization.can("imports:run");
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: true }));
  const activeStores = (stores.data ?? []).filter((s) => !s.archivedAt);

  return (
    <PageContainer className="grid gap-6">
      <PageHeader
        title="Imports"
        description="Bring in a store's orders from a Shopify export, and the orders you placed with suppliers, as CSV files. You check a preview before anything is written."
        actions={
          <Button asChild variant="secondary">
            <Link href="/orders">
              <ShoppingBag aria-hidden />
              View orders
            </Link>
          </Button>
        }
      />

      {canImport ? (
        stores.isPending ? (
          <Skeleton className="h-96 rounded-xl" />
        ) : activeStores.length === 0 ? (
          <Card>
            <EmptyState
              icon={FileSpreadsheet}
              title="Add a store first"
              description="Every import goes into one store. Once a store exists, you can import its orders here."
              action={
                organization.can("stores:manage") ? (
                  <Button asChild size="sm">
                    <Link href="/settings/stores?add=1">
                      <Plus aria-hidden />
                      Add store
                    </Link>
                  </Button>
                ) : null
              }
            />
          </Card>
        ) : (
          <UploadCard
            stores={activeStores}
            initialStoreId={activeStores.some((s) => s.id === initialStoreId) ? initialStoreId : activeStores.length === 1 ? activeStores[0]!.id : undefined}
            initialKind={IMPORT_KINDS.includes(initialKind as ImportKind) ? (initialKind as ImportKind) : "shopify_orders"}
          />
        )
      ) : (
        <Alert variant="info" title="Imports are run by owners, admins and agents">
          Your role can see past imports below but not start one.
        </Alert>
      )}

      <RecentImports stores={stores.data ?? []} />
    </PageContainer>
  );
}

function UploadCard({
  stores,
  initialStoreId,
  initialKind,
}: {
  stores: { id: string; name: string; currency: string }[];
  initialStoreId?: string;
  initialKind: ImportKind;
}) {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [storeId, setStoreId] = useState<string | undefined>(initialStoreId);
  const [kind, setKind] = useState<ImportKind>(initialKind);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<UploadState>({ phase: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ store?: string; file?: string }>({});
  const busy = upload.phase !== "idle";

  function chooseFile(next: File | null) {
    setFile(next);
    setError(null);
    setFieldErrors((current) => ({ ...current, file: undefined }));
    if (next && next.size > MAX_BYTES) setFieldErrors((current) => ({ ...current, file: "The file is larger than 200 MB. Split it and import the parts." }));
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const problems: { store?: string; file?: string } = {};
    if (!storeId) problems.store = "Choose the store the file belongs to.";
    if (!file) problems.file = "Choose the CSV file to import.";
    else if (file.size === 0) problems.file = "The file is empty. Choose the CSV you exported.";
    else if (file.size > MAX_BYTES) problems.file = "The file is larger than 200 MB. Split it and import the parts.";
    setFieldErrors(problems);
    if (problems.store || problems.file || !file || !storeId) return;

    const params = new URLSearchParams({ storeId, kind, fileName: file.name });
    setUpload({ phase: "uploading", sent: 0, total: file.size });
    try {
      const response = await uploadFile(
        `/api/imports?${params}`,
        file,
        (sent, total) => setUpload({ phase: "uploading", sent, total }),
        () => setUpload({ phase: "checking" }),
      );
      if (response.status >= 200 && response.status < 300 && response.body?.jobId) {
        await queryClient.invalidateQueries({ queryKey: trpc.import.list.pathKey() });
        router.push(`/imports/${response.body.jobId}`);
        return;
      }
      setError(response.body?.error ?? `The upload failed (HTTP ${response.status}). Try again.`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The upload failed. Try again.");
    }
    setUpload({ phase: "idle" });
  }

  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(SUPPLIER_CSV_TEMPLATE)}`;

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>New import</CardTitle>
          <CardDescription>Choose the store, say what the file holds, and pick the file. Nothing is written until you confirm the preview.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} noValidate className="grid gap-5">
          {error ? (
            <Alert variant="destructive" title="The file was not accepted">
              {error}
            </Alert>
          ) : null}

          <FormField label="Store" error={fieldErrors.store} className="max-w-sm">
            <Select
              value={storeId}
              onValueChange={(value) => {
                setStoreId(value);
                setFieldErrors((current) => ({ ...current, store: undefined }));
              }}
              disabled={busy}
            >
              <SelectTrigger aria-label="Store">
                <SelectValue placeholder="Choose a store…" />
              </SelectTrigger>
              <SelectContent>
                {stores.map((store) => (
                  <SelectItem key={store.id} value={store.id}>
                    {store.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>

          <fieldset className="grid gap-2" disabled={busy}>
            <legend className="mb-1.5 text-[13px] font-medium">What does the file hold?</legend>
            <div className="grid gap-2 md:grid-cols-2">
              {IMPORT_KINDS.map((value) => {
                const format = IMPORT_FORMATS[value];
                const Icon = KIND_ICONS[value];
                const checked = kind === value;
                return (
                  <label
                    key={value}
                    className={cn(
                      "relative flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors has-focus-visible:outline-2 has-focus-visible:outline-ring",
                      checked ? "border-primary bg-primary/5 ring-1 ring-primary" : "hover:bg-muted/50",
                    )}
                  >
                    <input type="radio" name="kind" value={value} checked={checked} onChange={() => setKind(value)} className="sr-only" />
                    <Icon className={cn("mt-0.5 size-4 shrink-0", checked ? "text-primary" : "text-muted-foreground")} aria-hidden />
                    <span className="grid gap-1">
                      <span className="text-sm font-medium">{format.label}</span>
                      <span className="text-[13px] leading-snug text-muted-foreground">{format.description}</span>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>

          {kind === "supplier_orders" ? (
            <div className="grid gap-2 rounded-lg border bg-muted/30 p-3.5">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-[13px] font-medium">Columns, in any order</p>
                <a
                  href={template}
                  download="supplier-orders-template.csv"
                  className="inline-flex items-center gap-1.5 text-[13px] font-medium text-primary hover:underline"
                >
                  <Download className="size-3.5" aria-hidden />
                  Download a template
                </a>
              </div>
              <ul className="flex flex-wrap gap-1.5" aria-label="Supplier CSV columns">
                {SUPPLIER_CSV_COLUMNS.map((column) => (
                  <li key={column} className="rounded-md border bg-card px-1.5 py-0.5 font-mono text-xs text-foreground/80">
                    {column}
                  </li>
                ))}
              </ul>
              <p className="text-xs leading-relaxed text-muted-foreground">
                Status is one of awaiting_payment, awaiting_shipment, shipped, delivered, completed, closed, cancelled, or an AliExpress code
                such as WAIT_SELLER_SEND_GOODS. Dates like 2026-10-01 21:40:00 +0800; cost as a decimal in its currency (11.20 USD).
              </p>
            </div>
          ) : null}

          <FormField label="File" error={fieldErrors.file}>
            <FileDropZone
              file={file}
              onFileChange={chooseFile}
              accept=".csv,text/csv"
              disabled={busy}
              invalid={Boolean(fieldErrors.file)}
              label="CSV file"
              hint="A .csv file, up to 200 MB"
            />
          </FormField>

          {upload.phase !== "idle" ? (
            <div className="grid gap-1.5" aria-live="polite">
              <ProgressBar
                label="Upload progress"
                value={upload.phase === "uploading" ? upload.sent : undefined}
                max={upload.phase === "uploading" ? upload.total : undefined}
              />
              <p className="text-xs text-muted-foreground">
                {upload.phase === "uploading"
                  ? `Uploading… ${formatFileSize(upload.sent)} of ${formatFileSize(upload.total)}`
                  : "Checking every row…"}
              </p>
            </div>
          ) : null}

          <div className="flex flex-wrap items-center justify-end gap-3 border-t pt-4">
            <p className="mr-auto text-xs text-muted-foreground">You will see what changes, and every bad row, before anything is imported.</p>
            <Button type="submit" loading={busy}>
              {busy ? null : <Upload aria-hidden />}
              Upload and preview
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
