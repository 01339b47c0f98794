/**
 * The CSV importers fuzzed with broken exports: the fixtures with columns dropped, doubled or
 * renamed, rows shuffled, doubled or dropped, cells replaced by bad amounts, dates, currencies and
 * huge text, then the text cut short or salted with quotes, a BOM, CRLF, NUL and other garbage.
 *
 * The rules: parsing never throws and every problem is a "Line N: …" a person can act on; an upload
 * is either refused with a user's error or previewed; an import that starts writes exactly what the
 * preview promised, or (when it may not start) nothing; the job never ends "failed" (that is a 500
 * with the data left as it was); importing the same file again changes nothing.
 *
 * Seeds are fixed (FUZZ_SEED overrides, FUZZ_RUNS multiplies the runs).
 */
import { createHash } from "node:crypto";
import Papa from "papaparse";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { importJobs } from "../db/schema";
import { queryRows } from "../db/rows";
import { withTenant } from "../db/tenant";
import { DomainError } from "../errors";
import { orderContentHash } from "../orders/upsert";
import { resolveMembership, type ResolvedMembership } from "../tenancy/membership";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { readFixture } from "./fixtures/generate-shopify-export";
import { createImportJob, importFile, runImportJob, startImportJob, toOrderInput, type ImportKind, type ImportPreview, type ImportSummary } from "./jobs";
import { parseShopifyExportAll } from "./shopify-csv";
import { parseSupplierOrdersAll } from "./supplier-csv";
import type { RowError } from "./values";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));
const seedOf = (label: string) => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : createHash("sha256").update(label).digest().readInt32LE(0));
const actor = { type: "system", label: "fuzz" } as const;
/** The database properties take a few seconds at the default runs; more runs need more time. */
const TIMEOUT = Math.max(60_000, 60_000 * RUNS);

// ---------------------------------------------------------------------------------------------------
// Broken exports.

interface Table {
  header: string[];
  rows: string[][];
}

function tableOf(csv: string): Table {
  const [header, ...rows] = Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;
  return { header: header!, rows };
}

const SHOPIFY = tableOf(readFixture("shopify-orders-export.csv"));
const SUPPLIER = tableOf(readFixture("supplier-orders.csv"));

const MONEY = /subtotal|shipping$|taxes|total|amount|price|cost/i;
const READ_COLUMNS =
  /^(name|email|financial status|paid at|fulfillment status|fulfilled at|currency|subtotal|shipping|taxes|total|discount amount|created at|lineitem (quantity|name|price|sku|fulfillment status)|billing name|shipping (name|country)|notes|cancelled at|refunded amount|vendor|id|store order|supplier|supplier order number|status|shipped at|carrier|tracking number|cost)$/i;
const TIME = / at$/i;

