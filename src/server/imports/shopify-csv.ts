import type { FinancialStatus, FulfillmentStatus, LineItemFulfillmentStatus } from "@/lib/orders";
import { readCsvRecords, type CsvInput, type CsvRecord } from "./csv-stream";
import { cellOrNull, cellText, resolveColumns, type ColumnSpec, type ResolvedColumns } from "./columns";
import { normalizeCurrencyCode, parseAmountToMinor } from "./money";
import {
  isBlankRecord,
  lineMessage,
  lookupStatus,
  MAX_EMAIL_CHARS,
  MAX_KEY_CHARS,
  MAX_QUANTITY,
  MAX_TITLE_CHARS,
  parseTimestamp,
  shown,
  structuralProblem,
  tooLong,
  type RowError,
} from "./values";

/**
 * Shopify's orders export (Orders → Export → CSV), as Shopify writes it: one row per line item,
 * the order's own columns filled only on its first row, an order's rows next to each other.
 * Pure parsing: nothing here touches the database.
 */

export type { RowError } from "./values";
export type { CsvInput } from "./csv-stream";

export type ParsedLineItem = {
  line: number;
  sku: string | null;
  title: string;
  quantity: number;
  unitPriceMinor: number;
  fulfillmentStatus: LineItemFulfillmentStatus;
  vendor: string | null;
};

export type ParsedOrder = {
  /** First physical line of the order in the file (1 = the header). */
  line: number;
  externalId: string | null;
  name: string;
  email: string | null;
  customerName: string | null;
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  discountMinor: number;
  totalMinor: number;
  refundedMinor: number;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  placedAt: Date;
  paidAt: Date | null;
  fulfilledAt: Date | null;
  cancelledAt: Date | null;
  shippingCountry: string | null;
  note: string | null;
  lineItems: ParsedLineItem[];
};

export type ShopifyOrderBatch = {
  /** Complete, valid orders. */
  orders: ParsedOrder[];
  /** Every problem found in the rows of the orders left out (and rows that belong to no order). */
  errors: RowError[];
  /** Set when the file as a whole cannot be read (no Name column, empty file); nothing follows. */
  fileError: RowError | null;
};

export type ShopifyParseSummary = {
  orders: number;
  lineItems: number;
  errors: number;
  /** Data rows read, without the header and blank lines. */
  rowsRead: number;
  bytesRead: number;
  fileError: RowError | null;
};

export type ShopifyParseOptions = {
  /** Called after each chunk of the file (about 1 MB) has been parsed. */
  onProgress?(rowsRead: number, bytesRead: number): void;
  /** Orders (and errors) per yielded batch; 1000 by default. */
  batchSize?: number;
};

const COLUMNS = {
  name: { label: "Name", aliases: ["Order Name"], required: true },
  email: { label: "Email" },
  financialStatus: { label: "Financial Status", required: true },
  paidAt: { label: "Paid at" },
  fulfillmentStatus: { label: "Fulfillment Status" },
  fulfilledAt: { label: "Fulfilled at" },
  currency: { label: "Currency", required: true },
  subtotal: { label: "Subtotal" },
  shipping: { label: "Shipping" },
  taxes: { label: "Taxes", aliases: ["Tax", "Total Tax"] },
  total: { label: "Total", required: true },
  discountAmount: { label: "Discount Amount" },
  createdAt: { label: "Created at", required: true },
  lineitemQuantity: { label: "Lineitem quantity" },
  lineitemName: { label: "Lineitem name" },
  lineitemPrice: { label: "Lineitem price" },
  lineitemSku: { label: "Lineitem sku" },
  lineitemFulfillmentStatus: { label: "Lineitem fulfillment status" },
  billingName: { label: "Billing Name" },
  shippingName: { label: "Shipping Name" },
  shippingCountry: { label: "Shipping Country" },
  notes: { label: "Notes", aliases: ["Note"] },
  cancelledAt: { label: "Cancelled at" },
  refundedAmount: { label: "Refunded Amount" },
  vendor: { label: "Vendor" },
  id: { label: "Id", aliases: ["Order Id"] },
} satisfies Record<string, ColumnSpec>;

type Column = keyof typeof COLUMNS;
type Columns = ResolvedColumns<Column>;

const LINE_ITEM_COLUMNS = ["lineitemQuantity", "lineitemName", "lineitemPrice"] as const satisfies readonly Column[];

