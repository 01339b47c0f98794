/**
 * Shopify deliveries fuzzed through the real route handler (`POST /api/webhooks/shopify/<store>`),
 * every one signed with the store's secret so that it gets past the HMAC: the valid order payload of
 * webhooks.test.ts with fields replaced by wrong types, huge or NUL-laden text, negative and huge
 * amounts, bad dates, missing or multiplied line items, odd Unicode, deep nesting and reused ids;
 * payloads drawn from the schema itself; and plain garbage. Refunds and disputes get the same.
 *
 * The rules: the answer is a 200 or a 4xx whose message a person can read, never a 500 or a throw;
 * a refused delivery writes nothing, an accepted order is there whole, with exactly its line items,
 * and the ledger agrees with the orders; delivering the same body again — under the same webhook id
 * or a new one — changes nothing but the delivery log. The values the CSV importer refuses
 * (import-limits.test.ts) are refused here too, with the importer's limits.
 *
 * Seeds are fixed (FUZZ_SEED overrides, FUZZ_RUNS multiplies the runs).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { queryRows } from "../db/rows";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { arbitraryFromZod, awkwardString } from "@/test/zod-arbitrary";
import { POST } from "@/app/api/webhooks/shopify/[storeId]/route";
import { HANDLED_TOPICS, MAX_WEBHOOK_BYTES, ORDER_TOPICS } from "./handle";
import { shopifyOrderPayload } from "./shopify-order";
import { signShopifyBody } from "./verify";
import { sampleShopifyOrder } from "@/test/shopify-order";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));
const seedOf = (label: string) => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : createHash("sha256").update(label).digest().readInt32LE(0));
const TIMEOUT = Math.max(120_000, 120_000 * RUNS);

let database: Database;
let db: Db;
let t: TenantFixture;
let storeId: string;
let secret: string;
let unique = 0;

// ---------------------------------------------------------------------------------------------------
// Delivering, and reading what the store holds.

interface Answer {
  status: number;
  body: { ok?: boolean; duplicate?: boolean; ignored?: boolean; error?: unknown };
}

/** A signed delivery through the route handler; a throw is what Next would answer with a 500. */
async function deliver(body: string | Buffer, opts: { topic: string; id: string }): Promise<Answer> {
  const raw = typeof body === "string" ? Buffer.from(body) : body;
  const request = new Request(`http://localhost/api/webhooks/shopify/${storeId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": signShopifyBody(raw, secret),
      "x-shopify-topic": opts.topic,
      "x-shopify-webhook-id": opts.id,
    },
    body: new Uint8Array(raw),
  });
  let response: Response;
  try {
    response = await POST(request, { params: Promise.resolve({ storeId }) });
  } catch (error) {
    return { status: 500, body: { error: `the route threw: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}` } };
  }
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

/** Everything a delivery may write, as the privileged connection sees it (a digest per table). */
async function snapshot(opts: { deliveries: boolean }) {
  const org = t.organizationId;
  const digest = (table: string, columns: string) =>
    sql.raw(`(select count(*) || ':' || coalesce(md5(string_agg(row(${columns})::text, '|' order by ${columns})), '') from ${table} where organization_id = '${org}')`);
  const [row] = await queryRows<Record<string, string>>(
    db,
    sql`select ${digest("orders", "id, name, external_id, content_hash, version, currency, total_minor, store_refunded_minor, ledger_refunded_minor, financial_status, cancelled_at")} as orders,
               ${digest("order_line_items", "order_id, position, quantity, unit_price_minor, title, sku")} as line_items,
               ${digest("money_movements", "id, order_id, type, amount_minor, external_ref")} as ledger,
               ${digest("disputes", "id, external_id, external_status, claimed_minor, version")} as disputes,
               (select count(*) from audit_events where organization_id = ${org}) as audit,
               ${opts.deliveries ? sql`(select count(*) from webhook_deliveries where organization_id = ${org})` : sql`0`} as deliveries`,
  );
  return JSON.stringify(row);
}

/** Orders whole (line items at positions 1…n) and a ledger that adds up to what the orders say. */
async function expectConsistentStore() {
  const broken = await queryRows(
    db,
    sql`select o.name, count(li.id)::int as lines, coalesce(max(li.position), 0)::int as last from orders o
        left join order_line_items li on li.organization_id = o.organization_id and li.order_id = o.id
        where o.organization_id = ${t.organizationId} group by o.organization_id, o.id having coalesce(max(li.position), 0) <> count(li.id)`,
  );
  expect(broken).toEqual([]);
  const ledger = await queryRows(
    db,
    sql`select o.name, o.ledger_refunded_minor, o.total_minor, coalesce(sum(m.amount_minor) filter (where m.type in ('customer_refund', 'customer_refund_correction')), 0)::bigint as booked
        from orders o left join money_movements m on m.organization_id = o.organization_id and m.order_id = o.id
        where o.organization_id = ${t.organizationId} group by o.organization_id, o.id
        having o.ledger_refunded_minor <> coalesce(sum(m.amount_minor) filter (where m.type in ('customer_refund', 'customer_refund_correction')), 0)
            or o.ledger_refunded_minor > o.total_minor`,
  );
  expect(ledger).toEqual([]);
}

/** A refusal a person can act on: short, no SQL, no stack, no echo of a huge or NUL-laden value. */
function expectReadableRefusal(answer: Answer) {
  expect([400, 413], JSON.stringify(answer).slice(0, 500)).toContain(answer.status);
  const message = answer.body.error;
  expect(typeof message).toBe("string");
  expect((message as string).length).toBeGreaterThan(10);
  expect((message as string).length).toBeLessThan(400);
  expect(message).not.toContain("\u0000");
  expect(message).not.toMatch(/Failed query|insert into|select |\n\s+at |PostgresError|RangeError|TypeError/);
}

/**
 * One delivery and its two replays, with every rule checked. Returns the first answer.
 * `expectOrder` names the order an accepted order delivery must leave whole, with its line items.
 */
async function deliverAndCheck(
  body: string | Buffer,
  topic: string,
  expectOrder?: { name: string; lines: number },
  opts: { replays: boolean } = { replays: true },
): Promise<Answer> {
  const id = `fuzz-${++unique}`;
  const before = await snapshot({ deliveries: true });
  const first = await deliver(body, { topic, id });
  if (first.status !== 200) {
    expectReadableRefusal(first);
    expect(await snapshot({ deliveries: true }), "a refused delivery wrote something").toBe(before);
  } else {
    expect(first.body.ok).toBe(true);
    if (expectOrder && !first.body.ignored) {
      const [order] = await queryRows<{ id: string; lines: number }>(
        db,
        sql`select o.id, (select count(*)::int from order_line_items li where li.organization_id = o.organization_id and li.order_id = o.id) as lines
            from orders o where o.organization_id = ${t.organizationId} and o.store_id = ${storeId} and o.name = ${expectOrder.name}`,
      );
      expect(order, `order ${expectOrder.name.slice(0, 40)} is missing after a 200`).toBeDefined();
      expect(order!.lines).toBe(expectOrder.lines);
    }
  }
  await expectConsistentStore();
  if (!opts.replays) return first;
  const after = await snapshot({ deliveries: true });

  // Shopify retries a delivery under the same id: a duplicate, nothing changes.
  const again = await deliver(body, { topic, id });
  expect(again.status).toBe(first.status);
  if (first.status === 200) expect(again.body).toEqual({ ok: true, duplicate: true });
  expect(await snapshot({ deliveries: true })).toBe(after);

  // The same content under a new id (orders/updated repeats itself): only the delivery log grows.
  const afterOrders = await snapshot({ deliveries: false });
  const replay = await deliver(body, { topic, id: `${id}-again` });
  expect(replay.status).toBe(first.status);
  expect(await snapshot({ deliveries: false })).toBe(afterOrders);
  return first;
}

// ---------------------------------------------------------------------------------------------------
// Payloads.

const validOrder = (name: string, id: number | string) => sampleShopifyOrder(name, id);
type OrderPayload = ReturnType<typeof validOrder>;

/** Deep nesting as raw JSON text (JSON.stringify itself would overflow the stack building it). */
const DEEP = "[".repeat(50_000) + "]".repeat(50_000);
const DEEP_MARKER = "__deep__";

const badAmount = fc.oneof(
  fc.constantFrom("-5.00", "1e5", "0x10", "99999999999999999999.99", "90071992547409.91", "1,234.56", "12.345", "NaN", "Infinity", "+3", "5 USD", ""),
  fc.constantFrom(1e21, -1, 0.1 + 0.2, 2 ** 53 + 2, 199),
  fc.integer({ min: 0, max: 10 ** 15 }).map((n) => (n / 100).toFixed(2)),
);
const badDate = fc.oneof(
  fc.constantFrom(
    "0000-01-01T00:00:00Z",
    "-271821-04-20T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1969-12-31T23:59:59Z",
    "2026-02-30T10:00:00-04:00",
    "2026-10-05T10:00:00",
    "2026-10-05",
    "yesterday",
    "2026-10-05T25:00:00Z",
    "",
    "not a date",
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ maxLength: 12 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0.01, 1e21, -1e21, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 99_999_999_999, 100_001),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "🙏🏽", "\u202Eevil", "Zoë Ñúñez", "'; drop table orders; --", "ß", "١٢٣٫٤٥", "＃１００１"),
  badAmount,
  badDate,
  fc.constantFrom(100, 256, 501, 10_000, 300_000).map((n) => "x".repeat(n)),
  fc.constantFrom(["a"], { amount: "1.00" }, [[[[[]]]]], DEEP_MARKER),
  awkwardString,
  fc.jsonValue({ maxDepth: 2 }),
);
/** Anything hostile, and more often what the field's kind gets wrong: dates for dates, amounts for amounts. */
const hostileFor = (field: string): fc.Arbitrary<unknown> =>
  /(_at|_by)$/.test(field)
    ? fc.oneof({ weight: 2, arbitrary: badDate }, { weight: 1, arbitrary: hostileValue })
    : /(price|amount|total_tax|total_discounts)$/.test(field)
      ? fc.oneof({ weight: 2, arbitrary: badAmount }, { weight: 1, arbitrary: hostileValue })
      : hostileValue;

const ORDER_FIELDS = [
  "id", "name", "email", "currency", "subtotal_price", "total_tax", "total_discounts", "total_price", "total_shipping_price_set",
  "total_shipping_price_set.shop_money.amount", "financial_status", "fulfillment_status", "created_at", "processed_at", "cancelled_at",
  "cancel_reason", "note", "customer", "customer.first_name", "shipping_address.country_code", "shipping_address.name", "line_items", "refunds",
] as const;
const LINE_FIELDS = ["sku", "title", "name", "quantity", "price", "fulfillment_status", "vendor"] as const;

type Mutation = (p: Record<string, unknown>, others: string[]) => void;

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (!at[key] || typeof at[key] !== "object") at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A field replaced, or removed.
  fc.constantFrom(...ORDER_FIELDS).chain((field) => hostileFor(field).map((value): Mutation => (p) => setPath(p, field, value))),
  fc.constantFrom(...ORDER_FIELDS).map((field): Mutation => (p) => setPath(p, field, undefined)),
  // One line item's field replaced or removed, line items multiplied, emptied or duplicated.
  fc.tuple(fc.nat(1), fc.constantFrom(...LINE_FIELDS)).chain(([index, field]) => fc.tuple(fc.constant(index), fc.constant(field), fc.option(hostileFor(field), { nil: undefined }))).map(
    ([index, field, value]): Mutation =>
      (p) => {
        const items = p.line_items;
        if (Array.isArray(items) && items[index] && typeof items[index] === "object") setPath(items[index] as Record<string, unknown>, field, value);
      },
  ),
  fc.constantFrom(0, 1, 3, 250).map((n): Mutation => (p) => {
    const items = Array.isArray(p.line_items) ? (p.line_items as unknown[]) : [];
    p.line_items = Array.from({ length: n }, (_, i) => structuredClone(items[i % Math.max(1, items.length)] ?? { title: "Item", quantity: 1, price: "1.00" }));
  }),
  // Refunds in the order: within the total, over it, negative, malformed.
  fc.constantFrom("10.00", "403.00", "500.00", "-1.00", "abc", 12).map((amount): Mutation => (p) => {
    p.refunds = [{ transactions: [{ amount, kind: "refund", status: "success" }] }];
  }),
  // Another order's id, or another order's name (a second delivery of a known order, changed).
  fc.constant<Mutation>((p, others) => {
    if (others.length) p.id = others[others.length - 1];
  }),
  fc.constant<Mutation>((p, others) => {
    if (others.length) p.name = others[0];
  }),
  // Keys nobody reads, some of them deep.
  fc.tuple(fc.string({ maxLength: 8 }), hostileValue).map(([key, value]): Mutation => (p) => {
    p[`extra_${key}`] = value;
  }),
);

/** The payload's JSON, with the deep-nesting marker spliced in as raw text. */
const bodyOf = (payload: unknown) => JSON.stringify(payload).replaceAll(`"${DEEP_MARKER}"`, DEEP);

/** The order name an accepted delivery of this payload must have left, and its line item count. */
function expectedOrder(payload: Record<string, unknown>): { name: string; lines: number } | undefined {
  const parsed = shopifyOrderPayload.safeParse(JSON.parse(bodyOf(payload)));
  if (!parsed.success) return undefined;
  return { name: parsed.data.name, lines: parsed.data.line_items.length };
}

/** One field at a time, each of these in turn: every single-field mistake is tried, not just sampled. */
const SWEEP_VALUES: unknown[] = [undefined, null, -1, 1e21, 100_001, "", "\u0000x", "x".repeat(300), "yesterday", "-271821-04-20T00:00:00Z", "9999-12-31T23:59:59Z", "-5.00", "9".repeat(40), [[[]]], {}];

async function sweep(fields: readonly string[], base: () => Record<string, unknown>, topic: string, expectOrder = false) {
  let accepted = 0;
  for (const field of fields) {
    for (const value of SWEEP_VALUES) {
      const payload = base();
      setPath(payload, field, value);
      const answer = await deliverAndCheck(bodyOf(payload), topic, expectOrder ? expectedOrder(payload) : undefined, { replays: false }).catch((error: unknown) => {
        throw new Error(`${field} = ${JSON.stringify(value)?.slice(0, 40)}: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (answer.status === 200) accepted++;
    }
  }
  return accepted;
}

