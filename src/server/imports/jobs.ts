import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { importFiles, importJobs, orders, stores } from "../db/schema";
import { withTenant } from "../db/tenant";
import { recordAudit, type Actor } from "../audit/record";
import { DomainError, notFound, precondition } from "../errors";
import { orderContentHash, upsertOrders, findOrdersByName } from "../orders/upsert";
import { upsertSupplierOrders } from "../orders/supplier";
import type { OrderInput } from "../orders/types";
import type { ResolvedMembership } from "../tenancy/membership";
import { parseShopifyExportAll, type ParsedOrder, type RowError, type ShopifyParseResult } from "./shopify-csv";
import { lineMessage, shown } from "./values";
import { formatMoney } from "@/lib/money";
import { parseSupplierOrdersAll } from "./supplier-csv";
import { importProgress } from "./progress";
import { recordStoreRefundTotalsOfNewOrders, syncStoreRefund } from "../ledger/entries";
import { withDeferredPeriods } from "../reports/deferred-periods";

export type ImportKind = "shopify_orders" | "supplier_orders";

/** Whether bad rows are skipped (else the file is refused whole), and a callback for rows done. */
export interface ImportOptions {
  skipBadRows: boolean;
  onProgress?: (rows: number) => void;
}

/** What the CLI prints and the import screen shows once an import has run. */
export interface ImportSummary {
  orders: number;
  lineItems: number;
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
}

export interface ImportPreview {
  kind: ImportKind;
  /** Valid rows/orders found in the file. */
  orders: number;
  lineItems: number;
  toCreate: number;
  toUpdate: number;
  unchanged: number;
  /** Orders (or supplier rows) left out because of errors. */
  invalid: number;
  totalRows: number;
  errors: RowError[];
  fileError: RowError | null;
  /** A few rows, to show the user what will be written. */
  sample: { name: string; action: "create" | "update" | "unchanged"; totalMinor?: number; currency?: string; lineItems?: number }[];
}

const MAX_STORED_ERRORS = 1000;

/** Orders per upsert statement: one JSON parameter each (docs/perf.md, the import). */
const SHOPIFY_BATCH = 500;

/** The last physical line of an order in the file (its last line item's, or its own). */
const lastLineOf = (order: ParsedOrder) => order.lineItems.at(-1)?.line ?? order.line;

/** Lets other requests (progress polls) run between batches of a long import. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

interface Scope {
  organizationId: string;
  storeId: string;
}

/** A parsed export order as the orders service takes it (line numbers are not content). */
export function toOrderInput(order: ParsedOrder): OrderInput {
  return {
    externalId: order.externalId,
    name: order.name,
    email: order.email,
    customerName: order.customerName,
    currency: order.currency,
    subtotalMinor: order.subtotalMinor,
    shippingMinor: order.shippingMinor,
    taxMinor: order.taxMinor,
    discountMinor: order.discountMinor,
    totalMinor: order.totalMinor,
    refundedMinor: order.refundedMinor,
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    placedAt: order.placedAt,
    paidAt: order.paidAt,
    fulfilledAt: order.fulfilledAt,
    cancelledAt: order.cancelledAt,
    shippingCountry: order.shippingCountry,
    note: order.note,
    lineItems: order.lineItems.map((li) => ({
      sku: li.sku,
      title: li.title,
      quantity: li.quantity,
      unitPriceMinor: li.unitPriceMinor,
      fulfillmentStatus: li.fulfillmentStatus,
      vendor: li.vendor,
    })),
  };
}

async function lockStore(tx: Tx, scope: Scope) {
  const [store] = await tx
    .select()
    .from(stores)
    .where(and(eq(stores.organizationId, scope.organizationId), eq(stores.id, scope.storeId)));
  if (!store) throw notFound("Store");
  if (store.archivedAt) throw precondition("This store is archived. Restore it before importing into it.");
  return store;
}

/**
 * Orders of the file that contradict money already in the ledger: a total below what was refunded,
 * or another currency than the refunds were booked in. Postgres refuses the first (a CHECK keeps the
 * ledger within the total) and the second would mix currencies, so both are row errors — found the
 * same way by the preview and by the import, so that the import does what the preview said.
 */
