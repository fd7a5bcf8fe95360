import { expect, test, type Browser, type Page } from "@playwright/test";
import { addFromProductPage, fillGuestDetails, itemsFor, jsEnabled, open, signIn, sql, toCheckout, uniqueEmail, type Item } from "./helpers";

// Items: base 48, slots 0, 1 and 3 (offsets 48 to 95 were free; stock-alerts.spec.ts has slot 2).
// Live updates (Server-Sent Events from /events): pages change while they are open, without a
// reload. Without JavaScript pages stay as they are (nothing to test there).
test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "live updates need JavaScript");
});

/** Another shopper, in a browser context of their own, with the same viewport. */
async function otherShopper(browser: Browser, page: Page): Promise<Page> {
  const context = await browser.newContext({ viewport: page.viewportSize(), baseURL: new URL(page.url()).origin });
  return context.newPage();
}

async function checkoutAsGuest(page: Page, item: Item, email: string) {
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await fillGuestDetails(page, email);
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("place-order")).toBeEnabled();
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/pay\/test\/cs_test_oxcart_/);
}

test("a product page shows the last unit sold elsewhere, then the restock", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 0, 64);
  sql(`UPDATE variants SET stock_on_hand = 1, stock_reserved = 0, low_stock_threshold = 5 WHERE sku = '${item.sku}'`);
  await open(page, `/p/${item.slug}`);
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
  const badge = page.locator("[data-stock]").first();
  await expect(badge).toHaveText("Only 1 left");
  const add = page.getByTestId("add-to-cart");
  await expect(add).toBeEnabled();

  // Another shopper checks out the last unit: it is held for them, so it is gone here.
  const other = await otherShopper(browser, page);
  await checkoutAsGuest(other, item, uniqueEmail(testInfo, "live-buyer"));
  await expect(badge).toHaveText("Out of stock");
  await expect(add).toHaveText("Sold out");
  await expect(add).toBeDisabled();
  // The stock status sits in a polite live region: screen readers hear the change.
  await expect(page.locator("[aria-live=polite]").filter({ has: badge })).toHaveCount(1);
  if (process.env.SCREENSHOTS) {
    await add.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/${testInfo.project.name}-live-sold-out.png` });
  }

  // The admin receives stock: available again, without a reload.
  sql(`UPDATE variants SET stock_on_hand = stock_on_hand + 20 WHERE sku = '${item.sku}'`);
  await expect(badge).toHaveText("In stock");
  await expect(add).toHaveText("Add to cart");
  await expect(add).toBeEnabled();
  await other.context().close();
});

test("an order page turns Paid when the payment is made elsewhere", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 1, 64);
  await checkoutAsGuest(page, item, uniqueEmail(testInfo, "live-order"));
  const payUrl = page.url();
  // Back to the order page, which waits for payment.
  await page.getByRole("button", { name: /^Abandon/ }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Awaiting payment");
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");

  // Paid in another tab: this page follows without a reload.
  const other = await otherShopper(browser, page);
  await other.goto(payUrl);
  await other.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByTestId("pay-now")).toHaveCount(0);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-live-order-paid.png`, fullPage: true });
  await other.context().close();
});

test("an open cart follows stock that runs out elsewhere", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  // Items: base 48, slot 3.
  const [item] = itemsFor(testInfo, 3, 64);
  await addFromProductPage(page, item, 3);
  await open(page, "/cart");
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
  const line = page.locator(`main li[data-sku="${item.sku}"]`);
  await expect(line.getByTestId("line-quantity")).toHaveText("3");

  // Only one unit left now (sold elsewhere, counted down): the cart says so without a reload.
  sql(`UPDATE variants SET stock_on_hand = 1, stock_reserved = 0 WHERE sku = '${item.sku}'`);
  await expect(line.getByTestId("line-quantity")).toHaveText("1");
  await expect(page.getByText(/reduced to 1/)).toBeVisible();
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-live-cart.png` });
});

test("the dashboard shows a new order and its payment as they happen", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  // Items: base 192, slot 1 (slot 0: storefront.spec, slot 2: checkout.spec).
  const [item] = itemsFor(testInfo, 1, 192);
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  await open(page, "/admin");
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
  await expect(page.getByRole("heading", { name: "Since you opened this page" })).toBeVisible();

  // A shopper elsewhere places an order, then pays it: both arrive without a reload.
  const other = await otherShopper(browser, page);
  const email = uniqueEmail(testInfo, "live-staff");
  await checkoutAsGuest(other, item, email);
  const number = sql(`SELECT number FROM orders WHERE email = '${email}'`);
  const placed = page.getByTestId("toast").filter({ hasText: `New order ${number}` });
  await expect(placed).toBeVisible();
  await expect(page.getByTestId("live-count-0")).not.toHaveText("0");
  await other.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Order ${number} was paid` })).toBeVisible();
  await expect(page.getByTestId("live-count-1")).not.toHaveText("0");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-live-dashboard.png` });
  // A toast leads to the order and can be dismissed.
  await expect(placed.getByRole("link")).toHaveAttribute("href", `/admin/orders/${number}`);
  await placed.getByRole("button", { name: "Dismiss" }).click();
  await expect(placed).toHaveCount(0);
  await other.context().close();
});