// ---------------------------------------------------------------------------------------------------

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  // The route opens the app's database through getDatabase(): hand it this test's.
  (globalThis as unknown as { __recoupDb?: Promise<Database> }).__recoupDb = Promise.resolve(database);
  t = await makeTenant(db, "Hooks");
  storeId = t.grantedStoreId;
  secret = (await callerFor(db, t.owner, t.organizationId).store.webhookSecret({ storeId })).webhookSecret;
});
afterAll(async () => {
  (globalThis as unknown as { __recoupDb?: Promise<Database> }).__recoupDb = undefined;
  await database.close();
});

describe("mutated order payloads, validly signed", () => {
  it(
    "every field of the order, and of a line item, set to each hostile value in turn",
    async () => {
      const accepted = await sweep(
        [...ORDER_FIELDS, ...LINE_FIELDS.map((f) => `line_items.0.${f}`)],
        () => validOrder(`#FZ-${++unique}`, 7_500_000 + unique) as unknown as Record<string, unknown>,
        "orders/create",
        true,
      );
      expect(accepted).toBeGreaterThan(20);
    },
    TIMEOUT,
  );

  it(
    "answer 200 or a readable 4xx, write all or nothing, and change nothing when delivered again",
    async () => {
      const names: string[] = [];
      const ids: string[] = [];
      const counts = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.constantFrom(...ORDER_TOPICS), async (mutations, topic) => {
          const n = ++unique;
          const payload = validOrder(`#FZ-${n}`, 7_000_000 + n) as unknown as Record<string, unknown>;
          for (const m of mutations) m(payload, names);
          const answer = await deliverAndCheck(bodyOf(payload), topic, expectedOrder(payload));
          counts[answer.status === 200 ? "accepted" : "refused"] += 1;
          if (answer.status === 200 && typeof payload.name === "string") names.push(payload.name);
          if (answer.status === 200) ids.push(String(payload.id));
        }),
        { numRuns: runs(60), seed: seedOf("webhook order mutations") },
      );
      // Both sides were reached: the mutations are not all fatal, nor all harmless.
      expect(counts.accepted).toBeGreaterThan(10);
      expect(counts.refused).toBeGreaterThan(10);
    },
    TIMEOUT,
  );

  it(
    "payloads drawn from the order schema itself",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryFromZod(shopifyOrderPayload), fc.constantFrom(...ORDER_TOPICS), async (payload, topic) => {
          await deliverAndCheck(JSON.stringify(payload), topic, expectedOrder(payload as Record<string, unknown>));
        }),
        { numRuns: runs(30), seed: seedOf("webhook order schema") },
      );
    },
    TIMEOUT,
  );
});

