import { expect, test } from "@playwright/test";
import { isPhone, jsEnabled, open, sql } from "./helpers";

// The product page's add-to-cart bar on phones and its share link. Each test runs on a desktop,
// a 320 px phone and without JavaScript.

/** A product in stock with one variant, read only (a guest cart takes no stock). */
function inStockProduct() {
  const [slug, name] = sql(`
    SELECT p.slug || '|' || p.name FROM variants v JOIN products p ON p.id = v.product_id
    WHERE p.active AND v.active AND v.stock_on_hand - v.stock_reserved > 5
      AND (SELECT count(*) FROM variants w WHERE w.product_id = p.id) = 1
      AND length(p.description) > 0
    ORDER BY p.id LIMIT 1`).split("|");
  return { slug, name };
}

test("on phones a bar offers Add to cart once the button has scrolled away", async ({ page }, testInfo) => {
  const { slug, name } = inStockProduct();
  await open(page, `/p/${slug}`);
  const bar = page.getByTestId("buy-bar");
  // Not while the page's own button is in view.
  await expect(page.getByTestId("add-to-cart")).toBeVisible();
  await expect(bar).toBeHidden();
  await page.getByRole("heading", { name: "Specifications" }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 400));
  if (!isPhone(testInfo)) {
    // Wide screens keep the button beside the gallery; without JavaScript nothing can be added.
    await expect(bar).toBeHidden();
    return;
  }
  await expect(bar).toBeVisible();
  await expect(bar).toContainText(name);
  await expect(bar).toContainText(/\$[0-9,]+\.[0-9]{2}/);
  const box = (await bar.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(Math.round(box.y + box.height)).toBe(viewport.height);
  expect(Math.round(box.width)).toBe(viewport.width);
  // Its button adds the chosen variant, like the page's own.
  await bar.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  // Back at the top it goes away again.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(bar).toBeHidden();
});

test("share a product: its link to copy, or by email", async ({ page, context }, testInfo) => {
  const { slug, name } = inStockProduct();
  await open(page, `/p/${slug}`);
  await page.getByText("Share", { exact: true }).click();
  const link = page.getByLabel("Link to this product");
  await expect(link).toHaveValue(new RegExp(`/p/${slug}$`));
  const email = page.getByRole("link", { name: "Email this product" });
  const href = (await email.getAttribute("href"))!;
  expect(href.startsWith("mailto:?subject=")).toBe(true);
  expect(decodeURIComponent(href)).toContain(name);
  expect(decodeURIComponent(href)).toContain(`/p/${slug}`);
  if (jsEnabled(testInfo)) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy" }).click();
    await expect(page.getByText("Link copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/p/${slug}$`));
  } else {
    await expect(page.getByRole("button", { name: "Copy" })).toBeHidden();
  }
});

test("the pictures open full screen, go by swipe, arrows or buttons, and zoom", async ({ page }, testInfo) => {
  const slug = "samsung-990-pro-nvme-ssd";
  const count = Number(sql(`SELECT count(*) FROM product_images i JOIN products p ON p.id = i.product_id WHERE p.slug = '${slug}'`));
  expect(count).toBeGreaterThan(1);
  await open(page, `/p/${slug}?image=2`);
  const box = page.getByTestId("lightbox");
  await expect(box).toBeHidden();
  await page.getByRole("button", { name: `Enlarge picture 2 of ${count}` }).click();
  await expect(box).toBeVisible();
  const viewport = page.viewportSize()!;
  const frame = (await box.boundingBox())!;
  expect([frame.x, frame.y, frame.width, frame.height].map(Math.round)).toEqual([0, 0, viewport.width, viewport.height]);
  await expect(box.getByTestId("lightbox-slide")).toHaveCount(count);
  const strip = box.getByRole("list", { name: "Pictures, one per screen" });
  // Which picture fills the strip (1-based), or 0 between two.
  const shown = () => strip.evaluate((el) => {
    const at = el.scrollLeft / el.clientWidth;
    return Math.abs(at - Math.round(at)) < 0.02 ? Math.round(at) + 1 : 0;
  });
  if (jsEnabled(testInfo)) {
    // It opens at the page's picture; ← and → and the buttons go between them; Tab stays inside.
    await expect.poll(shown).toBe(2);
    await expect(box.getByRole("button", { name: "Close the pictures" })).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(box.getByRole("button", { name: "Next picture" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(box.getByRole("button", { name: "Close the pictures" })).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect.poll(shown).toBe(1);
    await box.getByRole("button", { name: "Next picture" }).click();
    await expect.poll(shown).toBe(2);
    await box.getByRole("button", { name: "Previous picture" }).click();
  }
  await expect.poll(shown).toBe(1);
  // A swipe (here a sideways scroll) brings the next picture, snapped whole.
  await strip.hover();
  await page.mouse.wheel(Math.round(viewport.width * 0.6), 0);
  await expect.poll(shown).toBe(2);

  // A tap zooms the picture to more than twice the screen; Space on its switch zooms out.
  const slide = box.getByTestId("lightbox-slide").nth(1);
  const zoom = slide.getByRole("checkbox", { name: `Zoom picture 2 of ${count}` });
  await slide.locator("img").click();
  await expect(zoom).toBeChecked();
  await expect.poll(async () => (await slide.locator("img").boundingBox())!.width).toBeGreaterThan(viewport.width * 2);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-lightbox-zoomed.png` });
  await zoom.press("Space");
  await expect(zoom).not.toBeChecked();
  await expect.poll(async () => (await slide.locator("img").boundingBox())!.width).toBeLessThanOrEqual(viewport.width);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-lightbox.png` });

  // Escape closes it, back on the picture that opened it.
  await page.keyboard.press("Escape");
  await expect(box).toBeHidden();
  await expect(page.getByTestId("enlarge")).toBeFocused();
});
