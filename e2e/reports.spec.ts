import { readFileSync } from "node:fs";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { trpc } from "./fixtures/case-setup";

/**
 * The loss-report journey on the seeded demo organization (three stores in USD, EUR and KRW, rates
 * into USD): read the figures and charts, change the range and the stores and watch them change,
 * download the CSVs, drill into a figure and land on its orders, see a client's view, and turn a
 * missing exchange rate into a roll-up by adding the rate.
 */

test.describe.configure({ mode: "serial", timeout: 300_000 });
const expect = baseExpect.configure({ timeout: 20_000 });

async function signIn(page: Page, email = "admin@northwind.example") {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("recoup-demo-2026");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 30_000 });
}

/** Console errors and failed page scripts, to assert the report raises none. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** `YYYY-MM` of every month from one day to another. */
function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

function rangeOf(page: Page) {
  const url = new URL(page.url());
  return { from: url.searchParams.get("from")!, to: url.searchParams.get("to")! };
}

async function choosePeriod(page: Page, label: string) {
  await page.getByRole("combobox", { name: "Period" }).click();
  await page.getByRole("option", { name: label }).click();
  await expect(page.getByRole("combobox", { name: "Period" })).toHaveText(label);
  await expect(page.getByTestId("report-body")).not.toHaveAttribute("aria-busy", "true");
}

/** The labels along a chart's category axis: months for the monthly chart, store names for the store chart. */
function axisLabels(page: Page, plot: "chart-month-plot" | "chart-store-plot") {
  const labels = plot === "chart-month-plot" ? ".recharts-xAxis-tick-labels" : ".recharts-yAxis-tick-labels";
  return page.getByTestId(plot).locator(`${labels} .recharts-cartesian-axis-tick-value`).allTextContents();
}

/** A headline figure's value as shown: "$866.00", "300". */
function figureText(page: Page, currency: string, key: string) {
  return page.locator(`[data-testid="currency-figures"][data-currency="${currency}"]`).getByTestId(`figure-${key}`).locator("dd").first().innerText();
}

async function chooseStores(page: Page, names: string[]) {
  await page.getByRole("button", { name: "Stores" }).click();
  const group = page.getByRole("group", { name: "Stores" });
  for (const name of names) await group.getByRole("checkbox", { name, exact: true }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("report-body")).not.toHaveAttribute("aria-busy", "true");
}