async function ledgerConflicts(tx: Tx, scope: Scope, parsed: ParsedOrder[]): Promise<RowError[]> {
  const errors: RowError[] = [];
  for (let i = 0; i < parsed.length; i += 1000) {
    const batch = parsed.slice(i, i + 1000);
    const refunded = await tx
      .select({ name: orders.name, currency: orders.currency, refundedMinor: orders.ledgerRefundedMinor })
      .from(orders)
      .where(
        and(
          eq(orders.organizationId, scope.organizationId),
          eq(orders.storeId, scope.storeId),
          gt(orders.ledgerRefundedMinor, 0),
          inArray(
            orders.name,
            batch.map((o) => o.name),
          ),
        ),
      );
    const byName = new Map(refunded.map((r) => [r.name, r]));
    for (const order of batch) {
      const booked = byName.get(order.name);
      if (!booked) continue;
      const refundedText = formatMoney(booked.refundedMinor, booked.currency);
      let message: string | null = null;
      if (booked.currency !== order.currency) {
        message = `order ${shown(order.name)} is in ${order.currency} here, but ${refundedText} of it was already refunded in ${booked.currency}. Check the Currency column.`;
      } else if (order.totalMinor < booked.refundedMinor) {
        message = `the total of order ${shown(order.name)}, ${formatMoney(order.totalMinor, order.currency)}, is less than the ${refundedText} already refunded. Check the Total column.`;
      }
      if (message) errors.push({ line: order.line, message: lineMessage(order.line, message), orderName: order.name });
    }
  }
  return errors;
}

/** The file's orders and errors, the orders the ledger contradicts moved to the errors. */
async function readShopifyFile(tx: Tx, scope: Scope, content: string): Promise<ShopifyParseResult> {
  const parsed = await parseShopifyExportAll(content);
  const conflicts = await ledgerConflicts(tx, scope, parsed.orders);
  if (conflicts.length === 0) return parsed;
  const contradicted = new Set(conflicts.map((e) => e.orderName));
  const valid = parsed.orders.filter((o) => !contradicted.has(o.name));
  return {
    ...parsed,
    orders: valid,
    lineItems: valid.reduce((sum, o) => sum + o.lineItems.length, 0),
    errors: [...parsed.errors, ...conflicts].sort((a, b) => a.line - b.line),
  };
}

/** Dry run of a Shopify export: what would be created, updated or left alone, and every bad row. */
export async function previewShopifyImport(tx: Tx, scope: Scope, content: string): Promise<ImportPreview> {
  const parsed = await readShopifyFile(tx, scope, content);
  const invalidNames = new Set(parsed.errors.flatMap((e) => (e.orderName ? [e.orderName] : [])));
  let toCreate = 0;
  let toUpdate = 0;
  let unchanged = 0;
  const sample: ImportPreview["sample"] = [];
  for (let i = 0; i < parsed.orders.length; i += 1000) {
    const batch = parsed.orders.slice(i, i + 1000);
    const existing = await tx
      .select({ name: orders.name, contentHash: orders.contentHash })
      .from(orders)
      .where(
        and(
          eq(orders.organizationId, scope.organizationId),
          eq(orders.storeId, scope.storeId),
          inArray(
            orders.name,
            batch.map((o) => o.name),
          ),
        ),
      );
    const hashes = new Map(existing.map((e) => [e.name, e.contentHash]));
    for (const order of batch) {
      const action = !hashes.has(order.name) ? "create" : hashes.get(order.name) === orderContentHash(toOrderInput(order)) ? "unchanged" : "update";
      if (action === "create") toCreate++;
      else if (action === "update") toUpdate++;
      else unchanged++;
      if (sample.length < 20) sample.push({ name: order.name, action, totalMinor: order.totalMinor, currency: order.currency, lineItems: order.lineItems.length });
    }
  }
  const lastLine = parsed.orders.reduce((max, o) => Math.max(max, lastLineOf(o)), 1);
  return {
    kind: "shopify_orders",
    orders: parsed.orders.length,
    lineItems: parsed.lineItems,
    toCreate,
    toUpdate,
    unchanged,
    invalid: invalidNames.size,
    totalRows: Math.max(lastLine - 1, parsed.orders.length),
    errors: parsed.errors.slice(0, MAX_STORED_ERRORS),
    fileError: parsed.fileError,
    sample,
  };
}

