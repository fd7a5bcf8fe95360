import { expect, test } from "@playwright/test";
import { addFromProductPage, fillGuestDetails, itemsFor, jsEnabled, settle, sql, STRIPE_DATABASE_URL, STRIPE_STORE_URL, toCheckout, uniqueEmail } from "./helpers";

// The store that offers card (Stripe) and PayPal, each through a local fake of the provider
// (`server fake-stripe`, `server fake-paypal`) that delivers its webhooks to the store.
test.use({ baseURL: STRIPE_STORE_URL });

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "checkout needs JavaScript");
});

const providerAndStatus = (number: string) =>
  sql(`SELECT payment_provider || ' ' || status FROM orders WHERE number = '${number}'`, STRIPE_DATABASE_URL);

test("choosing PayPal and approving on PayPal's page ends with the order paid", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 1, 0, STRIPE_DATABASE_URL);
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await fillGuestDetails(page, uniqueEmail(testInfo, "paypal"));
  // Both ways to pay are offered, card first; the choice survives editing the form.
  const methods = page.getByTestId("payment-methods");
  await expect(methods.getByRole("radio", { name: /Card/ })).toBeChecked();
  await methods.getByRole("radio", { name: /PayPal/ }).check();
  await page.getByLabel("City").fill("San Francisco");
  await expect(methods.getByRole("radio", { name: /PayPal/ })).toBeChecked();
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  const total = (await page.getByTestId("checkout-total").innerText()).trim();
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-checkout-payment-methods.png`, fullPage: true });
  await page.getByTestId("place-order").click();

  // PayPal's page (the fake's) asks for the same total.
  await expect(page).toHaveURL(/\/checkoutnow\?token=[0-9A-Z]+/);
  await expect(page.getByTestId("paypal-total")).toContainText(total.replace(/[^0-9.]/g, ""));
  await page.getByRole("button", { name: "Pay with PayPal" }).click();

  await expect(page).toHaveURL(/\/orders\/OX-[0-9A-Z]{4}-[0-9A-Z]{4}\?key=.*token=/);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByTestId("order-total")).toHaveText(total);
  const number = await page.getByTestId("order-number").innerText();
  expect(providerAndStatus(number)).toBe("paypal paid");
});

test("cancelling on PayPal's page and paying by card from the order page instead", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 2, 0, STRIPE_DATABASE_URL);
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await fillGuestDetails(page, uniqueEmail(testInfo, "paypal-cancel"));
  await page.getByTestId("payment-methods").getByRole("radio", { name: /PayPal/ }).check();
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/checkoutnow\?token=/);
  await page.getByRole("button", { name: "Cancel and return to the store" }).click();

  // Back on the order, still waiting: pay with PayPal again, or by card instead.
  await expect(page).toHaveURL(/\/orders\/OX-.*cancelled=1/);
  // A full page load from PayPal's page: its buttons work once it has hydrated.
  await settle(page);
  await expect(page.getByText("You left the payment page. Nothing was charged.")).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Awaiting payment");
  await expect(page.getByTestId("pay-now")).toHaveText("Pay now with PayPal");
  const number = await page.getByTestId("order-number").innerText();
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-order-pay-another-way.png`, fullPage: true });
  await page.getByTestId("pay-with-stripe").click();

  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/orders\/OX-.*session=cs_test_/);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  expect(providerAndStatus(number)).toBe("stripe paid");
});