test("read the report, change range and stores, download the CSVs, drill into a figure", async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page);

  await test.step("the report opens on this year with figures per currency and both charts", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Reports" }).first().click();
    await expect(page).toHaveURL(/\/reports$/);
    await expect(page.getByRole("heading", { level: 1, name: "Loss report" })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Period" })).toHaveText("This year");
    await expect(page.getByTestId("currency-figures")).toHaveCount(3);
    for (const currency of ["EUR", "KRW", "USD"]) {
      await expect(page.locator(`[data-testid="currency-figures"][data-currency="${currency}"]`)).toBeVisible();
    }
    const usd = page.locator('[data-testid="currency-figures"][data-currency="USD"]');
    await expect(usd.getByTestId("figure-refunded").getByRole("link").first()).toHaveText(/^\$[\d,]+\.\d{2}$/);
    await expect(usd.getByTestId("figure-orders")).toContainText("Previous:");
    // Every currency has a rate in the demo, so the roll-up into USD is there.
    await expect(page.getByTestId("rollup").getByTestId("rollup-net_loss")).toContainText("$");
    await expect(page.getByTestId("missing-rates")).toHaveCount(0);
    // Real bars in both charts.
    await expect(page.getByTestId("chart-month-plot").locator("svg .recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByTestId("chart-store-plot").locator("svg .recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByTestId("chart-store-table").getByTestId("chart-store-row")).toHaveCount(3);
    await expect(page.getByTestId("chart-month-table").getByTestId("chart-month-row")).toHaveCount(12);
  });

  await test.step("a shorter range changes the figures and redraws the monthly chart and its table", async () => {
    const yearOrders = await figureText(page, "USD", "orders");
    const yearRefunded = await figureText(page, "USD", "refunded");
    const yearRevenue = await figureText(page, "USD", "revenue");
    await expect.poll(() => axisLabels(page, "chart-month-plot")).toEqual(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]);
    // The demo's orders and refunds span the last three months, so last month holds some but not all of them.
    await choosePeriod(page, "Last month");
    await expect(page.getByTestId("chart-month-table").getByTestId("chart-month-row")).toHaveCount(1);
    await expect.poll(() => axisLabels(page, "chart-month-plot")).toHaveLength(1);
    expect(await figureText(page, "USD", "orders")).not.toBe(yearOrders);
    expect(await figureText(page, "USD", "revenue")).not.toBe(yearRevenue);
    expect(await figureText(page, "USD", "refunded")).not.toBe(yearRefunded);

    await choosePeriod(page, "Last 12 months");
    await expect(page.getByTestId("chart-month-table").getByTestId("chart-month-row")).toHaveCount(12);
    const before = await page.getByTestId("chart-month-plot").locator("svg .recharts-bar-rectangle").count();
    await choosePeriod(page, "Last 90 days");
    const range = rangeOf(page);
    const months = monthsBetween(range.from, range.to);
    await expect(page.getByTestId("chart-month-table").getByTestId("chart-month-row")).toHaveCount(months);
    await expect(page.getByTestId("report-period")).toContainText("All stores (");
    await expect.poll(() => page.getByTestId("chart-month-plot").locator("svg .recharts-bar-rectangle").count()).toBeLessThanOrEqual(before);
    // A reload keeps the range: it lives in the address.
    await page.reload();
    await expect(page.getByRole("combobox", { name: "Period" })).toHaveText("Last 90 days");
  });

  await test.step("choosing one store narrows every figure and chart to it", async () => {
    await expect.poll(async () => (await axisLabels(page, "chart-store-plot")).sort()).toEqual(["Kleidwerk", "Lumen Home", "Seoul Select"]);
    await chooseStores(page, ["Seoul Select"]);
    await expect.poll(() => axisLabels(page, "chart-store-plot")).toEqual(["Seoul Select"]);
    await expect(page).toHaveURL(/[?&]stores=[0-9a-f-]{36}(&|$)/);
    await expect(page.getByTestId("report-period")).toContainText("Seoul Select");
    await expect(page.getByTestId("currency-figures")).toHaveCount(1);
    await expect(page.getByTestId("currency-figures")).toHaveAttribute("data-currency", "KRW");
    await expect(page.getByTestId("chart-store-table").getByTestId("chart-store-row")).toHaveCount(1);
    await expect(page.getByTestId("chart-store-table").getByTestId("chart-store-row")).toContainText("Seoul Select");
    await expect(page.getByTestId("charts-currency-note")).toHaveText("Amounts in KRW.");
    await expect(page.getByTestId("table-by-store").getByTestId("by-store-row")).toHaveCount(1);
  });

  await test.step("download every table as one CSV, and one table on its own", async () => {
    const range = rangeOf(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download all (CSV)" }).click()]);
    expect(download.suggestedFilename()).toBe(`recoup-loss-${range.from}-${range.to}.csv`);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text).toContain(`Summary, ${range.from} to ${range.to}`);
    expect(text).toContain("Store,Orders,Revenue,Currency,Requests,Cancelled before dispatch (%),Refunded,Recovered,Net loss");
    expect(text).toContain("Seoul Select,");
    expect(text).not.toContain("Lumen Home");
    // No cell a spreadsheet would run as a formula: none starts with = + @, nor - unless it is a number.
    for (const line of text.replace(/^\uFEFF/, "").split("\r\n")) {
      for (const cell of line.split(",")) {
        const value = cell.replace(/^"/, "");
        expect(value, `cell ${cell} in ${line}`).not.toMatch(/^[=+@\t]/);
        expect(value, `cell ${cell} in ${line}`).not.toMatch(/^-(?!\d)/);
      }
    }

    const [one] = await Promise.all([page.waitForEvent("download"), page.getByTestId("table-by-store").getByRole("button", { name: "Download by store as CSV" }).click()]);
    expect(one.suggestedFilename()).toBe(`recoup-loss-${range.from}-${range.to}-by-store.csv`);
    const storeCsv = readFileSync((await one.path())!, "utf8");
    expect(storeCsv.replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(/^Store,Orders,Revenue,/);
    expect(storeCsv).toContain("Seoul Select,");
  });

  await test.step("a figure opens the orders behind it, with the banner, and Clear removes only the drill-down", async () => {
    const krw = page.locator('[data-testid="currency-figures"][data-currency="KRW"]');
    const refundedLink = krw.getByRole("link", { name: /^Refunded to customers: ₩[\d,]+\. Show the orders$/ });
    const refundedFigure = await refundedLink.innerText();
    await refundedLink.click();
    await expect(page).toHaveURL(/\/orders\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("metric")).toBe("refunded");
    expect(url.searchParams.get("currency")).toBe("KRW");
    const banner = page.getByTestId("drill-banner");
    await expect(banner).toContainText("From the loss report:");
    await expect(banner).toContainText("Refunded to customers");
    await expect(banner).toContainText("Seoul Select");
    await expect(banner).toContainText("KRW");
    await expect(page.getByRole("combobox", { name: "Store" })).toHaveText("Seoul Select");
    const rows = page.getByTestId("orders-table").getByTestId("order-row");
    await expect(rows.first()).toBeVisible();
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    // Every order shown is Seoul Select's: its totals are in won.
    for (const text of await rows.allInnerTexts()) expect(text).toContain("₩");
    await expect(page.getByTestId("orders-count")).toHaveText(new RegExp(`^${count} orders?$`));
    // Exactly the orders behind the figure, checked against each order's own ledger: every order shown
    // has a refund to its customer in the range, and together they add up to the figure (so none is missing).
    const from = url.searchParams.get("mfrom")!;
    const to = url.searchParams.get("mto")!;
    const ids = await rows.locator('a[href^="/orders/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href")!.split("/").pop()!))]);
    expect(ids).toHaveLength(count);
    let refundedMinor = 0;
    for (const orderId of ids) {
      const ledger = await trpc<{ entries: { type: string; amountMinor: number; currency: string; localDate: string }[] }>(page, "ledger.order", { orderId }, "query");
      const refunds = ledger.entries.filter(
        (e) => ["customer_refund", "customer_refund_correction"].includes(e.type) && e.currency === "KRW" && e.localDate >= from && e.localDate <= to && e.amountMinor !== 0,
      );
      expect(refunds.length, `order ${orderId} has a refund in the range`).toBeGreaterThan(0);
      refundedMinor += refunds.reduce((sum, e) => sum + e.amountMinor, 0);
    }
    expect(`₩${refundedMinor.toLocaleString("en-US")}`).toBe(refundedFigure);

    await banner.getByRole("button", { name: "Clear" }).click();
    await expect(page.getByTestId("drill-banner")).toHaveCount(0);
    await expect(page).not.toHaveURL(/metric=/);
    await expect(page).toHaveURL(/storeId=/);
    await expect(page.getByRole("combobox", { name: "Store" })).toHaveText("Seoul Select");
  });

  await test.step("the orders figure opens exactly that many orders", async () => {
    await page.goto("/reports");
    await choosePeriod(page, "Last month");
    const orders = page.locator('[data-testid="currency-figures"][data-currency="EUR"]').getByTestId("figure-orders").getByRole("link").first();
    const figure = await orders.innerText();
    await orders.click();
    await expect(page).toHaveURL(/\/orders\?.*metric=orders/);
    await expect(page.getByTestId("drill-banner")).toContainText("Orders placed");
    await expect(page.getByTestId("orders-count")).toHaveText(`${figure} orders`);
  });

  await test.step("a table cell drills down too, and clearing all filters clears the drill-down", async () => {
    await page.goto("/reports");
    await choosePeriod(page, "Last 90 days");
    await page.getByTestId("table-by-reason").locator('a[href*="metric=refunded"]').first().click();
    await expect(page).toHaveURL(/\/orders\?.*metric=refunded/);
    await expect(page.getByTestId("drill-banner")).toBeVisible();
    await expect(page.getByTestId("orders-table").getByTestId("order-row").first()).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page.getByTestId("drill-banner")).toHaveCount(0);
    await expect(page).toHaveURL(/\/orders$/);
  });

  expect(errors, errors.join("\n")).toEqual([]);
});