/**
 * Writes a Shopify export into a store inside the caller's transaction. With errors and without
 * `skipBadRows`, it writes nothing and says why. Orders named by any error are left out.
 *
 * The file is parsed once: `readShopifyFile` already leaves out every order an error names (even
 * when its name reappears further down, or the ledger contradicts it), so the batches are cut from
 * its orders. Store refunds of the orders a batch created are written by one statement per batch;
 * orders that changed go through `syncStoreRefund`, which compares with what the ledger already holds.
 */
export async function importShopifyOrders(
  tx: Tx,
  scope: Scope,
  content: string,
  opts: ImportOptions,
): Promise<ImportSummary> {
  // The report's period models are added to once, at the end (see withDeferredPeriods).
  return withDeferredPeriods(tx, scope.organizationId, () => writeShopifyOrders(tx, scope, content, opts));
}

async function writeShopifyOrders(
  tx: Tx,
  scope: Scope,
  content: string,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const store = await lockStore(tx, scope);
  const parsed = await readShopifyFile(tx, scope, content);
  const invalidNames = new Set(parsed.errors.flatMap((e) => (e.orderName ? [e.orderName] : [])));
  const errors = parsed.errors;
  const summary: ImportSummary = { orders: 0, lineItems: 0, created: 0, updated: 0, skipped: 0, errors: errors.slice(0, MAX_STORED_ERRORS) };
  if (parsed.fileError || (errors.length > 0 && !opts.skipBadRows)) {
    summary.skipped = parsed.orders.length + invalidNames.size;
    return summary;
  }
  for (let i = 0; i < parsed.orders.length; i += SHOPIFY_BATCH) {
    const good = parsed.orders.slice(i, i + SHOPIFY_BATCH);
    summary.orders += good.length;
    summary.lineItems += good.reduce((sum, o) => sum + o.lineItems.length, 0);
    const outcomes = await upsertOrders(tx, scope, good.map(toOrderInput), "import");
    const refunded = new Map(good.filter((o) => o.refundedMinor > 0).map((o) => [o.name, o.refundedMinor]));
    const newOrderRefunds: { orderId: string; totalMinor: number }[] = [];
    for (const outcome of outcomes) {
      if (outcome.created) summary.created++;
      else summary.updated++;
      const total = refunded.get(outcome.name);
      if (!total) continue;
      if (outcome.created) newOrderRefunds.push({ orderId: outcome.id, totalMinor: total });
      else await syncStoreRefund(tx, scope.organizationId, outcome.id, { kind: "total", totalMinor: total });
    }
    await recordStoreRefundTotalsOfNewOrders(tx, { organizationId: scope.organizationId, timezone: store.timezone }, newOrderRefunds);
    // Rows of the file read so far, counted as the preview counts the total (lines after the header).
    opts.onProgress?.(lastLineOf(good.at(-1)!) - 1);
    await yieldToEventLoop();
  }
  summary.skipped = summary.orders - summary.created - summary.updated + invalidNames.size;
  return summary;
}

export async function previewSupplierImport(tx: Tx, scope: Scope, content: string): Promise<ImportPreview> {
  const { rows, errors, fileError, unknown } = await resolveSupplierRows(tx, scope, content);
  return {
    kind: "supplier_orders",
    orders: rows.length,
    lineItems: 0,
    toCreate: rows.length,
    toUpdate: 0,
    unchanged: 0,
    invalid: unknown,
    totalRows: rows.length + errors.length,
    errors: errors.slice(0, MAX_STORED_ERRORS),
    fileError,
    sample: rows.slice(0, 20).map((r) => ({ name: `${r.storeOrderName} ← ${r.supplier} ${r.supplierOrderNumber}`, action: "create" as const })),
  };
}

