import { expect, test } from "@playwright/test";
import { itemsFor, jsEnabled, open, signIn, sql } from "./helpers";

// Products for these tests sit after the checkout spec's.
const BASE = 256;

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the dashboard's forms need JavaScript");
});

test("an admin adjusts stock, sees the ledger, and gets a low-stock alert", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const [item] = itemsFor(testInfo, 0, BASE);
  sql(`UPDATE variants SET low_stock_threshold = 5 WHERE sku = '${item.sku}'`);
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");

  // Find the variant by name.
  await open(page, "/admin/inventory");
  await page.getByLabel("SKU or product name").fill(item.sku);
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByTestId("stock-list").getByRole("link", { name: new RegExp(item.name) }).click();
  await expect(page.getByTestId("stock-sku")).toHaveText(item.sku);
  await expect(page.getByTestId("stock-on")).toHaveText("30");

  // Goods received: +12.
  await page.getByLabel("What happened").selectOption("receipt");
  await page.getByLabel("Units").fill("12");
  await page.getByLabel("Reason").fill("delivery 4411");
  await page.getByRole("button", { name: "Save adjustment" }).click();
  await expect(page.getByText(`Saved. ${item.sku} now has 42 on hand.`)).toBeVisible();
  await expect(page.getByTestId("stock-on")).toHaveText("42");
  const newest = page.getByTestId("ledger").locator("tbody tr").first();
  await expect(newest).toContainText("Received");
  await expect(newest).toContainText("+12");
  await expect(newest).toContainText("delivery 4411");

  // A count without a reason is refused, and what was typed stays.
  await page.getByLabel("What happened").selectOption("count");
  await page.getByLabel("Units").fill("3");
  await page.getByLabel("Reason").fill("");
  await page.getByRole("button", { name: "Save adjustment" }).click();
  await expect(page.getByText("Say why")).toBeVisible();
  await expect(page.getByLabel("Units")).toHaveValue("3");
  await page.getByLabel("Reason").fill("shelf count");
  await page.getByRole("button", { name: "Save adjustment" }).click();
  await expect(page.getByTestId("stock-on")).toHaveText("3");
  await expect(page.getByTestId("ledger").locator("tbody tr").first()).toContainText("-39");

  // 3 is under the threshold of 5: the dashboard shows the alert.
  await open(page, "/admin");
  await expect(page.getByTestId("alerts").getByRole("link", { name: new RegExp(item.sku) }).first()).toBeVisible();
  // And the ledger still adds up.
  expect(
    sql(`SELECT v.stock_on_hand - sum(m.delta) FROM variants v JOIN stock_movements m ON m.variant_id = v.id
         WHERE v.sku = '${item.sku}' GROUP BY v.stock_on_hand`),
  ).toBe("0");
});