const FINANCIAL_STATUS_TABLE: Record<string, FinancialStatus> = {
  pending: "pending",
  authorized: "authorized",
  paid: "paid",
  partially_paid: "partially_paid",
  partially_refunded: "partially_refunded",
  refunded: "refunded",
  voided: "voided",
  expired: "expired",
};
const FINANCIAL_STATUS_NAMES = Object.keys(FINANCIAL_STATUS_TABLE);

/** The export writes the order's fulfillment its own way ("partial", "" for unfulfilled). */
const FULFILLMENT_STATUS_TABLE: Record<string, FulfillmentStatus> = {
  "": "unfulfilled",
  unfulfilled: "unfulfilled",
  open: "unfulfilled",
  partial: "partially_fulfilled",
  partially_fulfilled: "partially_fulfilled",
  fulfilled: "fulfilled",
  restocked: "restocked",
  in_progress: "in_progress",
  fulfillment_requested: "in_progress",
  pending_fulfillment: "in_progress",
  on_hold: "on_hold",
  scheduled: "scheduled",
};
const FULFILLMENT_STATUS_NAMES = [
  "unfulfilled (or empty)", "partial", "fulfilled", "restocked", "in progress", "on hold", "scheduled",
];

/**
 * A line item's status: "" until it ships, "fulfilled", "pending" while a fulfillment is
 * requested, "restocked", "not_eligible". A "partial" item (some units shipped) becomes `pending`:
 * it must not look unfulfilled (that would invite a cancellation), and not all of it has shipped.
 */
const LINE_ITEM_STATUS_TABLE: Record<string, LineItemFulfillmentStatus> = {
  "": "unfulfilled",
  unfulfilled: "unfulfilled",
  fulfilled: "fulfilled",
  pending: "pending",
  partial: "pending",
  in_progress: "pending",
  restocked: "restocked",
  not_eligible: "not_eligible",
};
const LINE_ITEM_STATUS_NAMES = ["unfulfilled (or empty)", "pending", "partial", "fulfilled", "restocked", "not_eligible"];

const FIRST_ROW_FIELDS = "Currency, Total, Created at and Financial Status";


const FILE_DESCRIPTION = "a Shopify orders export (Orders → Export)";

type OrderHead = Omit<ParsedOrder, "line" | "name" | "lineItems" | "subtotalMinor"> & { subtotalMinor: number | null };

/** An order whose rows are still being read. */
type OpenOrder = {
  name: string;
  line: number;
  head: OrderHead | null;
  /** The order's currency once its first row gave a valid one: line item prices need it. */
  currency: string | null;
  lineItems: ParsedLineItem[];
  errors: RowError[];
  /** The name was seen earlier in the file: these rows are reported, never read. */
  reappeared: boolean;
};

/**
 * Streams the export and yields batches of complete orders. An order is complete when a row with
 * another Name starts, or at the end of the file; memory holds one chunk of text and one batch,
 * plus the set of order names seen (to catch an order whose rows are not together).
 *
 * One caveat of streaming: when an order's Name turns up again further down, its first part may
 * already have been yielded. The error then carries `orderName`; a caller that keeps only valid
 * orders drops every order an error names (`parseShopifyExportAll` does).
 */