async function resolveSupplierRows(tx: Tx, scope: Scope, content: string) {
  const parsed = await parseSupplierOrdersAll(content);
  const names = [...new Set(parsed.orders.map((r) => r.storeOrderName))];
  const found = new Map<string, { id: string; currency: string }>();
  for (let i = 0; i < names.length; i += 1000) {
    for (const [name, value] of await findOrdersByName(tx, scope, names.slice(i, i + 1000))) found.set(name, value);
  }
  const errors: RowError[] = [...parsed.errors];
  const rows = [];
  let unknown = 0;
  for (const row of parsed.orders) {
    const order = found.get(row.storeOrderName);
    if (!order) {
      unknown++;
      errors.push({
        line: row.line,
        message: `Line ${row.line}: there is no order ${row.storeOrderName} in this store. Import the store's orders first, or check the order name.`,
      });
      continue;
    }
    rows.push({ ...row, orderId: order.id });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors, fileError: parsed.fileError, unknown };
}

export async function importSupplierOrders(
  tx: Tx,
  scope: Scope,
  content: string,
  opts: ImportOptions,
): Promise<ImportSummary> {
  return withDeferredPeriods(tx, scope.organizationId, () => writeSupplierOrders(tx, scope, content, opts));
}

async function writeSupplierOrders(
  tx: Tx,
  scope: Scope,
  content: string,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const store = await lockStore(tx, scope);
  const { rows, errors, fileError } = await resolveSupplierRows(tx, scope, content);
  const summary: ImportSummary = { orders: rows.length, lineItems: 0, created: 0, updated: 0, skipped: 0, errors: errors.slice(0, MAX_STORED_ERRORS) };
  if (fileError || (errors.length > 0 && !opts.skipBadRows)) {
    summary.skipped = rows.length + errors.length;
    return summary;
  }
  for (let i = 0; i < rows.length; i += 500) {
    const outcomes = await upsertSupplierOrders(tx, scope, store, rows.slice(i, i + 500));
    for (const outcome of outcomes) {
      if (outcome.created) summary.created++;
      else summary.updated++;
    }
    opts.onProgress?.(Math.min(rows.length, i + 500));
    await yieldToEventLoop();
  }
  summary.skipped = rows.length - summary.created - summary.updated + errors.length;
  return summary;
}

/** One import, one audit event with its counts (never one per row). */
export async function recordImport(
  tx: Tx,
  scope: Scope,
  actor: Actor,
  entityId: string,
  fileName: string,
  kind: ImportKind,
  summary: ImportSummary,
  requestId?: string,
) {
  await recordAudit(tx, {
    organizationId: scope.organizationId,
    storeId: scope.storeId,
    actor,
    action: "import.completed",
    entityId,
    after: {
      fileName,
      kind,
      orders: summary.orders,
      lineItems: summary.lineItems,
      created: summary.created,
      updated: summary.updated,
      skipped: summary.skipped,
      errors: summary.errors.length,
    },
    requestId,
  });
}

/** Import a file from the CLI: the same rules, one transaction, one audit event. */
export async function importFile(
  db: Db,
  scope: Scope,
  kind: ImportKind,
  fileName: string,
  content: string,
  opts: { skipBadRows: boolean; actor: Actor },
): Promise<ImportSummary> {
  return withTenant(db, scope.organizationId, async (tx) => {
    const run = kind === "shopify_orders" ? importShopifyOrders : importSupplierOrders;
    const summary = await run(tx, scope, content, { skipBadRows: opts.skipBadRows });
    if (summary.created + summary.updated > 0) await recordImport(tx, scope, opts.actor, randomUUID(), fileName, kind, summary, "cli");
    return summary;
  });
}

// --- Import jobs: upload → preview → run in the background with progress → result -----------------

