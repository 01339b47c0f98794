/**
 * The policy builder on a real database: drafts and versions with their optimistic checks and audit
 * events, who may do what, the public page (published rows only, cache headers, 404s), warnings
 * costed from the ledger, templates applied to many stores, and the CLI's settings file.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { auditEvents, reportMoneyDays, stores } from "../db/schema";
import { queryRows } from "../db/rows";
import { recordCustomerRefund } from "../ledger/entries";
import { withTenant } from "../db/tenant";
import { verifyAuditChain } from "../audit/record";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { importFixtures, ordersOfStore } from "@/test/cases";
import { settingsWith } from "@/test/policy";
import { databaseError } from "@/test/sql";
import { DEFAULT_SUPPLIER_TERMS } from "@/lib/supplier-terms";
import { templateDocument, type PolicySettings } from "@/lib/policy/settings";
import { respondWithPolicy } from "./public";
import { parsePolicyFile, publishPolicyFromFile } from "./from-file";

let database: Database;
let db: Db;
let t: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  t = await makeTenant(db, "Policy");
  other = await makeTenant(db, "Outsider");
});
afterAll(async () => {
  await database.close();
});

const owner = () => callerFor(db, t.owner, t.organizationId);
const as = (role: keyof TenantFixture["members"]) => callerFor(db, t.members[role], t.organizationId);
const eventsOf = async (action: string) =>
  (await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, t.organizationId), eq(auditEvents.action, action)))).length;

async function page(path: string, headers: Record<string, string> = {}) {
  const [, , org, store, , lang] = path.split("/");
  const response = await respondWithPolicy(db, new Request(`http://recoup.test${path}`, { headers }), { organizationSlug: org!, storeSlug: store!, lang });
  return { response, body: await response.text() };
}

/** A fresh store of `t`, so each test starts from a store without a policy. */
async function freshStore(name = "Shop") {
  const slug = `shop-${randomUUID().slice(0, 8)}`;
  const store = await owner().store.create({ name: `${name} ${slug}`, slug, currency: "USD", country: "US", timezone: "America/New_York" });
  return { id: store.id, slug };
}

