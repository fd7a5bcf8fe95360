import { expect, test } from "@playwright/test";
import { cardPrices, itemsFor, jsEnabled, open, showFilters, sql } from "./helpers";

// Each test runs in three projects: desktop, a 320 px phone, and JavaScript disabled.

test("browse from the home page into a category", async ({ page }) => {
  await open(page, "/");
  await expect(page.getByRole("heading", { name: "Shop by category" })).toBeVisible();
  // Nothing sticks out sideways, at 320 px too (the category tiles once did).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole("link", { name: /^PC Components/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "PC Components" })).toBeVisible();
  await page.getByRole("navigation", { name: "Subcategories" }).getByRole("link", { name: "Graphics Cards" }).click();
  await expect(page).toHaveURL(/\/c\/graphics-cards$/);
  await expect(page.getByRole("heading", { level: 1, name: "Graphics Cards" })).toBeVisible();
  await expect(page.locator("main article")).toHaveCount(12);
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("PC Components");
});

test("search tolerates a typo", async ({ page }) => {
  await open(page, "/");
  const box = page.getByRole("combobox", { name: "Search products" });
  await box.fill("kebyoard");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=kebyoard/);
  await expect(page.getByText("Showing results for")).toContainText("keyboard");
  const names = await page.locator("main article h3").allInnerTexts();
  expect(names.length).toBeGreaterThan(4);
  for (const name of names) expect(name.toLowerCase()).toContain("keyboard");
  await expect(page.getByRole("combobox", { name: "Search products" })).toHaveValue("kebyoard");
  // The shopper may insist on the words as typed.
  await page.getByRole("link", { name: "Search instead for kebyoard" }).click();
  await expect(page).toHaveURL(/\/search\?q=kebyoard&exact=1$/);
  await expect(page.getByText("Showing results for")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Nothing matches “kebyoard”" })).toBeVisible();
});