export async function createImportJob(
  tx: Tx,
  scope: Scope,
  membership: ResolvedMembership,
  input: { kind: ImportKind; fileName: string; content: string; userId: string },
) {
  if (membership.storeIds && !membership.storeIds.includes(scope.storeId)) throw notFound("Store");
  await lockStore(tx, scope);
  const size = Buffer.byteLength(input.content, "utf8");
  if (size === 0) throw new DomainError("INVALID", "The file is empty. Choose the CSV you exported.");
  if (size > MAX_IMPORT_BYTES) throw new DomainError("INVALID", "The file is larger than 200 MB. Split it and import the parts.");
  // The file is kept as text until it runs, and Postgres text cannot hold a zero byte.
  if (input.content.includes("\u0000")) {
    throw new DomainError("INVALID", "The file holds NUL characters (zero bytes), so it is not a CSV text file. Export it again as CSV (UTF-8) and upload that.");
  }
  const preview =
    input.kind === "shopify_orders" ? await previewShopifyImport(tx, scope, input.content) : await previewSupplierImport(tx, scope, input.content);
  const [job] = await tx
    .insert(importJobs)
    .values({
      organizationId: scope.organizationId,
      storeId: scope.storeId,
      kind: input.kind,
      fileName: input.fileName.slice(0, 200),
      fileSize: size,
      fileSha256: createHash("sha256").update(input.content).digest("hex"),
      status: "previewed",
      totalRows: preview.totalRows,
      summary: preview,
      errors: preview.errors,
      createdBy: input.userId,
    })
    .returning({ id: importJobs.id });
  await tx.insert(importFiles).values({ organizationId: scope.organizationId, jobId: job!.id, content: input.content });
  return { jobId: job!.id, preview };
}

export async function getImportJob(tx: Tx, organizationId: string, membership: ResolvedMembership, jobId: string) {
  const [job] = await tx
    .select({
      id: importJobs.id,
      storeId: importJobs.storeId,
      kind: importJobs.kind,
      fileName: importJobs.fileName,
      fileSize: importJobs.fileSize,
      status: importJobs.status,
      skipBadRows: importJobs.skipBadRows,
      totalRows: importJobs.totalRows,
      processedRows: importJobs.processedRows,
      summary: importJobs.summary,
      errors: importJobs.errors,
      createdAt: importJobs.createdAt,
      finishedAt: importJobs.finishedAt,
    })
    .from(importJobs)
    .where(and(eq(importJobs.organizationId, organizationId), eq(importJobs.id, jobId)));
  if (!job || (membership.storeIds && !membership.storeIds.includes(job.storeId))) throw notFound("Import");
  const live = importProgress.get(jobId);
  // A job marked running that no process is working on was interrupted (e.g. a restart); its
  // transaction rolled back, so nothing was written and it can be started again.
  const interrupted = job.status === "running" && !live && Date.now() - job.createdAt.getTime() > 5_000;
  return {
    ...job,
    processedRows: live ? live.processedRows : job.processedRows,
    interrupted,
    preview: job.status === "completed" ? null : (job.summary as ImportPreview | null),
    result: job.status === "completed" ? (job.summary as ImportSummary | null) : null,
  };
}

export async function listImportJobs(tx: Tx, organizationId: string, membership: ResolvedMembership, storeId?: string) {
  const rows = await tx
    .select({
      id: importJobs.id,
      storeId: importJobs.storeId,
      kind: importJobs.kind,
      fileName: importJobs.fileName,
      status: importJobs.status,
      totalRows: importJobs.totalRows,
      createdAt: importJobs.createdAt,
      finishedAt: importJobs.finishedAt,
    })
    .from(importJobs)
    .where(and(eq(importJobs.organizationId, organizationId), storeId ? eq(importJobs.storeId, storeId) : undefined))
    .orderBy(desc(importJobs.createdAt))
    .limit(20);
  return rows.filter((r) => !membership.storeIds || membership.storeIds.includes(r.storeId));
}

/** Marks a previewed (or interrupted) job to run; the caller starts `runImportJob` after commit. */
export async function startImportJob(
  tx: Tx,
  organizationId: string,
  membership: ResolvedMembership,
  jobId: string,
  skipBadRows: boolean,
) {
  const job = await getImportJob(tx, organizationId, membership, jobId);
  if (job.status === "completed") throw precondition("This file was already imported.");
  if (job.status === "discarded") throw precondition("This import was discarded. Upload the file again.");
  if (job.status === "running" && !job.interrupted) throw precondition("This import is already running.");
  const preview = job.preview;
  if (preview?.fileError) throw precondition(preview.fileError.message);
  if (preview && preview.errors.length > 0 && !skipBadRows) {
    throw precondition("The file has rows with errors. Fix them and upload again, or choose to import only the good rows.");
  }
  await tx
    .update(importJobs)
    .set({ status: "running", skipBadRows, processedRows: 0 })
    .where(and(eq(importJobs.organizationId, organizationId), eq(importJobs.id, jobId)));
  return { jobId };
}

