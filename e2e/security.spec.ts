import { expect, test } from "@playwright/test";
import { signUpWithOrganization, uniqueEmail } from "./fixtures/accounts";

/**
 * Web security headers on the real server: a per-response CSP nonce with no inline script allowed,
 * no framing, HSTS only over TLS, and a session cookie scripts cannot read — while every page still
 * hydrates and works (no CSP violation in the console).
 */

function scriptSrc(csp: string): string {
  return csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
}

test("pages carry a nonce-based CSP, refuse framing, and send HSTS only over TLS", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(scriptSrc(csp)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'$/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  // A fresh nonce every response, and it is the one on the page's scripts.
  const nonceOf = (value: string) => /'nonce-([^']+)'/.exec(value)?.[1];
  expect(nonceOf(csp)).not.toEqual(nonceOf(second.headers()["content-security-policy"] ?? ""));
  const html = await first.text();
  expect(html).toContain(`nonce="${nonceOf(csp)}"`);

  expect(first.headers()["x-frame-options"]).toBe("DENY");
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(first.headers()["strict-transport-security"]).toBeUndefined();
  expect(first.headers()["x-powered-by"]).toBeUndefined();

  const overTls = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(overTls.headers()["strict-transport-security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  const apiOverTls = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
  expect(apiOverTls.headers()["strict-transport-security"]).toMatch(/^max-age=/);
});

test("the app runs under its CSP: sign up, navigate, no violation; the session cookie is HttpOnly and SameSite", async ({ page, context }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  await signUpWithOrganization(page, { name: "Casey Csp", email: uniqueEmail("csp"), organization: `CSP ${Date.now()}` });
  for (const path of ["/orders", "/cases", "/ledger", "/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // Client-side navigation works too (the router's scripts were allowed to run).
  await page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(violations).toEqual([]);

  const session = (await context.cookies()).find((c) => c.name.includes("session-token"));
  expect(session, "a session cookie after signing up").toBeTruthy();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});
