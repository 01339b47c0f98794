import { createHmac } from "node:crypto";
import Papa from "papaparse";
import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, signUp, signUpWithOrganization, uniqueEmail } from "./fixtures/accounts";
import { importCsv, trpc, uploadCsv } from "./fixtures/case-setup";
import { XSS_CORPUS, XSS_TEXT } from "../src/test/xss-corpus";
import { FULL_SETTINGS_INPUT } from "../src/test/policy";

/**
 * Hostile text everywhere a user, a CSV file or a webhook can put text, on a fresh organization:
 * its name and its owner's, a store, orders imported from a crafted Shopify export (names, customers,
 * e-mails, notes, products, SKUs) under a hostile file name, supplier orders from a crafted supplier
 * CSV, an order from a signed Shopify webhook, case notes, a supplier dispute with its evidence, a
 * chargeback, a published refund policy, and a member who joined with a hostile name. Then every page
 * that shows any of it is opened: no dialog ever opens, nothing of the corpus becomes an element or an
 * attribute, nothing loads from it, and the text itself is on the page, as typed. The CSP would stop
 * most injected markup from running, so the DOM itself is checked, not only the absence of dialogs.
 */

test.describe.configure({ timeout: 300_000 });
const expect = baseExpect.configure({ timeout: 20_000 });

const X = XSS_CORPUS;
/** Which corpus string went where (several fields share one: the checks are per page). */
const TEXT = {
  owner: X[1]!, // <img src=x onerror=…>
  organization: X[0]!, // <script>…</script>
  store: X[2]!, // "><svg onload=…>
  member: X[6]!, // ' onmouseover='…' data-x='
  orderA: X[5]!, // </p></section></main><script>…
  orderB: X[3]!, // javascript:alert(…)
  orderC: X[12]!, // {email} {shop} ${1+1}
  customer: X[4]!, // <a href="javascript:…">click me</a>
  email: X[7]!, // <iframe srcdoc=…>
  note: X[9]!, // &lt;script&gt; … entities that must not be decoded
  product: X[8]!, // <style>body{display:none}</style>
  sku: X[10]!, // <!-- a comment --><b>bold</b><br/>
  supplier: X[11]!, // <div <p>broken <<markup>> </div
  supplierOrderNumber: X[12]!,
  carrier: X[13]!, // <meta http-equiv="refresh" …>
  tracking: X[0]!,
  shopifyFile: `${X[1]!}.csv`,
  badFile: `${X[6]!}.csv`,
  badOrder: X[13]!,
  badCurrency: X[1]!,
  badDate: X[2]!,
  supplierFile: `${X[13]!}.csv`,
  webhookOrder: X[7]!,
  webhookCustomer: X[2]!,
  caseNote: X[9]!,
  disputeReason: X[6]!,
  evidenceNote: X[12]!,
  writeOffNote: X[10]!,
  evidenceLinkText: X[4]!,
  evidenceUrl: `https://evil.example/"><img src=x onerror="alert('evidence')">`,
  policyPhone: X[2]!,
  policyAddress: X[5]!,
};

/** Every dialog is a failure; kept to report which page opened it and what it said. */
const dialogs: string[] = [];
/** Requests the corpus could cause: `<img src=x>` asks for /x, the meta refresh goes to evil.example. */
const strayRequests: string[] = [];

function watch(page: Page, label: string) {
  page.on("dialog", (dialog) => {
    dialogs.push(`${label} @ ${page.url()}: ${dialog.type()} "${dialog.message()}"`);
    void dialog.dismiss();
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.hostname.includes("evil.example") || url.pathname === "/x" || url.pathname.endsWith("/x")) strayRequests.push(`${label}: ${request.url()}`);
  });
}

