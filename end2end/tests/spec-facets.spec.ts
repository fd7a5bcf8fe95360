import { expect, test } from "@playwright/test";
import { hideFilters, isPhone, jsEnabled, open, showFilters } from "./helpers";

// Spec facets (a category's own filters from its products' specifications) and the phone filter
// sheet. Each test runs on a desktop, a 320 px phone and without JavaScript.

/** The count a filter link shows ("12 GB GDDR6X 7" -> 7). */
async function countOf(link: import("@playwright/test").Locator) {
  return Number((await link.innerText()).trim().split(/\s+/).pop());
}

test("graphics cards filter by memory and chipset, with counts, in the URL", async ({ page }) => {
  await open(page, "/c/graphics-cards");
  await showFilters(page);
  const memory = page.getByRole("region", { name: "Memory", exact: true }).filter({ visible: true });
  await expect(memory.getByRole("heading", { name: "Memory" })).toBeVisible();
  // Values in reading order: 8 GB before 12 GB before 16 GB.
  const values = (await memory.getByRole("link").allInnerTexts()).map((t) => t.replace(/\s+\d+$/, "").trim());
  const at = (prefix: string) => values.findIndex((v) => v.startsWith(prefix));
  expect(at("8 GB")).toBeLessThan(at("12 GB"));
  expect(at("12 GB")).toBeLessThan(at("16 GB"));
  const twelve = memory.getByRole("link", { name: /^12 GB GDDR6X\s+\d+$/ });
  const expected = await countOf(twelve);
  expect(expected).toBeGreaterThan(0);
  await twelve.click();
  await expect(page).toHaveURL(/spec=Memory%3A12\+GB\+GDDR6X/);
  await expect(page.locator("main article")).toHaveCount(expected);
  await hideFilters(page);
  await expect(page.getByRole("status").filter({ hasText: "products" }).first()).toHaveText(`${expected} products`);
  // The chip says what narrows the listing; every card is a 12 GB card.
  await expect(page.getByRole("link", { name: "Remove the filter Memory: 12 GB GDDR6X" })).toBeVisible();
  for (const name of await page.locator("main article h3").allInnerTexts()) expect(name).toMatch(/12G|12GB|4070/);

  // A chipset as well: both must match, and the chipset counts already apply the memory filter.
  await showFilters(page);
  const chipset = page.getByRole("region", { name: "Chipset", exact: true }).filter({ visible: true });
  const chipsetLinks = chipset.getByRole("link");
  let sum = 0;
  for (const link of await chipsetLinks.all()) sum += await countOf(link);
  expect(sum).toBe(expected);
  const first = chipsetLinks.first();
  const both = await countOf(first);
  await first.click();
  await expect(page).toHaveURL(/spec=Memory%3A12\+GB\+GDDR6X&spec=Chipset%3A/);
  await expect(page.locator("main article")).toHaveCount(both);
  await hideFilters(page);

  // Removing the memory chip keeps the chipset filter.
  await page.getByRole("link", { name: "Remove the filter Memory: 12 GB GDDR6X" }).click();
  await expect(page).not.toHaveURL(/Memory/);
  await expect(page).toHaveURL(/spec=Chipset%3A/);
  await expect(page.getByRole("link", { name: /^Remove the filter Chipset: / })).toBeVisible();
});

test("each category has its own spec facets and drops the others", async ({ page }) => {
  await open(page, "/c/cpus?spec=Memory%3A12+GB+GDDR6X&spec=Socket%3AAM5");
  // Memory is no CPU filter: it is dropped; the socket applies.
  await expect(page.getByRole("link", { name: "Remove the filter Socket: AM5" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Remove the filter Memory/ })).toHaveCount(0);
  for (const name of await page.locator("main article h3").allInnerTexts()) expect(name).toMatch(/Ryzen/);
  await showFilters(page);
  await expect(page.getByRole("heading", { name: "Cores / threads" }).filter({ visible: true })).toBeVisible();
  // Search results have no spec facets.
  await open(page, "/search?q=ryzen&spec=Socket%3AAM5");
  await expect(page.getByRole("link", { name: /Remove the filter Socket/ })).toHaveCount(0);
});

