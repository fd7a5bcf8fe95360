import { expect, test } from "@playwright/test";
import { addFromProductPage, itemsFor, jsEnabled, open, signIn, sql, STRIPE_STORE_URL, toCheckout } from "./helpers";

// Trust content: the announcement bar, the footer's help pages and payment marks, the product
// page's delivery/returns/warranty block and checkout's delivery dates, all from the settings
// admins edit at /admin/store.

test("every page carries the announcement, the help pages and the store's promises", async ({ page }, testInfo) => {
  await open(page, "/");
  // (Its text is the admin test's to change, below: here only that it is there.)
  await expect(page.getByTestId("announcement")).not.toBeEmpty();
  // No sideways scrolling with the bar at 320 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  const help = page.getByRole("navigation", { name: "Help" });
  for (const title of ["Shipping", "Returns", "Warranty", "Contact", "Privacy", "Terms"]) {
    await expect(help.getByRole("link", { name: title })).toBeVisible();
  }
  await help.getByRole("link", { name: "Returns" }).click();
  await expect(page).toHaveURL(/\/help\/returns$/);
  await expect(page.getByRole("heading", { level: 1, name: "Returns" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "How to return" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Help pages" }).getByRole("link", { name: "Returns" })).toHaveAttribute("aria-current", "page");

  // Beside "Add to cart": when it ships and arrives, returns and warranty, each with its page.
  const [item] = itemsFor(testInfo, 3, 192);
  await open(page, `/p/${item.slug}`);
  const promises = page.getByTestId("promises");
  await expect(promises).toContainText(/Order within .* and it ships|Ships /);
  await expect(promises).toContainText(/Arrives \w{3}, \w{3} \d+/);
  await expect(promises.getByRole("link", { name: /30-day returns/ })).toHaveAttribute("href", "/help/returns");
  await expect(promises.getByRole("link", { name: /2-year warranty/ })).toHaveAttribute("href", "/help/warranty");

  if (!jsEnabled(testInfo)) return;
  // Checkout: each shipping method says when it would arrive.
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await expect(page.getByTestId("shipping-estimate")).toHaveCount(2);
  await expect(page.getByTestId("shipping-estimate").first()).toContainText(/Arrives \w{3}, \w{3} \d+/);
});

test("the footer shows the marks of the ways the store takes payment", async ({ page }) => {
  // The Stripe and PayPal store: cards, wallets and PayPal.
  await page.goto(`${STRIPE_STORE_URL}/`);
  const marks = page.getByRole("list", { name: "Ways to pay" });
  for (const name of ["Visa", "Mastercard", "American Express", "Apple Pay", "Google Pay", "PayPal"]) {
    await expect(marks.getByRole("img", { name })).toBeVisible();
  }
});

test.describe("admins edit the settings and the pages", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "changes the store for everyone: once");
  });

  test.afterEach(() => {
    // Back to the defaults for the other tests.
    sql("UPDATE store_settings SET announcement = '', show_announcement = true, time_zone = 'America/New_York'");
    sql(`UPDATE store_pages SET title = 'Warranty', body = $w$${WARRANTY}$w$ WHERE slug = 'warranty'`);
  });

  test("a new announcement and page text reach the shop; mistakes keep what was typed", async ({ page, browser }) => {
    await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
    await open(page, "/admin/store");
    await expect(page.getByRole("heading", { name: "Store settings" })).toBeVisible();
    await expect(page.getByTestId("announcement-preview")).toHaveText("Free shipping over $100 · 30-day returns · 2-year warranty");

    // An unknown time zone: the message is by the field, everything typed stays.
    await page.getByRole("textbox", { name: /^Announcement/ }).fill("Order by Dec 18 for Christmas delivery");
    await page.getByLabel("Store time zone").fill("Mars/Olympus_Mons");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("This time zone is unknown")).toBeVisible();
    await expect(page.getByLabel("Store time zone")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("textbox", { name: /^Announcement/ })).toHaveValue("Order by Dec 18 for Christmas delivery");

    await page.getByLabel("Store time zone").fill("Europe/Paris");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved · every page shows them now")).toBeVisible();
    await expect(page.getByTestId("announcement-preview")).toHaveText("Order by Dec 18 for Christmas delivery");

    // A shopper's page, in another browser, shows it (the page cache was emptied).
    const shopper = await browser.newPage();
    await expect(async () => {
      await shopper.goto("/");
      await expect(shopper.getByTestId("announcement")).toHaveText("Order by Dec 18 for Christmas delivery", { timeout: 500 });
    }).toPass({ timeout: 10_000 });

    // A page's text, edited and shown.
    await page.getByText("Warranty", { exact: true }).first().click();
    const form = page.getByRole("form", { name: "Edit the Warranty page" });
    await form.getByLabel("Title").fill("Warranty and repairs");
    await form.getByLabel("Text").fill("Three years on everything.\n\n## Repairs\n- Free pickup\n- Loan unit while we repair");
    await form.getByRole("button", { name: "Save page" }).click();
    await expect(page.getByTestId("toast")).toContainText("Saved · shoppers see it at /help/warranty");
    await expect(async () => {
      await shopper.goto("/help/warranty");
      await expect(shopper.getByRole("heading", { level: 1 })).toHaveText("Warranty and repairs", { timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await expect(shopper.getByRole("listitem").filter({ hasText: "Loan unit while we repair" })).toBeVisible();
    await shopper.close();

    // The audit log says it in plain words, linking to what changed.
    await open(page, "/admin/audit");
    const entry = page.getByTestId("audit-log").getByRole("listitem").filter({ hasText: "admin@oxcart.test edited the Warranty page" }).first();
    await expect(entry).toBeVisible();
    await expect(entry.getByRole("link", { name: "the Warranty page" })).toHaveAttribute("href", "/help/warranty");
    await expect(page.getByTestId("audit-log").getByText("admin@oxcart.test changed the store settings").first()).toBeVisible();
  });
});

const WARRANTY = `Every product we sell carries a {warranty} warranty from the day it is delivered, on top of your legal rights.

## What is covered
- Defects in materials and manufacturing.
- Failures under normal use.

## What to do
Write to us with your order number and a short description of the fault. We repair, replace or refund the item, and we pay the shipping both ways.`;
