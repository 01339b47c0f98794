/**
 * The deadline watch with a controlled clock: the inbox (time left in the supplier's business days,
 * read in the store's time zone), the scan that notifies once per deadline and level and marks an
 * overdue supplier refund once in the audit trail, a scan that dies half-way and is run again, and
 * the retry wrapper the scheduler runs jobs in.
 *
 * Every date is explicit: services take `now`, `scanDeadlines(db, now)` and `listDeadlines(…, now)` too.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { queryRows } from "../db/rows";
import { withTenant } from "../db/tenant";
import { importFile } from "../imports/jobs";
import { resolveMembership, type ResolvedMembership } from "../tenancy/membership";
import type { TenantContext } from "../tenancy/context";
import { openCase, recordSupplierRefund, requestAtSupplier, supplierAccepted, supplierRefused } from "../cases/service";
import { assignCase } from "../cases/assign";
import { saveSupplierOrder } from "../orders/supplier-edit";
import { upsertChargeback } from "../disputes/chargebacks";
import { ledgerFigures } from "../ledger/figures";
import { caseWorkers } from "../notifications/service";
import { DEADLINE_KINDS, listDeadlines, type Deadline } from "../deadlines/inbox";
import { scanDeadlines, urgencyOf } from "./deadlines-scan";
import { runWithRetry, type JobDefinition } from "./scheduler";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import type { TestUser } from "@/test/caller";

const ordersCsv = readFileSync(path.join(import.meta.dirname, "../imports/fixtures/shopify-orders-export.csv"), "utf8");

/** An instant given as a New York wall-clock time (the fixture stores' time zone); EDT until Nov 1 2026. */
function newYork(local: string): Date {
  const probe = new Date(`${local}Z`);
  const offsetHours = probe < new Date("2026-11-01T06:00:00Z") ? 4 : 5;
  return new Date(probe.getTime() + offsetHours * 3600_000);
}

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

// Scenario helpers --------------------------------------------------------------------------------

interface World {
  db: Db;
  t: TenantFixture;
  /** Order ids by name, per store. */
  orders: Record<string, Map<string, string>>;
}