const badAmount = fc.oneof(
  fc.constantFrom("", "-5.00", "1,234.56", "1,23", "12.345", "1e5", "NaN", "Infinity", "0x10", "99999999999999999", "9007199254740.99", "90071992547409.91", " 7 ", "$5", "5 USD", "٣٤٫٨٩", "+3", "."),
  fc.double({ noNaN: true }).map(String),
  fc.integer({ min: 0, max: 10 ** 15 }).map((n) => (n / 100).toFixed(2)),
  fc.integer({ min: 0, max: 2_000 }).map((n) => (n / 100).toFixed(2)),
);
const badTime = fc.oneof(
  fc.constantFrom("", "2026-10-01", "2026-10-01 09:12:03", "2026-02-30 10:00:00 -0400", "0000-01-01 00:00:00 +0000", "0026-10-01 09:00:00 +0000", "9999-12-31 23:59:59 -1400", "1969-12-31 23:59:59 +0000", "2026-10-01T13:12:03Z", "2026-10-01 25:00:00 +0000", "2026-10-01 09:12:03 +9999", "yesterday"),
  fc.date({ noInvalidDate: true, min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z") }).map((d) => d.toISOString()),
);
const badCurrency = fc.oneof(fc.constantFrom("", "usd", "XXX", "XTS", "US", "USDD", "€", "JPY", "KWD", "BHD", "CLF", "ZZZ"), fc.string({ minLength: 3, maxLength: 3 }));
const badQuantity = fc.oneof(fc.constantFrom("0", "-1", "1.5", "2147483647", "2147483648", "99999999999", "9007199254740993", "", "one"), fc.nat().map(String));
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("\u0000", "a\u0000b", '"', '""', "\n", "\r\n", ",", "=HYPERLINK(\"http://x\")", "\uFEFF", "\uFFFD", " ", "#1001", "#1002 "),
  // Huge cells: under and over the 1 MB a record may hold.
  fc.constantFrom(100_000, 1_100_000).map((n) => "x".repeat(n)),
);

function cellValue(column: string): fc.Arbitrary<string> {
  if (MONEY.test(column)) return fc.oneof(badAmount, text);
  if (TIME.test(column)) return fc.oneof(badTime, text);
  if (/currency/i.test(column)) return badCurrency;
  if (/quantity/i.test(column)) return badQuantity;
  return text;
}

type TableEdit = (t: Table) => Table;

function tableEdit(base: Table): fc.Arbitrary<TableEdit> {
  const width = base.header.length;
  const column = fc.nat({ max: width - 1 });
  const row = fc.nat({ max: Math.max(0, base.rows.length - 1) });
  const at = <T,>(xs: T[], i: number) => i % Math.max(1, xs.length);
  // Mostly the columns the importer reads, amounts and currencies most: that is where a bad value
  // can get through to the database.
  const read = base.header.flatMap((h, i) => (!READ_COLUMNS.test(h) ? [] : MONEY.test(h) || /currency/i.test(h) ? [i, i, i] : [i]));
  const cellEdit = fc
    .tuple(row, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...read) }, { weight: 1, arbitrary: column }))
    .chain(([r, c]) => cellValue(base.header[c]!).map((value) => [r, c, value] as const))
    .map(([r, c, value]) => (t: Table) => ({
      header: t.header,
      rows: t.rows.map((cells, i) => (i === at(t.rows, r) ? cells.map((cell, j) => (j === c ? value : cell)) : cells)),
    }));
  return fc.oneof(
    { weight: 7, arbitrary: cellEdit },
    column.map((c) => (t: Table) => ({ header: t.header.filter((_, i) => i !== c), rows: t.rows.map((r) => r.filter((_, i) => i !== c)) })),
    column.map((c) => (t: Table) => ({ header: [...t.header, t.header[at(t.header, c)]!], rows: t.rows.map((r) => [...r, r[at(r, c)] ?? ""]) })),
    fc.tuple(column, fc.constantFrom((s: string) => s.toUpperCase(), (s: string) => s.toLowerCase().replaceAll(" ", "_"), (s: string) => ` ${s} `, () => "")).map(
      ([c, rename]) => (t: Table) => ({ header: t.header.map((h, i) => (i === at(t.header, c) ? rename(h) : h)), rows: t.rows }),
    ),
    fc.array(fc.nat(), { minLength: 1, maxLength: 12 }).map((keys) => (t: Table) => ({
      header: t.header,
      rows: t.rows.map((r, i) => ({ r, k: keys[i % keys.length]! + i })).sort((a, b) => a.k - b.k).map((x) => x.r),
    })),
    row.map((r) => (t: Table) => ({ header: t.header, rows: t.rows.filter((_, i) => i !== at(t.rows, r)) })),
    row.map((r) => (t: Table) => ({ header: t.header, rows: [...t.rows.slice(0, at(t.rows, r) + 1), ...t.rows.slice(at(t.rows, r))] })),
    row.map((r) => (t: Table) => ({ header: t.header, rows: [...t.rows.slice(0, at(t.rows, r)), t.header.map(() => ""), ...t.rows.slice(at(t.rows, r))] })),
  );
}

type TextEdit = (s: string) => string;

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (s: string) => s.slice(0, Math.floor(s.length * f))),
  fc.constant((s: string) => `\uFEFF${s}`),
  fc.constant((s: string) => s.replaceAll("\n", "\r\n")),
  fc.constant((s: string) => s.replaceAll("\n", "\r")),
  fc.constant((s: string) => s.replaceAll(",", ";")),
  fc.constant((s: string) => `\n\n${s}\n\n`),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(fc.constantFrom('"', '""', "\u0000", "\r", "\uFFFD", "\u2028", ",,,", '"\n'), fc.string({ maxLength: 8 })))
    .map(([f, junk]) => (s: string) => {
      const i = Math.floor(s.length * f);
      return s.slice(0, i) + junk + s.slice(i);
    }),
);

