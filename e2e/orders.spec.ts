import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect as baseExpect, test, type Page } from "@playwright/test";

/**
 * The orders journey on a fresh organization, so every count is exact: import a Shopify export and
 * a supplier CSV through the preview, filter the list from its controls and from the URL, then work
 * one order (both halves, deadlines, timeline, the supplier-order form).
 */

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const SHOPIFY_EXPORT = path.join(FIXTURES, "shopify-orders-export.csv");
const SUPPLIER_CSV = path.join(FIXTURES, "supplier-orders.csv");
const PASSWORD = "orders-journey-pass-2026";
const STORE_NAME = "Juniper Outfitters";
const STORE_TZ = "America/New_York";

const account = {
  email: `orders-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@e2e.example`,
  storeId: "",
  secondStoreId: "",
};

// The journey is one story told in order; a shared machine can be slow, so give each wait room.
test.describe.configure({ mode: "serial", timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 20_000 });

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
}

/** Calls a tRPC mutation with the page's session, as the app's own pages do. */
async function trpcMutation<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input }, headers: { origin } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function uploadFile(page: Page, file: string) {
  await page.getByLabel("CSV file").setInputFiles(file);
  await expect(page.getByTestId("chosen-file")).toHaveText(path.basename(file));
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
}

function orderRows(page: Page) {
  return page.getByTestId("orders-table").getByTestId("order-row");
}