async function world(db: Db, name: string, stores: ("granted" | "other")[] = ["granted"]): Promise<World> {
  const t = await makeTenant(db, name);
  const orders: Record<string, Map<string, string>> = {};
  for (const which of stores) {
    const storeId = which === "granted" ? t.grantedStoreId : t.otherStoreId;
    const result = await importFile(db, { organizationId: t.organizationId, storeId }, "shopify_orders", "orders.csv", ordersCsv, {
      skipBadRows: false,
      actor: { type: "system", label: "test import" },
    });
    expect(result.errors).toEqual([]);
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from orders where organization_id = ${t.organizationId} and store_id = ${storeId}`,
    );
    orders[storeId] = new Map(rows.map((r) => [r.name, r.id]));
  }
  return { db, t, orders };
}

/** Runs services as `user` in the world's organization, in one tenant transaction (as a procedure does). */
async function as<T>(w: World, user: TestUser, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  const membership = await resolveMembership(w.db, user.id, w.t.organizationId);
  if (!membership) throw new Error("not a member");
  return withTenant(w.db, w.t.organizationId, (tx) =>
    fn({ tx, organizationId: w.t.organizationId, membership, actor: { type: "user", id: user.id, label: user.name }, requestId: randomUUID(), userId: user.id }),
  );
}

const orderOf = (w: World, name: string, storeId = w.t.grantedStoreId) => w.orders[storeId]!.get(name)!;

/** A supplier order (unshipped, 11.20 USD) paid at `paidAt`, then a case opened on the order at `openedAt`. */
async function caseOn(w: World, orderName: string, paidAt: Date, opts: { storeId?: string; openedAt?: Date } = {}) {
  const orderId = orderOf(w, orderName, opts.storeId);
  return as(w, w.t.owner, async (ctx) => {
    await saveSupplierOrder(ctx, {
      orderId,
      supplier: "AliExpress",
      supplierOrderNumber: `SO-${randomUUID().slice(0, 8)}`,
      status: "awaiting_shipment",
      costMinor: 1120,
      currency: "USD",
      paidAt,
      shippedAt: null,
      carrier: null,
      trackingNumber: null,
    });
    return openCase(ctx, { orderId, reason: "changed_mind" }, opts.openedAt ?? new Date(paidAt.getTime() + 3600_000));
  });
}

type CaseRow = Awaited<ReturnType<typeof openCase>>;

async function request(w: World, c: CaseRow, now: Date) {
  return as(w, w.t.owner, (ctx) => requestAtSupplier(ctx, { caseId: c.id, version: c.version, contactedSupplierDirectly: true }, now));
}
async function accept(w: World, c: CaseRow, respondedAt: Date) {
  return as(w, w.t.owner, (ctx) =>
    supplierAccepted(ctx, { caseId: c.id, version: c.version, respondedAt, idempotencyKey: `k-${randomUUID()}` }, respondedAt),
  );
}
async function assign(w: World, c: CaseRow, assignee: TestUser | null) {
  return as(w, w.t.owner, (ctx) => assignCase(ctx, { caseId: c.id, version: c.version, assigneeId: assignee?.id ?? null }));
}

/** The inbox as `membership` sees it (everyone by default), at `now`. */
function inbox(w: World, now: Date, input: Partial<Parameters<typeof listDeadlines>[3]> = {}, membership: ResolvedMembership | null = null) {
  return withTenant(w.db, w.t.organizationId, (tx) => listDeadlines(tx, w.t.organizationId, membership, { limit: 200, ...input }, now));
}

interface Outcome {
  marks: { key: string; kind: string }[];
  notifications: { userId: string; kind: string; title: string; body: string; dedupeKey: string }[];
  scanAudit: { action: string; entityId: string }[];
}

/** What the scan left for one organization, read as the privileged connection. */
async function outcomeOf(db: Db, organizationId: string): Promise<Outcome> {
  const marks = await queryRows<{ key: string; kind: string }>(
    db,
    sql`select key, kind from deadline_marks where organization_id = ${organizationId} order by key`,
  );
  const notifications = await queryRows<{ userId: string; kind: string; title: string; body: string; dedupeKey: string }>(
    db,
    sql`select user_id as "userId", kind, title, body, dedupe_key as "dedupeKey" from notifications
        where organization_id = ${organizationId} and kind like 'deadline.%' order by dedupe_key, user_id`,
  );
  const scanAudit = await queryRows<{ action: string; entityId: string }>(
    db,
    sql`select action, entity_id as "entityId" from audit_events
        where organization_id = ${organizationId} and action like 'deadline.%' order by seq`,
  );
  return { marks, notifications, scanAudit };
}

const pick = (deadlines: Deadline[], caseId: string) => deadlines.filter((d) => d.caseId === caseId);

// (a) ---------------------------------------------------------------------------------------------

describe("(a) ship-by across China's National Day bridge: near, then missed, once each", () => {
  let w: World;
  let kase: CaseRow;
  // Paid Fri 2026-09-18. CN business days after it: Sun 20 (a worked Sunday), Mon 21 – Thu 24, then
  // Fri 25 – Sun 27 off (Mid-Autumn), Mon 28, Tue 29: the 7th. Ship-by = end of Tue 29, New York time.
  const paidAt = newYork("2026-09-18T10:00:00");
  const shipBy = new Date("2026-09-30T03:59:59.999Z");

  beforeAll(async () => {
    w = await world(database.db, "Shipby");
    kase = await caseOn(w, "#1001", paidAt);
    // Given to the agent: the reminders go to the assignee alone.
    kase = await assign(w, kase, w.t.members.agent);
  });

  it("the case opens in `requested`, its ship-by 7 CN business days after payment", () => {
    expect(kase.state).toBe("requested");
    expect(kase.shipBy?.toISOString()).toBe(shipBy.toISOString());
  });

  it("on Fri 25 (a Chinese holiday) two business days are left: listed, nothing raised", async () => {
    const now = newYork("2026-09-25T12:00:00");
    const [deadline] = pick(await inbox(w, now), kase.id);
    expect(deadline).toMatchObject({ kind: "ship_by", timeLeft: { businessDaysLeft: 2, overdue: false, label: "2 business days left" } });
    await scanDeadlines(database.db, now);
    expect(await outcomeOf(database.db, w.t.organizationId)).toEqual({ marks: [], notifications: [], scanAudit: [] });
  });

  it("on Mon 28 at noon it shows 1 business day left, and the scan raises one 'near' notification", async () => {
    const now = newYork("2026-09-28T12:00:00");
    const deadlines = await inbox(w, now);
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toMatchObject({
      kind: "ship_by",
      caseId: kase.id,
      orderName: "#1001",
      assigneeId: w.t.members.agent.id,
      dueAt: shipBy,
      timeLeft: { businessDaysLeft: 1, overdue: false, label: "1 business day left" },
      link: `/cases/${kase.id}`,
    });
    expect(urgencyOf(deadlines[0]!)).toBe("near");

    await scanDeadlines(database.db, now);
    const after = await outcomeOf(database.db, w.t.organizationId);
    expect(after.marks).toEqual([{ key: `ship_by:${kase.id}:${shipBy.toISOString()}:near`, kind: "ship_by.near" }]);
    expect(after.notifications).toEqual([
      {
        userId: w.t.members.agent.id,
        kind: "deadline.near",
        title: "Due soon: Cancel window closes (supplier ship-by) — #1001",
        body: "Shipby US · 1 business day left",
        dedupeKey: `ship_by:${kase.id}:${shipBy.toISOString()}:near`,
      },
    ]);
    // Only an overdue supplier refund is written to the audit trail.
    expect(after.scanAudit).toEqual([]);

    // A second scan the same day (the job runs every five minutes) raises nothing more.
    await scanDeadlines(database.db, new Date(now.getTime() + 5 * 60_000));
    expect(await outcomeOf(database.db, w.t.organizationId)).toEqual(after);
  });

  it("on Wed 30 it is 1 business day overdue, and the scan raises exactly one 'missed' notification", async () => {
    const now = newYork("2026-09-30T12:00:00");
    const [deadline] = await inbox(w, now);
    expect(deadline).toMatchObject({ kind: "ship_by", timeLeft: { businessDaysLeft: -1, overdue: true, label: "1 business day overdue" } });
    expect(urgencyOf(deadline!)).toBe("missed");

    const before = await outcomeOf(database.db, w.t.organizationId);
    await scanDeadlines(database.db, now);
    const after = await outcomeOf(database.db, w.t.organizationId);
    const added = after.notifications.filter((n) => !before.notifications.some((b) => b.dedupeKey === n.dedupeKey && b.userId === n.userId));
    expect(added).toEqual([
      {
        userId: w.t.members.agent.id,
        kind: "deadline.missed",
        title: "Missed: Cancel window closes (supplier ship-by) — #1001",
        body: "Shipby US · 1 business day overdue",
        dedupeKey: `ship_by:${kase.id}:${shipBy.toISOString()}:missed`,
      },
    ]);
    expect(after.marks.map((m) => m.kind)).toEqual(["ship_by.missed", "ship_by.near"]);

    // Again, and on later days (through the National Day week): nothing new.
    for (const later of ["2026-09-30T12:05:00", "2026-10-02T09:00:00", "2026-10-09T18:00:00"]) {
      await scanDeadlines(database.db, newYork(later));
    }
    expect(await outcomeOf(database.db, w.t.organizationId)).toEqual(after);
    // Thu Oct 1 starts China's National Day week: two business days overdue (Tue 29, Wed 30), and the
    // count stands still through the holiday.
    for (const day of ["2026-10-01", "2026-10-02", "2026-10-07"]) {
      const [inHoliday] = await inbox(w, newYork(`${day}T12:00:00`));
      expect(inHoliday!.timeLeft.label, day).toBe("2 business days overdue");
    }
  });

  it("once the supplier has answered, the ship-by gives way to the next deadline", async () => {
    // Still waiting at the supplier: the cancel window is still what matters.
    kase = await request(w, kase, newYork("2026-10-08T09:00:00"));
    expect(pick(await inbox(w, newYork("2026-10-08T10:00:00")), kase.id).map((d) => d.kind)).toEqual(["ship_by"]);
    // Refused, "already shipped": a tracking number is due 5 CN business days later, Wed Oct 14
    // (Sat Oct 10 is a make-up working day in China).
    kase = await as(w, w.t.owner, (ctx) => supplierRefused(ctx, { caseId: kase.id, version: kase.version }, true, newYork("2026-10-08T11:00:00")));
    const deadlines = pick(await inbox(w, newYork("2026-10-08T12:00:00")), kase.id);
    expect(deadlines).toMatchObject([
      { kind: "tracking_due", dueAt: new Date("2026-10-15T03:59:59.999Z"), timeLeft: { businessDaysLeft: 5, overdue: false, label: "5 business days left" } },
    ]);
  });
});

// (b) ---------------------------------------------------------------------------------------------

describe("(b) an accepted cancellation whose supplier refund never comes", () => {
  let w: World;
  let kase: CaseRow;
  // Accepted Mon 2026-10-12; 15 CN business days later is Mon 2026-11-02 (no holiday in between).
  const acceptedAt = newYork("2026-10-12T10:00:00");
  const latest = new Date("2026-11-03T04:59:59.999Z"); // end of Mon Nov 2 in New York, now EST
  const overdueAudit = () =>
    queryRows<{ action: string; entity_id: string; after: Record<string, unknown> }>(
      database.db,
      sql`select action, entity_id, after from audit_events where organization_id = ${w.t.organizationId} and action = 'deadline.supplier_refund_overdue'`,
    );

  beforeAll(async () => {
    w = await world(database.db, "Refunds");
    kase = await caseOn(w, "#1001", newYork("2026-10-09T10:00:00"));
    kase = await request(w, kase, newYork("2026-10-09T12:00:00"));
    kase = await accept(w, kase, acceptedAt);
  });

  it("acceptance expects the supplier's refund within 3 to 15 CN business days", async () => {
    expect(kase.state).toBe("supplier_accepted");
    const [expected] = await queryRows<{ expected_earliest: string | Date; expected_latest: string | Date; amount_minor: number | string }>(
      database.db,
      sql`select expected_earliest, expected_latest, amount_minor from money_movements
          where organization_id = ${w.t.organizationId} and case_id = ${kase.id} and type = 'supplier_refund_expected'`,
    );
    expect(new Date(expected!.expected_earliest).toISOString()).toBe("2026-10-16T03:59:59.999Z"); // end of Thu Oct 15
    expect(new Date(expected!.expected_latest).toISOString()).toBe(latest.toISOString());
    expect(Number(expected!.amount_minor)).toBe(1120);
  });

  it("the day before, it is near: a reminder, but no audit event", async () => {
    const now = newYork("2026-10-30T12:00:00");
    const [deadline] = pick(await inbox(w, now), kase.id);
    expect(deadline).toMatchObject({ kind: "supplier_refund", amountMinor: 1120, timeLeft: { businessDaysLeft: 1, overdue: false } });
    await scanDeadlines(database.db, now);
    const outcome = await outcomeOf(database.db, w.t.organizationId);
    expect(outcome.marks.map((m) => m.kind)).toEqual(["supplier_refund.near"]);
    expect(outcome.scanAudit).toEqual([]);
    expect(await overdueAudit()).toEqual([]);
  });

  it("the day after the latest date the scan records it overdue exactly once, however often it runs", async () => {
    const now = new Date(latest.getTime() + 24 * 3600_000);
    const [deadline] = pick(await inbox(w, now), kase.id);
    expect(deadline).toMatchObject({ kind: "supplier_refund", dueAt: latest, timeLeft: { overdue: true, label: "1 business day overdue" } });
    const figures = await withTenant(database.db, w.t.organizationId, (tx) => ledgerFigures(tx, w.t.organizationId, sql`m.case_id = ${kase.id}`, now));
    expect(figures).toMatchObject({ exposureMinor: 1120, overdueMinor: 1120 });

    await scanDeadlines(database.db, now);
    const events = await overdueAudit();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entity_id: kase.id,
      after: { orderName: "#1001", amount: expect.stringContaining("11.20"), dueAt: latest.toISOString() },
    });
    const once = await outcomeOf(database.db, w.t.organizationId);
    expect(once.marks.map((m) => m.kind)).toEqual(["supplier_refund.missed", "supplier_refund.near"]);

    for (let i = 0; i < 5; i++) await scanDeadlines(database.db, now);
    for (const later of ["2026-11-04T12:00:00", "2026-11-20T12:00:00", "2027-01-15T12:00:00"]) await scanDeadlines(database.db, newYork(later));
    expect(await overdueAudit()).toHaveLength(1);
    expect(await outcomeOf(database.db, w.t.organizationId)).toEqual(once);
  });

  it("once the refund is received the deadline is gone, and later scans add nothing", async () => {
    const now = newYork("2026-11-25T12:00:00");
    await as(w, w.t.owner, (ctx) =>
      recordSupplierRefund(ctx, { caseId: kase.id, version: kase.version, amountMinor: 1120, idempotencyKey: `k-${randomUUID()}` }, now),
    );
    expect(pick(await inbox(w, now), kase.id)).toEqual([]);
    const before = await outcomeOf(database.db, w.t.organizationId);
    await scanDeadlines(database.db, now);
    expect(await outcomeOf(database.db, w.t.organizationId)).toEqual(before);
  });
});

// (c) ---------------------------------------------------------------------------------------------

/**
 * Two organizations, each with three deadlines that need action on Tue 2026-11-03 at noon in New
 * York: a ship-by missed on Oct 19, a supplier refund missed on Nov 2 (audited), and a ship-by due
 * on Wed Nov 4 (near). Nobody is assigned, so every case worker (owner, admin, agent) hears of each.
 */
const RESTART_NOW = newYork("2026-11-03T12:00:00");
/** Each of these tests builds a database and two organizations: generous, for a loaded machine. */
const SLOW = 120_000;
const RESTART_ORGS = ["Orion", "Pavo"];

async function restartScenario(db: Db): Promise<World[]> {
  const worlds: World[] = [];
  for (const name of RESTART_ORGS) {
    const w = await world(db, name);
    await caseOn(w, "#1001", newYork("2026-10-09T10:00:00"));
    const accepted = await caseOn(w, "#1003", newYork("2026-10-09T10:00:00"));
    await accept(w, await request(w, accepted, newYork("2026-10-09T12:00:00")), newYork("2026-10-12T10:00:00"));
    await caseOn(w, "#1007", newYork("2026-10-26T10:00:00"));
    worlds.push(w);
  }
  return worlds;
}

/** What a single clean scan must leave, derived from the inbox before scanning. */
async function expectedOutcome(w: World, now: Date) {
  const deadlines = await inbox(w, now);
  const workers = await withTenant(w.db, w.t.organizationId, (tx) => caseWorkers(tx, w.t.organizationId, w.t.grantedStoreId));
  const urgent = deadlines.flatMap((d) => {
    const level = urgencyOf(d);
    return level ? [{ d, level, key: `${d.key}:${level}` }] : [];
  });
  return {
    marks: urgent.map((u) => u.key).sort(),
    notifications: urgent.flatMap((u) => (u.d.assigneeId ? [u.d.assigneeId] : workers).map((userId) => `${userId}|${u.key}`)).sort(),
    scanAudit: urgent.filter((u) => u.d.kind === "supplier_refund" && u.level === "missed").map((u) => u.d.caseId!).sort(),
  };
}

async function actualOutcome(w: World) {
  const o = await outcomeOf(w.db, w.t.organizationId);
  return {
    marks: o.marks.map((m) => m.key).sort(),
    notifications: o.notifications.map((n) => `${n.userId}|${n.dedupeKey}`).sort(),
    scanAudit: o.scanAudit.map((e) => e.entityId).sort(),
  };
}

/** The outcome without ids, comparable across databases: by organization, role and order name. */
async function normalizedOutcome(db: Db) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select o.name as org, 'mark' as what, m.kind, coalesce(ord.name, '') as subject, '' as detail
        from deadline_marks m join organizations o on o.id = m.organization_id
        left join cancellation_cases c on c.organization_id = m.organization_id and c.id = m.entity_id
        left join orders ord on ord.organization_id = c.organization_id and ord.id = c.order_id
        union all
        select o.name, 'notification', n.kind, ms.role::text, n.title || ' / ' || n.body
        from notifications n join organizations o on o.id = n.organization_id
        join memberships ms on ms.organization_id = n.organization_id and ms.user_id = n.user_id
        where n.kind like 'deadline.%'
        union all
        select o.name, 'audit', a.action, a.after->>'orderName', (a.after->>'amount') || ' due ' || (a.after->>'dueAt')
        from audit_events a join organizations o on o.id = a.organization_id
        where a.action like 'deadline.%'
        order by 1, 2, 3, 4, 5`,
  );
}