/**
 * What the corpus would leave in the DOM if any of it were parsed as HTML: elements it names, event
 * handler attributes, `javascript:` links, attribute names with markup in them, scripts without our
 * nonce, and the flag a script would set.
 */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const describe = (el: Element) => el.outerHTML.slice(0, 120);
    for (const selector of ['img[src="x"]', "svg[onload]", "iframe", "meta[http-equiv]", 'a[href^="javascript" i]', "markup", "[data-x]"]) {
      document.querySelectorAll(selector).forEach((el) => found.push(`${selector}: ${describe(el)}`));
    }
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attribute of Array.from(el.attributes)) {
        if (/^on/i.test(attribute.name) || /[<>"']/.test(attribute.name)) found.push(`attribute ${attribute.name}: ${describe(el)}`);
      }
    }
    for (const script of Array.from(document.querySelectorAll("script"))) {
      if (!script.src && !script.nonce && !script.hasAttribute("nonce") && script.type !== "application/ld+json") found.push(`script without nonce: ${describe(script)}`);
    }
    for (const style of Array.from(document.querySelectorAll("style"))) {
      if (style.textContent?.includes("body{display:none}")) found.push(`style: ${describe(style)}`);
    }
    for (const b of Array.from(document.querySelectorAll("b"))) if (b.textContent === "bold") found.push(`b: ${describe(b)}`);
    if ((window as unknown as { __xss?: unknown }).__xss !== undefined) found.push("window.__xss was set");
    return found;
  });
}

/** The page is safe and shows each text as typed. */
async function expectSafeAndShown(page: Page, texts: string[]) {
  await expect(page.locator("body")).toBeVisible();
  for (const text of texts) {
    await expect(page.getByText(text, { exact: false }).first(), `"${text}" on ${page.url()}`).toBeVisible();
  }
  expect(await injected(page), page.url()).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(strayRequests).toEqual([]);
}

