import type { SupplierOrderStatus } from "@/lib/orders";
import { readCsvRecords, type CsvInput, type CsvRecord } from "./csv-stream";
import { cellOrNull, cellText, resolveColumns, type ColumnSpec, type ResolvedColumns } from "./columns";
import { normalizeCurrencyCode, parseAmountToMinor } from "./money";
import { isBlankRecord, lineMessage, lookupStatus, parseTimestamp, shown, structuralProblem, tooLong, type RowError } from "./values";

/**
 * Our documented supplier-orders CSV: one row per supplier order, linked to a store order by its
 * name. Statuses are ours or AliExpress's order codes. Pure parsing: store orders are matched later.
 */

export type { RowError } from "./values";

export type ParsedSupplierOrder = {
  line: number;
  storeOrderName: string;
  supplier: string;
  supplierOrderNumber: string;
  status: SupplierOrderStatus;
  paidAt: Date | null;
  shippedAt: Date | null;
  carrier: string | null;
  trackingNumber: string | null;
  costMinor: number;
  currency: string;
  /** AliExpress IN_CANCEL: a cancellation request waits for the supplier's answer. */
  cancellationPending: boolean;
  /** AliExpress IN_ISSUE: a dispute is open. */
  disputeOpen: boolean;
};

export type SupplierOrderBatch = { orders: ParsedSupplierOrder[]; errors: RowError[]; fileError: RowError | null };

export type SupplierParseSummary = {
  orders: number;
  errors: number;
  rowsRead: number;
  bytesRead: number;
  fileError: RowError | null;
};

export type SupplierParseOptions = {
  onProgress?(rowsRead: number, bytesRead: number): void;
  /** Rows (and errors) per yielded batch; 1000 by default. */
  batchSize?: number;
};

const COLUMNS = {
  storeOrder: { label: "Store Order", aliases: ["Store Order Name", "Order Name", "Order"], required: true },
  supplier: { label: "Supplier", required: true },
  supplierOrderNumber: {
    label: "Supplier Order Number",
    aliases: ["Supplier Order No", "Supplier Order Id", "Supplier Order"],
    required: true,
  },
  status: { label: "Status", required: true },
  paidAt: { label: "Paid at" },
  shippedAt: { label: "Shipped at" },
  carrier: { label: "Carrier" },
  trackingNumber: { label: "Tracking Number", aliases: ["Tracking No", "Tracking"] },
  cost: { label: "Cost", aliases: ["Supplier Cost"], required: true },
  currency: { label: "Currency", required: true },
} satisfies Record<string, ColumnSpec>;

type Column = keyof typeof COLUMNS;
type Columns = ResolvedColumns<Column>;

type StatusReading = { status: SupplierOrderStatus; cancellationPending: boolean; disputeOpen: boolean };

const plain = (status: SupplierOrderStatus): StatusReading => ({ status, cancellationPending: false, disputeOpen: false });

/**
 * IN_CANCEL only happens before dispatch (a shipped order cannot be cancelled), so the order is
 * still awaiting shipment; IN_ISSUE is a dispute, which AliExpress opens on a shipped order.
 */
const STATUS_TABLE: Record<string, StatusReading> = {
  awaiting_payment: plain("awaiting_payment"),
  awaiting_shipment: plain("awaiting_shipment"),
  shipped: plain("shipped"),
  delivered: plain("delivered"),
  completed: plain("completed"),
  closed: plain("closed"),
  cancelled: plain("cancelled"),
  canceled: plain("cancelled"),
  place_order_success: plain("awaiting_payment"),
  wait_seller_send_goods: plain("awaiting_shipment"),
  seller_part_send_goods: plain("shipped"),
  wait_buyer_accept_goods: plain("shipped"),
  finish: plain("completed"),
  in_cancel: { status: "awaiting_shipment", cancellationPending: true, disputeOpen: false },
  in_issue: { status: "shipped", cancellationPending: false, disputeOpen: true },
};
const STATUS_NAMES = [
  "awaiting_payment", "awaiting_shipment", "shipped", "delivered", "completed", "closed", "cancelled",
  "or AliExpress's PLACE_ORDER_SUCCESS", "WAIT_SELLER_SEND_GOODS", "SELLER_PART_SEND_GOODS",
  "WAIT_BUYER_ACCEPT_GOODS", "FINISH", "IN_CANCEL", "IN_ISSUE",
];