/** Wraps a database so that the `failAt`-th insert made inside a transaction throws, like a crash mid-job. */
function crashingAt(db: Db, failAt: number): { db: Db; inserts: () => number } {
  let inserts = 0;
  const wrapTx = (tx: object): object =>
    new Proxy(tx, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop === "insert") {
          return (...args: unknown[]) => {
            inserts++;
            if (inserts === failAt) throw new Error(`simulated crash at insert #${failAt}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const wrapped = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === "transaction") {
        return (fn: (tx: object) => Promise<unknown>, ...rest: unknown[]) =>
          (value as (...a: unknown[]) => Promise<unknown>).call(target, (tx: object) => fn(wrapTx(tx)), ...rest);
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: wrapped, inserts: () => inserts };
}

describe("(c) a scan that dies half-way, run again, ends exactly like one clean run", () => {
  const opened: Database[] = [];
  let clean: { database: Database; worlds: World[]; normalized: Record<string, unknown>[] };

  beforeAll(async () => {
    const reference = await createTestDatabase();
    opened.push(reference);
    const worlds = await restartScenario(reference.db);
    const result = await scanDeadlines(reference.db, RESTART_NOW);
    // Per organization: 2 missed + 1 near; 3 notifications each (nobody assigned); 1 overdue refund.
    expect(result).toEqual({ organizations: 2, near: 2, missed: 4, notifications: 18, overdueRefunds: 2 });
    clean = { database: reference, worlds, normalized: await normalizedOutcome(reference.db) };
  }, SLOW);
  afterAll(async () => {
    for (const d of opened) await d.close();
  });

  it("a clean run leaves what the inbox said needed action, once", async () => {
    for (const w of clean.worlds) {
      const actual = await actualOutcome(w);
      expect(actual).toEqual(await expectedOutcome(w, RESTART_NOW));
      expect(actual.marks).toHaveLength(3);
      expect(actual.notifications).toHaveLength(9);
      expect(actual.scanAudit).toHaveLength(1);
    }
    expect(clean.normalized).toHaveLength(2 * (3 + 9 + 1));
  });

  /** Per organization: nothing of its scan, or all of it; never a part. */
  async function stateOf(w: World, expected: Awaited<ReturnType<typeof expectedOutcome>>) {
    const actual = await actualOutcome(w);
    if (actual.marks.length === 0 && actual.notifications.length === 0 && actual.scanAudit.length === 0) return "untouched";
    expect(actual).toEqual(expected);
    return "complete";
  }

  it.each([
    { failAt: 1, label: "the very first insert", committed: 0 },
    { failAt: 3, label: "half-way through the first organization", committed: 0 },
    // 7 inserts per organization: 3 marks, 1 audit event, 3 notification batches.
    { failAt: 9, label: "half-way through the second organization", committed: 1 },
  ])("a crash at $label rolls that organization back; the rerun completes it", async ({ failAt, committed }) => {
    const restarted = await createTestDatabase();
    opened.push(restarted);
    const worlds = await restartScenario(restarted.db);
    const expected = await Promise.all(worlds.map((w) => expectedOutcome(w, RESTART_NOW)));

    const crashing = crashingAt(restarted.db, failAt);
    await expect(scanDeadlines(crashing.db, RESTART_NOW)).rejects.toThrow(`simulated crash at insert #${failAt}`);
    const states = await Promise.all(worlds.map((w, i) => stateOf(w, expected[i]!)));
    expect(states.filter((s) => s === "complete")).toHaveLength(committed);

    // The restart: the same job, run normally.
    await scanDeadlines(restarted.db, RESTART_NOW);
    for (const [i, w] of worlds.entries()) expect(await actualOutcome(w)).toEqual(expected[i]);
    expect(await normalizedOutcome(restarted.db)).toEqual(clean.normalized);
    // And once more: nothing is repeated.
    await scanDeadlines(restarted.db, RESTART_NOW);
    expect(await normalizedOutcome(restarted.db)).toEqual(clean.normalized);
  }, SLOW);

  it("two scans running at once (two app servers) act once", async () => {
    const twice = await createTestDatabase();
    opened.push(twice);
    const worlds = await restartScenario(twice.db);
    const expected = await Promise.all(worlds.map((w) => expectedOutcome(w, RESTART_NOW)));
    const results = await Promise.all([scanDeadlines(twice.db, RESTART_NOW), scanDeadlines(twice.db, RESTART_NOW), scanDeadlines(twice.db, RESTART_NOW)]);
    // Between them, the scans did each thing once.
    const total = (k: "near" | "missed" | "notifications" | "overdueRefunds") => results.reduce((sum, r) => sum + r[k], 0);
    expect({ near: total("near"), missed: total("missed"), notifications: total("notifications"), overdueRefunds: total("overdueRefunds") }).toEqual({
      near: 2,
      missed: 4,
      notifications: 18,
      overdueRefunds: 2,
    });
    for (const [i, w] of worlds.entries()) expect(await actualOutcome(w)).toEqual(expected[i]);
    expect(await normalizedOutcome(twice.db)).toEqual(clean.normalized);
  }, SLOW);

  it("a database error in one organization's transaction rolls back its marks, notifications and audit event", async () => {
    const restarted = await createTestDatabase();
    opened.push(restarted);
    const worlds = await restartScenario(restarted.db);
    const expected = await Promise.all(worlds.map((w) => expectedOutcome(w, RESTART_NOW)));
    const failing = worlds[1]!;
    // Its notifications cannot be written: its marks and audit event, inserted before them, must go too.
    await restarted.db.execute(sql`
      create function test_fail_notification() returns trigger language plpgsql as $$
      begin raise exception 'notifications rejected by the test trigger'; end $$`);
    await restarted.db.execute(
      sql.raw(`create trigger test_fail_notification before insert on notifications for each row
               when (new.organization_id = '${failing.t.organizationId}') execute function test_fail_notification()`),
    );
    await expect(scanDeadlines(restarted.db, RESTART_NOW)).rejects.toThrow();
    expect(await actualOutcome(failing)).toEqual({ marks: [], notifications: [], scanAudit: [] });
    const other = await stateOf(worlds[0]!, expected[0]!);
    expect(["complete", "untouched"]).toContain(other);

    await restarted.db.execute(sql`drop trigger test_fail_notification on notifications`);
    await scanDeadlines(restarted.db, RESTART_NOW);
    for (const [i, w] of worlds.entries()) expect(await actualOutcome(w)).toEqual(expected[i]);
    expect(await normalizedOutcome(restarted.db)).toEqual(clean.normalized);
  }, SLOW);
});

