import { expect, test, type Page } from "@playwright/test";
import { actionDialog, caseAction, expectState, openCaseFromOrder, setUpCaseWorld } from "./fixtures/case-setup";

// Each path signs up, imports two files and walks a case through several dialogs.
test.describe.configure({ timeout: 240_000 });

/** Full-page captures at desktop and phone widths, for looking at the screens (test-results/cases). */
async function shoot(page: Page, name: string) {
  if (!process.env.CASES_SCREENSHOTS) return;
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    await page.waitForTimeout(150);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows sideways at ${width}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/cases/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(size);
}

function figure(page: Page, key: string) {
  return page.getByTestId(`figure-${key}`).first().locator("dd").first();
}

test("#1001: the supplier accepts, the store order is cancelled, the supplier refunds: cancelled, fully recovered", async ({ page }) => {
  const world = await setUpCaseWorld(page, "accepted");
  const orderId = world.orders["#1001"]!;

  await test.step("open the case from the order page", async () => {
    await openCaseFromOrder(page, orderId);
    await expectState(page, "Requested");
    await expect(page.getByTestId("case-step").filter({ has: page.getByText("Next step") })).toHaveAttribute("data-step", "asked");
    await expect(page.getByTestId("next-step")).toContainText("Ask AliExpress to cancel order 8190001001");
    await shoot(page, "case-requested");
  });

  await test.step("record the request at the supplier, with the direct contact ticked", async () => {
    await caseAction(page, "Record cancellation request at supplier").click();
    const dialog = actionDialog(page);
    await dialog.getByRole("button", { name: "Record request" }).click();
    await expect(dialog.getByText("Send the request at the supplier first.")).toBeVisible();
    await dialog.getByText("I asked AliExpress to cancel order 8190001001").click();
    await dialog.getByText("I also contacted the supplier directly").click();
    await dialog.getByRole("button", { name: "Record request" }).click();
    await expect(dialog).toBeHidden();
    await expectState(page, "Waiting for supplier");
  });

  await test.step("the supplier accepts: $11.20 expected back", async () => {
    await caseAction(page, "Supplier accepted").click();
    const dialog = actionDialog(page);
    await expect(dialog.getByLabel("Refund you expect from the supplier")).toHaveValue("11.20");
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(dialog.getByRole("heading", { name: "Record that AliExpress accepted?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Record acceptance" }).click();
    await expect(dialog).toBeHidden();
    await expectState(page, "Supplier accepted");
    await expect(figure(page, "exposureMinor")).toHaveText("$11.20");
    await expect(page.getByTestId("case-deadline").filter({ hasText: "Supplier refund expected by" })).toBeVisible();
    await shoot(page, "case-supplier-accepted");
  });

  await test.step("cancel the store order with the prefilled refund, after confirming", async () => {
    await caseAction(page, "Cancel the store order").click();
    const dialog = actionDialog(page);
    await expect(dialog.getByLabel("Refund amount")).toHaveValue("34.89");
    await dialog.getByLabel("Refund amount").fill("40.00");
    await dialog.getByRole("button", { name: "Review refund" }).click();
    await expect(dialog.getByText("You can refund at most $34.89.")).toBeVisible();
    await dialog.getByLabel("Refund amount").fill("34.89");
    await dialog.getByRole("button", { name: "Review refund" }).click();
    await expect(dialog.getByRole("heading", { name: "Refund $34.89 to Ana Souza?" })).toBeVisible();
    await shoot(page, "case-confirm-refund");
    await dialog.getByRole("button", { name: "Cancel and refund $34.89" }).click();
    await expect(dialog).toBeHidden();
    await expectState(page, "Store order cancelled");
    await expect(page.getByTestId("case-step").filter({ has: page.getByText("Next step") })).toHaveAttribute("data-step", "supplierRefund");
    // Closing is refused while the supplier's refund is still expected, and the button says why.
    await expect(caseAction(page, "Close the case")).toBeDisabled();
    await expect(page.getByTestId("action-blocked").filter({ hasText: "Close the case:" })).toContainText("$11.20 is still expected from the supplier");
  });

  await test.step("record the supplier's $11.20 and close", async () => {
    await caseAction(page, "Record supplier refund received").click();
    const dialog = actionDialog(page);
    await expect(dialog.getByLabel("Amount received")).toHaveValue("11.20");
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(dialog.getByRole("heading", { name: "Record $11.20 received from AliExpress?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Record refund received" }).click();
    await expect(dialog).toBeHidden();

    await caseAction(page, "Close the case").click();
    await actionDialog(page).getByRole("button", { name: "Close case" }).click();
    await expectState(page, "Closed");
    await expect(page.getByTestId("case-outcome-banner")).toContainText("Outcome: Cancelled, fully recovered");
    await expect(page.getByTestId("case-outcome-banner")).toContainText("Net loss $23.69");
  });

  await test.step("the money and the ledger add up", async () => {
    await expect(figure(page, "refundedMinor")).toHaveText("$34.89");
    await expect(figure(page, "recoveredMinor")).toHaveText("$11.20");
    await expect(figure(page, "exposureMinor")).toHaveText("$0.00");
    await expect(figure(page, "netLossMinor")).toHaveText("$23.69");
    const entries = page.getByTestId("ledger-entry");
    await expect(entries).toHaveCount(3);
    await expect(entries.filter({ hasText: "Refund to customer" }).getByTestId("ledger-amount")).toHaveText("−$34.89");
    await expect(entries.filter({ hasText: "Supplier refund received" }).getByTestId("ledger-amount")).toHaveText("+$11.20");
    await expect(entries.filter({ hasText: "Supplier refund expected" }).getByTestId("ledger-amount")).toHaveText("$11.20");
    await expect(page.getByTestId("case-step").filter({ hasText: "Closed" }).getByTestId("step-detail")).toHaveText(
      "Cancelled, fully recovered · net loss $23.69",
    );
    await shoot(page, "case-closed");

    await page.goto("/ledger");
    const usd = page.getByTestId("ledger-currency").filter({ hasText: "USD" });
    // The store's figures also hold the refunds the export reported: $5.00 on #1003, $38.99 on #1004.
    await expect(usd.getByTestId("figure-refundedMinor")).toContainText("$78.88");
    await expect(usd.getByTestId("figure-recoveredMinor")).toContainText("$11.20");
    await expect(usd.getByTestId("figure-netLossMinor")).toContainText("$67.68");
    await expect(page.getByRole("table", { name: "Closed cases" }).getByRole("row").filter({ hasText: "#1001" })).toContainText("$23.69");
    await shoot(page, "ledger");
  });

  await test.step("the order page lists every step in its timeline, and the case as an earlier one", async () => {
    await page.goto(`/orders/${orderId}`);
    const timeline = page.getByTestId("timeline");
    for (const sentence of [
      "opened a cancellation case on #1001",
      "recorded the cancellation request at the supplier for #1001",
      "recorded that the supplier accepted cancelling #1001",
      "cancelled store order #1001 and refunded $34.89",
      "recorded $11.20 received from the supplier for #1001",
      "closed the case on #1001: Cancelled, fully recovered",
    ]) {
      await expect(timeline.getByText(sentence)).toBeVisible();
    }
    const panel = page.getByTestId("order-case-panel");
    await expect(panel.getByTestId("past-case")).toContainText("Cancelled, fully recovered");
    await expect(panel.getByRole("button", { name: "Open cancellation case" })).toBeVisible();
    await shoot(page, "order-page");
  });
});

test("#1007: the supplier refuses because it shipped, the tracking number arrives: not cancelled", async ({ page }) => {
  const world = await setUpCaseWorld(page, "shipped");
  await openCaseFromOrder(page, world.orders["#1007"]!, "Wrong size ordered");

  await caseAction(page, "Record cancellation request at supplier").click();
  await actionDialog(page).getByText("I asked AliExpress to cancel order 8190001007").click();
  await actionDialog(page).getByRole("button", { name: "Record request" }).click();
  await expectState(page, "Waiting for supplier");

  await caseAction(page, "Supplier refused: says it shipped").click();
  await actionDialog(page).getByRole("button", { name: "Record refusal" }).click();
  await expectState(page, "Awaiting tracking");
  await expect(page.getByTestId("case-deadline").filter({ hasText: "Tracking number due" })).toContainText(/business days? left/);
  // A dispute waits until the supplier's 5 business days are over.
  await expect(caseAction(page, "Open a dispute with the supplier")).toBeDisabled();
  await expect(page.getByTestId("action-blocked").filter({ hasText: "Open a dispute with the supplier:" })).toContainText("still has time to give a tracking number");
  await shoot(page, "case-awaiting-tracking");

  await caseAction(page, "Tracking number received").click();
  const dialog = actionDialog(page);
  await dialog.getByLabel("Carrier").fill("Cainiao");
  await dialog.getByLabel("Tracking number").fill("LP00777000111");
  await dialog.getByRole("button", { name: "Record tracking" }).click();
  await expectState(page, "Shipped (not cancellable)");
  await expect(page.getByTestId("case-step").filter({ hasText: "Supplier's answer" }).getByTestId("step-detail")).toContainText("LP00777000111");

  await caseAction(page, "Close the case").click();
  await actionDialog(page).getByRole("button", { name: "Close case" }).click();
  await expectState(page, "Closed");
  await expect(page.getByTestId("case-outcome-banner")).toContainText("Outcome: Not cancelled (shipped)");
  await expect(figure(page, "refundedMinor")).toHaveText("$0.00");
  await expect(figure(page, "netLossMinor")).toHaveText("$0.00");
  await expect(page.getByTestId("ledger-entry")).toHaveCount(0);

  await page.goto("/cases?closed=1");
  await expect(page.getByTestId("case-board").getByTestId("case-card").filter({ hasText: "#1007" })).toHaveAttribute("data-state", "closed");
});

test("#1001: the supplier refuses without shipping, the dispute is won, the store order is cancelled: fully recovered by the award", async ({
  page,
}) => {
  const world = await setUpCaseWorld(page, "dispute");
  // Another case waiting on the board, for the screenshots.
  await openCaseFromOrder(page, world.orders["#1007"]!);
  await openCaseFromOrder(page, world.orders["#1001"]!);
  const caseUrl = page.url();

  await caseAction(page, "Record cancellation request at supplier").click();
  await actionDialog(page).getByText("I asked AliExpress to cancel order 8190001001").click();
  await actionDialog(page).getByRole("button", { name: "Record request" }).click();
  await expectState(page, "Waiting for supplier");

  await caseAction(page, "Supplier refused: has not shipped").click();
  await actionDialog(page).getByRole("button", { name: "Record refusal" }).click();
  await expectState(page, "Supplier refused");
  await expect(page.getByTestId("next-step")).toContainText("Open a dispute");

  await caseAction(page, "Open a dispute with the supplier").click();
  const open = actionDialog(page);
  await expect(open.getByLabel("Amount claimed")).toHaveValue("11.20");
  await open.getByRole("button", { name: "Open dispute" }).click();
  await expectState(page, "Disputed");
  await expect(page.getByTestId("case-deadline").filter({ hasText: "Dispute response due" })).toBeVisible();
  await shoot(page, "case-disputed");

  await page.getByTestId("case-dispute").click();
  await expect(page).toHaveURL(/\/disputes\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dispute on #1001" })).toBeVisible();

  await test.step("add a tracking check and a link; links open safely", async () => {
    const form = page.getByRole("form", { name: "Add evidence" });
    await form.getByRole("radio", { name: "Tracking check" }).click();
    await form.getByLabel("What the tracking shows").fill("No scan since the label was created.");
    await form.getByRole("button", { name: "Add evidence" }).click();
    await expect(page.getByTestId("evidence-item").filter({ hasText: "No scan since the label was created." })).toHaveAttribute("data-kind", "tracking_check");
    await form.getByRole("radio", { name: "Link" }).click();
    await form.getByLabel("Link").fill("https://example.com/issue/8190001001");
    await form.getByLabel("What it shows").fill("<b>Chat</b> where the supplier admits it has not shipped");
    await form.getByRole("button", { name: "Add evidence" }).click();
    const link = page.getByTestId("evidence-item").filter({ hasText: "Chat" }).getByRole("link");
    await expect(link).toHaveAttribute("href", "https://example.com/issue/8190001001");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
    await expect(link).toHaveAttribute("target", "_blank");
    // Text, never HTML.
    await expect(page.getByTestId("evidence-item").filter({ hasText: "<b>Chat</b>" })).toBeVisible();
  });

  await test.step("the dispute is won: the award equals the claim", async () => {
    await page.locator('[data-action="resolveWon"]').click();
    const dialog = actionDialog(page);
    await expect(dialog.getByLabel("Amount awarded")).toHaveValue("11.20");
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(dialog.getByRole("heading", { name: "Record $11.20 awarded?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Record $11.20 awarded" }).click();
    await expect(page.getByTestId("dispute-result")).toContainText("Won: $11.20 awarded");
    await shoot(page, "dispute-won");
  });

  await test.step("back on the case: cancel the store order, then close", async () => {
    await page.goto(caseUrl);
    await expectState(page, "Disputed");
    await expect(page.getByTestId("next-step")).toContainText("Cancel the store order");
    await caseAction(page, "Cancel the store order").click();
    const dialog = actionDialog(page);
    await expect(dialog.getByLabel("Refund amount")).toHaveValue("34.89");
    await dialog.getByRole("button", { name: "Review refund" }).click();
    await expect(dialog.getByRole("heading", { name: "Refund $34.89 to Ana Souza?" })).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel and refund $34.89" }).click();
    await expectState(page, "Store order cancelled");
    await caseAction(page, "Close the case").click();
    await actionDialog(page).getByRole("button", { name: "Close case" }).click();
    await expectState(page, "Closed");
    await expect(page.getByTestId("case-outcome-banner")).toContainText("Outcome: Cancelled, fully recovered");
    await expect(figure(page, "recoveredMinor")).toHaveText("$11.20");
    await expect(figure(page, "refundedMinor")).toHaveText("$34.89");
    const award = page.getByTestId("ledger-entry").filter({ hasText: "Dispute award received" });
    await expect(award.getByTestId("ledger-amount")).toHaveText("+$11.20");
  });

  await test.step("the board and the disputes list", async () => {
    await page.goto("/cases");
    await expect(page.getByTestId("case-board").getByTestId("case-card").filter({ hasText: "#1007" })).toHaveAttribute("data-state", "requested");
    await shoot(page, "cases-board");
    await page.goto("/disputes");
    await expect(page.getByTestId("dispute-row").filter({ hasText: "#1001" })).toContainText("Won");
    await shoot(page, "disputes");
  });
});

test("#1002: a fulfilled order whose supplier shipped opens as too late and offers only refund items", async ({ page }) => {
  const world = await setUpCaseWorld(page, "too-late");
  await openCaseFromOrder(page, world.orders["#1002"]!, "Damaged in transit");
  await expectState(page, "Too late (already shipped)");
  await expect(page.getByTestId("case-step").filter({ hasText: "Supplier asked" }).getByTestId("step-detail")).toContainText(
    "Too late: the supplier shipped AliExpress order 8190001002",
  );
  const actions = page.getByTestId("case-actions").getByRole("button");
  await expect(actions).toHaveText(["Close the case", "Refund items", "Withdraw the case"], { useInnerText: true });
  await expect(caseAction(page, "Cancel the store order")).toHaveCount(0);
  await shoot(page, "case-too-late");

  await caseAction(page, "Refund items").click();
  const dialog = actionDialog(page);
  await dialog.getByLabel("Units of Socks 3-pack to refund").fill("1");
  await expect(dialog.getByTestId("refund-line").filter({ hasText: "Socks 3-pack" })).toContainText("$6.50");
  await expect(dialog.getByTestId("refund-total")).toHaveText("$6.50");
  await shoot(page, "case-refund-items");
  await dialog.getByRole("button", { name: "Review refund" }).click();
  await expect(dialog.getByRole("heading", { name: "Refund $6.50 to Ben Meyer?" })).toBeVisible();
  await dialog.getByRole("button", { name: "Refund $6.50" }).click();
  await expect(dialog).toBeHidden();
  await expect(figure(page, "refundedMinor")).toHaveText("$6.50");
  await expect(page.getByTestId("ledger-entry").filter({ hasText: "Refund to customer" }).getByTestId("ledger-amount")).toHaveText("−$6.50");
});
