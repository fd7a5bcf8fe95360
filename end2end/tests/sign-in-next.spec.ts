import { expect, test, type Page } from "@playwright/test";
import { emailedLink, jsEnabled, open, PASSWORD, uniqueEmail } from "./helpers";

// Signing in (and finishing a sign-up) leads back to the page that asked for it, with and
// without JavaScript, and never to another site.

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const CUSTOMER = ["customer@oxcart.test", "oxcart-customer-demo"] as const;

test("a protected page sends the guest to sign in and back", async ({ page }) => {
  await open(page, "/account/addresses");
  await expect(page.getByRole("heading", { name: "Please sign in" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/sign-in\?next=%2Faccount%2Faddresses$/);
  await fillSignIn(page, ...CUSTOMER);
  await expect(page).toHaveURL(/\/account\/addresses$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Addresses" })).toHaveAttribute("aria-current", "page");
});

test("without a next page, signing in lands on the account, which says who is signed in", async ({ page }) => {
  await open(page, "/account/sign-in");
  await fillSignIn(page, ...CUSTOMER);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(CUSTOMER[0]);
});

test("a next page on another site is ignored", async ({ page, baseURL }) => {
  for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
    await page.context().clearCookies();
    await open(page, `/account/sign-in?next=${encodeURIComponent(next)}`);
    await fillSignIn(page, ...CUSTOMER);
    await expect(page).toHaveURL(`${baseURL}/account`);
    await expect(page.getByTestId("account-email")).toHaveText(CUSTOMER[0]);
  }
});

test("a sign-up started from the cart ends on the cart", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the cart page needs JavaScript");
  const email = uniqueEmail(testInfo, "from-cart");
  await open(page, "/cart");
  await page.getByRole("link", { name: "Sign in", exact: true }).last().click();
  await expect(page).toHaveURL(/\/account\/sign-in\?next=%2Fcart$/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/account\/sign-up\?next=%2Fcart$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();
  const link = await emailedLink(page, email, "finish-sign-up");
  expect(link).toMatch(/\/account\/finish-sign-up\?token=[0-9a-f]+&next=%2Fcart$/);
  await open(page, link);
  await page.getByLabel("Name").fill("Cart Person");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("link", { name: "Your account" })).toBeVisible();
});