// (d) ---------------------------------------------------------------------------------------------

describe("(d) the inbox: sorted by urgency, filtered by store, kind and assignee, limited by grants", () => {
  let w: World;
  const now = newYork("2026-11-03T12:00:00");
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await world(database.db, "Inbox", ["granted", "other"]);
    const { t } = w;
    // US store (granted to the client):
    // ship-by missed Mon Oct 19, given to the agent;
    ids.shipByMissed = (await assign(w, await caseOn(w, "#1001", newYork("2026-10-09T10:00:00")), t.members.agent)).id;
    // tracking due Fri Nov 6 (refused "shipped" on Fri Oct 30), nobody assigned;
    const requested = await request(w, await caseOn(w, "#1007", newYork("2026-10-20T10:00:00")), newYork("2026-10-21T10:00:00"));
    ids.tracking = (
      await as(w, t.owner, (ctx) => supplierRefused(ctx, { caseId: requested.id, version: requested.version }, true, newYork("2026-10-30T10:00:00")))
    ).id;
    // supplier refund due Tue Nov 17 (accepted Tue Oct 27), given to the admin;
    const accepted = await caseOn(w, "#1005", newYork("2026-10-20T10:00:00"));
    const acceptedCase = await accept(w, await request(w, accepted, newYork("2026-10-21T10:00:00")), newYork("2026-10-27T10:00:00"));
    ids.refund = (await assign(w, acceptedCase, t.members.admin)).id;
    // a chargeback whose evidence is due Tue Nov 10.
    ids.chargebackUs = await as(w, t.owner, async (ctx) => {
      const { dispute } = await upsertChargeback(
        ctx.tx,
        t.organizationId,
        t.grantedStoreId,
        { externalId: null, orderId: orderOf(w, "#1003"), type: "chargeback", reason: "fraudulent", status: "needs_response", amountMinor: 1798, evidenceDueBy: new Date("2026-11-10T22:00:00Z") },
        ctx.actor,
        ctx.requestId,
      );
      return dispute.id;
    });
    // EU store (Berlin, not granted): ship-by Thu Nov 5 (paid Tue Oct 27), and a chargeback missed Sun Nov 1.
    ids.shipByEu = (await caseOn(w, "#1001", newYork("2026-10-27T10:00:00"), { storeId: t.otherStoreId })).id;
    ids.chargebackEu = await as(w, t.owner, async (ctx) => {
      const { dispute } = await upsertChargeback(
        ctx.tx,
        t.organizationId,
        t.otherStoreId,
        { externalId: null, orderId: orderOf(w, "#1002", t.otherStoreId), type: "chargeback", reason: "general", status: "needs_response", amountMinor: 7699, evidenceDueBy: new Date("2026-11-01T12:00:00Z") },
        ctx.actor,
        ctx.requestId,
      );
      return dispute.id;
    });
  });

  const idOf = (d: Deadline) => d.disputeId ?? d.caseId;

  it("lists every open deadline, missed ones first, then the soonest", async () => {
    const all = await inbox(w, now);
    expect(all.map(idOf)).toEqual([ids.shipByMissed, ids.chargebackEu, ids.shipByEu, ids.tracking, ids.chargebackUs, ids.refund]);
    expect(all.map((d) => d.kind)).toEqual(["ship_by", "chargeback_evidence", "ship_by", "tracking_due", "chargeback_evidence", "supplier_refund"]);
    expect(all.map((d) => d.timeLeft.overdue)).toEqual([true, true, false, false, false, false]);
    const dues = all.map((d) => d.dueAt.getTime());
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    expect(all[0]!.timeLeft.label).toBe("11 business days overdue");
    expect(all.find((d) => d.kind === "tracking_due")!.timeLeft).toMatchObject({ businessDaysLeft: 3, label: "3 business days left" });
  });

  it("filters by store", async () => {
    const us = await inbox(w, now, { storeId: w.t.grantedStoreId });
    const eu = await inbox(w, now, { storeId: w.t.otherStoreId });
    expect(us.every((d) => d.storeId === w.t.grantedStoreId && d.storeName === "Inbox US")).toBe(true);
    expect(eu.map(idOf)).toEqual([ids.chargebackEu, ids.shipByEu]);
    expect(us.length + eu.length).toBe(6);
  });

  it("filters by kind", async () => {
    for (const kind of DEADLINE_KINDS) {
      const list = await inbox(w, now, { kind });
      expect(list.every((d) => d.kind === kind), kind).toBe(true);
    }
    expect((await inbox(w, now, { kind: "ship_by" })).map(idOf)).toEqual([ids.shipByMissed, ids.shipByEu]);
    expect((await inbox(w, now, { kind: "dispute_respond_by" }))).toEqual([]);
    expect((await inbox(w, now, { kind: "supplier_refund" })).map((d) => d.amountMinor)).toEqual([1120]);
  });

  it("filters by assignee, or by nobody assigned", async () => {
    expect((await inbox(w, now, { assigneeId: w.t.members.agent.id })).map(idOf)).toEqual([ids.shipByMissed]);
    expect((await inbox(w, now, { assigneeId: w.t.members.admin.id })).map(idOf)).toEqual([ids.refund]);
    expect((await inbox(w, now, { assigneeId: w.t.owner.id }))).toEqual([]);
    expect((await inbox(w, now, { assigneeId: "unassigned" })).map(idOf)).toEqual([ids.chargebackEu, ids.shipByEu, ids.tracking, ids.chargebackUs]);
    const [withName] = await inbox(w, now, { assigneeId: w.t.members.agent.id });
    expect(withName!.assigneeName).toBe(w.t.members.agent.name);
  });

  it("a client sees only its granted store's deadlines, whatever it filters on", async () => {
    const membership = await resolveMembership(database.db, w.t.members.client.id, w.t.organizationId);
    expect(membership!.storeIds).toEqual([w.t.grantedStoreId]);
    const mine = await inbox(w, now, {}, membership);
    expect(mine.map(idOf)).toEqual([ids.shipByMissed, ids.tracking, ids.chargebackUs, ids.refund]);
    expect(await inbox(w, now, { storeId: w.t.otherStoreId }, membership)).toEqual([]);
    expect((await inbox(w, now, { kind: "ship_by" }, membership)).map(idOf)).toEqual([ids.shipByMissed]);
    expect(await inbox(w, now, { kind: "chargeback_evidence", assigneeId: "unassigned" }, membership)).toHaveLength(1);
  });
});

