import { expect, test } from "@playwright/test";
import { PASSWORD, dashboardNav, emailedLink, jsEnabled, open, settle, signIn, signUp, sql, uniqueEmail } from "./helpers";

// Each test signs up or in (argon2 in the debug build) and opens lazily loaded account pages,
// often in two browsers: more than the default 30 s when the machine is busy.
test.describe.configure({ timeout: 60_000 });

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "account forms need JavaScript");
});

test("reset a forgotten password by following the emailed link", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, "reset");
  await signUp(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);

  await open(page, "/account/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await settle(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();

  const link = await emailedLink(page, email, "password-reset");
  expect(link).toContain("/account/reset?token=");
  await open(page, link);
  await page.getByLabel("New password").fill("password123");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("That password is too common; choose another.")).toBeVisible();
  await page.getByLabel("New password").fill("a brand new secret");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("Your password is changed and you are signed in.")).toBeVisible();
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);

  // The link works once.
  await open(page, link);
  await page.getByLabel("New password").fill("yet another secret");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("This link has already been used.")).toBeVisible();

  await open(page, "/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await signIn(page, email, "a brand new secret");
});

test("confirm the email address from the banner's link", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, "verify");
  await signUp(page, email);
  // Sign-up links confirm the address; an account made otherwise (the admin command) has not.
  sql(`UPDATE users SET email_verified_at = NULL WHERE email = '${email}'`);
  await page.reload();
  await expect(page.getByTestId("verify-banner")).toContainText(email);
  await page.getByRole("button", { name: "Resend the link" }).click();
  await expect(page.getByText("Sent. Check your inbox.")).toBeVisible();
  const link = await emailedLink(page, email, "verify-email");
  await open(page, link);
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page.getByText("your email address is confirmed")).toBeVisible();
  await expect(page.getByTestId("verify-banner")).toHaveCount(0);
  await open(page, "/account/profile");
  await expect(page.getByText("Email confirmed")).toBeVisible();
});

test("manage saved addresses", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, "addresses");
  await signUp(page, email);
  await page.getByRole("link", { name: "Addresses" }).click();
  await expect(page.getByTestId("no-addresses")).toBeVisible();

  await page.getByRole("button", { name: "Add an address" }).click();
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Street address").fill("12 Market Street");
  await page.getByLabel("City").fill("   ");
  await page.getByLabel("Postal code").fill("94103");
  await page.getByLabel("Country").selectOption("US");
  await page.getByRole("button", { name: "Save address" }).click();
  // Every mistake at once: the city, and the state a US address needs.
  await expect(page.getByText("Enter the city.")).toBeVisible();
  await expect(page.getByText("Choose the state.")).toBeVisible();
  await expect(page.getByLabel("Street address")).toHaveValue("12 Market Street");
  await page.getByLabel("City").fill("San Francisco");
  await page.getByLabel("State", { exact: true }).selectOption("CA");
  await page.getByRole("button", { name: "Save address" }).click();
  const cards = page.getByTestId("addresses").locator("li");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("San Francisco");
  await expect(cards.first()).toContainText("Default shipping");

  await page.getByRole("button", { name: "Add an address" }).click();
  await page.getByLabel("Full name").fill("Ada at work");
  await page.getByLabel("Street address").fill("1 Infinite Loop");
  await page.getByLabel("City").fill("Cupertino");
  await page.getByLabel("State", { exact: true }).selectOption("California");
  await page.getByLabel("Postal code").fill("95014");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(cards).toHaveCount(2);
  await expect(page.locator('li[data-default="true"]')).toContainText("Ada Lovelace");

  await page.getByRole("button", { name: "Make the address of Ada at work the default" }).click();
  await expect(page.locator('li[data-default="true"]')).toContainText("Ada at work");

  await page.getByRole("button", { name: "Edit the address of Ada Lovelace" }).click();
  await expect(page.getByLabel("City")).toHaveValue("San Francisco");
  await page.getByLabel("City").fill("Berkeley");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.locator('li[data-default="false"]')).toContainText("Berkeley");

  await page.getByRole("button", { name: "Delete the address of Ada at work" }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("Default shipping");
  await page.reload();
  await expect(page.getByTestId("addresses").locator("li")).toHaveCount(1);
});

test("revoke another browser's session", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, "sessions");
  await signUp(page, email);
  const other = await browser.newContext({ viewport: page.viewportSize()! });
  const phone = await other.newPage();
  await signIn(phone, email);

  await open(page, "/account/security");
  const sessions = page.getByTestId("sessions").locator("li");
  await expect(sessions).toHaveCount(2);
  await expect(page.locator('li[data-current="true"]')).toContainText("This browser");
  await page.locator('li[data-current="false"]').getByRole("button").click();
  await expect(sessions).toHaveCount(1);

  await open(phone, "/account");
  await expect(phone.getByRole("heading", { name: "Please sign in" })).toBeVisible();
  await other.close();

  // Changing the password keeps this browser signed in.
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("a brand new secret");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();
  await open(page, "/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
});

test("only sellers and admins see the dashboard", async ({ page }, testInfo) => {
  // Three accounts signed in one after another.
  test.setTimeout(90_000);
  const email = uniqueEmail(testInfo, "customer");
  await signUp(page, email);
  await expect(page.getByRole("link", { name: "Dashboard" })).toHaveCount(0);
  await open(page, "/admin");
  await expect(page.getByText("The dashboard is for sellers and admins")).toBeVisible();
  await open(page, "/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);

  await signIn(page, "seller@oxcart.test", "oxcart-seller-demo");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Active products")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Accounts" })).toHaveCount(0);
  await expect(page.getByTestId("sales-lead")).toHaveCount(0);
  // A seller is offered only the sections they can open; the others say they are for admins.
  await expect((await dashboardNav(page)).getByRole("link")).toHaveText(["Overview", "Products", "Inventory"]);
  for (const path of ["/admin/orders", "/admin/categories", "/admin/analytics"]) {
    await open(page, path);
    await expect(page.getByRole("heading", { name: "This page is for admins" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Your products" })).toBeVisible();
  }
  await open(page, "/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);

  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  await open(page, "/admin");
  await expect((await dashboardNav(page)).getByRole("link")).toHaveText([
    "Overview", "Orders", "Products", "Categories", "Inventory", "Analytics", "Store", "Accounts", "Audit log",
  ]);
  // The overview leads with sales and what waits to ship, which opens the "To ship" tab.
  await expect(page.getByTestId("sales-today")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Best sellers, last 7 days" })).toBeVisible();
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-dashboard-overview.png`, fullPage: true });
  await page.getByTestId("to-ship").click();
  await expect(page).toHaveURL(/\/admin\/orders\?status=to_ship$/);
  await expect(page.getByRole("link", { name: "To ship" })).toHaveAttribute("aria-current", "page");

  // Accounts have their own page, searchable, a page at a time.
  await open(page, "/admin/accounts");
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await page.getByLabel("Email or name").fill(email);
  await page.getByRole("main").getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/admin\/accounts\?q=/);
  await expect(page.getByTestId("accounts").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText(email, { exact: true })).toBeVisible();
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-dashboard-accounts.png`, fullPage: true });
  // The audit log too, in plain words.
  await open(page, "/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-dashboard-audit.png`, fullPage: true });
});
