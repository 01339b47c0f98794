import { z } from "zod";
import { isValidDay } from "./input";

/**
 * A drill-down from a loss-report figure to the orders behind it. It travels in the orders list's
 * URL (`/orders?metric=refunded&mfrom=2026-01-01&mto=2026-12-31&reason=changed_mind`), and the list
 * selects exactly the orders whose rows the figure summed: same days (store-local), reason, supplier,
 * currency and product.
 */
export const DRILL_METRICS = [
  "orders",
  "requests",
  "cancelled",
  "refunded",
  "store_refunded",
  "recovered",
  "loss",
  "written_off",
  "exposure",
  "overdue",
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export const DRILL_LABELS: Record<DrillMetric, string> = {
  orders: "Orders placed",
  requests: "Cancellation requests",
  cancelled: "Cancelled before dispatch",
  refunded: "Refunded to customers",
  store_refunded: "Refunded in the store",
  recovered: "Recovered from suppliers",
  loss: "Refunds and recoveries",
  written_off: "Written off",
  exposure: "Expected from suppliers",
  overdue: "Overdue from suppliers",
};

const day = z.string().refine(isValidDay, { message: "Drill-down dates must be YYYY-MM-DD." });

export const drillSchema = z
  .object({
    metric: z.enum(DRILL_METRICS),
    from: day,
    to: day,
    storeIds: z.array(z.uuid()).max(100).optional(),
    reason: z.string().max(40).optional(),
    /** '' means money and cases on orders without a supplier order. */
    supplier: z.string().max(200).optional(),
    currency: z.string().length(3).optional(),
    /** A SKU, or `title:<title>` for a line without one; '' for money on orders without lines. */
    product: z.string().max(600).optional(),
  })
  .refine((v) => v.from <= v.to, { message: "The drill-down's start date is after its end date.", path: ["to"] });
export type Drill = z.infer<typeof drillSchema>;

const PARAMS = { metric: "metric", from: "mfrom", to: "mto", storeIds: "mstores", reason: "reason", supplier: "supplier", currency: "currency", product: "product" } as const;

export function drillToParams(drill: Drill, params = new URLSearchParams()): URLSearchParams {
  params.set(PARAMS.metric, drill.metric);
  params.set(PARAMS.from, drill.from);
  params.set(PARAMS.to, drill.to);
  if (drill.storeIds?.length) params.set(PARAMS.storeIds, drill.storeIds.join(","));
  if (drill.reason !== undefined) params.set(PARAMS.reason, drill.reason);
  if (drill.supplier !== undefined) params.set(PARAMS.supplier, drill.supplier);
  if (drill.currency !== undefined) params.set(PARAMS.currency, drill.currency);
  if (drill.product !== undefined) params.set(PARAMS.product, drill.product);
  return params;
}

/** The drill-down in a query string, or null when there is none (or it is not valid). */
export function drillFromParams(params: URLSearchParams): Drill | null {
  if (!params.get(PARAMS.metric)) return null;
  const optional = (key: string) => (params.has(key) ? (params.get(key) ?? "") : undefined);
  const stores = params.get(PARAMS.storeIds);
  const parsed = drillSchema.safeParse({
    metric: params.get(PARAMS.metric),
    from: params.get(PARAMS.from),
    to: params.get(PARAMS.to),
    storeIds: stores ? stores.split(",").filter(Boolean) : undefined,
    reason: optional(PARAMS.reason),
    supplier: optional(PARAMS.supplier),
    currency: optional(PARAMS.currency),
    product: optional(PARAMS.product),
  });
  return parsed.success ? parsed.data : null;
}

export const DRILL_PARAM_NAMES: readonly string[] = Object.values(PARAMS);

/** The orders-list address for a figure. */
export function drillHref(drill: Drill, storeId?: string | null): string {
  const params = new URLSearchParams();
  if (storeId) params.set("storeId", storeId);
  drillToParams(drill, params);
  return `/orders?${params.toString()}`;
}
