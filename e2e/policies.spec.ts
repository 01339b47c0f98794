import { expect, test, type Browser, type Page } from "@playwright/test";
import { trpc } from "./fixtures/case-setup";

// Uses the seeded demo organization (scripts/e2e-server.mjs seeds it on a fresh database).
test.describe.configure({ timeout: 180_000 });

async function signIn(page: Page, email = "admin@northwind.example") {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("recoup-demo-2026");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

/** Full-page captures for looking at the screens (test-results/policies), with POLICY_SCREENSHOTS=1. */
async function shoot(page: Page, name: string, widths = [1280, 390]) {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const width of widths) {
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    await page.waitForTimeout(150);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows sideways at ${width}px`).toBeLessThanOrEqual(0);
    if (process.env.POLICY_SCREENSHOTS) {
      await page.screenshot({ path: `test-results/policies/${name}-${width}.png`, fullPage: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      // Sticky and fixed parts (sidebar, preview) only sit where they belong in a viewport capture.
      await page.screenshot({ path: `test-results/policies/${name}-${width}-viewport.png` });
    }
  }
  await page.setViewportSize(size);
}

/** Hostile text in the fields a merchant types: it must show as text and never run. */
const XSS = {
  storeName: `E2E <img src=x onerror="window.__xss='name'"> Shop`,
  note: `<script>window.__xss='note'</script> and <b onmouseover="window.__xss='hover'">javascript:alert(1)</b>`,
  address: `"><svg onload="window.__xss='address'">\nPO Box 12 </p><iframe src="javascript:window.__xss='frame'">`,
};

/** Opens a URL in a fresh context (no session, no cache) and records every request it makes. */
async function openPublic(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: { type: string; url: string }[] = [];
  page.on("request", (r) => requests.push({ type: r.resourceType(), url: r.url() }));
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const response = await page.goto(url);
  expect(response!.status()).toBe(200);
  const html = await response!.text();
  return { context, page, requests, dialogs, html, response: response! };
}

test("build a policy, preview two languages, publish, read the public page with no script, publish a change and see it in history", async ({ page, browser, baseURL }) => {
  page.on("dialog", (d) => void d.dismiss());
  await signIn(page);
  const slug = `e2e-${Date.now().toString(36)}`;
  const store = await trpc<{ id: string }>(page, "store.create", { name: XSS.storeName, slug, currency: "USD", country: "US", timezone: "America/New_York" });

  await test.step("open the new store's builder from the policies list", async () => {
    await page.goto("/policies");
    await expect(page.getByRole("heading", { level: 1, name: "Policies" })).toBeVisible();
    const row = page.getByTestId(`policy-row-${slug}`);
    await expect(row.getByText("Not published")).toBeVisible();
    await row.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/policies/${store.id}$`));
    await expect(page.getByTestId("policy-status")).toContainText("Not published yet.");
  });

  await test.step("fill in the structured settings", async () => {
    await page.getByLabel("Contact email").fill("care@e2e-shop.example");
    await page.getByRole("radio", { name: /^PO box/ }).check();
    await page.getByLabel("PO box address").fill(XSS.address);
    await page.getByRole("checkbox", { name: "German" }).check();
    await page.getByRole("checkbox", { name: "Korean" }).check();
    await page.getByRole("checkbox", { name: /^Change of mind/ }).check();
    await page.getByLabel("Return window").fill("30");
    await page.getByRole("textbox", { name: /^Note/ }).fill(XSS.note);
    // Change of mind is refused by AliExpress: the builder warns at once.
    await expect(page.getByTestId("policy-warning-return_reason:changed_mind")).toContainText("You accept returns for change of mind; AliExpress does not");
    await expect(page.getByTestId("policy-warning-return_reason:changed_mind").getByTestId("policy-warning-loss")).toContainText("last 90 days");
  });

  const preview = page.getByTestId("policy-preview");
  await test.step("preview it in German and in Korean", async () => {
    await page.getByRole("tab", { name: "German" }).click();
    await expect(preview).toHaveAttribute("lang", "de");
    await expect(preview.getByRole("heading", { name: "Rücksendungen" })).toBeVisible();
    await expect(preview).toContainText("innerhalb von 30 Tagen nach Erhalt Ihrer Bestellung");
    await expect(preview).toContainText("Sie haben es sich anders überlegt");
    await page.getByRole("tab", { name: "Korean" }).click();
    await expect(preview).toHaveAttribute("lang", "ko");
    await expect(preview).toContainText("30일 이내에 반품을 신청하실 수 있습니다");
    await expect(preview.getByText(XSS.note)).toBeVisible();
    expect(await page.evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
    await page.getByRole("tab", { name: "English" }).click();
    await shoot(page, "builder");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await expect(preview).toBeVisible();
    await expect(page.getByLabel("Contact email")).toBeHidden();
    await shoot(page, "builder-preview", [390]);
    await page.getByRole("button", { name: "Settings", exact: true }).click();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await test.step("publish version 1", async () => {
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Publish version 1?" })).toBeVisible();
    await expect(dialog).toContainText("1 warning");
    await dialog.getByRole("button", { name: "Publish version 1" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("policy-status")).toContainText("Version 1 published");
  });

  const publicPath = await page.getByRole("link", { name: "Public page" }).getAttribute("href");
  expect(publicPath).toBe(`/p/northwind/${slug}/refund-policy`);

  await test.step("the public page, in a fresh context: no script requested, none in the HTML, hostile text shown as text", async () => {
    const visit = await openPublic(browser, `${baseURL}${publicPath}`);
    expect(visit.html).not.toMatch(/<script/i);
    expect(visit.requests.filter((r) => r.type === "script")).toEqual([]);
    expect(visit.requests.filter((r) => r.type !== "document" && !r.url.endsWith("/favicon.ico"))).toEqual([]);
    expect(visit.response.headers()["content-security-policy"]).toContain("default-src 'none'");
    await expect(visit.page.locator("html")).toHaveAttribute("lang", "en");
    await expect(visit.page.getByRole("heading", { level: 1 })).toHaveText(`${XSS.storeName}: refund and returns policy`);
    await expect(visit.page.getByText(XSS.note)).toBeVisible();
    await expect(visit.page.getByText("PO Box 12 </p><iframe", { exact: false })).toBeVisible();
    await visit.page.getByText("PO Box 12", { exact: false }).hover();
    await visit.page.getByText("javascript:alert(1)", { exact: false }).hover();
    expect(await visit.page.evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
    expect(visit.dialogs).toEqual([]);
    await expect(visit.page.locator("img, iframe, svg, script")).toHaveCount(0);

    await visit.page.getByRole("link", { name: "Deutsch" }).click();
    await expect(visit.page).toHaveURL(new RegExp(`${publicPath}/de$`));
    await expect(visit.page.locator("html")).toHaveAttribute("lang", "de");
    await expect(visit.page.getByText("innerhalb von 30 Tagen", { exact: false })).toBeVisible();
    expect(visit.requests.filter((r) => r.type === "script")).toEqual([]);
    const missing = await visit.page.goto(`${baseURL}${publicPath}/zh`);
    expect(missing!.status()).toBe(404);
    await visit.context.close();
  });

  await test.step("publish a change", async () => {
    await page.getByLabel("Return window").fill("14");
    await page.getByRole("radio", { name: "Store credit" }).check();
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("list", { name: "Changes" })).toContainText("Return window: 30 days → 14 days");
    await dialog.getByRole("textbox", { name: /^Note/ }).fill("Shorter window");
    await dialog.getByRole("button", { name: "Publish version 2" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("policy-status")).toContainText("Version 2 published");
  });

  await test.step("the history shows both versions and the difference, in words and in text", async () => {
    await page.getByRole("tab", { name: "History" }).click();
    const v2 = page.getByTestId("policy-version-2");
    await expect(v2).toContainText("Live");
    await expect(v2).toContainText("“Shorter window”");
    await expect(v2.getByRole("list", { name: "Changes in version 2" })).toContainText("Return window: 30 days → 14 days");
    await expect(v2.getByRole("list", { name: "Changes in version 2" })).toContainText("Refund method: Original payment method → Store credit");
    await expect(page.getByTestId("policy-version-1")).toContainText("The first published version.");
    await v2.getByRole("button", { name: "Text changes from version 1" }).click();
    const diff = v2.getByTestId("policy-text-diff");
    await expect(diff).toContainText("You have 30 days from the day you receive your order");
    await expect(diff).toContainText("You have 14 days from the day you receive your order");
    await v2.getByRole("tab", { name: "Korean" }).click();
    await expect(diff).toContainText("14일 이내");
    await shoot(page, "history", [1280]);
  });

  await test.step("the public page now shows version 2", async () => {
    const visit = await openPublic(browser, `${baseURL}${publicPath}`);
    await expect(visit.page.getByText("You have 14 days", { exact: false })).toBeVisible();
    await visit.context.close();
  });
});

test("the demo store that promises change-of-mind returns shows its warning and its cost", async ({ page }) => {
  await signIn(page, "owner@northwind.example");
  await page.goto("/policies");
  const row = page.getByTestId("policy-row-lumen-home");
  await expect(row.getByText("Published v1")).toBeVisible();
  await expect(row.getByText("1 warning")).toBeVisible();
  // Kleidwerk's policy stays within its supplier's terms.
  await expect(page.getByTestId("policy-row-kleidwerk").getByText("Published v1")).toBeVisible();
  await expect(page.getByTestId("policy-row-kleidwerk").getByText(/warning/)).toHaveCount(0);
  await row.getByRole("link", { name: "Lumen Home" }).click();
  const warning = page.getByTestId("policy-warning-return_reason:changed_mind");
  await expect(warning).toContainText("You accept returns for change of mind; AliExpress does not");
  await expect(warning.getByTestId("policy-warning-loss")).toContainText("Net loss on change of mind refunds, last 90 days:");
  await expect(warning.getByTestId("policy-warning-loss")).toContainText("$");
});

test("a viewer reads the builder but cannot publish", async ({ page }) => {
  await signIn(page, "viewer@northwind.example");
  await page.goto("/policies");
  await expect(page.getByRole("button", { name: "Apply a template" })).toHaveCount(0);
  await page.getByTestId("policy-row-kleidwerk").getByRole("link", { name: "Kleidwerk" }).click();
  await expect(page.getByText("Editing and publishing it needs the owner or an admin.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Publish/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await expect(page.getByLabel("Contact email")).toBeDisabled();
  await expect(page.getByTestId("policy-preview")).toHaveAttribute("lang", "de");
});

test("public pages in Chinese and Korean read well on a phone", async ({ browser, baseURL }) => {
  for (const lang of ["zh", "ko"] as const) {
    const visit = await openPublic(browser, `${baseURL}/p/northwind/lumen-home/refund-policy/${lang}`);
    await expect(visit.page.locator("html")).toHaveAttribute("lang", lang === "zh" ? "zh-Hans" : "ko");
    expect(visit.requests.filter((r) => r.type === "script")).toEqual([]);
    await shoot(visit.page, `public-${lang}`, [390, 1280]);
    await visit.context.close();
  }
  // Through the real server: cached until the next publish, and a 404 for what is not published.
  const context = await browser.newContext();
  const url = `${baseURL}/p/northwind/lumen-home/refund-policy/zh`;
  const first = await context.request.get(url);
  expect(first.headers()["cache-control"]).toBe("public, max-age=0, must-revalidate");
  expect(first.headers()["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
  const etag = first.headers()["etag"]!;
  expect(etag).toMatch(/^"[0-9a-f-]{36}-zh"$/);
  const again = await context.request.get(url, { headers: { "if-none-match": etag } });
  expect(again.status()).toBe(304);
  expect(await again.text()).toBe("");
  const missing = await context.request.get(`${baseURL}/p/northwind/no-such-store/refund-policy`);
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain("<h1>Page not found</h1>");
  await context.close();
});