// (d2) the scan and a long inbox ---------------------------------------------------------------

describe("an organization with more open deadlines than the inbox shows at once", () => {
  it("the scan still reaches the newest one", async () => {
    const w = await world(database.db, "Backlog");
    const { organizationId, grantedStoreId } = w.t;
    // 505 cases whose cancel window closed long ago (already reminded of, or not: they stay open)…
    await database.db.execute(sql`
      insert into orders (organization_id, store_id, name, currency, financial_status, fulfillment_status, placed_at, source)
      select ${organizationId}, ${grantedStoreId}, '#B' || g, 'USD', 'paid', 'unfulfilled', '2026-09-01T12:00:00Z', 'manual'
      from generate_series(1, 505) g`);
    await database.db.execute(sql`
      insert into cancellation_cases (organization_id, store_id, order_id, state, reason, currency, ship_by)
      select organization_id, store_id, id, 'requested', 'changed_mind', 'USD', '2026-09-15T03:59:59.999Z'
      from orders where organization_id = ${organizationId} and name like '#B%'`);
    // …and one whose window closes tomorrow (Wed Nov 4), given to the agent.
    const now = newYork("2026-11-03T12:00:00");
    const fresh = await assign(w, await caseOn(w, "#1001", newYork("2026-10-26T10:00:00")), w.t.members.agent);
    expect(pick(await inbox(w, now, { limit: 1000 }), fresh.id)).toMatchObject([{ kind: "ship_by", timeLeft: { businessDaysLeft: 1 } }]);

    await scanDeadlines(database.db, now);
    const outcome = await outcomeOf(database.db, organizationId);
    expect(outcome.marks).toHaveLength(506);
    expect(outcome.notifications.filter((n) => n.userId === w.t.members.agent.id && n.dedupeKey.includes(fresh.id))).toMatchObject([
      { kind: "deadline.near", title: "Due soon: Cancel window closes (supplier ship-by) — #1001" },
    ]);
  }, 120_000);
});

