import { expect, test, type Page, type TestInfo } from "@playwright/test";

/** Opens a path and, when JavaScript runs, waits until the app has hydrated. */
export async function open(page: Page, path: string) {
  const response = await page.goto(path);
  await settle(page);
  return response;
}

/** Waits for hydration after a full page load (no-op without JavaScript). */
export async function settle(page: Page) {
  if (jsEnabled(test.info())) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

export function jsEnabled(testInfo: TestInfo) {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** On narrow screens the filters sit in a collapsed "Filters" drawer: open it. */
export async function showFilters(page: Page) {
  const summary = page.getByText("Filters", { exact: true });
  if (await summary.isVisible()) {
    const details = page.locator("details", { has: summary });
    if ((await details.getAttribute("open")) === null) await summary.click();
  }
}

/** Prices of the product cards in page order, in cents. */
export async function cardPrices(page: Page): Promise<number[]> {
  const texts = await page.locator("main article p span.font-bold").allInnerTexts();
  return texts.map((t) => Math.round(parseFloat(t.replace(/[^0-9.]/g, "")) * 100));
}
