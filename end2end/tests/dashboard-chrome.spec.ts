import { expect, test } from "@playwright/test";
import { dashboardNav, isPhone, open, signIn } from "./helpers";

// The dashboard's own frame: a sidebar on wide screens, a "Menu" on phones, none of the
// storefront's header, search, category bar or footer. Desktop, 320 px phone, no JavaScript.

test("the dashboard has its own frame: a sidebar on wide screens, a menu on phones", async ({ page }, testInfo) => {
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  await open(page, "/admin/orders");
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Search products" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Categories" })).toHaveCount(0);
  await expect(page.getByTestId("announcement")).toHaveCount(0);
  await expect(page.locator("footer")).toHaveCount(0);

  const phone = isPhone(testInfo);
  await expect(page.getByTestId("admin-menu")).toBeVisible({ visible: phone });
  const nav = await dashboardNav(page);
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link", { name: "Orders" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Products" })).not.toHaveAttribute("aria-current", "page");
  await expect(page.getByText("admin@oxcart.test", { exact: true }).filter({ visible: true })).toHaveCount(1);
  const heading = (await page.getByRole("heading", { level: 1, name: "Orders" }).boundingBox())!;
  const links = (await nav.boundingBox())!;
  if (phone) {
    // The menu opens in the page's flow, within the screen: it pushes the page down and
    // covers nothing.
    expect(links.x + links.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    expect(links.y + links.height).toBeLessThanOrEqual(heading.y);
  } else {
    // A column on the left of the page.
    expect(links.x + links.width).toBeLessThanOrEqual(heading.x);
  }
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-dashboard-chrome.png` });

  // A section's own pages belong to it: a product's editor to Products.
  await nav.getByRole("link", { name: "Products" }).click();
  await expect(page).toHaveURL(/\/admin\/products$/);
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await expect(page.getByTestId("admin-menu")).not.toHaveAttribute("open");
  await open(page, "/admin/products/new");
  await expect((await dashboardNav(page)).getByRole("link", { name: "Products" })).toHaveAttribute("aria-current", "page");

  // The way back to the shop, which has its header again.
  await page.getByRole("link", { name: "View the store" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("combobox", { name: "Search products" })).toBeVisible();
  await expect(page.locator("footer")).toBeVisible();
});
