import { expect, test, type Page } from "@playwright/test";

// Uses the seeded demo organization (scripts/e2e-server.mjs seeds it on a fresh database).
async function signInAsDemoOwner(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("owner@northwind.example");
  await page.getByLabel("Password").fill("recoup-demo-2026");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

test("the deadlines inbox lists seeded deadlines by urgency, marks missed ones, and opens the case", async ({ page }) => {
  await signInAsDemoOwner(page);
  await page.goto("/deadlines");
  const rows = page.getByTestId("deadline-row");
  await expect(rows.first()).toBeVisible();
  const urgencies = await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-urgency")));
  expect(urgencies.length).toBeGreaterThan(3);
  // Missed ones first, then the ones due within a business day, then the rest.
  const rank = { overdue: 0, soon: 1, calm: 2 } as Record<string, number>;
  const ranks = urgencies.map((u) => rank[u ?? "calm"]!);
  expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  expect(urgencies).toContain("overdue");
  const missed = rows.filter({ has: page.getByText("Missed", { exact: true }) }).first();
  await expect(missed).toBeVisible();
  const orderName = (await missed.locator("span.font-medium").first().textContent())!.trim();
  await missed.click();
  await expect(page).toHaveURL(/\/(cases|disputes)\//);
  await expect(page.getByText(orderName).first()).toBeVisible();
});

test("the bell shows the unread count and clears when read", async ({ page }) => {
  await signInAsDemoOwner(page);
  const bell = page.getByTestId("notification-bell").first();
  const count = page.getByTestId("notification-count").first();
  await expect(count).toBeVisible();
  expect(Number((await count.textContent())!.replace("+", ""))).toBeGreaterThan(0);
  await bell.click();
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByTestId("notification-count")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("notification-count")).toHaveCount(0);
});