/** The supplier order form's limit: the supplier and its number are the row's key, indexed in Postgres. */
const MAX_TEXT_CHARS = 80;
/** No store order name is longer (the Shopify import's limit). */
const MAX_ORDER_NAME_CHARS = 255;

const FILE_DESCRIPTION = "a supplier orders file (Store Order, Supplier, Supplier Order Number, Status, Paid at, Shipped at, Carrier, Tracking Number, Cost, Currency)";

export async function* parseSupplierOrders(
  input: CsvInput,
  options: SupplierParseOptions = {},
): AsyncGenerator<SupplierOrderBatch, SupplierParseSummary, undefined> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const summary: SupplierParseSummary = { orders: 0, errors: 0, rowsRead: 0, bytesRead: 0, fileError: null };
  let columns: Columns | null = null;
  // Two rows for one supplier order would leave it to chance which one wins.
  const firstLineOf = new Map<string, number>();
  let pending: SupplierOrderBatch = { orders: [], errors: [], fileError: null };

  const takeBatch = (): SupplierOrderBatch => {
    const batch = pending;
    pending = { orders: [], errors: [], fileError: null };
    summary.orders += batch.orders.length;
    summary.errors += batch.errors.length;
    return batch;
  };
  const fail = (message: string, line = 1): SupplierOrderBatch => {
    const fileError = { line, message: lineMessage(line, message) };
    summary.fileError = fileError;
    summary.errors += 1;
    return { orders: [], errors: [fileError], fileError };
  };

  for await (const chunk of readCsvRecords(input)) {
    summary.bytesRead = chunk.bytesRead;
    for (const record of chunk.records) {
      if (isBlankRecord(record)) continue;
      if (columns === null) {
        if (record.problem !== null) {
          yield fail("the first line (the column names) has unbalanced quotes. Fix the quotes and upload the file again.", record.line);
          return summary;
        }
        const resolution = resolveColumns(record.fields, COLUMNS, FILE_DESCRIPTION);
        if (!resolution.ok) {
          yield fail(resolution.message, record.line);
          return summary;
        }
        columns = resolution.columns;
        continue;
      }
      summary.rowsRead += 1;
      const row = readRow(record, columns, firstLineOf);
      if (row.ok) pending.orders.push(row.order);
      else pending.errors.push(...row.errors);
      if (pending.orders.length + pending.errors.length >= batchSize) yield takeBatch();
    }
    options.onProgress?.(summary.rowsRead, summary.bytesRead);
  }

  if (columns === null) {
    yield fail("the file is empty. The first line must name the columns: Store Order, Supplier, Supplier Order Number, Status, Paid at, Shipped at, Carrier, Tracking Number, Cost, Currency.");
    return summary;
  }
  if (pending.orders.length > 0 || pending.errors.length > 0) yield takeBatch();
  return summary;
}

type RowReading = { ok: true; order: ParsedSupplierOrder } | { ok: false; errors: RowError[] };

