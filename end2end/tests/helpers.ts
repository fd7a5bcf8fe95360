import { execFileSync } from "node:child_process";
import { expect, test, type Page, type TestInfo } from "@playwright/test";

/** Opens a path and, when JavaScript runs, waits until the app has hydrated. */
export async function open(page: Page, path: string) {
  watch(page);
  const response = await page.goto(path);
  await settle(page);
  return response;
}

/** What each page printed to its console and which of its requests failed, for `settle`'s
 * report when a page does not hydrate. */
const seen = new WeakMap<Page, string[]>();
function watch(page: Page) {
  if (seen.has(page)) return;
  const lines: string[] = [];
  seen.set(page, lines);
  const keep = (line: string) => {
    lines.push(`${new Date().toISOString().slice(11, 23)} ${line.slice(0, 300)}`);
    if (lines.length > 40) lines.shift();
  };
  page.on("console", (m) => keep(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => keep(`page error: ${e.message}`));
  page.on("requestfailed", (r) => keep(`request failed: ${r.url()} (${r.failure()?.errorText})`));
}

/** Waits for hydration after a full page load (no-op without JavaScript). When the page does
 * not hydrate in time, the error says what the page had loaded from /pkg and what it printed:
 * the occasional 20 s timeouts of CI runs have passed on retry, and this is how to tell why. */
export async function settle(page: Page) {
  if (!jsEnabled(test.info())) return;
  try {
    // Generous: the debug bundle is ~17 MB to compile, and two stores share 2 cores.
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
  } catch (error) {
    const loaded = await page
      .evaluate(() => ({
        url: location.href,
        readyState: document.readyState,
        msSinceNavigation: Math.round(performance.now()),
        pkg: performance
          .getEntriesByType("resource")
          .filter((r) => r.name.includes("/pkg/"))
          .map((r) => {
            const t = r as PerformanceResourceTiming;
            return `${t.name.split("/pkg/")[1].slice(0, 60)}: at ${Math.round(t.startTime)} ms, ${Math.round(t.duration)} ms, ${t.transferSize} bytes`;
          }),
      }))
      .catch((e) => `the page could not be inspected: ${e}`);
    const printed = seen.get(page) ?? ["(not watched: opened without helpers.open)"];
    throw new Error(
      `${(error as Error).message}\n\nThe page did not hydrate. What it had loaded: ${JSON.stringify(loaded, null, 2)}\n` +
        `What it printed:\n${printed.join("\n") || "(nothing)"}`,
    );
  }
}

export function jsEnabled(testInfo: TestInfo) {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** A phone-sized project with JavaScript (320 or 390 px). */
export function isPhone(testInfo: TestInfo) {
  return jsEnabled(testInfo) && (testInfo.project.use.viewport?.width ?? 1280) < 640;
}

/** On narrow screens the filters sit in a collapsed "Filters" drawer: open it. */
export async function showFilters(page: Page) {
  // After a navigation the stylesheet may not apply yet, and the phone-only "Filters" toggle
  // would look visible on a desktop for a moment: decide once the page has loaded.
  await page.waitForLoadState("load");
  const summary = page.getByText("Filters", { exact: true });
  if (await summary.isVisible()) {
    const details = page.locator("details", { has: summary });
    if ((await details.getAttribute("open")) === null) await summary.click();
  }
}

/** On narrow screens with JavaScript the filter sheet stays open after a choice: close it. */
export async function hideFilters(page: Page) {
  const show = page.getByTestId("show-results");
  if (await show.isVisible()) await show.click();
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

/**
 * Creates an account as a shopper does: asks for a link on the sign-up form, follows the one
 * emailed (development mailbox) and chooses a name and password; ends on the account page,
 * signed in. The guest cart in this browser's storage is kept, to merge on sign-in.
 */
export async function signUp(page: Page, email: string, name = "Ada Lovelace") {
  await requestSignUp(page, email);
  await open(page, await emailedLink(page, email, "finish-sign-up"));
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // A lazy route, fetched on first visit: as slow as a hydration (see `settle`).
  await expect(page.getByTestId("account-email")).toHaveText(email, { timeout: 20_000 });
}

/** The sign-up form's step: asks for a link; every address gets the same answer. */
export async function requestSignUp(page: Page, email: string) {
  await open(page, "/account/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();
}

/** Signs in through the form; ends on the account page. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await open(page, "/account/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // A lazy route, fetched on first visit: as slow as a hydration (see `settle`).
  await expect(page.getByTestId("account-email")).toHaveText(email, { timeout: 20_000 });
}

/**
 * The dashboard's section links: its sidebar on wide screens; on phones its "Menu", opened
 * first.
 */
export async function dashboardNav(page: Page) {
  const menu = page.getByTestId("admin-menu");
  if ((await menu.isVisible()) && (await menu.getAttribute("open")) === null) {
    await menu.locator("summary").click();
  }
  return page.getByRole("navigation", { name: "Dashboard" });
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

// The Playwright server's own database (see playwright.config.ts).
const DATABASE_URL = process.env.OXCART_E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oxcart_e2e";

// The Stripe-configured store (see playwright.config.ts) and its database.
export const STRIPE_STORE_URL = `http://127.0.0.1:${process.env.OXCART_E2E_STRIPE_PORT ?? "3110"}`;
export const STRIPE_DATABASE_URL =
  process.env.OXCART_E2E_STRIPE_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oxcart_e2e_stripe";

export function sql(statement: string, database = DATABASE_URL): string {
  return execFileSync("psql", [database, "-Atc", statement], { encoding: "utf8" }).trim();
}

export type Item = { slug: string; sku: string; name: string };

const PROJECTS = ["desktop", "mobile", "no-js", "phone-390"];
/** The products one `base` spans: four slots of four products for each project. */
const RANGE = PROJECTS.length * 4 * 4;

/**
 * Four single-variant products for this test and project alone (tests run in parallel and one
 * test makes an item run out of stock), with their stock set so the test starts from known facts.
 * `base` is a multiple of 64 (a spec's range of the catalog: 0, 64, 128, 192 or 256; the demo
 * catalog has at least 320 single-variant products, a unit test in `app/src/demo` says so).
 */
export function itemsFor(testInfo: TestInfo, slot: number, base = 0, database = DATABASE_URL): Item[] {
  const project = PROJECTS.indexOf(testInfo.project.name);
  if (project < 0) throw new Error(`itemsFor: the project ${testInfo.project.name} has no slice of the catalog`);
  if (base % RANGE !== 0 || slot < 0 || slot > 3) throw new Error(`itemsFor: base ${base} or slot ${slot} is outside the layout`);
  const offset = base + (project * 4 + slot) * 4;
  const rows = sql(`
    SELECT p.slug || '|' || v.sku || '|' || p.name
    FROM variants v JOIN products p ON p.id = v.product_id
    WHERE p.active AND v.active
      AND (SELECT count(*) FROM variants w WHERE w.product_id = p.id) = 1
    ORDER BY v.sku DESC LIMIT 4 OFFSET ${offset}`, database);
  const items = rows.split("\n").map((row) => {
    const [slug, sku, name] = row.split("|");
    return { slug, sku, name };
  });
  expect(items).toHaveLength(4);
  sql(`UPDATE variants SET stock_on_hand = 30 WHERE sku IN (${items.map((i) => `'${i.sku}'`).join(",")})`, database);
  return items;
}

export async function addFromProductPage(page: Page, item: Item, quantity: number) {
  await open(page, `/p/${item.slug}`);
  await page.getByLabel("Quantity", { exact: true }).selectOption(String(quantity));
  await page.getByTestId("add-to-cart").click();
  const drawer = page.getByTestId("cart-drawer");
  await expect(drawer.locator(`li[data-sku="${item.sku}"]`)).toBeVisible();
  await drawer.getByRole("button", { name: "Close the cart" }).click();
  await expect(drawer).toBeHidden();
}

/** From a filled cart to the checkout page. */
export async function toCheckout(page: Page) {
  await open(page, "/cart");
  await page.getByTestId("checkout").click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByTestId("checkout-total")).toBeVisible();
}

export async function fillGuestDetails(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Address", { exact: true }).fill("1 Harbor Way");
  await page.getByLabel("City").fill("Sacramento");
  await page.getByLabel("State", { exact: true }).selectOption("CA");
  await page.getByLabel("Postal code").fill("95814");
}
