import { expect, test } from "@playwright/test";
import { addFromProductPage, fillGuestDetails, itemsFor, jsEnabled, open, signIn, toCheckout, uniqueEmail, settle } from "./helpers";

// Products for these tests: slot 1 of the inventory spec's range (it uses slot 0).
const BASE = 256;

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "checkout and the dashboard's forms need JavaScript");
});

test("an admin ships an order and the customer's page shows it", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  // A guest buys and pays.
  const [item] = itemsFor(testInfo, 1, BASE);
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await fillGuestDetails(page, uniqueEmail(testInfo, "shipme"));
  await expect(page.getByTestId("place-order")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("place-order").click();
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  // Back on the order page: it is a lazily loaded route, live once hydrated.
  await settle(page);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  const number = await page.getByTestId("order-number").innerText();

  // The admin, in another browser, finds it and moves it along.
  const staff = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const admin = await staff.newPage();
  await signIn(admin, "admin@oxcart.test", "oxcart-admin-demo");
  await open(admin, "/admin/orders");
  // Status tabs; the search keeps the tab.
  await admin.getByRole("navigation", { name: "Orders by status" }).getByRole("link", { name: "Paid", exact: true }).click();
  await expect(admin).toHaveURL(/status=paid/);
  await admin.getByLabel("Number or email").fill(number);
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(admin).toHaveURL(/status=paid/);
  const row = admin.getByTestId("admin-orders").locator(`tr[data-order="${number}"]`);
  await expect(admin.getByTestId("admin-orders").locator("tbody tr")).toHaveCount(1);
  if (testInfo.project.name === "desktop") {
    await expect(row).toContainText("To prepare");
    await expect(row).toContainText("Paid");
  }
  if (process.env.SCREENSHOTS) await admin.screenshot({ path: `screenshots/${testInfo.project.name}-admin-orders.png`, fullPage: true });
  await row.getByRole("link", { name: number }).click();
  await expect(admin.getByTestId("admin-order-status")).toHaveText("Paid");
  // Only the valid next steps are offered.
  await expect(admin.getByRole("button", { name: "Mark shipped" })).toHaveCount(0);
  // Cancelling asks first; leaving the question unanswered changes nothing.
  await admin.getByText("Cancel order", { exact: true }).click();
  await expect(admin.getByRole("group", { name: "Confirm the cancellation" })).toContainText("This cannot be undone.");
  await admin.getByText("Cancel order", { exact: true }).click();
  await expect(admin.getByRole("button", { name: "Yes, cancel the order" })).toBeHidden();
  await admin.getByRole("button", { name: "Start processing" }).click();
  await expect(admin.getByTestId("admin-order-status")).toHaveText("Being prepared");
  // Every action says what it did.
  await expect(admin.getByTestId("toast")).toHaveText(/Marked being prepared/);
  // Shipping needs a tracking number; what was typed stays.
  await admin.getByLabel("Carrier").fill("UPS");
  await admin.getByRole("button", { name: "Mark shipped" }).click();
  // (The browser asks for it first; the server refuses it too, see server/tests/admin_orders.rs.)
  expect(await admin.getByLabel("Tracking number").evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
  await expect(admin.getByTestId("admin-order-status")).toHaveText("Being prepared");
  await expect(admin.getByLabel("Carrier")).toHaveValue("UPS");
  await admin.getByLabel("Tracking number").fill("1Z999AA10123456784");
  await admin.getByRole("button", { name: "Mark shipped" }).click();
  await expect(admin.getByTestId("admin-order-status")).toHaveText("Shipped");
  await expect(admin.getByTestId("toast")).toHaveText(/Marked shipped · customer emailed with the tracking link/);
  await expect(admin.getByTestId("track-parcel")).toHaveAttribute("href", /ups\.com\/track\?tracknum=1Z999AA10123456784$/);
  await admin.getByLabel("Internal note").fill("fragile, double boxed");
  await admin.getByRole("button", { name: "Add note" }).click();
  await expect(admin.getByTestId("admin-order-history")).toContainText("Internal note: fragile, double boxed");
  await expect(admin.getByTestId("toast")).toHaveText(/Note added · only staff see it/);
  await admin.getByTestId("toast").getByRole("button", { name: "Dismiss" }).click();
  await expect(admin.getByTestId("toast")).toHaveCount(0);
  // Saved, the note leaves the field (a second click must not add it again).
  await expect(admin.getByLabel("Internal note")).toHaveValue("");
  // Printed, the page is a packing slip: where it goes and what is in it, without prices or
  // the staff's controls.
  const slip = admin.getByTestId("packing-slip");
  await expect(slip).toBeHidden();
  await admin.emulateMedia({ media: "print" });
  await expect(slip).toBeVisible();
  await expect(slip).toContainText(item.sku);
  await expect(slip).toContainText(number);
  await expect(slip).not.toContainText("$");
  await expect(admin.getByRole("heading", { name: "Next step" })).toBeHidden();
  if (process.env.SCREENSHOTS) await admin.screenshot({ path: `screenshots/${testInfo.project.name}-packing-slip.png`, fullPage: true });
  await admin.emulateMedia({ media: "screen" });
  if (process.env.SCREENSHOTS) await admin.screenshot({ path: `screenshots/${testInfo.project.name}-admin-order.png`, fullPage: true });
  // The sale counts in today's analytics, drawn as two labelled charts.
  await open(admin, "/admin/analytics");
  expect(Number(await admin.getByTestId("figure-orders").innerText())).toBeGreaterThan(0);
  await expect(admin.getByRole("img", { name: /Revenue per day, 30 days/ })).toBeVisible();
  await expect(admin.getByRole("img", { name: /Orders per day, 30 days/ })).toBeVisible();
  await expect(admin.getByTestId("top-products")).toBeVisible();
  await staff.close();

  // The customer's page changed, shows the tracking number, and no internal note.
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveText("Shipped");
  await expect(page.getByTestId("shipment")).toHaveText("Shipped with UPS · 1Z999AA10123456784");
  await expect(page.getByTestId("track-parcel")).toHaveAttribute("href", "https://www.ups.com/track?tracknum=1Z999AA10123456784");
  await expect(page.getByText("fragile, double boxed")).toHaveCount(0);
});