function readRow(record: CsvRecord, cols: Columns, firstLineOf: Map<string, number>): RowReading {
  const { fields, line } = record;
  const storeOrderName = cellText(fields, cols, "storeOrder");
  const errors: RowError[] = [];
  const problem = (message: string) => errors.push({ line, message: lineMessage(line, message) });

  const broken = structuralProblem(record, cols.width);
  if (broken !== null) {
    problem(broken);
    return { ok: false, errors };
  }

  const required = (key: Column, hint: string): string => {
    const text = cellText(fields, cols, key);
    if (text === "") problem(`${cols.label[key]} is empty. ${hint}`);
    return text;
  };
  required("storeOrder", "Enter the store order this supplier order is for, like #1001.");
  const supplier = required("supplier", "Enter the supplier's name, like AliExpress.");
  const supplierOrderNumber = required("supplierOrderNumber", "Enter the order number the supplier gave.");

  const limits = [
    ["storeOrder", MAX_ORDER_NAME_CHARS],
    ["supplier", MAX_TEXT_CHARS],
    ["supplierOrderNumber", MAX_TEXT_CHARS],
    ["carrier", MAX_TEXT_CHARS],
    ["trackingNumber", MAX_TEXT_CHARS],
  ] as const;
  for (const [key, max] of limits) {
    const message = tooLong(cols.label[key], cellText(fields, cols, key), max);
    if (message !== null) problem(message);
  }

  const statusText = required("status", "Enter the supplier order's status, like awaiting_shipment.");
  let reading: StatusReading = plain("awaiting_payment");
  if (statusText !== "") {
    const result = lookupStatus(statusText, STATUS_TABLE, "a supplier order status", STATUS_NAMES);
    if (result.ok) reading = result.value;
    else problem(`${cols.label.status} ${result.message}`);
  }

  const currencyText = required("currency", "Enter the currency of the cost, like USD.");
  const currency = currencyText === "" ? null : normalizeCurrencyCode(currencyText);
  if (currencyText !== "" && currency === null) {
    problem(`${cols.label.currency} "${shown(currencyText)}" is not an ISO 4217 currency code, like USD or CNY.`);
  }
  const costText = required("cost", "Enter what the supplier charged, like 11.20.");
  let costMinor = 0;
  if (currency !== null && costText !== "") {
    const cost = parseAmountToMinor(costText, currency);
    if (cost.ok) costMinor = cost.minor;
    else problem(`${cols.label.cost} ${cost.message}`);
  }

  const time = (key: Column): Date | null => {
    const text = cellText(fields, cols, key);
    if (text === "") return null;
    const result = parseTimestamp(text);
    if (result.ok) return result.value;
    problem(`${cols.label[key]} ${result.message}`);
    return null;
  };
  const paidAt = time("paidAt");
  const shippedAt = time("shippedAt");

  if (supplier !== "" && supplierOrderNumber !== "") {
    const key = `${supplier.toLowerCase()}\u0000${supplierOrderNumber}`;
    const firstLine = firstLineOf.get(key);
    if (firstLine !== undefined) {
      problem(`supplier order ${shown(supplierOrderNumber)} from ${shown(supplier)} is already on line ${firstLine}. Keep one row per supplier order.`);
    } else {
      firstLineOf.set(key, line);
    }
  }

  if (errors.length > 0 || currency === null) return { ok: false, errors };
  return {
    ok: true,
    order: {
      line,
      storeOrderName,
      supplier,
      supplierOrderNumber,
      status: reading.status,
      paidAt,
      shippedAt,
      carrier: cellOrNull(fields, cols, "carrier"),
      trackingNumber: cellOrNull(fields, cols, "trackingNumber"),
      costMinor,
      currency,
      cancellationPending: reading.cancellationPending,
      disputeOpen: reading.disputeOpen,
    },
  };
}

export type SupplierParseResult = {
  orders: ParsedSupplierOrder[];
  /** Row errors, and the file error when there is one. Empty means every row was read. */
  errors: RowError[];
  fileError: RowError | null;
};

/** The whole file at once, for previews and tests. */
export async function parseSupplierOrdersAll(
  input: CsvInput,
  options: Omit<SupplierParseOptions, "batchSize"> = {},
): Promise<SupplierParseResult> {
  const orders: ParsedSupplierOrder[] = [];
  const errors: RowError[] = [];
  let fileError: RowError | null = null;
  for await (const batch of parseSupplierOrders(input, options)) {
    orders.push(...batch.orders);
    errors.push(...batch.errors);
    fileError ??= batch.fileError;
  }
  return { orders, errors, fileError };
}
