import { expect, test, type Page, type TestInfo } from "@playwright/test";

/** Opens a path and, when JavaScript runs, waits until the app has hydrated. */
export async function open(page: Page, path: string) {
  const response = await page.goto(path);
  await settle(page);
  return response;
}

/** Waits for hydration after a full page load (no-op without JavaScript). */
export async function settle(page: Page) {
  if (jsEnabled(test.info())) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

export function jsEnabled(testInfo: TestInfo) {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** On narrow screens the filters sit in a collapsed "Filters" drawer: open it. */
export async function showFilters(page: Page) {
  const summary = page.getByText("Filters", { exact: true });
  if (await summary.isVisible()) {
    const details = page.locator("details", { has: summary });
    if ((await details.getAttribute("open")) === null) await summary.click();
  }
}

/** Prices of the product cards in page order, in cents. */
export async function cardPrices(page: Page): Promise<number[]> {
  const texts = await page.locator("main article p span.font-bold").allInnerTexts();
  return texts.map((t) => Math.round(parseFloat(t.replace(/[^0-9.]/g, "")) * 100));
}

export const PASSWORD = "violet otter lamp";

/** A fresh email address for this test and project. */
export function uniqueEmail(testInfo: TestInfo, what: string) {
  return `${what}-${testInfo.project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Creates an account through the sign-up form; ends on the account page, signed in. */
export async function signUp(page: Page, email: string, name = "Ada Lovelace") {
  await open(page, "/account/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

/** Signs in through the form; ends on the account page. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await open(page, "/account/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

/**
 * Waits for the newest message of `kind` to `to` in the development mailbox (/dev/mailbox)
 * and returns the address of its link.
 */
export async function emailedLink(page: Page, to: string, kind: string): Promise<string> {
  const message = page.locator(`article[data-to="${to}"][data-kind="${kind}"]`).first();
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(message).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  const href = await message.locator("pre a").first().getAttribute("href");
  expect(href).toBeTruthy();
  return href!;
}