describe("garbage, validly signed, on every topic", () => {
  it(
    "any JSON, or no JSON at all, on any topic, is a 200 or a readable 4xx",
    async () => {
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
        fc.constantFrom("", "{", "null", "[]", "{}", '{"id":1}', "\uFEFF{}", DEEP, `{"a":${DEEP}}`),
      );
      const topic = fc.oneof(fc.constantFrom(...HANDLED_TOPICS, "ORDERS/CREATE", "products/update", "app/uninstalled"), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /^[\x21-\x7e]+$/.test(s)));
      await fc.assert(
        fc.asyncProperty(body, topic, async (raw, topicName) => {
          await deliverAndCheck(raw, topicName);
        }),
        { numRuns: runs(50), seed: seedOf("webhook garbage") },
      );
    },
    TIMEOUT,
  );
});

describe("refunds and disputes of a known order, mutated", () => {
  const ORDER_ID = 9_100_000;
  beforeAll(async () => {
    const answer = await deliver(JSON.stringify(validOrder("#FZ-REFUNDS", ORDER_ID)), { topic: "orders/create", id: "refunds-base" });
    expect(answer.status).toBe(200);
  });

  const validRefund = (id: number) => ({
    id,
    order_id: ORDER_ID,
    created_at: "2026-10-06T10:00:00-04:00",
    note: "Customer changed their mind",
    transactions: [{ amount: "10.00", kind: "refund", status: "success", currency: "USD" }],
  });
  const validDispute = (id: number) => ({
    id,
    order_id: ORDER_ID,
    type: "chargeback",
    amount: "50.00",
    currency: "USD",
    reason: "fraudulent",
    status: "needs_response",
    evidence_due_by: "2026-11-01T00:00:00-04:00",
    initiated_at: "2026-10-10T00:00:00-04:00",
    finalized_on: null,
  });
  const fieldMutation = (fields: readonly string[]) =>
    fc.oneof(
      fc.constantFrom(...fields).chain((field) => hostileFor(field).map((value) => (p: Record<string, unknown>) => setPath(p, field, value))),
      fc.constantFrom(...fields).map((field) => (p: Record<string, unknown>) => setPath(p, field, undefined)),
    );

  const REFUND_FIELDS = ["id", "order_id", "created_at", "note", "transactions", "transactions.0", "transactions.0.amount", "transactions.0.kind", "transactions.0.status"];
  const DISPUTE_FIELDS = ["id", "order_id", "type", "amount", "currency", "reason", "status", "evidence_due_by", "initiated_at", "finalized_on"];

  it(
    "every field of a refund, and of a dispute, set to each hostile value in turn",
    async () => {
      await sweep(REFUND_FIELDS, () => validRefund(++unique) as unknown as Record<string, unknown>, "refunds/create");
      await sweep(DISPUTE_FIELDS, () => validDispute(++unique) as unknown as Record<string, unknown>, "disputes/create");
    },
    TIMEOUT,
  );

  it(
    "refunds/create",
    async () => {
      const fields = REFUND_FIELDS;
      await fc.assert(
        fc.asyncProperty(fc.array(fieldMutation(fields), { minLength: 1, maxLength: 3 }), async (mutations) => {
          const payload = validRefund(++unique) as unknown as Record<string, unknown>;
          for (const m of mutations) m(payload);
          await deliverAndCheck(bodyOf(payload), "refunds/create");
        }),
        { numRuns: runs(30), seed: seedOf("webhook refunds") },
      );
    },
    TIMEOUT,
  );

  it(
    "disputes/create and disputes/update",
    async () => {
      const fields = DISPUTE_FIELDS;
      await fc.assert(
        fc.asyncProperty(fc.array(fieldMutation(fields), { minLength: 1, maxLength: 3 }), fc.constantFrom("disputes/create", "disputes/update"), async (mutations, topic) => {
          const payload = validDispute(++unique) as unknown as Record<string, unknown>;
          for (const m of mutations) m(payload);
          await deliverAndCheck(bodyOf(payload), topic);
        }),
        { numRuns: runs(30), seed: seedOf("webhook disputes") },
      );
    },
    TIMEOUT,
  );
});