// (e) ---------------------------------------------------------------------------------------------

describe("(e) runWithRetry", () => {
  const fakeDatabase = {} as Database;

  function job(failures: number) {
    const calls: number[] = [];
    const definition: JobDefinition = {
      name: "test-job",
      everyMs: 60_000,
      run: async () => {
        calls.push(Date.now());
        if (calls.length <= failures) throw new Error(`failure ${calls.length}`);
        return "done";
      },
    };
    return { definition, calls };
  }

  /** The delays runWithRetry waits between attempts, as handed to setTimeout. */
  function recordDelays() {
    const delays: number[] = [];
    const spy = vi.spyOn(globalThis, "setTimeout");
    spy.mockImplementation(((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      fn();
      return 0 as unknown as NodeJS.Timeout;
    }) as typeof setTimeout);
    return { delays, restore: () => spy.mockRestore() };
  }

  it("retries a failing run with exponential backoff until it succeeds", async () => {
    const { definition, calls } = job(3);
    const timers = recordDelays();
    try {
      await expect(runWithRetry(definition, fakeDatabase, 5, 2)).resolves.toBeUndefined();
    } finally {
      timers.restore();
    }
    expect(calls).toHaveLength(4);
    expect(timers.delays).toEqual([2, 4, 8]);
  });

  it("stops after the attempt limit, without throwing into the scheduler", async () => {
    const { definition, calls } = job(Infinity);
    const timers = recordDelays();
    try {
      await expect(runWithRetry(definition, fakeDatabase, 4, 1)).resolves.toBeUndefined();
    } finally {
      timers.restore();
    }
    expect(calls).toHaveLength(4);
    expect(timers.delays).toEqual([1, 2, 4]);
  });

  it("waits for real between attempts", async () => {
    const { definition, calls } = job(2);
    await runWithRetry(definition, fakeDatabase, 3, 15);
    expect(calls).toHaveLength(3);
    // 15 ms, then 30 ms (a timer may fire a millisecond early).
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(14);
    expect(calls[2]! - calls[1]!).toBeGreaterThanOrEqual(29);
  });

  it("a run that succeeds at once is not retried", async () => {
    const { definition, calls } = job(0);
    await runWithRetry(definition, fakeDatabase, 5, 1);
    expect(calls).toHaveLength(1);
  });
});
