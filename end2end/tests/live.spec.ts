import { expect, test, type Browser, type Page } from "@playwright/test";
import { addFromProductPage, fillGuestDetails, itemsFor, jsEnabled, open, sql, toCheckout, uniqueEmail, type Item } from "./helpers";

// Items: base 48, slots 0 and 1 (offsets 48 to 95 were free).
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
  const [item] = itemsFor(testInfo, 0, 48);
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
  const [item] = itemsFor(testInfo, 1, 48);
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
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-live-order-paid.png` });
  await other.context().close();
});