test("the filters are drawn once: the sidebar on wide screens, the sheet on narrow ones", async ({ page }, testInfo) => {
  await open(page, "/c/graphics-cards");
  const filters = page.getByRole("complementary", { name: "Filters" });
  const brand = filters.getByRole("heading", { name: "Brand" });
  // One panel in the page, whatever the width (it used to be rendered twice).
  await expect(page.locator("#facet-brand")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Brand", includeHidden: true })).toHaveCount(1);
  const summary = page.getByText("Filters", { exact: true });
  if ((page.viewportSize()?.width ?? 1280) >= 1024) {
    // A sidebar beside the cards: no "Filters" button, no "Show N results", reachable by keyboard.
    await expect(brand).toBeVisible();
    await expect(summary).toBeHidden();
    await expect(page.getByTestId("show-results")).toBeHidden();
    const sidebar = (await filters.boundingBox())!;
    const card = (await page.locator("main article").first().boundingBox())!;
    expect(sidebar.x + sidebar.width).toBeLessThanOrEqual(card.x);
    const first = filters.getByRole("link").first();
    await first.focus();
    await expect(first).toBeFocused();
  } else {
    await expect(brand).toBeHidden();
    await summary.click();
    await expect(brand).toBeVisible();
  }
});

test("the phone filter sheet covers the screen and shows its results", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "desktop", "the sheet is for narrow screens (the no-JS project narrows its window)");
  const js = jsEnabled(testInfo);
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await open(page, "/c/graphics-cards");
    const summary = page.getByText("Filters", { exact: true });
    await summary.click();
    const body = page.locator(".filter-sheet .sheet-body");
    const show = page.getByTestId("show-results");
    await expect(body).toBeVisible();
    // From below the title bar to above the "Show" bar, the full width.
    const box = (await body.boundingBox())!;
    expect([box.x, Math.round(box.width)]).toEqual([0, width]);
    expect(Math.round(box.y)).toBe(56);
    expect(Math.round(box.y + box.height)).toBe(844 - 72);
    const total = Number((await page.getByRole("status").filter({ hasText: "products" }).first().innerText()).replace(/\D/g, ""));
    await expect(show).toHaveText(`Show ${total} results`);
    const bar = (await show.boundingBox())!;
    expect(bar.y + bar.height).toBeLessThanOrEqual(844);
    // Choosing a filter: with JavaScript the sheet stays open and counts again; without, the
    // narrowed listing loads.
    const asus = body.getByRole("link", { name: /^ASUS\s+\d+$/ });
    const asusCount = await countOf(asus);
    await asus.click();
    await expect(page).toHaveURL(/brand=ASUS/);
    if (js) {
      await expect(show).toHaveText(`Show ${asusCount} results`);
      await expect(body).toBeVisible();
      await expect(summary).toContainText("Filters");
      await expect(page.locator(".filter-sheet summary")).toContainText("1 active");
      await show.click();
      await expect(body).toBeHidden();
      await expect(page.locator("main article")).toHaveCount(asusCount);
      // Escape closes it too, focus back on "Filters".
      await summary.click();
      await expect(body).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(body).toBeHidden();
      await expect(page.locator(".filter-sheet summary")).toBeFocused();
    } else {
      await expect(body).toBeHidden();
      await expect(page.locator("main article")).toHaveCount(asusCount);
    }
  }
});

test("a filter chosen low in the phone sheet leaves the sheet where it was", async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), "the sheet stays open only with JavaScript, on phones");
  await open(page, "/c/graphics-cards");
  await page.getByText("Filters", { exact: true }).click();
  const body = page.locator(".filter-sheet .sheet-body");
  // The first value of the last specification, far down the sheet.
  const option = body.getByTestId("spec-facet").last().getByRole("link").first();
  await option.scrollIntoViewIfNeeded();
  const value = (await option.innerText()).replace(/\s+\d+$/, "").trim();
  const before = await body.evaluate((el) => el.scrollTop);
  expect(before).toBeGreaterThan(200);
  await option.click();
  await expect(page).toHaveURL(/spec=/);
  await expect(page.locator(".filter-sheet summary")).toContainText("1 active");
  // Not back at the top (the sheet may be shorter now: fewer values match), focus on the value
  // just chosen, in view.
  await expect.poll(() => page.evaluate(() => {
    const el = document.activeElement;
    return el && el.closest(".sheet-body") ? (el as HTMLElement).innerText : "";
  })).toContain(value);
  expect(await body.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  await expect(page.locator(".sheet-body :focus")).toBeInViewport();
});