/** `2026-12-01 09:12:03 +0000`, as Shopify's export writes times. */
function shopifyTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} +0000`;
}
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The Shopify export a hostile shop would produce: three orders, every text column hostile. */
function shopifyExport(): string {
  const header = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku", "Lineitem fulfillment status", "Billing Name", "Notes", "Refunded Amount", "Id"];
  const placed = shopifyTime(hoursAgo(30));
  const row = (name: string, fulfilled: boolean, id: string) => [name, TEXT.email, "paid", placed, fulfilled ? "fulfilled" : "unfulfilled", fulfilled ? shopifyTime(hoursAgo(20)) : "", "USD", "40.00", "5.00", "0.00", "45.00", placed, "1", TEXT.product, "40.00", TEXT.sku, fulfilled ? "fulfilled" : "", TEXT.customer, TEXT.note, "0.00", id];
  return Papa.unparse([header, row(TEXT.orderA, false, "660001"), row(TEXT.orderB, false, "660002"), row(TEXT.orderC, true, "660003")], { newline: "\r\n" });
}

/** Supplier orders for the three, with a hostile supplier, order number, carrier and tracking number. */
function supplierCsv(): string {
  const paid = shopifyTime(hoursAgo(26));
  const row = (order: string, n: number, status: string, shipped: boolean) => [order, TEXT.supplier, `${TEXT.supplierOrderNumber} ${n}`, status, paid, shipped ? shopifyTime(hoursAgo(22)) : "", shipped ? TEXT.carrier : "", shipped ? TEXT.tracking : "", "12.00", "USD"];
  return Papa.unparse(
    [
      ["Store Order", "Supplier", "Supplier Order Number", "Status", "Paid at", "Shipped at", "Carrier", "Tracking Number", "Cost", "Currency"],
      row(TEXT.orderA, 1, "awaiting_shipment", false),
      row(TEXT.orderB, 2, "awaiting_shipment", false),
      row(TEXT.orderC, 3, "shipped", true),
    ],
    { newline: "\r\n" },
  );
}

/** An export whose one order has a hostile currency and date: the preview lists it, quoting the cells. */
function badShopifyExport(): string {
  return Papa.unparse(
    [
      ["Name", "Financial Status", "Currency", "Total", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price"],
      [TEXT.badOrder, "paid", TEXT.badCurrency, "10.00", TEXT.badDate, "1", TEXT.product, "10.00"],
    ],
    { newline: "\r\n" },
  );
}

interface Case {
  id: string;
  version: number;
}
const key = (label: string) => `xss-${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

async function openAnonymous(browser: Browser, label: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  watch(page, label);
  return { context, page };
}

test("hostile text from users, files and webhooks shows as text on every page and never runs", async ({ page, browser }) => {
  watch(page, "owner");
  const world = {
    storeId: "",
    orders: {} as Record<string, string>,
    webhookOrderId: "",
    caseA: "",
    caseB: "",
    disputeId: "",
    shopifyJob: "",
    supplierJob: "",
    publicPath: "",
    pendingToken: "",
    ownerEmail: "",
    badJob: "",
  };

  await test.step("an owner with a hostile name signs up and creates an organization with a hostile name", async () => {
    world.ownerEmail = uniqueEmail("xss-owner");
    await signUpWithOrganization(page, { name: TEXT.owner, email: world.ownerEmail, organization: TEXT.organization });
    await expectSafeAndShown(page, [TEXT.organization]);
  });

  await test.step("a store, a Shopify export and a supplier CSV, all hostile, through the app's own import", async () => {
    const store = await trpc<{ id: string }>(page, "store.create", {
      name: TEXT.store,
      slug: `xss-${Math.random().toString(36).slice(2, 8)}`,
      currency: "USD",
      country: "US",
      timezone: "America/New_York",
    });
    world.storeId = store.id;
    world.shopifyJob = await importCsv(page, store.id, "shopify_orders", TEXT.shopifyFile, shopifyExport());
    world.supplierJob = await importCsv(page, store.id, "supplier_orders", TEXT.supplierFile, supplierCsv());
    world.badJob = await uploadCsv(page, store.id, "shopify_orders", TEXT.badFile, badShopifyExport());
    const list = await trpc<{ items: { id: string; name: string }[] }>(page, "order.list", { storeId: store.id, limit: 100 }, "query");
    world.orders = Object.fromEntries(list.items.map((o) => [o.name, o.id]));
    expect(Object.keys(world.orders).sort()).toEqual([TEXT.orderA, TEXT.orderB, TEXT.orderC].sort());
  });

  await test.step("an order from a signed Shopify webhook", async () => {
    const { webhookSecret } = await trpc<{ webhookSecret: string }>(page, "store.webhookSecret", { storeId: world.storeId }, "query");
    const body = JSON.stringify({
      id: 770001,
      name: TEXT.webhookOrder,
      email: "webhook@example.test",
      currency: "USD",
      subtotal_price: "25.00",
      total_price: "25.00",
      financial_status: "paid",
      fulfillment_status: null,
      created_at: hoursAgo(10).toISOString(),
      note: TEXT.note,
      customer: { first_name: TEXT.webhookCustomer, last_name: null },
      line_items: [{ sku: TEXT.sku, title: TEXT.product, quantity: 1, price: "25.00" }],
    });
    const response = await page.request.post(`/api/webhooks/shopify/${world.storeId}`, {
      data: body,
      headers: {
        "content-type": "application/json",
        "x-shopify-hmac-sha256": createHmac("sha256", webhookSecret).update(body).digest("base64"),
        "x-shopify-webhook-id": key("webhook"),
        "x-shopify-topic": "orders/create",
      },
    });
    expect(response.status(), await response.text()).toBe(200);
    const list = await trpc<{ items: { id: string; name: string }[] }>(page, "order.list", { storeId: world.storeId, q: TEXT.webhookOrder, limit: 10 }, "query");
    world.webhookOrderId = list.items.find((o) => o.name === TEXT.webhookOrder)!.id;
  });

  await test.step("cases with hostile notes: one cancelled with a refund, one refused and disputed with hostile evidence; a chargeback", async () => {
    let a = await trpc<Case>(page, "case.open", { orderId: world.orders[TEXT.orderA], reason: "changed_mind", reasonNote: TEXT.caseNote });
    world.caseA = a.id;
    a = await trpc<Case>(page, "case.requestAtSupplier", { caseId: a.id, version: a.version, contactedSupplierDirectly: true });
    a = await trpc<Case>(page, "case.supplierAccepted", { caseId: a.id, version: a.version, idempotencyKey: key("accept") });
    a = await trpc<Case>(page, "case.cancelStoreOrder", { caseId: a.id, version: a.version, amountMinor: 4500, cancelReason: "customer", idempotencyKey: key("cancel") });
    // The supplier never pays: written off with a hostile note, then the case closes with its loss.
    a = await trpc<Case>(page, "case.writeOffSupplierRefund", { caseId: a.id, version: a.version, note: TEXT.writeOffNote, idempotencyKey: key("write-off") });
    await trpc<Case>(page, "case.close", { caseId: a.id, version: a.version });

    let b = await trpc<Case>(page, "case.open", { orderId: world.orders[TEXT.orderB], reason: "not_delivered", reasonNote: TEXT.caseNote });
    world.caseB = b.id;
    b = await trpc<Case>(page, "case.requestAtSupplier", { caseId: b.id, version: b.version, contactedSupplierDirectly: true });
    b = await trpc<Case>(page, "case.supplierRefused", { caseId: b.id, version: b.version, claimsShipped: false });
    await trpc<Case>(page, "case.openDispute", { caseId: b.id, version: b.version, reason: TEXT.disputeReason });
    const disputes = await trpc<{ id: string; kind: string }[]>(page, "dispute.list", { storeId: world.storeId }, "query");
    world.disputeId = disputes.find((d) => d.kind === "supplier")!.id;
    await trpc(page, "dispute.addEvidence", { disputeId: world.disputeId, kind: "note", body: TEXT.evidenceNote });
    await trpc(page, "dispute.addEvidence", { disputeId: world.disputeId, kind: "link", body: TEXT.evidenceLinkText, url: TEXT.evidenceUrl });

    await trpc(page, "dispute.createChargeback", { orderId: world.orders[TEXT.orderC], reason: "fraudulent", status: "needs_response", amountMinor: 500, evidenceDueBy: null });
  });

  await test.step("a published refund policy with a hostile phone, return address and note", async () => {
    const published = await trpc<{ publicPath?: string }>(page, "policy.publish", {
      storeId: world.storeId,
      version: 0,
      settings: { ...FULL_SETTINGS_INPUT, contactPhone: TEXT.policyPhone, returnAddress: TEXT.policyAddress, note: XSS_TEXT },
    });
    const policy = await trpc<{ publicPath: string }>(page, "policy.get", { storeId: world.storeId }, "query");
    world.publicPath = published.publicPath ?? policy.publicPath;
    expect(world.publicPath).toMatch(/^\/p\/[a-z0-9-]+\/[a-z0-9-]+\/refund-policy$/);
  });

  await test.step("a member joins with a hostile name; another invitation waits", async () => {
    const email = uniqueEmail("xss-member");
    const invitation = await trpc<{ link: string }>(page, "invitation.create", { email, role: "agent" });
    const member = await openAnonymous(browser, "member");
    await signUp(member.page, { name: TEXT.member, email });
    await expect(member.page).toHaveURL(/\/onboarding$/);
    await trpc(member.page, "invitation.accept", { token: invitation.link.split("/invite/")[1] });
    await member.context.close();
    const pending = await trpc<{ link: string }>(page, "invitation.create", { email: uniqueEmail("xss-pending"), role: "viewer" });
    world.pendingToken = pending.link.split("/invite/")[1]!;
  });

  const pages: [string, () => string, string[]][] = [
    ["dashboard", () => "/dashboard", [TEXT.organization]],
    ["orders list", () => `/orders?storeId=${world.storeId}`, [TEXT.orderA, TEXT.orderB, TEXT.orderC, TEXT.webhookOrder, TEXT.customer, TEXT.webhookCustomer]],
    ["order detail", () => `/orders/${world.orders[TEXT.orderA]}`, [TEXT.orderA, TEXT.customer, TEXT.email, TEXT.product, TEXT.sku, TEXT.supplier, TEXT.store]],
    ["shipped order detail", () => `/orders/${world.orders[TEXT.orderC]}`, [TEXT.orderC, TEXT.carrier, TEXT.tracking]],
    ["webhook order detail", () => `/orders/${world.webhookOrderId}`, [TEXT.webhookOrder, TEXT.webhookCustomer, TEXT.product]],
    ["cases board", () => "/cases", [TEXT.orderB, TEXT.customer]],
    ["cases board with closed cases", () => "/cases?closed=1", [TEXT.orderA]],
    ["cancelled case", () => `/cases/${world.caseA}`, [TEXT.orderA, TEXT.caseNote, TEXT.supplier]],
    ["disputed case", () => `/cases/${world.caseB}`, [TEXT.orderB, TEXT.caseNote, TEXT.store]],
    ["disputes", () => "/disputes", [TEXT.orderB, TEXT.orderC]],
    ["dispute detail", () => `/disputes/${world.disputeId}`, [TEXT.disputeReason, TEXT.evidenceNote, TEXT.evidenceLinkText, TEXT.evidenceUrl]],
    ["ledger", () => "/ledger", [TEXT.orderA]],
    ["deadlines", () => "/deadlines", [TEXT.orderB]],
    ["audit log", () => "/audit", [TEXT.owner, TEXT.member, TEXT.store, TEXT.orderA]],
    ["loss report", () => `/reports?from=${day(-30)}&to=${day(0)}`, [TEXT.store, TEXT.supplier, TEXT.product]],
    ["imports", () => "/imports", [TEXT.shopifyFile, TEXT.supplierFile]],
    ["import job", () => `/imports/${world.shopifyJob}`, [TEXT.shopifyFile]],
    ["import preview with row errors", () => `/imports/${world.badJob}`, [TEXT.badFile, TEXT.badCurrency, TEXT.badDate]],
    ["orders search", () => `/orders?q=${encodeURIComponent(TEXT.orderA)}`, [TEXT.orderA]],
    ["stores", () => "/settings/stores", [TEXT.store]],
    ["members", () => "/settings/members", [TEXT.owner, TEXT.member]],
    ["policies", () => "/policies", [TEXT.store]],
    ["policy builder", () => `/policies/${world.storeId}`, [TEXT.store, TEXT.policyAddress]],
  ];
  for (const [label, path, texts] of pages) {
    await test.step(`${label}: ${texts.length} hostile texts shown as text, nothing injected`, async () => {
      await page.goto(path());
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await expectSafeAndShown(page, texts);
    });
  }

  await test.step("the menus of the app shell: notifications, organization switcher, account", async () => {
    await page.goto("/dashboard");
    await page.getByRole("button", { name: /^Notifications/ }).first().click();
    await expect(page.getByRole("list", { name: "Notifications" })).toBeVisible();
    await expectSafeAndShown(page, [`Chargeback on ${TEXT.orderC}`]);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: `Organization: ${TEXT.organization}. Switch organization` }).first().click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectSafeAndShown(page, [TEXT.organization]);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: `Account: ${TEXT.owner}` }).first().click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectSafeAndShown(page, [TEXT.owner]);
    await page.keyboard.press("Escape");
  });

  await test.step("the organization's name in its settings form is the text as typed", async () => {
    await page.goto("/settings/organization");
    await expect(page.getByLabel("Organization name")).toHaveValue(TEXT.organization);
    await expectSafeAndShown(page, []);
  });

  await test.step("the public policy page (no session) and the invitation page show the texts and run nothing", async () => {
    const visitor = await openAnonymous(browser, "visitor");
    const response = await visitor.page.goto(world.publicPath);
    expect(response!.status()).toBe(200);
    await expectSafeAndShown(visitor.page, [TEXT.store, TEXT.policyPhone, TEXT.policyAddress, ...X.filter((x) => !x.includes("\n"))]);
    expect(await visitor.page.locator("script").count()).toBe(0);

    await visitor.page.goto(`/invite/${world.pendingToken}`);
    await expectSafeAndShown(visitor.page, [TEXT.organization]);

    await visitor.page.goto(`/sign-up?email=${encodeURIComponent(X[7]!)}&callbackUrl=${encodeURIComponent(X[3]!)}`);
    await expect(visitor.page.getByLabel("Work email")).toHaveValue(X[7]!);
    await expectSafeAndShown(visitor.page, []);
    await visitor.context.close();
  });

  await test.step("the sign-in page reflects its parameters as text, and a javascript: callback never runs", async () => {
    const visitor = await openAnonymous(browser, "sign-in");
    await visitor.page.goto(`/sign-in?email=${encodeURIComponent(X[1]!)}&callbackUrl=${encodeURIComponent("javascript:alert('callback')")}`);
    await expect(visitor.page.getByLabel("Email")).toHaveValue(X[1]!);
    await expectSafeAndShown(visitor.page, []);
    await visitor.page.getByLabel("Email").fill(world.ownerEmail);
    await visitor.page.getByLabel("Password").fill(PASSWORD);
    await visitor.page.getByRole("button", { name: "Sign in" }).click();
    await expect(visitor.page).toHaveURL(/\/dashboard$/);
    await expectSafeAndShown(visitor.page, [TEXT.organization]);
    await visitor.context.close();
  });

  expect(dialogs, "no dialog opened anywhere").toEqual([]);
  expect(strayRequests, "nothing was requested because of the corpus").toEqual([]);
});
