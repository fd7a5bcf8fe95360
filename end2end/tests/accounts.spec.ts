import { expect, test } from "@playwright/test";
import { emailedLink, jsEnabled, open, requestSignUp } from "./helpers";

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "account forms need JavaScript");
});

test("register, sign out and sign in again", async ({ page }, testInfo) => {
  const email = `shopper-${testInfo.project.name}-${Date.now()}@example.com`;
  await requestSignUp(page, email);

  await open(page, await emailedLink(page, email, "finish-sign-up"));
  await expect(page.getByRole("heading", { name: "Finish creating your account" })).toBeVisible();
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Ada Lovelace");

  await page.getByLabel("Password").fill("violet otter lamp");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  // The account is a lazy route: its chunk (megabytes in the debug build) is fetched on this
  // first visit, as slow as a hydration when both test workers are busy.
  await expect(page.getByTestId("account-email")).toHaveText(email, { timeout: 20_000 });
  await expect(page.getByRole("link", { name: "Your account" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // Signing up again answers as for anyone; the mailbox is told the account exists.
  await requestSignUp(page, email);
  const signIn = await emailedLink(page, email, "account-exists");
  expect(signIn).toMatch(/\/account\/sign-in$/);
  await open(page, "/");

  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Password").fill("violet otter lamp");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await page.reload();
  await expect(page.getByTestId("account-email")).toHaveText(email);
});
