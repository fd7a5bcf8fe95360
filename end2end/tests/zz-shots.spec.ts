import { test } from "@playwright/test";
import { addFromProductPage, open, signIn, sql, toCheckout, type Item } from "./helpers";

test("shots", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const n = testInfo.project.name;
  if (n === "no-js") return;
  const [slug, sku, name] = sql(`SELECT p.slug || '|' || v.sku || '|' || p.name FROM variants v JOIN products p ON p.id = v.product_id WHERE p.slug = 'samsung-990-pro-nvme-ssd' LIMIT 1`).split("|");
  const item: Item = { slug, sku, name };
  await open(page, "/");
  await page.screenshot({ path: `screenshots/zz-${n}-home.png` });
  await page.locator("footer").screenshot({ path: `screenshots/zz-${n}-footer.png` });
  await open(page, `/p/${slug}`);
  await page.screenshot({ path: `screenshots/zz-${n}-product.png`, fullPage: true });
  await open(page, "/help/shipping");
  await page.screenshot({ path: `screenshots/zz-${n}-help.png`, fullPage: true });
  await addFromProductPage(page, item, 1);
  await toCheckout(page);
  await page.getByRole("heading", { name: "3. Shipping" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/zz-${n}-checkout-shipping.png` });
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  for (const p of ["store", "products", "accounts", "audit"]) {
    await open(page, `/admin/${p}`);
    await page.screenshot({ path: `screenshots/zz-${n}-admin-${p}.png`, fullPage: n === "desktop" });
  }
});