describe("drafts and versions", () => {
  it("a new store starts from defaults close to its supplier's terms, unsaved", async () => {
    const store = await freshStore();
    const policy = await owner().policy.get({ storeId: store.id });
    expect(policy).toMatchObject({ version: 0, hasDraft: false, published: null, hasUnpublishedChanges: false });
    expect(policy.draft.acceptedReasons).toEqual(DEFAULT_SUPPLIER_TERMS.acceptedReturnReasons);
    expect(policy.draft.refundProcessingDays).toBe(DEFAULT_SUPPLIER_TERMS.refundMaxBusinessDays);
    expect(policy.warnings).toEqual([]);
  });

  it("saving a draft checks the version, writes one event, and saving the same again changes nothing", async () => {
    const store = await freshStore();
    const events = await eventsOf("policy.draft_saved");
    const first = await owner().policy.saveDraft({ storeId: store.id, version: 0, settings: settingsWith() });
    expect(first).toEqual({ version: 1, changed: true });
    await expect(owner().policy.saveDraft({ storeId: store.id, version: 0, settings: settingsWith({ returnWindowDays: 14 }) })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Reload"),
    });
    expect(await owner().policy.saveDraft({ storeId: store.id, version: 1, settings: settingsWith() })).toEqual({ version: 1, changed: false });
    const second = await owner().policy.saveDraft({ storeId: store.id, version: 1, settings: settingsWith({ returnWindowDays: 14 }) });
    expect(second).toEqual({ version: 2, changed: true });
    expect(await eventsOf("policy.draft_saved")).toBe(events + 2);
    const [last] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, t.organizationId), eq(auditEvents.action, "policy.draft_saved"), eq(auditEvents.storeId, store.id)))
      .orderBy(sql`seq desc`)
      .limit(1);
    expect((last!.after as { changes: string[] }).changes).toEqual(["Return window: 30 days → 14 days"]);
  });

  it("publishing makes numbered, immutable versions with who and when, and refuses a version that changes nothing", async () => {
    const store = await freshStore("Versioned");
    const one = await owner().policy.publish({ storeId: store.id, version: 0, settings: settingsWith(), note: "Launch" });
    expect(one).toMatchObject({ number: 1, version: 1, publicPath: `/p/${t.slug}/${store.slug}/refund-policy` });
    await expect(owner().policy.publish({ storeId: store.id, version: one.version, settings: settingsWith() })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("Nothing has changed since version 1"),
    });
    const two = await owner().policy.publish({ storeId: store.id, version: one.version, settings: settingsWith({ returnWindowDays: 14, refundMethod: "store_credit" }) });
    expect(two.number).toBe(2);

    const versions = await owner().policy.versions({ storeId: store.id });
    expect(versions.map((v) => [v.number, v.publishedByLabel, v.note])).toEqual([
      [2, t.owner.name, null],
      [1, t.owner.name, "Launch"],
    ]);
    expect(versions[0]!.changes).toEqual(["Return window: 30 days → 14 days", "Refund method: Original payment method → Store credit"]);
    expect(versions[1]!.changes).toBeNull();

    const compare = await owner().policy.compare({ storeId: store.id, number: 2 });
    expect(compare.changes).toHaveLength(2);
    const en = compare.text.find((x) => x.lang === "en")!.lines;
    expect(en.filter((l) => l.op === "removed").map((l) => l.text)).toEqual(
      expect.arrayContaining(["You have 30 days from the day you receive your order to ask for a return."]),
    );
    expect(en.filter((l) => l.op === "added").map((l) => l.text)).toEqual(
      expect.arrayContaining(["You have 14 days from the day you receive your order to ask for a return."]),
    );
    const ko = compare.text.find((x) => x.lang === "ko")!.lines;
    expect(ko.some((l) => l.op === "added" && l.text.includes("14일"))).toBe(true);

    // Published versions cannot be edited, even by a query that bypasses the service.
    const error = await databaseError(
      withTenant(db, t.organizationId, (tx) => tx.execute(sql`update policy_versions set note = 'forged' where store_id = ${store.id}`)),
    );
    expect(error.message).toMatch(/immutable|permission denied/);
    expect(await verifyAuditChain(db, t.organizationId)).toMatchObject({ ok: true });
  });

  it("an effective date in the past is refused", async () => {
    const store = await freshStore();
    await expect(owner().policy.publish({ storeId: store.id, version: 0, settings: settingsWith(), effectiveDate: "2001-01-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("cannot be in the past"),
    });
  });

  it("the default language must be published", async () => {
    const store = await freshStore();
    await expect(
      owner().policy.saveDraft({ storeId: store.id, version: 0, settings: { ...settingsWith(), languages: ["de"], defaultLanguage: "en" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("default language") });
  });
});

describe("who may do what (SPEC §8)", () => {
  it("owner and admin publish; agent, viewer and client may only read", async () => {
    const store = t.grantedStoreId;
    await expect(as("admin").policy.saveDraft({ storeId: store, version: 0, settings: settingsWith() })).resolves.toMatchObject({ version: 1 });
    for (const role of ["agent", "viewer", "client"] as const) {
      await expect(as(role).policy.publish({ storeId: store, version: 1, settings: settingsWith() })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringContaining('"policies:publish"'),
      });
      await expect(as(role).policy.get({ storeId: store })).resolves.toMatchObject({ version: 1 });
    }
  });

  it("a client sees only its granted store; the other answers exactly like a missing one", async () => {
    expect((await as("client").policy.list()).map((p) => p.storeId)).toEqual([t.grantedStoreId]);
    const hidden = await as("client").policy.get({ storeId: t.otherStoreId }).catch((e: unknown) => e);
    const missing = await as("client").policy.get({ storeId: randomUUID() }).catch((e: unknown) => e);
    expect(hidden).toMatchObject({ code: "NOT_FOUND" });
    expect((hidden as Error).message).toBe((missing as Error).message);
    await expect(as("client").policy.versions({ storeId: t.otherStoreId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("another organization's store does not exist", async () => {
    const asOther = callerFor(db, other.owner, other.organizationId);
    await expect(asOther.policy.get({ storeId: t.grantedStoreId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asOther.policy.publish({ storeId: t.grantedStoreId, version: 1, settings: settingsWith() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(JSON.stringify(await asOther.policy.list())).not.toContain(t.grantedStoreId);
  });
});

describe("the public page", () => {
  let store: { id: string; slug: string };
  let base: string;
  beforeAll(async () => {
    store = await freshStore("Public");
    base = `/p/${t.slug}/${store.slug}/refund-policy`;
  });

  it("answers 404 until a version is published, and for anything unknown", async () => {
    await owner().policy.saveDraft({ storeId: store.id, version: 0, settings: settingsWith() });
    for (const path of [base, `${base}/en`, `/p/${t.slug}/no-such-store/refund-policy`, `/p/no-such-org/${store.slug}/refund-policy`, `/p/${t.slug}/${store.slug}/refund-policy/fr`]) {
      const { response, body } = await page(path);
      expect(response.status, path).toBe(404);
      expect(body).toMatch(/^<!doctype html>/);
      expect(body).not.toContain("<script");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
  });

  it("shows the latest published version only, in its default and each published language", async () => {
    const current = await owner().policy.get({ storeId: store.id });
    await owner().policy.publish({ storeId: store.id, version: current.version, settings: settingsWith({ languages: ["en", "zh", "ko"], defaultLanguage: "zh" }) });
    // A draft saved after publishing stays private.
    const after = await owner().policy.get({ storeId: store.id });
    await owner().policy.saveDraft({ storeId: store.id, version: after.version, settings: settingsWith({ languages: ["en", "zh", "ko"], defaultLanguage: "zh", returnWindowDays: 3 }) });

    const main = await page(base);
    expect(main.response.status).toBe(200);
    expect(main.body).toContain('<html lang="zh-Hans"');
    expect(main.body).toContain("自收到订单之日起30天内");
    expect(main.body).not.toContain("3天内");
    expect(main.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(main.body).toContain(`<a href="${base}/en" hreflang="en" lang="en">English</a>`);
    expect(main.body).toContain(`<a href="${base}/ko" hreflang="ko" lang="ko">한국어</a>`);
    expect(main.body).toContain("生效日期：");
    expect(main.body).not.toMatch(/<script/i);

    const ko = await page(`${base}/ko`);
    expect(ko.body).toContain('<html lang="ko"');
    expect(ko.body).toContain("30일 이내에 반품을 신청하실 수 있습니다");
    expect((await page(`${base}/de`)).response.status).toBe(404);
    expect((await page(`${base}/en`)).body).toContain("You have 30 days from the day you receive your order");
  });

  it("has a strict Content-Security-Policy and no way to run anything", async () => {
    const { response, body } = await page(`${base}/en`);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp.split("; ")).toEqual([
      "default-src 'none'",
      expect.stringMatching(/^style-src 'sha256-[A-Za-z0-9+/=]+'$/),
      "img-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(body).not.toMatch(/<script|<iframe|<form|<img|\son[a-z]+=/i);
  });

  it("is cached until the next publish: ETag per version and language, revalidated, 304 when unchanged", async () => {
    const first = await page(`${base}/en`);
    const etag = first.response.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f-]{36}-en"$/);
    expect(first.response.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    expect((await page(`${base}/ko`)).response.headers.get("etag")).not.toBe(etag);

    const again = await page(`${base}/en`, { "if-none-match": etag });
    expect(again.response.status).toBe(304);
    expect(again.body).toBe("");
    expect((await page(`${base}/en`, { "if-none-match": `W/${etag}, "other"` })).response.status).toBe(304);

    const current = await owner().policy.get({ storeId: store.id });
    await owner().policy.publish({ storeId: store.id, version: current.version, settings: { ...current.draft, returnWindowDays: 60 } });
    const changed = await page(`${base}/en`, { "if-none-match": etag });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get("etag")).not.toBe(etag);
    expect(changed.body).toContain("You have 60 days");
  });

  it("an archived store's page is gone", async () => {
    const archived = await freshStore("Archived");
    await owner().policy.publish({ storeId: archived.id, version: 0, settings: settingsWith() });
    expect((await page(`/p/${t.slug}/${archived.slug}/refund-policy`)).response.status).toBe(200);
    await owner().store.archive({ storeId: archived.id });
    expect((await page(`/p/${t.slug}/${archived.slug}/refund-policy`)).response.status).toBe(404);
  });
});

describe("warnings against the supplier's terms, costed from the ledger", () => {
  it("30-day change-of-mind returns against a supplier that refuses them: warned, with the 90-day net loss", async () => {
    const store = await freshStore("Ledger");
    await importFixtures(db, t.organizationId, store.id);
    const orders = await ordersOfStore(db, t.organizationId, store.id);
    const [a, b, c2, d] = ["#1001", "#1002", "#1003", "#1005"].map((name) => orders.get(name)!);
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    // In the window: a change-of-mind case worked through to the refund, the supplier paying part
    // of it back, and a change-of-mind refund recorded directly 40 days ago.
    let c = await owner().case.open({ orderId: a!.id, reason: "changed_mind" });
    c = await owner().case.requestAtSupplier({ caseId: c.id, version: c.version, contactedSupplierDirectly: true });
    c = await owner().case.supplierAccepted({ caseId: c.id, version: c.version, expectedRefundMinor: 500, idempotencyKey: randomUUID() });
    c = await owner().case.cancelStoreOrder({ caseId: c.id, version: c.version, amountMinor: 2000, cancelReason: "customer", idempotencyKey: randomUUID() });
    await owner().case.recordSupplierRefund({ caseId: c.id, version: c.version, amountMinor: 500, idempotencyKey: randomUUID() });
    await withTenant(db, t.organizationId, async (tx) => {
      await recordCustomerRefund(tx, t.organizationId, b!.id, { amountMinor: 1500, reason: "changed_mind", occurredAt: new Date(now - 40 * day) });
      // Outside the window, and another reason: neither counts.
      await recordCustomerRefund(tx, t.organizationId, c2!.id, { amountMinor: 999, reason: "changed_mind", occurredAt: new Date(now - 120 * day) });
      await recordCustomerRefund(tx, t.organizationId, d!.id, { amountMinor: 777, reason: "damaged", occurredAt: new Date(now - 3 * day) });
    });
    // The rollup triggers filled report_money_days in the same transactions.
    const rollup = await db.select().from(reportMoneyDays).where(and(eq(reportMoneyDays.organizationId, t.organizationId), eq(reportMoneyDays.storeId, store.id)));
    expect(rollup.filter((r) => r.reason === "changed_mind").reduce((sum, r) => sum + r.refundedMinor, 0)).toBe(2000 + 1500 + 999);

    const settings: PolicySettings = settingsWith({
      acceptedReasons: ["not_as_described", "damaged", "changed_mind"],
      returnWindowDays: 30,
      cancellation: "until_dispatch",
      refundProcessingDays: 15,
    });
    await owner().policy.saveDraft({ storeId: store.id, version: 0, settings });
    const policy = await owner().policy.get({ storeId: store.id });
    expect(policy.store.supplierTerms.acceptedReturnReasons).not.toContain("changed_mind");
    expect(policy.warnings).toHaveLength(1);
    expect(policy.warnings[0]).toMatchObject({
      id: "return_reason:changed_mind",
      title: "You accept returns for change of mind; AliExpress does not",
      loss: [{ currency: "USD", lossMinor: 2000 + 1500 - 500 }],
    });
    expect(policy.loss.byReason.damaged).toEqual([{ currency: "USD", lossMinor: 777 }]);
    expect((await owner().policy.list()).find((p) => p.storeId === store.id)).toMatchObject({ warnings: 1, status: "unpublished" });

    // Once the supplier's terms accept a change of mind, the warning goes.
    const terms = policy.store.supplierTerms;
    await owner().policy.saveSupplierTerms({ storeId: store.id, previous: terms, terms: { ...terms, acceptedReturnReasons: [...terms.acceptedReturnReasons, "changed_mind"] } });
    expect((await owner().policy.get({ storeId: store.id })).warnings).toEqual([]);
  });

  it("supplier terms: a stale edit is refused, a repeated one changes nothing, and agents may not edit them", async () => {
    const store = await freshStore();
    const { supplierTerms } = await owner().store.get({ storeId: store.id });
    const changed = { ...supplierTerms, refundMaxBusinessDays: 20 };
    const events = await eventsOf("store.supplier_terms_updated");
    await expect(owner().policy.saveSupplierTerms({ storeId: store.id, previous: supplierTerms, terms: changed })).resolves.toMatchObject({ changed: true });
    await expect(owner().policy.saveSupplierTerms({ storeId: store.id, previous: changed, terms: changed })).resolves.toMatchObject({ changed: false });
    await expect(owner().policy.saveSupplierTerms({ storeId: store.id, previous: supplierTerms, terms: supplierTerms })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(as("agent").policy.saveSupplierTerms({ storeId: store.id, previous: changed, terms: supplierTerms })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      owner().policy.saveSupplierTerms({ storeId: store.id, previous: changed, terms: { ...changed, refundMinBusinessDays: 30 } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await eventsOf("store.supplier_terms_updated")).toBe(events + 1);
    const [row] = await db.select().from(stores).where(eq(stores.id, store.id));
    expect(row!.supplierTerms.refundMaxBusinessDays).toBe(20);
  });
});

describe("templates for agencies", () => {
  it("apply one store's settings to many: each keeps its contact details; all or nothing", async () => {
    const source = await freshStore("Source");
    const targets = [await freshStore("Target"), await freshStore("Target")];
    const template = templateDocument(settingsWith({ returnWindowDays: 21, languages: ["en", "de"], defaultLanguage: "de" })).settings;

    // A store without a contact email yet stops the whole run, naming it.
    await owner().policy.saveDraft({ storeId: targets[0]!.id, version: 0, settings: settingsWith({ contactEmail: "one@target.example", returnAddressKind: "none", returnAddress: "" }) });
    await expect(
      owner().policy.applyTemplate({ template, publish: true, stores: [{ storeId: targets[0]!.id, version: 1 }, { storeId: targets[1]!.id, version: 0 }] }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("has no contact email yet") });
    expect((await owner().policy.get({ storeId: targets[0]!.id })).published).toBeNull();

    await owner().policy.saveDraft({ storeId: targets[1]!.id, version: 0, settings: settingsWith({ contactEmail: "two@target.example", contactPhone: "" }) });
    const result = await owner().policy.applyTemplate({
      template,
      publish: true,
      stores: [
        { storeId: targets[0]!.id, version: 1 },
        { storeId: targets[1]!.id, version: 1 },
      ],
    });
    expect(result.results.map((r) => [r.outcome, r.number])).toEqual([
      ["published", 1],
      ["published", 1],
    ]);
    const [one, two] = [await owner().policy.get({ storeId: targets[0]!.id }), await owner().policy.get({ storeId: targets[1]!.id })];
    expect(one.published!.settings).toMatchObject({ contactEmail: "one@target.example", returnAddressKind: "none", returnWindowDays: 21, defaultLanguage: "de" });
    expect(two.published!.settings).toMatchObject({ contactEmail: "two@target.example", returnAddressKind: "po_box", returnWindowDays: 21 });
    expect((await page(`/p/${t.slug}/${targets[0]!.slug}/refund-policy`)).body).toContain("innerhalb von 21 Tagen");
    expect(source.id).toBeTruthy();

    // Applying it again publishes nothing new.
    const again = await owner().policy.applyTemplate({
      template,
      publish: true,
      stores: [{ storeId: targets[0]!.id, version: one.version }],
    });
    expect(again.results[0]!.outcome).toBe("unchanged");
  });

  it("a template with a typo or a wrong value is refused with its path", async () => {
    const template = { ...templateDocument(settingsWith()).settings, returnWindow: 30 };
    await expect(
      owner().policy.applyTemplate({ template: template as never, publish: false, stores: [{ storeId: t.grantedStoreId, version: 1 }] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("returnWindow") });
  });
});

describe("policy:publish from a file", () => {
  const file = (value: unknown) => JSON.stringify(value);

  it("explains every problem with its path, in words", () => {
    expect(parsePolicyFile("{ not json")).toMatchObject({ ok: false, errors: [expect.stringContaining("not valid JSON")] });
    const { contactEmail: _e, ...withoutEmail } = settingsWith();
    const bad = parsePolicyFile(
      file({
        format: "recoup-policy-template",
        version: 1,
        settings: { ...withoutEmail, returnWindowDays: "30 days", returnShippingPaidBy: { ...withoutEmail.returnShippingPaidBy, changed_mind: "supplier" }, langs: ["en"] },
      }),
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual(
      expect.arrayContaining([
        'settings: unknown field "langs": check the spelling.',
        "settings.returnWindowDays: The return window must be a number of days.",
        "settings.returnShippingPaidBy.changed_mind: Who pays return shipping must be one of: store, customer.",
      ]),
    );
    const missing = parsePolicyFile(file({ ...withoutEmail, cancellation: undefined }));
    expect(!missing.ok && missing.errors).toEqual(["cancellation: is missing."]);
    expect(parsePolicyFile(file(withoutEmail))).toMatchObject({ ok: true });
  });

  it("publishes a template to a store, keeping the store's contact details", async () => {
    const store = await freshStore("Scripted");
    await expect(publishPolicyFromFile(db, store.id, file(templateDocument(settingsWith())))).rejects.toThrow(/contactEmail: .* has no contact email yet/);
    const result = await publishPolicyFromFile(db, store.id, file({ ...templateDocument(settingsWith()).settings, contactEmail: "ops@scripted.example" }), { note: "From CI" });
    expect(result).toMatchObject({ number: 1, publicPath: `/p/${t.slug}/${store.slug}/refund-policy` });
    expect(result.warnings).toEqual(expect.arrayContaining(["You accept returns for change of mind; AliExpress does not"]));
    const second = await publishPolicyFromFile(db, store.id, file(templateDocument(settingsWith({ returnWindowDays: 10 }))));
    expect(second.number).toBe(2);
    const versions = await owner().policy.versions({ storeId: store.id });
    expect(versions[0]).toMatchObject({ publishedByLabel: "Recoup CLI", settings: { contactEmail: "ops@scripted.example", returnWindowDays: 10 } });
    expect(versions[1]).toMatchObject({ note: "From CI" });
    await expect(publishPolicyFromFile(db, store.id, "[]")).rejects.toThrow("one JSON object");
  });
});

describe("audit", () => {
  it("the chain is intact and every policy event names its store", async () => {
    expect(await verifyAuditChain(db, t.organizationId)).toMatchObject({ ok: true });
    const rows = await queryRows<{ store_id: string | null }>(db, sql`select store_id from audit_events where organization_id = ${t.organizationId} and action like 'policy.%'`);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.store_id)).toBe(true);
  });
});