export async function* parseShopifyExport(
  input: CsvInput,
  options: ShopifyParseOptions = {},
): AsyncGenerator<ShopifyOrderBatch, ShopifyParseSummary, undefined> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const summary: ShopifyParseSummary = { orders: 0, lineItems: 0, errors: 0, rowsRead: 0, bytesRead: 0, fileError: null };
  let columns: Columns | null = null;
  let hasLineItems = false;
  let open: OpenOrder | null = null;
  const firstLineOf = new Map<string, number>();
  let pending: ShopifyOrderBatch = { orders: [], errors: [], fileError: null };

  const takeBatch = (): ShopifyOrderBatch => {
    const batch = pending;
    pending = { orders: [], errors: [], fileError: null };
    summary.orders += batch.orders.length;
    summary.lineItems += batch.orders.reduce((sum, order) => sum + order.lineItems.length, 0);
    summary.errors += batch.errors.length;
    return batch;
  };
  const batchIsFull = () => pending.orders.length + pending.errors.length >= batchSize;
  const fail = (message: string, line = 1): ShopifyOrderBatch => {
    const fileError = { line, message: lineMessage(line, message) };
    summary.fileError = fileError;
    summary.errors += 1;
    return { orders: [], errors: [fileError], fileError };
  };

  const close = (order: OpenOrder) => {
    if (order.errors.length > 0 || order.head === null) pending.errors.push(...order.errors);
    else pending.orders.push(completeOrder(order, order.head));
  };

  const readRow = (record: CsvRecord, cols: Columns): void => {
    const error = (message: string, orderName?: string): RowError =>
      orderName === undefined
        ? { line: record.line, message: lineMessage(record.line, message) }
        : { line: record.line, message: lineMessage(record.line, message), orderName };
    const name = cellText(record.fields, cols, "name");
    const broken = structuralProblem(record, cols.width);

    if (name === "") {
      pending.errors.push(error(broken ?? `${cols.label.name} is empty. Every row needs the order name, like #1001.`));
      return;
    }
    if (open === null || open.name !== name) {
      if (open !== null) close(open);
      const firstLine = firstLineOf.get(name);
      open = { name, line: record.line, head: null, currency: null, lineItems: [], errors: [], reappeared: firstLine !== undefined };
      if (firstLine !== undefined) {
        // Shopify writes an order's rows together; a repeat means a sorted or merged file, and
        // which copy is right cannot be known.
        pending.orders = pending.orders.filter((order) => order.name !== name);
        open.errors.push(
          error(
            `order ${shown(name)} appears again here, but its rows start on line ${firstLine} and must be next to each other. Sort the file by ${cols.label.name} or export it again from Shopify.`,
            name,
          ),
        );
        return;
      }
      firstLineOf.set(name, record.line);
      if (broken !== null) {
        open.errors.push(error(broken, name));
        return;
      }
      const head = readOrderHead(record.fields, cols, (message) => open!.errors.push(error(message, name)), name);
      open.head = head;
      open.currency = head?.currency ?? null;
    } else if (open.reappeared) {
      return;
    } else if (broken !== null) {
      open.errors.push(error(broken, name));
      return;
    }
    if (hasLineItems) {
      const item = readLineItem(record, cols, open.currency, (message) => open!.errors.push(error(message, name)));
      if (item !== null) open.lineItems.push(item);
    }
  };

  for await (const chunk of readCsvRecords(input)) {
    summary.bytesRead = chunk.bytesRead;
    for (const record of chunk.records) {
      if (columns === null) {
        if (isBlankRecord(record)) continue;
        const resolution = resolveHeader(record);
        if (!resolution.ok) {
          yield fail(resolution.message, record.line);
          return summary;
        }
        columns = resolution.columns;
        hasLineItems = resolution.hasLineItems;
        continue;
      }
      if (isBlankRecord(record)) continue;
      summary.rowsRead += 1;
      readRow(record, columns);
      if (batchIsFull()) yield takeBatch();
    }
    options.onProgress?.(summary.rowsRead, summary.bytesRead);
  }

  if (columns === null) {
    yield fail("the file is empty. Export your orders from Shopify (Orders → Export → CSV) and upload that file.");
    return summary;
  }
  if (open !== null) close(open);
  if (pending.orders.length > 0 || pending.errors.length > 0) yield takeBatch();
  return summary;
}

type HeaderResolution = { ok: true; columns: Columns; hasLineItems: boolean } | { ok: false; message: string };

function resolveHeader(record: CsvRecord): HeaderResolution {
  if (record.problem !== null) {
    return { ok: false, message: "the first line (the column names) has unbalanced quotes. Export the file again from Shopify." };
  }
  const resolution = resolveColumns(record.fields, COLUMNS, FILE_DESCRIPTION);
  if (!resolution.ok) return resolution;
  const { columns } = resolution;
  const present = LINE_ITEM_COLUMNS.filter((key) => columns.index[key] !== undefined);
  if (present.length > 0 && present.length < LINE_ITEM_COLUMNS.length) {
    const absent = LINE_ITEM_COLUMNS.filter((key) => columns.index[key] === undefined).map((key) => `"${COLUMNS[key].label}"`);
    return {
      ok: false,
      message: `the file has line item columns but not ${absent.join(" or ")}. Export the file again with all of Shopify's columns.`,
    };
  }
  // Without any line item columns the file still gives orders, just without their items.
  return { ok: true, columns, hasLineItems: present.length > 0 };
}

