import type { Tx } from "../db/client";
import { upsertOrders } from "../orders/upsert";
import { syncStoreRefund } from "../ledger/entries";
import { upsertSupplierOrders, type StoreCalendar } from "../orders/supplier";
import type { OrderInput, SupplierOrderInput } from "../orders/types";
import type { FinancialStatus, FulfillmentStatus, SupplierOrderStatus } from "@/lib/orders";
import { createRandom, type Random } from "./random";

const FIRST = ["Ana", "Ben", "Chen", "Dora", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kim", "Lea", "Mia", "Noah", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tao", "Uma", "Vic", "Wen", "Yuki", "Zoe"];
const LAST = ["Souza", "Meyer", "Wei", "Kim", "Novak", "Dubois", "Lima", "Park", "Rossi", "Schmidt", "Tanaka", "Garcia", "Müller", "Silva", "Lee", "Costa"];

export const CATALOGS: Record<string, { sku: string; title: string; price: number; cost: number }[]> = {
  USD: [
    { sku: "LS-M", title: "Linen Shirt - M", price: 2990, cost: 1120 },
    { sku: "DL-1", title: "Desk Lamp", price: 3400, cost: 1380 },
    { sku: "YM-1", title: "Yoga Mat", price: 2500, cost: 910 },
    { sku: "PC-01", title: "Phone Case", price: 1299, cost: 310 },
    { sku: "KJ-6", title: "Kids Jacket - 6Y", price: 4400, cost: 1600 },
    { sku: "CB-2", title: "Ceramic Bowl Set", price: 3850, cost: 1240 },
    { sku: "LED-5", title: "LED Strip 5m", price: 1999, cost: 540 },
  ],
  EUR: [
    { sku: "TS-42", title: "Trail Shoes - 42", price: 5900, cost: 2740 },
    { sku: "SS-1", title: "Silk Scarf", price: 1950, cost: 620 },
    { sku: "RJ-L", title: "Rain Jacket - L", price: 6490, cost: 2380 },
    { sku: "SK-3", title: "Socks 3-pack", price: 650, cost: 190 },
    { sku: "BP-20", title: "Backpack 20L", price: 4290, cost: 1510 },
    { sku: "DR-S", title: "Summer Dress - S", price: 3590, cost: 1120 },
  ],
  KRW: [
    { sku: "SC-50", title: "Sheet Mask Set (50)", price: 24000, cost: 7800 },
    { sku: "HD-1", title: "Humidifier Mini", price: 39000, cost: 14500 },
    { sku: "EB-2", title: "Wireless Earbuds", price: 59000, cost: 21000 },
    { sku: "TB-7", title: "Tumbler 700ml", price: 18000, cost: 5200 },
    { sku: "SL-M", title: "Sneakers - 260mm", price: 79000, cost: 31000 },
  ],
};

const DAY = 86_400_000;

interface Scenario {
  financial: FinancialStatus;
  fulfillment: FulfillmentStatus;
  supplier: SupplierOrderStatus | null;
  cancelled?: boolean;
  refundShare?: number;
}

// Weighted mix of what a month of dropshipping orders looks like.
const SCENARIOS: [number, Scenario][] = [
  [30, { financial: "paid", fulfillment: "fulfilled", supplier: "delivered" }],
  [12, { financial: "paid", fulfillment: "fulfilled", supplier: "shipped" }],
  [10, { financial: "paid", fulfillment: "fulfilled", supplier: "completed" }],
  [14, { financial: "paid", fulfillment: "unfulfilled", supplier: "awaiting_shipment" }],
  [4, { financial: "paid", fulfillment: "unfulfilled", supplier: "awaiting_payment" }],
  [5, { financial: "paid", fulfillment: "unfulfilled", supplier: null }],
  [5, { financial: "paid", fulfillment: "in_progress", supplier: "awaiting_shipment" }],
  [4, { financial: "paid", fulfillment: "partially_fulfilled", supplier: "shipped" }],
  [3, { financial: "pending", fulfillment: "unfulfilled", supplier: null }],
  [2, { financial: "authorized", fulfillment: "unfulfilled", supplier: null }],
  [4, { financial: "partially_refunded", fulfillment: "fulfilled", supplier: "delivered", refundShare: 0.3 }],
  [4, { financial: "refunded", fulfillment: "unfulfilled", supplier: "cancelled", cancelled: true, refundShare: 1 }],
  [1, { financial: "voided", fulfillment: "unfulfilled", supplier: null, cancelled: true }],
  [1, { financial: "paid", fulfillment: "on_hold", supplier: "awaiting_shipment" }],
  [1, { financial: "refunded", fulfillment: "restocked", supplier: "closed", refundShare: 1 }],
];

function pickScenario(random: Random): Scenario {
  const total = SCENARIOS.reduce((a, [w]) => a + w, 0);
  let roll = random.next() * total;
  for (const [weight, scenario] of SCENARIOS) {
    roll -= weight;
    if (roll <= 0) return scenario;
  }
  return SCENARIOS[0]![1];
}

/**
 * Generates `count` orders over the last ~90 days for one store, with supplier orders in every
 * status; recent unshipped ones are near or past their ship-by.
 */