test("a bad range says what is wrong instead of showing figures", async ({ page }) => {
  await signIn(page);
  await page.goto("/reports?from=2026-05-01&to=2026-04-01");
  await expect(page.getByRole("status").filter({ hasText: "Choose another range" })).toContainText("The start date must be on or before the end date.");
  await expect(page.getByTestId("currency-figures")).toHaveCount(0);
  await page.goto("/reports?from=2026-01-01&to=2026-01-31&stores=00000000-0000-4000-8000-000000000000");
  const notFound = page.getByRole("alert").filter({ hasText: "A chosen store was not found" });
  await expect(notFound).toContainText("does not exist or is not shared with you");
  await page.getByRole("button", { name: "Show all stores" }).click();
  await expect(page).not.toHaveURL(/stores=/);
  await expect(notFound).toHaveCount(0);
  await expect(page.getByTestId("report-period")).toContainText("1 Jan 2026 – 31 Jan 2026 · All stores");
});

test("a client sees its granted store only", async ({ page }) => {
  await signIn(page, "client@northwind.example");
  await page.goto("/reports");
  await choosePeriod(page, "Last 90 days");
  await expect(page.getByTestId("report-period")).toContainText("Seoul Select");
  await expect(page.getByTestId("currency-figures")).toHaveCount(1);
  await expect(page.getByTestId("currency-figures")).toHaveAttribute("data-currency", "KRW");
  await expect(page.getByTestId("table-by-store").getByTestId("by-store-row")).toHaveCount(1);
  await expect(page.getByTestId("table-by-store")).not.toContainText("Lumen Home");
  await expect(page.getByTestId("table-by-store")).not.toContainText("Kleidwerk");
  // One store: nothing to choose between.
  await expect(page.getByRole("button", { name: "Stores" })).toHaveCount(0);
  // It may read the rates but not change them.
  await page.goto("/settings/exchange-rates");
  await expect(page.getByTestId("rates-table")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add rate" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove the/ })).toHaveCount(0);
});

test("a missing exchange rate is named, and adding it brings the roll-up", async ({ page }) => {
  await signIn(page);

  await test.step("remove the KRW rate", async () => {
    await page.goto("/settings/exchange-rates");
    await expect(page.getByRole("heading", { name: "Exchange rates", level: 2 })).toBeVisible();
    const krw = page.locator('[data-testid="rate-row"][data-currency="KRW"]');
    while ((await krw.count()) > 0) {
      const before = await krw.count();
      await krw.first().getByRole("button", { name: /^Remove the KRW rate/ }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Remove rate" }).click();
      await expect(krw).toHaveCount(before - 1);
    }
  });

  await test.step("the report names the missing rate instead of guessing", async () => {
    await page.goto("/reports");
    await choosePeriod(page, "Last 90 days");
    const { to } = rangeOf(page);
    const missing = page.getByTestId("missing-rates");
    await expect(missing).toContainText(`Missing rate for KRW on ${to}`);
    await expect(page.getByTestId("rollup-net_loss")).toHaveCount(0);
    await expect(page.getByRole("combobox", { name: "Chart currency" })).toHaveText("USD only");
    await missing.getByRole("link", { name: "Add a KRW rate" }).click();
    // Filled in to cover both periods: from the previous period's first day.
    await expect(page).toHaveURL(/\/settings\/exchange-rates\?currency=KRW&validFrom=\d{4}-\d{2}-\d{2}$/);
  });

  await test.step("add the rate in the form", async () => {
    const form = page.getByRole("form", { name: "Add an exchange rate" });
    await expect(form.getByRole("combobox", { name: "Currency" })).toHaveText("KRW");
    await expect(form.getByLabel("Valid from")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
    await form.getByLabel("Rate (1 KRW in USD)").fill("1,5");
    await form.getByRole("button", { name: "Add rate" }).click();
    await expect(form.getByText("Enter the rate as a positive decimal number")).toBeVisible();
    await form.getByLabel("Rate (1 KRW in USD)").fill("0.00073");
    await form.getByLabel("Valid from").fill("2025-01-01");
    await form.getByRole("button", { name: "Add rate" }).click();
    await expect(page.locator('[data-testid="rate-row"][data-currency="KRW"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="rate-row"][data-currency="KRW"]')).toContainText("0.00073");
  });

  await test.step("the roll-up is back", async () => {
    await page.goto("/reports");
    await choosePeriod(page, "Last 90 days");
    await expect(page.getByTestId("missing-rates")).toHaveCount(0);
    await expect(page.getByTestId("rollup-net_loss")).toContainText("$");
    await expect(page.getByRole("combobox", { name: "Chart currency" })).toHaveText("All, in USD");
  });
});