export async function discardImportJob(tx: Tx, scope: { organizationId: string; actor: Actor; requestId: string }, membership: ResolvedMembership, jobId: string) {
  const job = await getImportJob(tx, scope.organizationId, membership, jobId);
  if (job.status === "completed" || job.status === "discarded") return { jobId, changed: false };
  if (job.status === "running" && !job.interrupted) throw precondition("This import is running; wait for it to finish.");
  await tx
    .update(importJobs)
    .set({ status: "discarded", finishedAt: new Date() })
    .where(and(eq(importJobs.organizationId, scope.organizationId), eq(importJobs.id, jobId)));
  await tx.delete(importFiles).where(and(eq(importFiles.organizationId, scope.organizationId), eq(importFiles.jobId, jobId)));
  await recordAudit(tx, {
    organizationId: scope.organizationId,
    storeId: job.storeId,
    actor: scope.actor,
    action: "import.discarded",
    entityId: jobId,
    after: { fileName: job.fileName },
    requestId: scope.requestId,
  });
  return { jobId, changed: true };
}

/**
 * Runs a started job: the whole file in one transaction (all or nothing), progress kept live in
 * memory and, on Postgres, on the job row through a separate connection.
 */
export async function runImportJob(
  db: Db,
  organizationId: string,
  jobId: string,
  actor: Actor,
  opts: { persistProgress: boolean; requestId?: string },
): Promise<void> {
  importProgress.start(jobId, organizationId, 0);
  try {
    await withTenant(db, organizationId, async (tx) => {
      const [job] = await tx
        .select()
        .from(importJobs)
        .where(and(eq(importJobs.organizationId, organizationId), eq(importJobs.id, jobId)))
        .for("update");
      if (!job || job.status !== "running") return;
      importProgress.start(jobId, organizationId, job.totalRows);
      const [file] = await tx
        .select({ content: importFiles.content })
        .from(importFiles)
        .where(and(eq(importFiles.organizationId, organizationId), eq(importFiles.jobId, jobId)));
      if (!file) throw precondition("The uploaded file is gone. Upload it again.");
      const scope = { organizationId, storeId: job.storeId };
      let lastPersist = 0;
      const onProgress = (rows: number) => {
        importProgress.update(jobId, rows);
        if (opts.persistProgress && Date.now() - lastPersist > 500) {
          lastPersist = Date.now();
          void db
            .update(importJobs)
            .set({ processedRows: rows })
            .where(and(eq(importJobs.organizationId, organizationId), eq(importJobs.id, jobId)))
            .catch(() => {});
        }
      };
      const run = job.kind === "shopify_orders" ? importShopifyOrders : importSupplierOrders;
      const summary = await run(tx, scope, file.content, { skipBadRows: job.skipBadRows, onProgress });
      await recordImport(tx, scope, actor, jobId, job.fileName, job.kind, summary, opts.requestId);
      await tx
        .update(importJobs)
        .set({ status: "completed", processedRows: job.totalRows, summary, finishedAt: new Date() })
        .where(and(eq(importJobs.organizationId, organizationId), eq(importJobs.id, jobId)));
      await tx.delete(importFiles).where(and(eq(importFiles.organizationId, organizationId), eq(importFiles.jobId, jobId)));
    });
  } catch (error) {
    await withTenant(db, organizationId, (tx) =>
      tx
        .update(importJobs)
        .set({
          status: "failed",
          finishedAt: new Date(),
          errors: [{ line: 0, message: error instanceof DomainError ? error.message : "The import failed on our side; nothing was written. Try again." }],
        })
        .where(and(eq(importJobs.organizationId, organizationId), eq(importJobs.id, jobId))),
    ).catch(() => {});
  } finally {
    importProgress.finish(jobId);
  }
}