/** The order's own columns, from its first row; null (with errors reported) when any is wrong. */
function readOrderHead(
  fields: readonly string[],
  cols: Columns,
  report: (message: string) => void,
  name: string,
): OrderHead | null {
  let valid = true;
  const problem = (message: string) => {
    valid = false;
    report(message);
  };
  const required = (key: Column): string => {
    const text = cellText(fields, cols, key);
    if (text === "") {
      problem(`${cols.label[key]} is empty. The first row of order ${shown(name)} must have its ${FIRST_ROW_FIELDS}.`);
    }
    return text;
  };

  for (const message of [
    tooLong(cols.label.name, name, MAX_KEY_CHARS),
    tooLong(cols.label.id, cellText(fields, cols, "id"), MAX_KEY_CHARS),
    tooLong(cols.label.email, cellText(fields, cols, "email"), MAX_EMAIL_CHARS),
  ]) {
    if (message !== null) problem(message);
  }

  const currencyText = required("currency");
  const currency = currencyText === "" ? null : normalizeCurrencyCode(currencyText);
  if (currencyText !== "" && currency === null) {
    problem(`${cols.label.currency} "${shown(currencyText)}" is not an ISO 4217 currency code, like USD or EUR.`);
  }
  // Amounts are only read against a valid currency: the currency decides how many decimals fit.
  const amount = (key: Column, text: string): number => {
    if (currency === null || text === "") return 0;
    const result = parseAmountToMinor(text, currency);
    if (!result.ok) {
      problem(`${cols.label[key]} ${result.message}`);
      return 0;
    }
    return result.minor;
  };
  const optionalAmount = (key: Column) => amount(key, cellText(fields, cols, key));
  const subtotalText = cellText(fields, cols, "subtotal");
  const subtotalMinor = subtotalText === "" ? null : amount("subtotal", subtotalText);
  const totalMinor = amount("total", required("total"));

  const time = (key: Column, text: string): Date | null => {
    if (text === "") return null;
    const result = parseTimestamp(text);
    if (!result.ok) {
      problem(`${cols.label[key]} ${result.message}`);
      return null;
    }
    return result.value;
  };
  const placedAt = time("createdAt", required("createdAt"));

  const financialText = required("financialStatus");
  let financialStatus: FinancialStatus = "pending";
  if (financialText !== "") {
    const result = lookupStatus(financialText, FINANCIAL_STATUS_TABLE, "a financial status", FINANCIAL_STATUS_NAMES);
    if (result.ok) financialStatus = result.value;
    else problem(`${cols.label.financialStatus} ${result.message}`);
  }
  let fulfillmentStatus: FulfillmentStatus = "unfulfilled";
  const fulfillment = lookupStatus(
    cellText(fields, cols, "fulfillmentStatus"),
    FULFILLMENT_STATUS_TABLE,
    "a fulfillment status",
    FULFILLMENT_STATUS_NAMES,
  );
  if (fulfillment.ok) fulfillmentStatus = fulfillment.value;
  else problem(`${cols.label.fulfillmentStatus} ${fulfillment.message}`);

  let shippingCountry = cellOrNull(fields, cols, "shippingCountry");
  if (shippingCountry !== null) {
    if (/^[a-z]{2}$/i.test(shippingCountry)) shippingCountry = shippingCountry.toUpperCase();
    else problem(`${cols.label.shippingCountry} "${shown(shippingCountry)}" is not a two-letter country code, like US or FR.`);
  }

  const head: OrderHead = {
    externalId: cellOrNull(fields, cols, "id"),
    email: cellOrNull(fields, cols, "email"),
    customerName: cellOrNull(fields, cols, "billingName") ?? cellOrNull(fields, cols, "shippingName"),
    currency: currency ?? "",
    subtotalMinor,
    shippingMinor: optionalAmount("shipping"),
    taxMinor: optionalAmount("taxes"),
    discountMinor: optionalAmount("discountAmount"),
    totalMinor,
    refundedMinor: optionalAmount("refundedAmount"),
    financialStatus,
    fulfillmentStatus,
    placedAt: placedAt ?? new Date(0),
    paidAt: time("paidAt", cellText(fields, cols, "paidAt")),
    fulfilledAt: time("fulfilledAt", cellText(fields, cols, "fulfilledAt")),
    cancelledAt: time("cancelledAt", cellText(fields, cols, "cancelledAt")),
    shippingCountry,
    note: cellOrNull(fields, cols, "notes"),
  };
  return valid ? head : null;
}

