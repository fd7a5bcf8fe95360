import { expect, test } from "@playwright/test";
import { jsEnabled, open, signIn } from "./helpers";

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the dashboard's forms need JavaScript");
});

test("an admin creates a product with two variants and finds it in the shop", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const tag = `${testInfo.project.name}${Date.now().toString(36)}`.toUpperCase();
  const name = `Glidepoint ${tag} Mouse`;
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  await open(page, "/admin/products");
  await page.getByRole("link", { name: "New product" }).click();
  await expect(page.getByRole("heading", { name: "New product" })).toBeVisible();

  // Mistakes are reported next to their fields, and what was typed stays.
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Specifications").fill("Weight 60 g");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText("Enter the brand.")).toBeVisible();
  await expect(page.getByText('Line 1: write it as "Name: value".')).toBeVisible();
  await expect(page.getByText("Choose a category.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(name);

  await page.getByLabel("Brand").fill("Oxcart Labs");
  await page.getByLabel("Category").selectOption({ label: "Peripherals › Mice" });
  await page.getByLabel("Specifications").fill("Weight: 60 g\nSensor: optical");
  await page.getByLabel("Description").fill("A light mouse made for testing.");
  await page.getByLabel("SKU").fill(`GP-${tag}-BLK`);
  await page.getByLabel("Options").fill("Colour: Black");
  await page.getByLabel("Price", { exact: true }).fill("39.99");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();

  // A second variant.
  const add = page.getByRole("form", { name: "New variant" });
  await add.getByLabel("SKU").fill(`GP-${tag}-WHT`);
  await add.getByLabel("Options").fill("Colour: White");
  await add.getByLabel("Price", { exact: true }).fill("41.50");
  await add.getByRole("button", { name: "Add variant" }).click();
  await expect(page.getByTestId("variants").locator("li")).toHaveCount(2);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-product-editor.png`, fullPage: true });

  // The shop finds it by name, with both colours.
  await open(page, `/search?q=${encodeURIComponent(`glidepoint ${tag}`)}`);
  await page.getByRole("link", { name }).first().click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("White")).toBeVisible();
});