test("imports a Shopify export and a supplier CSV through the preview", async ({ page }) => {
  await test.step("sign up, create an organization and a store", async () => {
    await page.goto("/sign-up");
    await page.getByLabel("Full name").fill("Iris Importer");
    await page.getByLabel("Work email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/onboarding$/, { timeout: 30_000 });
    await page.getByLabel("Organization name").fill(`Orders E2E ${Date.now()}`);
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
    const store = await trpcMutation<{ id: string }>(page, "store.create", {
      name: STORE_NAME,
      slug: `juniper-${Date.now().toString(36)}`,
      currency: "USD",
      country: "US",
      timezone: STORE_TZ,
    });
    account.storeId = store.id;
  });

  await test.step("the Shopify export previews 7 new orders, then imports them", async () => {
    await page.goto("/imports");
    await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();
    // The only store is preselected; the Shopify format is the default.
    await expect(page.getByRole("combobox", { name: "Store" })).toHaveText(STORE_NAME);
    await expect(page.getByRole("radio", { name: /Shopify orders export/ })).toBeChecked();
    await uploadFile(page, SHOPIFY_EXPORT);

    await expect(page.getByTestId("preview-summary")).toContainText("7 orders with 9 line items: 7 to create, 0 to update, 0 unchanged, 0 invalid");
    await expect(page.getByTestId("stat-create")).toContainText("7");
    await expect(page.getByTestId("preview-sample").getByRole("row")).toHaveCount(8);
    await page.getByRole("button", { name: "Import 7 orders" }).click();

    await expect(page.getByTestId("import-result")).toContainText("7 created, 0 updated, 0 skipped", { timeout: 30_000 });
    await expect(page.getByText("Imported", { exact: true })).toBeVisible();
  });

  await test.step("the same file again changes nothing", async () => {
    await page.getByRole("link", { name: "Upload a file" }).click();
    await expect(page).toHaveURL(/\/imports\?storeId=.*kind=shopify_orders/);
    await uploadFile(page, SHOPIFY_EXPORT);
    await expect(page.getByTestId("preview-summary")).toContainText("0 to create, 0 to update, 7 unchanged");
    await expect(page.getByText("Importing it changes nothing")).toBeVisible();

    await page.getByRole("button", { name: "Import nothing" }).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText("nothing changes in " + STORE_NAME);
    await confirm.getByRole("button", { name: "Import nothing" }).click();
    await expect(page.getByText("Nothing was imported").first()).toBeVisible();
    await expect(page.getByText("Discarded", { exact: true })).toBeVisible();
  });

  await test.step("the supplier CSV links 6 supplier orders", async () => {
    await page.goto(`/imports?storeId=${account.storeId}`);
    await page.getByText("Supplier orders CSV", { exact: true }).click();
    await expect(page.getByRole("list", { name: "Supplier CSV columns" })).toContainText("Tracking Number");
    await uploadFile(page, SUPPLIER_CSV);
    await expect(page.getByTestId("preview-summary")).toContainText("6 supplier orders to link");
    await page.getByRole("button", { name: "Import 6 supplier orders" }).click();
    await expect(page.getByTestId("import-result")).toContainText("6 supplier orders: 6 created", { timeout: 30_000 });
  });

  await test.step("recent imports lists all three files, newest first", async () => {
    await page.goto("/imports");
    const recent = page.getByTestId("recent-imports").getByRole("listitem");
    await expect(recent).toHaveCount(3);
    await expect(recent.nth(0)).toContainText("supplier-orders.csv");
    await expect(recent.nth(0)).toContainText("Imported");
    await expect(recent.nth(1)).toContainText("Discarded");
    await expect(recent.nth(2)).toContainText("shopify-orders-export.csv");
  });
});

test("filters the orders list from its controls and from the URL", async ({ page }) => {
  await signIn(page);

  await test.step("all seven orders, newest first", async () => {
    await page.goto("/orders");
    await expect(page.getByTestId("orders-count")).toHaveText("7 orders");
    await expect(orderRows(page)).toHaveCount(7);
    await expect(orderRows(page).first()).toContainText("#1007");
    const refunded = orderRows(page).filter({ hasText: "#1004" });
    await expect(refunded).toContainText("dora@example.com");
    await expect(refunded).toContainText("$38.99");
    await expect(refunded).toContainText("Refunded");
    // Placed in the store's zone: 11:00 in New York.
    await expect(refunded).toContainText("Oct 4, 2026");
    await expect(refunded).toContainText("11:00 AM");
    await expect(orderRows(page).filter({ hasText: "#1002" })).toContainText("Shipped");
    await expect(orderRows(page).filter({ hasText: "#1006" })).toContainText("No supplier order");
  });

  await test.step("payment status Refunded leaves only #1004, and the URL keeps it across a reload", async () => {
    await page.getByRole("button", { name: "Payment status" }).click();
    await page.getByRole("checkbox", { name: "Refunded", exact: true }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/financialStatus=refunded/);
    await expect(orderRows(page)).toHaveCount(1);
    await expect(orderRows(page)).toContainText("#1004");
    await expect(page.getByTestId("orders-count")).toHaveText("1 order");
    await page.reload();
    await expect(orderRows(page)).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Payment status" })).toHaveText("Refunded");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(orderRows(page)).toHaveCount(7);
  });

  await test.step("searching a SKU finds the order that holds it", async () => {
    await page.getByLabel("Search orders").fill("TS-42");
    await expect(page).toHaveURL(/q=TS-42/);
    await expect(orderRows(page)).toHaveCount(1);
    await expect(orderRows(page)).toContainText("#1002");
    await page.getByLabel("Search orders").fill("");
    await expect(orderRows(page)).toHaveCount(7);
  });

  await test.step("a link can open a filtered list: past ship-by, then no supplier order", async () => {
    await page.goto(`/orders?storeId=${account.storeId}&supplierStatus=past_ship_by`);
    await expect(orderRows(page)).toHaveCount(2);
    await expect(orderRows(page).nth(0)).toContainText("#1007");
    await expect(orderRows(page).nth(1)).toContainText("#1001");
    await expect(page.getByRole("combobox", { name: "Supplier status" })).toHaveText("Past ship-by");
    await expect(orderRows(page).nth(0).locator('[data-urgency="overdue"]')).toBeVisible();

    await page.goto("/orders?supplierStatus=none");
    await expect(orderRows(page)).toHaveCount(1);
    await expect(orderRows(page)).toContainText("#1006");
  });

  await test.step("sorting by total puts the largest first", async () => {
    await page.goto("/orders?sort=total_desc");
    await expect(orderRows(page).first()).toContainText("#1002");
    await expect(orderRows(page).last()).toContainText("#1003");
  });
});

test("shows an order's two halves, its deadlines and its timeline, and edits its supplier order", async ({ page }) => {
  await signIn(page);
  await page.goto("/orders");
  await page.getByTestId("orders-table").getByRole("link", { name: "#1001" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "#1001" })).toBeVisible();

  await test.step("the store half: customer, amounts and line items", async () => {
    await expect(page.getByText("ana@example.com")).toBeVisible();
    const amounts = page.getByRole("definition").filter({ hasText: "$34.89" });
    await expect(amounts.first()).toBeVisible();
    const item = page.getByTestId("line-item").filter({ hasText: "Linen Shirt - M" });
    await expect(item).toBeVisible();
    await expect(item).toContainText("LS-M");
    await expect(item).toContainText("$29.90");
  });

  await test.step("the supplier half: 8190001001 with its ship-by, overdue", async () => {
    const supplierOrder = page.getByTestId("supplier-order").filter({ hasText: "8190001001" });
    await expect(supplierOrder).toContainText("AliExpress");
    await expect(supplierOrder).toContainText("Awaiting shipment");
    await expect(supplierOrder).toContainText("$11.20");
    // Paid 2026-10-01 21:40 +08:00 = 09:40 in New York; 7 business days in China (Golden Week) later.
    await expect(supplierOrder).toContainText("Oct 1, 2026, 9:40 AM");
    await expect(supplierOrder.getByTestId("time-left")).toContainText("overdue");
    await expect(page.getByTestId("deadline").filter({ hasText: "8190001001" })).toContainText("overdue");
  });

  await test.step("the timeline starts with the store's milestones", async () => {
    const timeline = page.getByTestId("timeline");
    await expect(timeline.getByTestId("timeline-milestone").first()).toContainText(`Placed in ${STORE_NAME}`);
  });

  await test.step("editing the supplier order: a bad amount is refused inline, a good one saved and audited", async () => {
    await page.getByRole("button", { name: "Edit AliExpress order 8190001001" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Cost")).toHaveValue("11.20");
    await expect(dialog.getByLabel("Paid at")).toHaveValue("2026-10-01T09:40");
    await dialog.getByLabel("Cost").fill("11.205");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog.getByText("more than 2 decimals")).toBeVisible();
    await dialog.getByLabel("Cost").fill("12.50");
    await dialog.getByLabel("Carrier").fill("Cainiao");
    await dialog.getByLabel("Tracking number").fill("LP00999");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();

    const supplierOrder = page.getByTestId("supplier-order").filter({ hasText: "8190001001" });
    await expect(supplierOrder).toContainText("$12.50");
    await expect(supplierOrder).toContainText("LP00999");
    const event = page.getByTestId("timeline-event").last();
    await expect(event).toContainText("Iris Importer");
    await expect(event).toContainText("updated supplier order 8190001001");
  });
});

test("adds a supplier order with its payment time read in the store's zone", async ({ page }) => {
  await signIn(page);
  await page.goto("/orders?q=%231006");
  await expect(orderRows(page)).toHaveCount(1);
  await orderRows(page).getByRole("link", { name: "#1006" }).click();
  await expect(page.getByText("No supplier order yet")).toBeVisible();
  await page.getByRole("button", { name: "Add supplier order" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Supplier order number").fill("8190001006");
  await dialog.getByLabel("Cost").fill("9.50");
  await dialog.getByLabel("Paid at").fill("2026-11-20T10:00");
  await dialog.getByRole("button", { name: "Add supplier order" }).click();
  await expect(dialog).toBeHidden();

  const supplierOrder = page.getByTestId("supplier-order").filter({ hasText: "8190001006" });
  // The order is in EUR, so the cost defaults to EUR; 10:00 New York time stays 10:00 on screen.
  await expect(supplierOrder).toContainText("€9.50");
  await expect(supplierOrder).toContainText("Nov 20, 2026, 10:00 AM");
  // Seven Chinese business days after Friday Nov 20: Tuesday Dec 1, at the end of the day.
  await expect(supplierOrder).toContainText("Dec 1, 2026, 11:59 PM");
  await expect(page.getByTestId("timeline-event").last()).toContainText("linked supplier order 8190001006 to #1006");
});

test("an order or import that is not there reads as not found", async ({ page }) => {
  await signIn(page);
  await page.goto("/orders/00000000-0000-4000-8000-000000000000");
  await expect(page.getByText("This order isn't here")).toBeVisible();
  await page.goto("/orders/not-an-id");
  await expect(page.getByText("This order isn't here")).toBeVisible();
  await page.goto("/imports/00000000-0000-4000-8000-000000000000");
  await expect(page.getByText("This import isn't here")).toBeVisible();
});

/** The fixture with its names moved to #2001… and two rows broken: a total and a quantity. */
function exportWithBadRows() {
  const lines = readFileSync(SHOPIFY_EXPORT, "utf8").replaceAll("#100", "#200").split("\n");
  lines[4] = lines[4]!.replace(",12.99,4.99,0.00,17.98,", ",12.99,4.99,0.00,seventeen,");
  lines[6] = lines[6]!.replace(",2026-10-05 16:45:00 -0400,1,Yoga Mat,", ",2026-10-05 16:45:00 -0400,two,Yoga Mat,");
  return { name: "export-with-bad-rows.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) };
}

test("a file with bad rows lists each one, and imports only the good rows when asked", async ({ page }) => {
  await signIn(page);
  const store = await trpcMutation<{ id: string }>(page, "store.create", {
    name: "Harbor Annex",
    slug: `harbor-annex-${Date.now().toString(36)}`,
    currency: "USD",
    country: "US",
    timezone: "America/Chicago",
  });
  account.secondStoreId = store.id;
  await page.goto(`/imports?storeId=${store.id}`);
  await expect(page.getByRole("combobox", { name: "Store" })).toHaveText("Harbor Annex");
  await page.getByLabel("CSV file").setInputFiles(exportWithBadRows());
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);

  await expect(page.getByTestId("preview-summary")).toContainText("5 orders with 6 line items: 5 to create, 0 to update, 0 unchanged, 2 invalid");
  const errors = page.getByTestId("import-errors").getByRole("row");
  await expect(errors).toHaveCount(3);
  await expect(errors.nth(1)).toContainText("5");
  await expect(errors.nth(1)).toContainText('Total "seventeen" is not an amount');
  await expect(errors.nth(2)).toContainText("7");
  await expect(errors.nth(2)).toContainText('Lineitem quantity "two"');

  // Importing everything is refused, and the page says why.
  const importAll = page.getByRole("button", { name: "Import 5 orders" });
  await expect(importAll).toBeDisabled();
  await expect(page.getByText("2 rows have problems. Fix them and upload again, or import only the good rows.")).toBeVisible();

  await page.getByRole("button", { name: "Import the good rows only (skip 2)" }).click();
  await expect(page.getByTestId("import-result")).toContainText("5 orders: 5 created, 0 updated, 2 skipped", { timeout: 30_000 });
  await expect(page.getByTestId("import-errors").getByRole("row")).toHaveCount(3);

  await page.getByRole("link", { name: "View orders in Harbor Annex" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders\\?storeId=${store.id}$`));
  await expect(page.getByTestId("orders-count")).toHaveText("5 orders");
  await expect(orderRows(page).filter({ hasText: "#2003" })).toHaveCount(0);
});

/** Screenshots land in the run's output folder (test-results/ unless `--output` says otherwise), under screens/. */
function screenPath(name: string) {
  return path.join(test.info().project.outputDir, "screens", name);
}

/** `ORDERS_SCREENSHOTS=1 npx playwright test e2e/orders.spec.ts`: pictures of each screen at two widths. */
test("screenshots of the orders and import screens", async ({ page }) => {
  test.skip(!process.env.ORDERS_SCREENSHOTS, "Set ORDERS_SCREENSHOTS=1 to capture screenshots.");
  await signIn(page);
  const shots: [string, string][] = [];
  await page.goto(`/orders?storeId=${account.storeId}`);
  await expect(orderRows(page)).toHaveCount(7);
  const href = await page.getByTestId("orders-table").getByRole("link", { name: "#1001" }).getAttribute("href");
  // A fresh preview with errors, left waiting for a decision.
  await page.goto(`/imports?storeId=${account.secondStoreId}`);
  await page.getByLabel("CSV file").setInputFiles(exportWithBadRows());
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  const previewUrl = new URL(page.url()).pathname;
  await page.goto("/imports");
  const jobs = page.getByTestId("recent-imports").getByRole("link");
  await expect(jobs).toHaveCount(5);
  const completed = await jobs.nth(4).getAttribute("href");
  shots.push(["orders", "/orders"], ["orders-filtered", `/orders?financialStatus=paid,partially_refunded&q=example`], ["order-1001", href!]);
  shots.push(["imports", "/imports"], ["import-preview-errors", previewUrl], ["import-completed", completed!]);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    for (const [name, url] of shots) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("status", { name: /Loading/ })).toHaveCount(0);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: screenPath(`${name}-${width}.png`), fullPage: true });
    }
    await page.goto(href!);
    await page.getByRole("button", { name: "Edit AliExpress order 8190001001" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenPath(`supplier-dialog-${width}.png`) });
    await page.keyboard.press("Escape");
    await page.goto("/orders");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (width < 768) await page.getByRole("button", { name: "Filters" }).click();
    await page.getByRole("button", { name: "Payment status" }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenPath(`orders-filter-open-${width}.png`) });
  }
});