function readLineItem(
  record: CsvRecord,
  cols: Columns,
  currency: string | null,
  report: (message: string) => void,
): ParsedLineItem | null {
  const { fields } = record;
  let valid = true;
  const problem = (message: string) => {
    valid = false;
    report(message);
  };

  const title = cellText(fields, cols, "lineitemName");
  if (title === "") problem(`${cols.label.lineitemName} is empty. Every row is one line item and needs its product name.`);
  for (const message of [
    tooLong(cols.label.lineitemName, title, MAX_TITLE_CHARS),
    tooLong(cols.label.lineitemSku, cellText(fields, cols, "lineitemSku"), MAX_KEY_CHARS),
  ]) {
    if (message !== null) problem(message);
  }

  const quantityText = cellText(fields, cols, "lineitemQuantity");
  const quantity = /^\d+$/.test(quantityText) ? Number(quantityText) : Number.NaN;
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    problem(
      quantityText === ""
        ? `${cols.label.lineitemQuantity} is empty. Enter how many were ordered, like 1.`
        : `${cols.label.lineitemQuantity} "${shown(quantityText)}" is not a positive whole number. Enter how many were ordered, like 1.`,
    );
  } else if (quantity > MAX_QUANTITY) {
    problem(`${cols.label.lineitemQuantity} "${quantityText}" is more than ${MAX_QUANTITY.toLocaleString("en-US")}. Check the quantity.`);
  }

  let unitPriceMinor = 0;
  // Without a valid currency on the order's first row (already reported) the price cannot be read.
  if (currency !== null) {
    const price = parseAmountToMinor(cellText(fields, cols, "lineitemPrice"), currency);
    if (price.ok) unitPriceMinor = price.minor;
    else problem(`${cols.label.lineitemPrice} ${price.message}`);
  }

  let fulfillmentStatus: LineItemFulfillmentStatus = "unfulfilled";
  const status = lookupStatus(
    cellText(fields, cols, "lineitemFulfillmentStatus"),
    LINE_ITEM_STATUS_TABLE,
    "a line item fulfillment status",
    LINE_ITEM_STATUS_NAMES,
  );
  if (status.ok) fulfillmentStatus = status.value;
  else problem(`${cols.label.lineitemFulfillmentStatus} ${status.message}`);

  if (!valid) return null;
  return {
    line: record.line,
    sku: cellOrNull(fields, cols, "lineitemSku"),
    title,
    quantity,
    unitPriceMinor,
    fulfillmentStatus,
    vendor: cellOrNull(fields, cols, "vendor"),
  };
}

function completeOrder(order: OpenOrder, head: OrderHead): ParsedOrder {
  return {
    line: order.line,
    externalId: head.externalId,
    name: order.name,
    email: head.email,
    customerName: head.customerName,
    currency: head.currency,
    subtotalMinor: head.subtotalMinor ?? derivedSubtotal(head, order.lineItems),
    shippingMinor: head.shippingMinor,
    taxMinor: head.taxMinor,
    discountMinor: head.discountMinor,
    totalMinor: head.totalMinor,
    refundedMinor: head.refundedMinor,
    financialStatus: head.financialStatus,
    fulfillmentStatus: head.fulfillmentStatus,
    placedAt: head.placedAt,
    paidAt: head.paidAt,
    fulfilledAt: head.fulfilledAt,
    cancelledAt: head.cancelledAt,
    shippingCountry: head.shippingCountry,
    note: head.note,
    lineItems: order.lineItems,
  };
}

/**
 * Older exports without a Subtotal column: Shopify's subtotal is the line items after discounts,
 * before shipping and tax; without line items, what the total leaves after shipping and tax.
 */
function derivedSubtotal(head: OrderHead, lineItems: readonly ParsedLineItem[]): number {
  const fromItems = lineItems.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0) - head.discountMinor;
  if (lineItems.length > 0 && Number.isSafeInteger(fromItems)) return Math.max(0, fromItems);
  return Math.max(0, head.totalMinor - head.shippingMinor - head.taxMinor);
}

export type ShopifyParseResult = {
  orders: ParsedOrder[];
  /** Row errors, and the file error when there is one. Empty means every row was imported. */
  errors: RowError[];
  /** Line items of the valid orders. */
  lineItems: number;
  fileError: RowError | null;
};

/** The whole file at once, for tests and previews. Orders named by any error are left out. */
export async function parseShopifyExportAll(
  input: CsvInput,
  options: Omit<ShopifyParseOptions, "batchSize"> = {},
): Promise<ShopifyParseResult> {
  const orders: ParsedOrder[] = [];
  const errors: RowError[] = [];
  let fileError: RowError | null = null;
  for await (const batch of parseShopifyExport(input, options)) {
    orders.push(...batch.orders);
    errors.push(...batch.errors);
    fileError ??= batch.fileError;
  }
  const invalid = new Set(errors.flatMap((error) => (error.orderName === undefined ? [] : [error.orderName])));
  const valid = invalid.size === 0 ? orders : orders.filter((order) => !invalid.has(order.name));
  return {
    orders: valid,
    errors,
    lineItems: valid.reduce((sum, order) => sum + order.lineItems.length, 0),
    fileError,
  };
}
