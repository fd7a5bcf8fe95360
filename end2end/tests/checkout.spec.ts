import { expect, test, type Page } from "@playwright/test";
import { addFromProductPage, emailedLink, isPhone, fillGuestDetails, itemsFor, jsEnabled, open, PASSWORD, signUp, sql, toCheckout, uniqueEmail, type Item, settle } from "./helpers";

// Products for these tests sit after the cart spec's (itemsFor's `base`).
const BASE = 128;

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "checkout needs JavaScript");
});

function reserved(sku: string): number {
  return Number(sql(`SELECT stock_reserved FROM variants WHERE sku = '${sku}'`));
}

/** Places the order; ends on the test provider's page, whose amount must equal the total. */
async function placeAndReachPayment(page: Page): Promise<string> {
  // The totals follow what was typed (tax by region): wait until they are recomputed.
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("place-order")).toBeEnabled();
  const total = (await page.getByTestId("checkout-total").innerText()).trim();
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/pay\/test\/cs_test_oxcart_/);
  await expect(page.getByTestId("pay-amount")).toHaveText(total);
  return total;
}

async function guestCheckout(page: Page, item: Item, quantity: number, email: string) {
  await addFromProductPage(page, item, quantity);
  await toCheckout(page);
  await fillGuestDetails(page, email);
  return placeAndReachPayment(page);
}

test("a guest checks out and pays; the confirmation shows the same total", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 0, BASE);
  await addFromProductPage(page, item, 2);
  await toCheckout(page);

  // Mistakes are shown per field and nothing typed is lost.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByTestId("place-order").click();
  await expect(page.getByTestId("checkout-error-summary")).toContainText("Email:");
  await expect(page.getByLabel("Full name")).toHaveValue("Grace Hopper");
  const email = uniqueEmail(testInfo, "guest");
  await fillGuestDetails(page, email);

  // Express shipping changes the total, computed by the server.
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  const standard = await page.getByTestId("checkout-total").innerText();
  await page.getByLabel(/Express/).check();
  await expect(page.getByTestId("checkout-total")).not.toHaveText(standard);

  const total = await placeAndReachPayment(page);
  expect(reserved(item.sku)).toBe(2);
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  // Back on the order page: it is a lazily loaded route, live once hydrated.
  await settle(page);
  await expect(page).toHaveURL(/\/orders\/OX-[0-9A-Z]{4}-[0-9A-Z]{4}\?key=/);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByTestId("order-total")).toHaveText(total);
  await expect(page.getByRole("heading", { name: /Thank you/ })).toBeVisible();
  // Each line shows its product's picture; the times are written in the visitor's own time
  // zone and language once the page is live (the server can only write UTC).
  await expect(page.getByTestId("order-lines").locator("li img").first()).toBeVisible();
  const placed = page.locator("header time").first();
  await expect(placed).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
  await expect(placed).not.toContainText("UTC");
  // A guest is offered an account that would keep this order.
  await expect(page.getByTestId("account-offer")).toContainText(email);
  expect(reserved(item.sku)).toBe(0);
  expect(Number(sql(`SELECT stock_on_hand FROM variants WHERE sku = '${item.sku}'`))).toBe(28);
  // The cart is empty now.
  await expect(page.getByTestId("cart-count")).toBeHidden();
  // The "paid" email opens the order too, in a browser that has never seen it (its link
  // once lacked the private key: "Order not found").
  const link = await emailedLink(page, email, "order-status");
  expect(link).toMatch(/\/orders\/OX-[0-9A-Z]{4}-[0-9A-Z]{4}\?key=[0-9a-f]{64}$/);
  const elsewhere = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const guest = await elsewhere.newPage();
  await open(guest, link);
  await expect(guest.getByTestId("order-status")).toHaveText("Paid");
  await elsewhere.close();
});