const toCsv = (t: Table) => `${Papa.unparse([t.header, ...t.rows], { newline: "\n" })}\n`;

/** What the upload route hands the importer: the request body read as UTF-8 text. */
const asUploaded = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const uploaded = (s: string) => asUploaded(new TextEncoder().encode(s));

function brokenExport(base: Table): fc.Arbitrary<string> {
  const mutated = fc
    .tuple(fc.array(tableEdit(base), { maxLength: 5 }), fc.array(textEdit, { maxLength: 2 }))
    .map(([tableEdits, textEdits]) => uploaded(textEdits.reduce((s, edit) => edit(s), toCsv(tableEdits.reduce((t, edit) => edit(t), base)))));
  return fc.oneof(
    { weight: 8, arbitrary: mutated },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map(asUploaded) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map(uploaded) },
  );
}

/**
 * A well-formed re-export whose figures changed since the last import: amounts, currencies,
 * statuses and times edited on orders' first rows. Files like this import without row errors, so
 * they reach the database's own rules (the ledger's CHECK on refunds, …) more often than damage does.
 */
function changedReExport(base: Table): fc.Arbitrary<string> {
  const firstRows = base.rows.flatMap((r, i) => (i === 0 || base.rows[i - 1]![0] !== r[0] ? [i] : []));
  const col = (label: string) => base.header.indexOf(label);
  const amount = fc.integer({ min: 0, max: 1_000 }).map((n) => (n / 100).toFixed(2));
  const edits: fc.Arbitrary<[number, string]>[] = [
    ...["Total", "Subtotal", "Shipping", "Taxes", "Refunded Amount", "Discount Amount"].map((c) => amount.map((v) => [col(c), v] as [number, string])),
    fc.constantFrom("USD", "EUR", "GBP").map((v) => [col("Currency"), v] as [number, string]),
    fc.constantFrom("paid", "refunded", "partially_refunded", "voided", "pending").map((v) => [col("Financial Status"), v] as [number, string]),
    fc.constantFrom("", "2026-10-20 10:00:00 -0400").map((v) => [col("Cancelled at"), v] as [number, string]),
  ];
  return fc.array(fc.tuple(fc.constantFrom(...firstRows), fc.oneof(...edits)), { minLength: 1, maxLength: 4 }).map((changes) => {
    const rows = base.rows.map((r) => [...r]);
    for (const [row, [column, value]] of changes) rows[row]![column] = value;
    return toCsv({ header: base.header, rows });
  });
}

// ---------------------------------------------------------------------------------------------------
// Parsing alone: many runs, no database.

function expectReadableErrors(errors: RowError[]): void {
  for (const error of errors) {
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.message).toMatch(new RegExp(`^Line ${error.line}: \\S`));
    expect(error.message.length).toBeLessThan(2_000);
    // What the file said is quoted; outside the quotes, no sign of a value that went wrong in code.
    expect(error.message.replace(/"[^"]*"/g, '""')).not.toMatch(/undefined|NaN|\[object|TypeError|RangeError/);
  }
}

