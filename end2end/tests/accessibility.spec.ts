import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addFromProductPage, jsEnabled, open, signIn, sql, toCheckout, type Item } from "./helpers";

// axe-core (WCAG 2.1 A and AA rules) on the main pages, at 1280 and 320 px: no serious or
// critical violation. Each failure names the rule, its impact and the elements at fault.

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("\n    ")}`);
  expect(serious, `${what}:\n${serious.join("\n")}`).toEqual([]);
}

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "axe runs in the page");
});

test("the storefront's pages have no serious accessibility violations", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // Any product in stock, read only (adding to a cart takes no stock from other tests).
  const [slug, sku, name] = sql(`
    SELECT p.slug || '|' || v.sku || '|' || p.name FROM variants v JOIN products p ON p.id = v.product_id
    WHERE p.active AND v.active AND v.stock_on_hand - v.stock_reserved > 5
      AND (SELECT count(*) FROM variants w WHERE w.product_id = p.id) = 1
    ORDER BY p.id LIMIT 1`).split("|");
  const item: Item = { slug, sku, name };
  for (const path of ["/", "/c/graphics-cards", "/search?q=keyboard", "/search?q=zzzzqqq", `/p/${item.slug}`, "/help/returns", "/account/sign-in", "/account/sign-up", "/no-such-page"]) {
    await open(page, path);
    await expectNoSeriousViolations(page, path);
  }
  await addFromProductPage(page, item, 1);
  await open(page, "/cart");
  await expectNoSeriousViolations(page, "/cart");
  await toCheckout(page);
  await expectNoSeriousViolations(page, "/checkout");
  // With every checkout mistake on show.
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expectNoSeriousViolations(page, "/checkout with mistakes");
});

test("the dashboard's pages have no serious accessibility violations", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  test.skip(testInfo.project.name !== "desktop" && testInfo.project.name !== "mobile");
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  for (const path of ["/account", "/account/profile", "/admin", "/admin/orders", "/admin/products", "/admin/inventory", "/admin/analytics", "/admin/store", "/admin/accounts", "/admin/audit"]) {
    await open(page, path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await expectNoSeriousViolations(page, path);
  }
});