test("a category without products says so and offers the others", async ({ page }, testInfo) => {
  // A subcategory made for this test and project, with no products (removed at the end).
  const slug = `empty-${testInfo.project.name.replace(/[^a-z0-9]/g, "")}-${Date.now()}`;
  sql(`INSERT INTO categories (parent_id, slug, name) SELECT id, '${slug}', 'Empty shelf' FROM categories WHERE slug = 'streaming'`);
  try {
    await open(page, `/c/${slug}`);
    const empty = page.getByTestId("no-results");
    await expect(empty.getByRole("heading", { name: "No products here yet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Clear filters" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Best sellers" }).locator("article")).toHaveCount(4);
  } finally {
    sql(`DELETE FROM categories WHERE slug = '${slug}'`);
  }
});

test("a search or filters that find nothing offer the top categories and best sellers", async ({ page }, testInfo) => {
  await open(page, "/search?q=xqzvw");
  const empty = page.getByTestId("no-results");
  await expect(empty.getByRole("heading", { name: "Nothing matches “xqzvw”" })).toBeVisible();
  await expect(empty).toContainText("Check the spelling");
  // Nothing to sort or narrow.
  await expect(page.getByLabel("Sort by")).toHaveCount(0);
  await expect(page.locator("aside[aria-label=Filters]")).toHaveCount(0);
  await expect(page.locator("details.filter-sheet")).toHaveCount(0);
  const categories = page.getByRole("region", { name: "Popular categories" });
  await expect(categories.getByRole("link").first()).toBeVisible();
  expect(await categories.getByRole("link").count()).toBeGreaterThan(2);
  const best = page.getByRole("region", { name: "Best sellers" });
  await expect(best.locator("article")).toHaveCount(4);
  await expect(best.getByText("Out of stock")).toHaveCount(0);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-no-results.png`, fullPage: true });
  // Filters that exclude everything: their chips, a way to clear them, the same offers.
  await open(page, "/c/graphics-cards?min=99999");
  await expect(page.getByRole("heading", { name: "No products match these filters" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Best sellers" }).locator("article")).toHaveCount(4);
  await page.getByTestId("no-results").getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/c\/graphics-cards$/);
  await expect(page.locator("main article").first()).toBeVisible();
  await expect(page.getByTestId("no-results")).toHaveCount(0);
});

test("search finds nvidia 4070 cards first", async ({ page }) => {
  await open(page, "/search?q=nvidia+4070");
  const first = page.locator("main article h3").first();
  await expect(first).toContainText("GeForce RTX 4070");
});

test("filter by brand and stock, with counts", async ({ page }) => {
  await open(page, "/c/graphics-cards");
  await showFilters(page);
  const asus = page.getByRole("link", { name: /^ASUS\s*\d+$/ });
  await expect(asus).toBeVisible();
  const count = Number((await asus.innerText()).replace(/\D/g, ""));
  await asus.click();
  await expect(page).toHaveURL(/brand=ASUS/);
  await expect(page.locator("main article")).toHaveCount(count);
  for (const brand of await page.locator("main article p.uppercase").allInnerTexts()) {
    expect(brand.toUpperCase()).toBe("ASUS");
  }
  await showFilters(page);
  await page.getByRole("link", { name: /^In stock only/ }).click();
  await expect(page).toHaveURL(/in_stock=1/);
  await expect(page.getByText("Out of stock")).toHaveCount(0);
});

test("price range from typed amounts, min above max is swapped", async ({ page }) => {
  await open(page, "/c/components");
  await showFilters(page);
  await page.getByRole("textbox", { name: "Min ($)" }).fill("500");
  await page.getByRole("textbox", { name: "Max ($)" }).fill("100");
  await page.getByRole("button", { name: "Go", exact: true }).click();
  await expect(page).toHaveURL(/min=500&max=100/);
  await expect(page.locator("main article").first()).toBeVisible();
  for (const cents of await cardPrices(page)) {
    expect(cents).toBeGreaterThanOrEqual(10000);
    expect(cents).toBeLessThanOrEqual(50000);
  }
});

test("sort by price and keep the filters", async ({ page }, testInfo) => {
  await open(page, "/c/monitors?brand=Samsung&brand=LG");
  // Without search text the default order is "Featured" (a search's is "Best match").
  await expect(page.getByLabel("Sort by").locator("option:checked")).toHaveText("Featured");
  await page.getByLabel("Sort by").selectOption("price_asc");
  // The choice applies at once; without JavaScript the button sends it.
  if (jsEnabled(testInfo)) await expect(page.getByRole("button", { name: "Sort", exact: true })).toBeHidden();
  else await page.getByRole("button", { name: "Sort", exact: true }).click();
  await expect(page).toHaveURL(/brand=Samsung&brand=LG&sort=price_asc/);
  const prices = await cardPrices(page);
  expect(prices.length).toBeGreaterThan(2);
  expect([...prices].sort((a, b) => a - b)).toEqual(prices);
});

test("paginate forwards and back", async ({ page }) => {
  await open(page, "/search?sort=name");
  const firstOnPage1 = await page.locator("main article h3").first().innerText();
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole("navigation", { name: "Pagination" }).locator("[aria-current=page]")).toContainText("2");
  await expect(page.locator("main article h3").first()).not.toHaveText(firstOnPage1);
  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(page.locator("main article h3").first()).toHaveText(firstOnPage1);
});

test("open a product, switch variants and use the gallery", async ({ page }) => {
  await open(page, "/c/ssds?sort=name");
  await page.getByRole("link", { name: /Samsung 990 PRO NVMe SSD/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Samsung 990 PRO NVMe SSD" })).toBeVisible();
  const sku = page.getByTestId("sku");
  await page.getByRole("link", { name: /^2 TB/ }).click();
  await expect(sku).toHaveText("SSD-0001-2TB");
  await expect(page.getByRole("link", { name: /^2 TB/ })).toHaveAttribute("aria-current", "true");
  const price2tb = await page.locator("main p span.text-2xl").innerText();
  // Each choice shows its price.
  await expect(page.getByRole("link", { name: /^4 TB/ })).toContainText(/\$[0-9,]+\.[0-9]{2}/);
  await page.getByRole("link", { name: /^4 TB/ }).click();
  await expect(sku).toHaveText("SSD-0001-4TB");
  await expect(page.locator("main p span.text-2xl")).not.toHaveText(price2tb);
  await page.getByRole("link", { name: /Show picture 2 of/ }).click();
  await expect(page.getByTestId("main-image")).toHaveAttribute("src", /\/2\.svg$/);
  await expect(sku).toHaveText("SSD-0001-4TB");
  await expect(page.getByRole("table")).toContainText("Interface");
  await expect(page.getByText(/In stock|Only \d+ left|Out of stock/).first()).toBeVisible();
});

test("unknown product shows a helpful 404", async ({ page }) => {
  const response = await page.goto("/p/no-such-thing");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that product" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "All products" })).toBeVisible();
});

test("a phone menu opened before the app hydrates stays open when it does", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo) || testInfo.project.name === "desktop", "hydration on a narrow screen");
  await page.setViewportSize({ width: 320, height: 844 });
  // Hold the WASM back until the shopper has opened the menu, so the tap lands before hydration.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/");
  const menu = page.getByTestId("category-menu");
  await page.getByRole("button", { name: "Browse categories" }).click();
  await expect(menu).toBeVisible();
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  release();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("link", { name: "Keyboards" })).toBeVisible();
});

test("the phone category menu covers the screen and closes every way", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "desktop", "the menu is for narrow screens (the no-JS project narrows its window)");
  const js = jsEnabled(testInfo);
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await open(page, "/");
    const button = page.getByRole("button", { name: "Browse categories" });
    const menu = page.getByTestId("category-menu");
    const close = menu.getByRole("button", { name: "Close the menu" });
    await button.click();
    await expect(menu).toBeVisible();
    // The whole height of the screen, from its left edge (it was once 106 px tall, trapped in
    // the sticky header), over a scrim.
    const box = (await menu.boundingBox())!;
    expect([box.x, box.y]).toEqual([0, 0]);
    expect(Math.round(box.height)).toBe(844);
    expect(box.width).toBeLessThanOrEqual(width * 0.85 + 1);
    await expect(menu.getByRole("link", { name: "Keyboards" })).toBeVisible();
    await expect(close).toBeFocused();
    // The scrim closes it.
    await page.mouse.click(width - 8, 600);
    await expect(menu).toBeHidden();
    // So does the ×, and Escape, which gives focus back to the menu button.
    await button.click();
    await close.click();
    await expect(menu).toBeHidden();
    await button.click();
    await expect(close).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();
    if (js) {
      // Tab stays inside the open menu.
      await button.click();
      await expect(close).toBeFocused();
      await page.keyboard.press("Shift+Tab");
      await expect(menu.getByRole("link").last()).toBeFocused();
      await page.keyboard.press("Tab");
      await expect(close).toBeFocused();
      await page.keyboard.press("Escape");
    }
  }
  // Following a link closes it (a new page without JavaScript, a client-side navigation with).
  await page.getByRole("button", { name: "Browse categories" }).click();
  await page.getByTestId("category-menu").getByRole("link", { name: "Keyboards" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Keyboards" })).toBeVisible();
  await expect(page.getByTestId("category-menu")).toBeHidden();
});

test("bad parameters still give a working page", async ({ page }) => {
  for (const path of ["/search?page=-3&sort=bogus", "/search?page=abc&min=zz", "/c/cpus?page=999"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.locator("main article").first()).toBeVisible();
  }
});

test("pages hydrate without errors in the console", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "needs JavaScript");
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  for (const path of ["/", "/c/graphics-cards?brand=ASUS", "/search?q=kebyoard&sort=price_asc", "/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-2TB&image=2"]) {
    await open(page, path);
  }
  // Client-side navigation afterwards must not fail either.
  await page.getByRole("link", { name: /Show picture 1 of/ }).click();
  await expect(page.getByTestId("main-image")).toHaveAttribute("src", /\/1\.svg$/);
  expect(problems).toEqual([]);
});

test("hashed bundles are compressed and cached for a year", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one project is enough for HTTP headers");
  // The bundle is not preloaded from the head (it would share a slow connection with the
  // stylesheet and the pictures): the page fetches it once idle, then hydrates.
  await open(page, "/");
  await expect(page.locator('link[rel="preload"][href$=".wasm"]')).toHaveCount(0);
  const fetched = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).find((p) => p.endsWith(".wasm")),
  );
  const wasm = fetched ?? "";
  expect(wasm).toMatch(/^\/pkg\/oxcart\.[\w-]+\.wasm$/);
  const response = await request.get(wasm!, { headers: { "accept-encoding": "br, gzip" } });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("immutable");
  expect(response.headers()["content-encoding"]).toMatch(/br|gzip/);
  const html = await request.get("/", { headers: { "accept-encoding": "gzip" } });
  expect(html.headers()["content-encoding"]).toBe("gzip");
  // Catalog pages are the same for every visitor: browsers revalidate, a CDN may keep them a
  // second. Private pages are never stored.
  expect(html.headers()["cache-control"]).toBe("public, max-age=0, s-maxage=1, stale-while-revalidate=1");
  expect(html.headers()["etag"]).toBeTruthy();
  const account = await request.get("/account");
  expect(account.headers()["cache-control"]).toBe("private, no-store");
});

test("active filters show as chips that each remove themselves", async ({ page }) => {
  await open(page, "/c/monitors?brand=Samsung&brand=LG&min=100&max=900&in_stock=1");
  const chips = page.getByRole("group", { name: "Active filters" });
  await expect(chips.getByRole("link")).toHaveText(["Samsung×", "LG×", "$100 to $900×", "In stock only×", "Clear all"]);
  await chips.getByRole("link", { name: "Remove the filter Samsung" }).click();
  await expect(page).toHaveURL(/\/c\/monitors\?brand=LG&min=100&max=900&in_stock=1$/);
  // The listing shown until the next one arrives keeps its chips: wait for the new ones.
  await expect(chips.getByRole("link")).toHaveText(["LG×", "$100 to $900×", "In stock only×", "Clear all"]);
  await chips.getByRole("link", { name: "Remove the filter $100 to $900" }).click();
  await expect(page).toHaveURL(/\/c\/monitors\?brand=LG&in_stock=1$/);
  await expect(chips.getByRole("link")).toHaveText(["LG×", "In stock only×", "Clear all"]);
  await chips.getByRole("link", { name: "Clear all" }).click();
  await expect(page).toHaveURL(/\/c\/monitors$/);
  await expect(page.getByRole("group", { name: "Active filters" })).toHaveCount(0);
  await open(page, "/search?q=keyboard");
  await expect(page.getByLabel("Sort by").locator("option:checked")).toHaveText("Best match");
});

test("a sold-out product disables its quantity; a low one offers only what is left", async ({ page }, testInfo) => {
  // Items of their own: after the checkout spec's range (base 100, slots 0 to 3).
  const [item] = itemsFor(testInfo, 0, 192);
  sql(`UPDATE variants SET stock_reserved = 0, stock_on_hand = 0 WHERE sku = '${item.sku}'`);
  const quantity = page.getByLabel("Quantity", { exact: true });
  await expect(async () => {
    await open(page, `/p/${item.slug}`);
    await expect(page.getByTestId("add-to-cart")).toHaveText("Sold out", { timeout: 1_000 });
  }).toPass();
  await expect(page.getByTestId("add-to-cart")).toBeDisabled();
  await expect(quantity).toBeDisabled();
  sql(`UPDATE variants SET stock_on_hand = 2 WHERE sku = '${item.sku}'`);
  await expect(async () => {
    await open(page, `/p/${item.slug}`);
    await expect(page.getByText("Only 2 left")).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(quantity).toBeEnabled();
  await expect(quantity.locator("option")).toHaveText(["1", "2"]);
});