export function generateDemoOrders(opts: { currency: string; country: string; count: number; seed: number; now: Date; prefix: number }) {
  const random = createRandom(opts.seed);
  const catalog = CATALOGS[opts.currency] ?? CATALOGS.USD!;
  const orders: OrderInput[] = [];
  const suppliers: SupplierOrderInput[] = [];
  for (let i = 0; i < opts.count; i++) {
    const scenario = pickScenario(random);
    // Unshipped orders are recent; delivered ones older.
    const open = scenario.supplier === "awaiting_shipment" || scenario.supplier === "awaiting_payment" || scenario.supplier === null;
    const ageDays = open ? random.int(0, 14) : random.int(5, 90);
    const placedAt = new Date(opts.now.getTime() - ageDays * DAY - random.int(0, DAY / 1000) * 1000);
    const lines = Array.from({ length: random.chance(0.3) ? random.int(2, 3) : 1 }, () => {
      const product = random.pick(catalog);
      return { product, quantity: random.chance(0.15) ? 2 : 1 };
    });
    const subtotal = lines.reduce((a, l) => a + l.product.price * l.quantity, 0);
    const shipping = opts.currency === "KRW" ? 3000 : opts.currency === "EUR" ? 499 : 499;
    const total = subtotal + shipping;
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const paid = !["pending", "authorized", "voided"].includes(scenario.financial);
    const name = `#${opts.prefix + i}`;
    const cancelledAt = scenario.cancelled ? new Date(placedAt.getTime() + random.int(1, 48) * 3600_000) : null;
    orders.push({
      externalId: String(5_000_000 + opts.prefix + i),
      name,
      email: `${first}.${last}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ""),
      customerName: `${first} ${last}`,
      currency: opts.currency,
      subtotalMinor: subtotal,
      shippingMinor: shipping,
      taxMinor: 0,
      discountMinor: 0,
      totalMinor: total,
      refundedMinor: scenario.refundShare ? Math.round(total * scenario.refundShare) : 0,
      financialStatus: scenario.financial,
      fulfillmentStatus: scenario.fulfillment,
      placedAt,
      paidAt: paid ? new Date(placedAt.getTime() + 60_000) : null,
      fulfilledAt: scenario.fulfillment === "fulfilled" ? new Date(placedAt.getTime() + random.int(3, 8) * DAY) : null,
      cancelledAt,
      cancelReason: cancelledAt ? random.pick(["customer", "inventory", "fraud"] as const) : null,
      shippingCountry: opts.country,
      note: random.chance(0.05) ? "Please ship in plain packaging." : null,
      lineItems: lines.map((l) => ({
        sku: l.product.sku,
        title: l.product.title,
        quantity: l.quantity,
        unitPriceMinor: l.product.price,
        supplierCostMinor: l.product.cost,
        fulfillmentStatus: scenario.fulfillment === "fulfilled" ? "fulfilled" : scenario.fulfillment === "restocked" ? "restocked" : "unfulfilled",
        vendor: "AliExpress",
      })),
    });
    if (scenario.supplier && paid) {
      const supplierPaidAt = new Date(placedAt.getTime() + random.int(2, 20) * 3600_000);
      const shipped = ["shipped", "delivered", "completed"].includes(scenario.supplier);
      suppliers.push({
        storeOrderName: name,
        supplier: "AliExpress",
        supplierOrderNumber: String(8_190_000_000 + opts.prefix * 10 + i),
        status: scenario.supplier,
        paidAt: supplierPaidAt,
        shippedAt: shipped ? new Date(supplierPaidAt.getTime() + random.int(2, 6) * DAY) : null,
        carrier: shipped ? random.pick(["Cainiao", "YunExpress", "4PX", "China Post"]) : null,
        trackingNumber: shipped ? `LP${random.int(10_000_000, 99_999_999)}${random.int(1000, 9999)}CN` : null,
        costMinor: lines.reduce((a, l) => a + l.product.cost * l.quantity, 0),
        currency: opts.currency,
        cancellationPending: false,
        disputeOpen: false,
      });
    }
  }
  return { orders, suppliers };
}

export async function seedStoreOrders(
  tx: Tx,
  scope: { organizationId: string; storeId: string },
  store: StoreCalendar & { currency: string; country: string },
  opts: { count: number; seed: number; now: Date; prefix: number },
) {
  const { orders, suppliers } = generateDemoOrders({ currency: store.currency, country: store.country, ...opts });
  const ids = new Map<string, string>();
  for (let i = 0; i < orders.length; i += 200) {
    for (const o of await upsertOrders(tx, scope, orders.slice(i, i + 200), "seed")) ids.set(o.name, o.id);
  }
  // Refunds the store made before Recoup: store-sourced ledger entries, as a webhook would add them —
  // dated when the refund happened (at the cancellation, or a few days after the order), so the loss
  // report spreads them over the months they belong to instead of piling them onto the seeding day.
  for (const [index, order] of orders.entries()) {
    if (order.refundedMinor <= 0) continue;
    const afterOrder = new Date(order.placedAt.getTime() + (2 + (index % 6)) * DAY);
    const refundedAt = new Date(Math.min((order.cancelledAt ?? afterOrder).getTime(), opts.now.getTime() - 3_600_000));
    await syncStoreRefund(tx, scope.organizationId, ids.get(order.name)!, {
      kind: "refund",
      refundId: `seed-${order.externalId ?? order.name}`,
      amountMinor: order.refundedMinor,
      occurredAt: refundedAt,
    });
  }
  const linked = suppliers.map((s) => ({ ...s, orderId: ids.get(s.storeOrderName)! }));
  for (let i = 0; i < linked.length; i += 200) await upsertSupplierOrders(tx, scope, store, linked.slice(i, i + 200));
  return { orders: orders.length, supplierOrders: suppliers.length };
}
