import { expect, test, type Page } from "@playwright/test";
import { addFromProductPage, itemsFor, jsEnabled, open, signIn, signUp, sql, uniqueEmail } from "./helpers";

function line(page: Page, sku: string) {
  return page.locator(`main li[data-sku="${sku}"]`);
}

test.describe("with JavaScript", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(!jsEnabled(testInfo), "the cart needs JavaScript");
  });

  test("a guest cart survives reloads and merges into the server cart at sign-in", async ({ browser, page }, testInfo) => {
    // A long story (two browsers, three product pages, sign-up, sign-ins): more than the default 30 s under load.
    test.setTimeout(120_000);
    const [shared, gone, second, third] = itemsFor(testInfo, 0);
    const email = uniqueEmail(testInfo, "merge");

    // The account's server cart, filled from another browser: one SKU the guest will also add,
    // and one that then sells out.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signUp(otherPage, email);
    for (const [sku, quantity] of [[shared.sku, 1], [gone.sku, 2]] as const) {
      const response = await otherPage.request.post("/api/cart/add", {
        form: { sku, quantity: String(quantity) },
        headers: { Origin: new URL(otherPage.url()).origin },
      });
      expect(response.status()).toBe(200);
    }
    await otherPage.getByRole("button", { name: "Sign out" }).click();
    sql(`UPDATE variants SET stock_on_hand = 0 WHERE sku = '${gone.sku}'`);

    // A guest adds three items and reloads.
    await addFromProductPage(page, shared, 2);
    await addFromProductPage(page, second, 1);
    await addFromProductPage(page, third, 3);
    await expect(page.getByTestId("cart-count")).toHaveText("6");
    await open(page, "/cart");
    await expect(page.getByTestId("cart-count")).toHaveText("6");
    await expect(page.locator("main li[data-sku]")).toHaveCount(3);
    await page.reload();
    await expect(page.locator("main li[data-sku]")).toHaveCount(3);
    await expect(line(page, third.sku).getByTestId("line-quantity")).toHaveText("3");

    // Steppers and removal work for a guest.
    await line(page, second.sku).getByRole("button", { name: /^One more/ }).click();
    await expect(line(page, second.sku).getByTestId("line-quantity")).toHaveText("2");
    await line(page, second.sku).getByRole("button", { name: /^One fewer/ }).click();
    await expect(line(page, second.sku).getByTestId("line-quantity")).toHaveText("1");

    // Sign in: the carts merge once, and the drawer opens with a notice of what changed.
    await signIn(page, email);
    const drawer = page.getByTestId("cart-drawer");
    await expect(drawer.getByText("removed: out of stock")).toContainText(gone.name);
    await expect(drawer.locator(`li[data-sku="${shared.sku}"]`).getByTestId("line-quantity")).toHaveText("3");
    await drawer.getByRole("button", { name: "Close the cart" }).click();
    await open(page, "/cart");
    await expect(line(page, shared.sku).getByTestId("line-quantity")).toHaveText("3");
    await expect(line(page, second.sku).getByTestId("line-quantity")).toHaveText("1");
    await expect(line(page, third.sku).getByTestId("line-quantity")).toHaveText("3");
    await expect(line(page, gone.sku)).toHaveCount(0);
    await expect(page.locator("main li[data-sku]")).toHaveCount(3);
    await expect(page.getByTestId("cart-count")).toHaveText("7");
    // The notice was shown once; a reload neither repeats it nor merges again.
    await page.reload();
    await expect(page.getByText("removed: out of stock")).toHaveCount(0);
    await expect(line(page, shared.sku).getByTestId("line-quantity")).toHaveText("3");
    await expect(page.getByTestId("cart-count")).toHaveText("7");

    // Another browser signed in to the same account sees the same cart.
    await signIn(otherPage, email);
    await open(otherPage, "/cart");
    await expect(line(otherPage, shared.sku).getByTestId("line-quantity")).toHaveText("3");
    await expect(line(otherPage, second.sku).getByTestId("line-quantity")).toHaveText("1");
    await expect(line(otherPage, third.sku).getByTestId("line-quantity")).toHaveText("3");
    await expect(otherPage.locator("main li[data-sku]")).toHaveCount(3);
    await other.close();

    // Signing out leaves an empty guest cart; signing back in brings the saved cart back.
    await open(page, "/account");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await open(page, "/cart");
    await expect(page.getByTestId("cart-empty")).toBeVisible();
    await signIn(page, email);
    await open(page, "/cart");
    await expect(line(page, shared.sku).getByTestId("line-quantity")).toHaveText("3");
    await expect(page.getByTestId("cart-count")).toHaveText("7");
  });

  test("a tampered cart in localStorage keeps its valid lines", async ({ page }, testInfo) => {
    const [item] = itemsFor(testInfo, 1);
    await open(page, "/");
    await page.evaluate((sku) => {
      const junk = Array.from({ length: 10_000 }, (_, i) => ({ sku: `NOPE-${i}`, quantity: "lots" }));
      localStorage.setItem(
        "oxcart.cart",
        JSON.stringify([{ sku, quantity: 2 }, { sku: 42 }, null, { sku, quantity: -3 }, ...junk]),
      );
    }, item.sku);
    await open(page, "/cart");
    await expect(page.locator("main li[data-sku]")).toHaveCount(1);
    await expect(line(page, item.sku).getByTestId("line-quantity")).toHaveText("2");

    await page.evaluate(() => localStorage.setItem("oxcart.cart", "{not json"));
    await open(page, "/cart");
    await expect(page.getByTestId("cart-empty")).toBeVisible();
    // An empty cart offers no (disabled) checkout, only "Start shopping".
    await expect(page.getByRole("main").getByText("Checkout", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Start shopping" })).toBeVisible();
  });

  test("two tabs stay in step", async ({ context, page }, testInfo) => {
    const [item] = itemsFor(testInfo, 2);
    const tab = await context.newPage();
    await open(tab, "/cart");
    await expect(tab.getByTestId("cart-empty")).toBeVisible();
    await addFromProductPage(page, item, 2);
    await expect(tab.getByTestId("cart-count")).toHaveText("2");
    await expect(tab.locator(`main li[data-sku="${item.sku}"]`)).toBeVisible();
  });

  test("the cart says how far it is from free shipping", async ({ page }, testInfo) => {
    // The no-JS test uses the first item of this slot; this one's price is set here ($40;
    // the e2e store ships free from $100, the default).
    const [, item] = itemsFor(testInfo, 3);
    sql(`UPDATE variants SET price_minor = 4000, compare_at_minor = NULL WHERE sku = '${item.sku}'`);
    await addFromProductPage(page, item, 1);
    await open(page, "/cart");
    const progress = page.getByTestId("free-shipping");
    await expect(progress).toHaveText("You're $60.00 away from free shipping.");
    await line(page, item.sku).getByRole("button", { name: `One more ${item.name}` }).click();
    await expect(progress).toHaveText("You're $20.00 away from free shipping.");
    await line(page, item.sku).getByRole("button", { name: `One more ${item.name}` }).click();
    await expect(progress).toHaveText("Your order ships free (standard shipping).");
    // The drawer says the same.
    await page.getByTestId("cart-button").click();
    await expect(page.getByTestId("cart-drawer").getByTestId("free-shipping")).toHaveText("Your order ships free (standard shipping).");
  });
});

test("without JavaScript the cart page says it needs it", async ({ page }, testInfo) => {
  test.skip(jsEnabled(testInfo), "only meaningful without JavaScript");
  await open(page, "/cart");
  await expect(page.getByText("The cart needs JavaScript.", { exact: false })).toBeVisible();
  const item = itemsFor(testInfo, 3)[0];
  await open(page, `/p/${item.slug}`);
  await expect(page.getByText("Adding to the cart needs JavaScript.")).toBeVisible();
});
