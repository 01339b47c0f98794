/** What each kind of import file holds, in the words the import screens use. */
export const IMPORT_KINDS = ["shopify_orders", "supplier_orders"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const SUPPLIER_CSV_COLUMNS = [
  "Store Order",
  "Supplier",
  "Supplier Order Number",
  "Status",
  "Paid at",
  "Shipped at",
  "Carrier",
  "Tracking Number",
  "Cost",
  "Currency",
] as const;

export const IMPORT_FORMATS: Record<
  ImportKind,
  { label: string; short: string; description: string; noun: [singular: string, plural: string] }
> = {
  shopify_orders: {
    label: "Shopify orders export",
    short: "Shopify orders",
    description:
      "The CSV from Shopify admin → Orders → Export: one row per line item, the order's details on its first row. Older exports with fewer columns work too. Importing the same file again changes nothing.",
    noun: ["order", "orders"],
  },
  supplier_orders: {
    label: "Supplier orders CSV",
    short: "Supplier orders",
    description:
      "One row per order you placed with a supplier, linked to the store order by its name (#1001). Import the store's orders first.",
    noun: ["supplier order", "supplier orders"],
  },
};

export function importNoun(kind: string, count: number): string {
  const format = IMPORT_FORMATS[kind as ImportKind] ?? IMPORT_FORMATS.shopify_orders;
  return count === 1 ? format.noun[0] : format.noun[1];
}

/** A one-row example of the supplier format, offered as a download. */
export const SUPPLIER_CSV_TEMPLATE = [
  SUPPLIER_CSV_COLUMNS.join(","),
  "#1001,AliExpress,8190001001,awaiting_shipment,2026-10-01 21:40:00 +0800,,,,11.20,USD",
  "#1002,AliExpress,8190001002,shipped,2026-10-03 02:10:00 +0800,2026-10-05 18:00:00 +0800,Cainiao,LP00123456789012,27.40,USD",
].join("\n");

export const JOB_STATUS_LABELS: Record<string, string> = {
  previewed: "Waiting for review",
  running: "Importing",
  completed: "Imported",
  failed: "Failed",
  discarded: "Discarded",
};