describe("parsing a broken export never throws and explains every problem", () => {
  it("Shopify orders export", async () => {
    await fc.assert(
      fc.asyncProperty(brokenExport(SHOPIFY), async (content) => {
        const parsed = await parseShopifyExportAll(content);
        expectReadableErrors(parsed.errors);
        for (const order of parsed.orders) {
          for (const amount of [order.subtotalMinor, order.shippingMinor, order.taxMinor, order.discountMinor, order.totalMinor, order.refundedMinor]) {
            expect(Number.isSafeInteger(amount) && amount >= 0).toBe(true);
          }
          expect(order.name.trim()).toBe(order.name);
          expect(order.name).not.toBe("");
          for (const item of order.lineItems) expect(Number.isSafeInteger(item.quantity) && item.quantity >= 1).toBe(true);
        }
      }),
      { numRuns: runs(100), seed: seedOf("parse shopify") },
    );
  });

  it("supplier orders file", async () => {
    await fc.assert(
      fc.asyncProperty(brokenExport(SUPPLIER), async (content) => {
        const parsed = await parseSupplierOrdersAll(content);
        expectReadableErrors(parsed.errors);
        for (const row of parsed.orders) expect(Number.isSafeInteger(row.costMinor) && row.costMinor >= 0).toBe(true);
      }),
      { numRuns: runs(100), seed: seedOf("parse supplier") },
    );
  });

  it("reading the upload in pieces gives the same result as reading it whole", async () => {
    await fc.assert(
      fc.asyncProperty(brokenExport(SHOPIFY), fc.array(fc.nat(), { maxLength: 6 }), async (content, cuts) => {
        const bytes = new TextEncoder().encode(content);
        const bounds = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...bounds].map((from, i) => bytes.subarray(from, [...bounds, bytes.length][i]));
        async function* stream() {
          for (const piece of pieces) yield piece;
        }
        expect(await parseShopifyExportAll(stream())).toEqual(await parseShopifyExportAll(bytes));
      }),
      { numRuns: runs(40), seed: seedOf("pieces") },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Uploading, previewing and importing: fewer runs, each against the database.

let database: Database;
let db: Db;
let t: TenantFixture;
let owner: ResolvedMembership;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Importfuzz");
  owner = (await resolveMembership(db, t.owner.id, t.organizationId))!;
  // The supplier file names these orders; the Shopify fuzz then edits them as re-exports would.
  for (const [kind, file] of [["shopify_orders", "shopify-orders-export.csv"], ["supplier_orders", "supplier-orders.csv"]] as const) {
    const summary = await importFile(db, scope(), kind, file, readFixture(file), { skipBadRows: false, actor });
    expect(summary.errors).toEqual([]);
  }
}, 120_000);
afterAll(async () => {
  await database.close();
});

const scope = () => ({ organizationId: t.organizationId, storeId: t.grantedStoreId });

/** Every row of the store an import can touch, exactly as stored. */
async function storeState(): Promise<string> {
  const { organizationId, storeId } = scope();
  const parts = await Promise.all([
    queryRows(db, sql`select to_jsonb(o) as row from orders o where organization_id = ${organizationId} and store_id = ${storeId} order by name`),
    queryRows(
      db,
      sql`select to_jsonb(li) as row from order_line_items li join orders o on o.organization_id = li.organization_id and o.id = li.order_id
          where o.organization_id = ${organizationId} and o.store_id = ${storeId} order by li.order_id, li.position`,
    ),
    queryRows(db, sql`select to_jsonb(s) as row from supplier_orders s where organization_id = ${organizationId} and store_id = ${storeId} order by id`),
    queryRows(db, sql`select to_jsonb(m) as row from money_movements m where organization_id = ${organizationId} and store_id = ${storeId} order by id`),
  ]);
  return JSON.stringify(parts.map((rows) => rows.map((r) => r.row)));
}

type Upload = { ok: true; jobId: string; preview: ImportPreview } | { ok: false; message: string };

/** What `POST /api/imports` does: a user's error is a 4xx with its message, anything else a 500. */
async function upload(kind: ImportKind, content: string): Promise<Upload> {
  try {
    const result = await withTenant(db, t.organizationId, (tx) =>
      createImportJob(tx, scope(), owner, { kind, fileName: "fuzz.csv", content, userId: t.owner.id }),
    );
    return { ok: true, ...result };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false, message: error.message };
  }
}

/** What `import.start` does, then the background run it schedules. */
async function start(jobId: string, skipBadRows: boolean): Promise<{ started: true; status: string; summary: ImportSummary } | { started: false; message: string }> {
  try {
    await withTenant(db, t.organizationId, (tx) => startImportJob(tx, t.organizationId, owner, jobId, skipBadRows));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe("PRECONDITION");
    return { started: false, message: error.message };
  }
  await runImportJob(db, t.organizationId, jobId, { type: "user", id: t.owner.id, label: t.owner.name }, { persistProgress: false });
  const [job] = await db
    .select({ status: importJobs.status, summary: importJobs.summary, errors: importJobs.errors })
    .from(importJobs)
    .where(and(eq(importJobs.organizationId, t.organizationId), eq(importJobs.id, jobId)));
  expect(job!.status, JSON.stringify(job!.errors)).toBe("completed");
  return { started: true, status: job!.status, summary: job!.summary as ImportSummary };
}

async function storedHashes(names: string[]): Promise<Map<string, string | null>> {
  if (names.length === 0) return new Map();
  const rows = await queryRows<{ name: string; content_hash: string | null }>(
    db,
    sql`select name, content_hash from orders where organization_id = ${t.organizationId} and store_id = ${t.grantedStoreId}
        and name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`,
  );
  return new Map(rows.map((r) => [r.name, r.content_hash]));
}

/** Upload, start (as the import screen does), run; then the same file again. */
async function importsAsPreviewed(content: string, skipBadRows: boolean): Promise<void> {
  const before = await storeState();
  const uploadResult = await upload("shopify_orders", content);
  if (!uploadResult.ok) {
    expect(uploadResult.message).not.toBe("");
    expect(await storeState()).toBe(before);
    return;
  }
  const { preview, jobId } = uploadResult;
  expectReadableErrors(preview.errors);
  const outcome = await start(jobId, skipBadRows);
  if (!outcome.started) {
    // Refused to start: only a file with errors (and no leave to skip them) is refused.
    expect(preview.fileError !== null || (preview.errors.length > 0 && !skipBadRows)).toBe(true);
    expect(await storeState()).toBe(before);
    return;
  }
  const { summary } = outcome;
  expect({ created: summary.created, updated: summary.updated }).toEqual({ created: preview.toCreate, updated: preview.toUpdate });
  // Every order the preview did not name in an error is now stored as the file has it.
  const invalid = new Set(preview.errors.map((e) => e.orderName));
  const valid = (await parseShopifyExportAll(content)).orders.filter((o) => !invalid.has(o.name));
  expect(valid).toHaveLength(preview.orders);
  const stored = await storedHashes(valid.map((o) => o.name));
  for (const order of valid) expect(stored.get(order.name), order.name).toBe(orderContentHash(toOrderInput(order)));

  const after = await storeState();
  const again = await importFile(db, scope(), "shopify_orders", "fuzz.csv", content, { skipBadRows: true, actor });
  expect({ created: again.created, updated: again.updated }).toEqual({ created: 0, updated: 0 });
  expect(await storeState()).toBe(after);
}

describe("importing a broken export is all or nothing", () => {
  it("Shopify orders: the preview's promise is kept, or nothing changes; a re-import changes nothing", async () => {
    await fc.assert(fc.asyncProperty(brokenExport(SHOPIFY), fc.boolean(), importsAsPreviewed), { numRuns: runs(25), seed: seedOf("import shopify") });
  }, TIMEOUT);

  it("Shopify orders: a re-export with changed figures imports as previewed", async () => {
    await fc.assert(fc.asyncProperty(changedReExport(SHOPIFY), fc.boolean(), importsAsPreviewed), { numRuns: runs(15), seed: seedOf("re-export shopify") });
  }, TIMEOUT);

  it("supplier orders: the preview's promise is kept, or nothing changes; a re-import changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(brokenExport(SUPPLIER), fc.boolean(), async (content, skipBadRows) => {
        const before = await storeState();
        const uploadResult = await upload("supplier_orders", content);
        if (!uploadResult.ok) {
          expect(uploadResult.message).not.toBe("");
          expect(await storeState()).toBe(before);
          return;
        }
        const { preview, jobId } = uploadResult;
        expectReadableErrors(preview.errors);
        const outcome = await start(jobId, skipBadRows);
        if (!outcome.started) {
          expect(preview.fileError !== null || (preview.errors.length > 0 && !skipBadRows)).toBe(true);
          expect(await storeState()).toBe(before);
          return;
        }
        // Each row the preview counted was written or was already there exactly so.
        expect(outcome.summary.created + outcome.summary.updated).toBeLessThanOrEqual(preview.orders);
        const rows = await queryRows<{ n: number | string }>(
          db,
          sql`select count(*)::int as n from supplier_orders where organization_id = ${t.organizationId} and store_id = ${t.grantedStoreId}`,
        );
        expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(preview.orders);

        const after = await storeState();
        const again = await importFile(db, scope(), "supplier_orders", "fuzz.csv", content, { skipBadRows: true, actor });
        expect({ created: again.created, updated: again.updated }).toEqual({ created: 0, updated: 0 });
        expect(await storeState()).toBe(after);
      }),
      { numRuns: runs(15), seed: seedOf("import supplier") },
    );
  }, TIMEOUT);
});