test("checkout has its own header, asks for the country first and folds a summary on phones", async ({ page }, testInfo) => {
  // Its own item (base 192, slot 2): itemsFor resets the stock, which other tests count.
  const [item] = itemsFor(testInfo, 2, 192);
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await expect(page.getByTestId("checkout-header")).toContainText("Secure checkout");
  await expect(page.getByLabel("Search products")).toHaveCount(0);
  await expect(page.getByTestId("cart-button")).toHaveCount(0);
  const country = await page.locator("#ship-country").boundingBox();
  const name = await page.locator("#ship-name").boundingBox();
  expect(country!.y).toBeLessThan(name!.y);

  const summary = page.getByTestId("phone-summary");
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  if (isPhone(testInfo)) {
    const total = (await page.getByTestId("checkout-total").innerText()).trim();
    await expect(page.getByTestId("phone-summary-total")).toHaveText(total);
    await expect(summary.locator(`li[data-sku="${item.sku}"]`)).toBeHidden();
    await summary.locator("summary").click();
    await expect(summary.locator(`li[data-sku="${item.sku}"] img`)).toBeVisible();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-checkout-phone-summary.png`, fullPage: true });
  } else {
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-checkout-header.png`, fullPage: true });
    await expect(summary).toBeHidden();
  }
  await page.getByRole("link", { name: "Back to cart" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId("cart-button")).toBeVisible();
});

