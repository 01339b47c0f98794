/** A valid Shopify `orders/create` payload (Shopify's documented example, trimmed): the base the webhook tests vary. */
export function sampleShopifyOrder(name = "#9001", id: number | string = 820982911946154500) {
  return {
    id,
    name,
    email: "Jon@Example.com",
    currency: "USD",
    subtotal_price: "398.00",
    total_tax: "0.00",
    total_discounts: "0.00",
    total_price: "403.00",
    total_shipping_price_set: { shop_money: { amount: "5.00", currency_code: "USD" } },
    financial_status: "paid",
    fulfillment_status: null,
    created_at: "2026-10-05T10:00:00-04:00",
    processed_at: "2026-10-05T10:00:05-04:00",
    cancelled_at: null,
    customer: { first_name: "Jon", last_name: "Snow" },
    shipping_address: { country_code: "US" },
    line_items: [
      { sku: "IPOD-1", title: "IPod Nano", quantity: 1, price: "199.00", fulfillment_status: null },
      { sku: "IPOD-2", title: "IPod Nano Blue", quantity: 1, price: "199.00", fulfillment_status: null },
    ],
    refunds: [] as unknown[],
  };
}
