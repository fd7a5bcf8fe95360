import { expect, test } from "@playwright/test";
import { addFromProductPage, fillGuestDetails, itemsFor, jsEnabled, sql, STRIPE_DATABASE_URL, STRIPE_STORE_URL, toCheckout, uniqueEmail } from "./helpers";

// A second store, offering card (Stripe) and PayPal, talks to a local fake of Stripe's API and hosted
// Checkout (`server fake-stripe`), which delivers signed webhooks to /webhooks/stripe.
test.use({ baseURL: STRIPE_STORE_URL });

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "checkout needs JavaScript");
});

test("paying on Stripe's hosted Checkout ends with the order paid", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 0, 0, STRIPE_DATABASE_URL);
  await addFromProductPage(page, item, 2);
  await toCheckout(page);
  await fillGuestDetails(page, uniqueEmail(testInfo, "stripe"));
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  const total = (await page.getByTestId("checkout-total").innerText()).trim();
  await page.getByTestId("place-order").click();

  // Stripe's page (the fake's) asks for the same total the store showed.
  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);
  await expect(page.getByTestId("stripe-total")).toHaveText(total);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-pay-stripe.png`, fullPage: true });
  const reserved = () => Number(sql(`SELECT stock_reserved FROM variants WHERE sku = '${item.sku}'`, STRIPE_DATABASE_URL));
  expect(reserved()).toBe(2);
  await page.getByRole("button", { name: /^Pay / }).click();

  await expect(page).toHaveURL(/\/orders\/OX-[0-9A-Z]{4}-[0-9A-Z]{4}\?key=.*session=cs_test_/);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByTestId("order-total")).toHaveText(total);
  expect(reserved()).toBe(0);
  const number = await page.getByTestId("order-number").innerText();
  expect(sql(`SELECT payment_provider || ' ' || status FROM orders WHERE number = '${number}'`, STRIPE_DATABASE_URL)).toBe("stripe paid");
});
