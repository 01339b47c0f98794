import { expect, test } from "@playwright/test";
import { signUpWithOrganization, uniqueEmail } from "./fixtures/accounts";

test("the app shell shows a sidebar on desktop and collapses into a top bar with a drawer on a phone", async ({ page }) => {
  const organization = `Shell ${Date.now()}`;
  await page.setViewportSize({ width: 1280, height: 800 });
  await signUpWithOrganization(page, { name: "Sam Shell", email: uniqueEmail("shell"), organization });

  const sidebar = page.getByTestId("sidebar");
  const topBar = page.getByTestId("mobile-topbar");
  const mainNav = sidebar.getByRole("navigation", { name: "Main" });

  await test.step("desktop, 1280×800", async () => {
    await expect(sidebar).toBeVisible();
    await expect(topBar).toBeHidden();
    await expect(mainNav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
    await expect(mainNav.getByRole("link", { name: "Audit log" })).toBeVisible();
    await expect(mainNav.getByRole("link", { name: "Settings" })).toBeVisible();
    await expect(sidebar.getByRole("button", { name: new RegExp(`Organization: ${organization}`) })).toBeVisible();
    await page.screenshot({ path: "test-results/shell-desktop.png" });
  });

  await test.step("phone, 390×844", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(sidebar).toBeHidden();
    await expect(topBar).toBeVisible();
    // Nothing may overflow sideways at phone width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/shell-phone.png" });

    await topBar.getByRole("button", { name: "Open navigation" }).click();
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await expect(drawer.getByRole("link", { name: "Audit log" })).toBeVisible();
    await page.screenshot({ path: "test-results/shell-phone-drawer.png" });
    await drawer.getByRole("link", { name: "Audit log" }).click();
    await expect(drawer).toBeHidden();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  });
});