describe("found by fuzzing: values the CSV importer refuses are refused here, before they reach the database", () => {
  const refusal = async (change: (p: OrderPayload) => void, topic = "orders/create") => {
    const payload = validOrder(`#FZ-FOUND-${++unique}`, 8_000_000 + unique);
    change(payload);
    const answer = await deliverAndCheck(bodyOf(payload), topic);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    return String(answer.body.error);
  };

  it("a NUL character in any field that is stored (it was a 500)", async () => {
    expect(await refusal((p) => (p.customer.first_name = "Jo\u0000n"))).toMatch(/customer\.first_name holds a NUL character/);
    expect(await refusal((p) => (p.line_items[1]!.title = "IPod\u0000"))).toMatch(/line_items\.1\.title holds a NUL character/);
  });

  it("keys too long to index, with the importer's limits: name, id, email, SKU, line item title (a 500, or silently kept)", async () => {
    expect(await refusal((p) => (p.name = `#${"9".repeat(255)}`))).toMatch(/name is 256 characters long; at most 255 fit/);
    expect(await refusal((p) => (p.id = "7".repeat(256)))).toMatch(/id is 256 characters long; at most 255 fit/);
    expect(await refusal((p) => (p.email = `${"a".repeat(250)}@x.example`))).toMatch(/email is 260 characters long; at most 254 fit/);
    expect(await refusal((p) => (p.line_items[0]!.sku = "S".repeat(10_000)))).toMatch(/line_items\.0\.sku is 10000 characters long; at most 255 fit/);
    expect(await refusal((p) => (p.line_items[0]!.title = "T".repeat(501)))).toMatch(/line_items\.0\.title is 501 characters long; at most 500 fit/);
  });

  it("a quantity past 100,000 (it was a 500 past what an integer column holds)", async () => {
    expect(await refusal((p) => (p.line_items[0]!.quantity = 99_999_999_999))).toMatch(/line_items\.0\.quantity/);
    expect(await refusal((p) => (p.line_items[0]!.quantity = 100_001))).toMatch(/line_items\.0\.quantity/);
  });

  it("dates that are not dates, or outside 1970–2099 (a bad created_at was silently 'now'; year -271821 was a 500)", async () => {
    expect(await refusal((p) => (p.created_at = "yesterday"))).toMatch(/created_at "yesterday" is not a date and time/);
    expect(await refusal((p) => (p.created_at = "-271821-04-20T00:00:00Z"))).toMatch(/created_at/);
    expect(await refusal((p) => (p.processed_at = "9999-12-31T23:59:59Z"))).toMatch(/processed_at "9999-12-31T23:59:59Z" is not between 1970 and 2099/);
    expect(await refusal((p) => ((p as { cancelled_at: unknown }).cancelled_at = "2026-02-30T10:00:00-04:00"))).toMatch(/cancelled_at .* is not a real date/);
  });

  it("a currency that is not ISO 4217, and a country that is not two letters", async () => {
    expect(await refusal((p) => (p.currency = "ZZZ"))).toMatch(/currency "ZZZ" is not an ISO 4217 currency code/);
    expect(await refusal((p) => (p.shipping_address.country_code = "1"))).toMatch(/shipping_address\.country_code "1" is not a two-letter country code/);
  });

  it("an amount message quotes a huge value cut short", async () => {
    const message = await refusal((p) => (p.total_price = "9".repeat(100_000)));
    expect(message).toMatch(/^The order payload is not valid: total_price/);
  });

  it("an update that lowers the total below the refunds booked, or changes their currency (it was a 500 on the ledger's CHECK)", async () => {
    const payload = validOrder(`#FZ-REFUNDED-${++unique}`, 8_500_000 + unique);
    payload.refunds = [{ transactions: [{ amount: "50.00", kind: "refund", status: "success" }] }];
    expect((await deliverAndCheck(bodyOf(payload), "orders/create")).status).toBe(200);
    const lowered = { ...payload, total_price: "10.00" };
    const answer = await deliverAndCheck(bodyOf(lowered), "orders/updated");
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/total of order #FZ-REFUNDED-\d+, \$10\.00, is less than the \$50\.00 already refunded/);
    const moved = { ...payload, currency: "EUR" };
    const movedAnswer = await deliverAndCheck(bodyOf(moved), "orders/updated");
    expect(movedAnswer.status).toBe(400);
    expect(movedAnswer.body.error).toMatch(/already refunded in USD/);
  });

  it("a refund or dispute with a date that is not a date (it was a 500: Invalid time value)", async () => {
    const order = validOrder(`#FZ-DATES-${++unique}`, 8_700_000 + unique);
    expect((await deliverAndCheck(bodyOf(order), "orders/create")).status).toBe(200);
    const refund = await deliverAndCheck(
      JSON.stringify({ id: 1, order_id: order.id, created_at: "soon", transactions: [{ amount: "1.00", kind: "refund", status: "success" }] }),
      "refunds/create",
    );
    expect(refund.status).toBe(400);
    expect(refund.body.error).toMatch(/created_at "soon" is not a date and time/);
    const dispute = await deliverAndCheck(
      JSON.stringify({ id: 2, order_id: order.id, amount: "1.00", currency: "USD", status: "needs_response", evidence_due_by: "later" }),
      "disputes/create",
    );
    expect(dispute.status).toBe(400);
    expect(dispute.body.error).toMatch(/evidence_due_by "later" is not a date and time/);
  });

  it(`a body over ${MAX_WEBHOOK_BYTES / 1024 / 1024} MB is refused before it is read as JSON`, async () => {
    const payload = validOrder(`#FZ-HUGE-${++unique}`, 8_900_000 + unique);
    (payload as Record<string, unknown>).note = "n".repeat(MAX_WEBHOOK_BYTES);
    const answer = await deliverAndCheck(bodyOf(payload), "orders/create");
    expect(answer.status).toBe(413);
  });
});
