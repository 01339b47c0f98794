import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseShopifyExport } from "./shopify-csv";
import { expectedGeneratedOrders, generateShopifyExport } from "./fixtures/generate-shopify-export";

/**
 * The streaming API on generated exports: 10,000 orders always, 100,000 (~150,000 rows, ~50 MB)
 * with BIG=1. Batches are consumed and dropped as they come, as an import job does.
 */
async function streamGenerated(orderCount: number) {
  const progress: [number, number][] = [];
  let orders = 0;
  let lineItems = 0;
  let errors = 0;
  let largestBatch = 0;
  let bytes = 0;
  const counted = (async function* () {
    for await (const piece of generateShopifyExport(orderCount)) {
      bytes += Buffer.byteLength(piece);
      yield piece;
    }
  })();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const started = performance.now();
  const stream = parseShopifyExport(Readable.from(counted), {
    batchSize: 500,
    onProgress: (rows, bytesRead) => {
      progress.push([rows, bytesRead]);
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    },
  });
  let next = await stream.next();
  while (!next.done) {
    orders += next.value.orders.length;
    lineItems += next.value.orders.reduce((sum, order) => sum + order.lineItems.length, 0);
    errors += next.value.errors.length;
    largestBatch = Math.max(largestBatch, next.value.orders.length);
    next = await stream.next();
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = next.value;
  console.log(
    `${orderCount} orders, ${summary.rowsRead} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s ` +
      `(${Math.round(summary.rowsRead / seconds)} rows/s); ${progress.length} progress reports; ` +
      `heap grew by at most ${((heapPeak - heapBefore) / 1e6).toFixed(0)} MB`,
  );
  return { orders, lineItems, errors, largestBatch, bytes, progress, summary, seconds };
}

function expectComplete(result: Awaited<ReturnType<typeof streamGenerated>>, orderCount: number) {
  const expected = expectedGeneratedOrders(orderCount);
  expect(result.errors).toBe(0);
  expect(result.orders).toBe(expected.orders);
  expect(result.lineItems).toBe(expected.lineItems);
  expect(result.largestBatch).toBe(500);
  expect(result.summary).toEqual({
    orders: expected.orders,
    lineItems: expected.lineItems,
    errors: 0,
    rowsRead: expected.rows,
    bytesRead: result.bytes,
    fileError: null,
  });
  // Progress comes per chunk, never goes backwards, and ends at the whole file.
  expect(result.progress.length).toBeGreaterThan(1);
  for (let i = 1; i < result.progress.length; i++) {
    expect(result.progress[i]![0]).toBeGreaterThanOrEqual(result.progress[i - 1]![0]);
    expect(result.progress[i]![1]).toBeGreaterThan(result.progress[i - 1]![1]);
  }
  expect(result.progress.at(-1)).toEqual([expected.rows, result.bytes]);
}

describe("streaming a large export", () => {
  it("parses 10,000 orders (15,000 rows) in batches with progress", async () => {
    const result = await streamGenerated(10_000);
    expectComplete(result, 10_000);
    expect(result.seconds).toBeLessThan(10);
  });

  it.skipIf(!process.env.BIG)("parses 100,000 orders (150,000 rows) in batches with progress", async () => {
    const result = await streamGenerated(100_000);
    expectComplete(result, 100_000);
    expect(result.seconds).toBeLessThan(20);
  }, 60_000);
});
