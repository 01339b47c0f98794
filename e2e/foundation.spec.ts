import { expect, test } from "@playwright/test";
import { signUp, signUpWithOrganization, uniqueEmail } from "./fixtures/accounts";

test("an owner sets up an organization, adds a store and invites a member who joins; the audit log records it all", async ({
  page,
  browser,
}) => {
  // A whole journey through two browsers, with argon2 sign-ups: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const organization = `Foundation ${Date.now()}`;
  const ownerEmail = uniqueEmail("owner");
  const memberEmail = uniqueEmail("member");

  await test.step("sign up and create the organization", async () => {
    await signUpWithOrganization(page, { name: "Olga Owner", email: ownerEmail, organization });
    await expect(page.getByText("No stores yet")).toBeVisible();
  });

  await test.step("add a store", async () => {
    await page.goto("/settings/stores");
    await page.getByRole("button", { name: "Add store" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add store" });
    await dialog.getByLabel("Store name").fill("Harbor Goods");
    // The address follows the name until it is edited.
    await expect(dialog.getByLabel("Address")).toHaveValue("harbor-goods");
    await dialog.getByLabel("Shop domain").fill("harbor-goods.myshopify.com");
    await dialog.getByRole("button", { name: "Add store" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("table", { name: "Stores" }).getByText("Harbor Goods")).toBeVisible();
  });

  let link = "";
  await test.step("invite a member and copy the link from the dialog", async () => {
    await page.goto("/settings/members");
    await page.getByRole("button", { name: "Invite member" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(memberEmail);
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    await expect(dialog.getByRole("heading", { name: "Invitation created" })).toBeVisible();
    link = await dialog.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("table", { name: "Pending invitations" }).getByText(memberEmail)).toBeVisible();
  });

  await test.step("the member opens the link, signs up with the invited email and accepts", async () => {
    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    await member.goto(link);
    await expect(member.getByRole("heading", { name: `Join ${organization} on Recoup` })).toBeVisible();
    await member.getByRole("link", { name: "Create an account" }).click();
    await expect(member).toHaveURL(/\/sign-up\?/);
    await expect(member.getByLabel("Work email")).toHaveValue(memberEmail);
    await signUp(member, { name: "Mia Member", email: memberEmail });
    // Sign-up comes back to the invitation instead of onboarding.
    await expect(member).toHaveURL(link);
    await member.getByRole("button", { name: `Accept and join ${organization}` }).click();
    await expect(member).toHaveURL(/\/dashboard$/);
    await expect(member.getByRole("heading", { level: 1, name: organization })).toBeVisible();
    await memberContext.close();
  });

  await test.step("back as the owner, the member is listed and the audit log shows every step", async () => {
    await page.goto("/settings/members");
    await expect(page.getByRole("table", { name: "Members" }).getByText(memberEmail)).toBeVisible();

    await page.goto("/audit");
    const entries = page.getByTestId("audit-event");
    await expect(entries.filter({ hasText: "accepted the invitation and joined as agent" })).toHaveAttribute("data-action", "invitation.accepted");
    await expect(entries.filter({ hasText: `invited ${memberEmail} as agent` })).toHaveAttribute("data-action", "invitation.created");
    await expect(entries.filter({ hasText: "added the store Harbor Goods" })).toHaveAttribute("data-action", "store.created");
    await expect(entries.filter({ hasText: `created the organization ${organization}` })).toHaveAttribute("data-action", "organization.created");
    // Newest first: the acceptance is the latest entry.
    await expect(entries.first()).toContainText("Mia Member");

    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByTestId("chain-result")).toContainText("Intact: 4 entries checked");
  });
});