test("a signed-in shopper checks out with a saved address and finds the order in the account", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 1, BASE);
  const email = uniqueEmail(testInfo, "buyer");
  await signUp(page, email);
  await page.getByRole("link", { name: "Addresses" }).click();
  await page.getByRole("button", { name: "Add an address" }).click();
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Street address").fill("12 Market Street");
  await page.getByLabel("City").fill("New York");
  await page.getByLabel("State", { exact: true }).selectOption("NY");
  await page.getByLabel("Postal code").fill("10001");
  await page.getByLabel("Country").selectOption("US");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByTestId("addresses").locator("li")).toHaveCount(1);

  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await expect(page.getByTestId("checkout-email")).toHaveText(email);
  await expect(page.getByRole("radio", { name: /12 Market Street/ })).toBeChecked();
  // New York's rate (4 %) applies.
  await expect(page.getByText("Tax (4.00 %)")).toBeVisible();
  const total = await placeAndReachPayment(page);
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  // Back on the order page: it is a lazily loaded route, live once hydrated.
  await settle(page);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  const number = await page.getByTestId("order-number").innerText();

  // The account opens on its orders: each with its lines, its total and "Buy again", which
  // puts the order back in the (now empty) cart and goes there.
  await open(page, "/account");
  const card = page.locator(`[data-order="${number}"]`);
  await expect(card).toContainText(total);
  await expect(card.getByRole("list", { name: "Items" })).toContainText(item.name);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-account-orders.png`, fullPage: true });
  await expect(page.getByTestId("cart-count")).toBeHidden();
  await card.getByRole("button", { name: `Buy order ${number} again` }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.locator(`main li[data-sku="${item.sku}"]`).getByTestId("line-quantity")).toHaveText("1");
  await expect(page.getByTestId("cart-count")).toHaveText("1");

  await open(page, "/account/orders");
  await page.locator(`[data-order="${number}"]`).getByRole("link", { name: number }).click();
  await expect(page.getByTestId("order-number")).toHaveText(number);
});

test("a declined payment cancels the order and gives the stock back", async ({ page }, testInfo) => {
  const [item] = itemsFor(testInfo, 2, BASE);
  await guestCheckout(page, item, 1, uniqueEmail(testInfo, "declined"));
  expect(reserved(item.sku)).toBe(1);
  await page.getByRole("button", { name: /^Decline/ }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  expect(reserved(item.sku)).toBe(0);
});

test("an abandoned payment holds the stock until the reservation ends", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 3, BASE);
  await guestCheckout(page, item, 3, uniqueEmail(testInfo, "abandoned"));
  await page.getByRole("button", { name: /^Abandon/ }).click();
  // Back on the order page: it is a lazily loaded route, live once hydrated.
  await settle(page);
  await expect(page.getByText("You left the payment page. Nothing was charged.")).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Awaiting payment");
  await expect(page.getByTestId("pay-now")).toBeVisible();
  expect(reserved(item.sku)).toBe(3);
  // The e2e server holds stock for 20 seconds (OXCART_RESERVATION_SECS in playwright.config.ts).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("order-status")).toHaveText("Cancelled", { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  expect(reserved(item.sku)).toBe(0);
});

test("a shopper cancels an unpaid order after confirming, and the stock comes back", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  // The declined-payment test uses the first item of this slot.
  const [, item] = itemsFor(testInfo, 2, BASE);
  await guestCheckout(page, item, 2, uniqueEmail(testInfo, "cancels"));
  await page.getByRole("button", { name: /^Abandon/ }).click();
  // Back on the order page: it is a lazily loaded route, live once hydrated.
  await settle(page);
  await expect(page.getByTestId("order-status")).toHaveText("Awaiting payment");
  expect(reserved(item.sku)).toBe(2);
  // The first click only asks; "Keep the order" changes nothing.
  await page.getByTestId("cancel-order").click();
  await expect(page.getByTestId("confirm-cancel")).toBeFocused();
  await page.getByRole("button", { name: "Keep the order" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Awaiting payment");
  expect(reserved(item.sku)).toBe(2);
  await page.getByTestId("cancel-order").click();
  await page.getByTestId("confirm-cancel").click();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  expect(reserved(item.sku)).toBe(0);
});

test("a refused order lists every mistake at once and takes the shopper to the first", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  // The abandoned-payment test uses the first item of this slot, the sign-in test the fourth.
  const [, , item] = itemsFor(testInfo, 3, BASE);
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  const email = uniqueEmail(testInfo, "hasty");
  await page.getByLabel("Email").fill(email);
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  // On a phone the button is far below the address fields.
  await page.getByTestId("place-order").click();
  const summary = page.getByTestId("checkout-error-summary");
  await expect(summary.getByRole("link")).toHaveText([
    "Full name: Enter the full name.",
    "Address: Enter the street address.",
    "City: Enter the city.",
    "State: Choose the state.",
    "Postal code: Enter the postal code.",
  ]);
  await expect(summary).toContainText("Please correct 5 fields");
  const name = page.getByLabel("Full name");
  await expect(name).toBeFocused();
  await expect(name).toBeInViewport();
  for (const field of ["Full name", "City", "Postal code"]) {
    await expect(page.getByLabel(field)).toHaveAttribute("aria-invalid", "true");
  }
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "false");
  // Each entry of the summary leads to its field.
  await summary.getByRole("link", { name: /^Postal code/ }).click();
  await expect(page.getByLabel("Postal code")).toBeFocused();
  // Nothing typed was lost; once corrected, the order goes through.
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await fillGuestDetails(page, email);
  await placeAndReachPayment(page);
});

test("signing in from checkout comes back to checkout with the saved address chosen", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const [, , , item] = itemsFor(testInfo, 3, BASE);
  const email = uniqueEmail(testInfo, "returning");
  await signUp(page, email);
  await page.getByRole("link", { name: "Addresses" }).click();
  await page.getByRole("button", { name: "Add an address" }).click();
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Street address").fill("7 Return Road");
  await page.getByLabel("City").fill("Albany");
  await page.getByLabel("State", { exact: true }).selectOption("NY");
  await page.getByLabel("Postal code").fill("12207");
  await page.getByLabel("Country").selectOption("US");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByTestId("addresses").locator("li")).toHaveCount(1);
  // "Sign out" is on every tab of the account.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);

  // As a guest again: the cart, checkout, and "Sign in to use saved addresses".
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await page.getByRole("link", { name: "Sign in", exact: true }).last().click();
  await expect(page).toHaveURL(/\/account\/sign-in\?next=%2Fcheckout$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByTestId("checkout-email")).toHaveText(email);
  await expect(page.getByRole("radio", { name: /7 Return Road/ })).toBeChecked();
  await expect(page.getByTestId("review-lines").locator(`li[data-sku="${item.sku}"]`)).toBeVisible();
});
