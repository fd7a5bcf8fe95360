import { expect, test } from "@playwright/test";
import { jsEnabled, open } from "./helpers";

// Search as you type: after two characters the header's search box suggests the (corrected)
// search, categories and products with picture and price; keyboard first. Runs on a desktop,
// a 320 px phone and without JavaScript (where the box is a plain search form).

test("suggestions while typing, chosen with the keyboard", async ({ page }, testInfo) => {
  await open(page, "/");
  const box = page.getByRole("combobox", { name: "Search products" });
  if (!jsEnabled(testInfo)) {
    await box.fill("kebyoard");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=kebyoard$/);
    await expect(page.getByText("Showing results for")).toContainText("keyboard");
    return;
  }
  const list = page.getByRole("listbox", { name: "Suggestions" });
  // One character suggests nothing.
  await box.pressSequentially("k");
  await page.waitForTimeout(400);
  await expect(list).toBeHidden();
  await expect(box).toHaveAttribute("aria-expanded", "false");
  // A misspelt word: the search offered is the corrected one, then categories and products.
  await box.pressSequentially("ebyoard");
  await expect(list).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  const options = list.getByRole("option");
  await expect(options.first()).toHaveText(/Search for\s*keyboard/);
  await expect(list.getByRole("option", { name: /^In\s*Keyboards$/ })).toBeVisible();
  const products = list.getByRole("option").filter({ hasText: "$" });
  await expect(products.first()).toBeVisible();
  expect(await products.count()).toBeLessThanOrEqual(5);
  await expect(products.first().locator("img")).toHaveCount(1);
  // Arrow keys move through them; the box says which one is active.
  await box.press("ArrowDown");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", "suggestion-0");
  await box.press("ArrowUp");
  await expect(options.last()).toHaveAttribute("aria-selected", "true");
  // Escape closes the list; typing again opens it.
  await box.press("Escape");
  await expect(list).toBeHidden();
  await box.press("Backspace");
  await box.pressSequentially("d");
  await expect(list).toBeVisible();
  // Enter on a product opens it.
  const firstProduct = products.first();
  const name = (await firstProduct.locator("span.truncate").innerText()).trim();
  const index = Number((await firstProduct.getAttribute("id"))!.replace("suggestion-", ""));
  for (let i = 0; i <= index; i++) await box.press("ArrowDown");
  await expect(firstProduct).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/p\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(list).toBeHidden();
  // Enter without a chosen suggestion searches, as the form always did.
  await box.fill("");
  await box.pressSequentially("mouse");
  await expect(list).toBeVisible();
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=mouse$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("mouse");
  // A click on a category suggestion opens it.
  await box.fill("");
  await box.pressSequentially("headset");
  await list.getByRole("option", { name: /^In\s*Headsets$/ }).click();
  await expect(page).toHaveURL(/\/c\/headsets$/);
});
