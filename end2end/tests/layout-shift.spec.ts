import { expect, test } from "@playwright/test";
import { jsEnabled, open } from "./helpers";

// Nothing on the storefront's main pages moves once it has painted: the layout shift the
// browser records (CLS, from a buffered PerformanceObserver) through loading and hydration
// stays within Lighthouse's "good" budget of 0.05.
test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "hydration needs JavaScript");
});

for (const path of ["/", "/search?page=3&sort=price_asc", "/c/graphics-cards", "/p/samsung-990-pro-nvme-ssd"]) {
  test(`no layout shift on ${path} through hydration`, async ({ page }) => {
    await open(page, path);
    // Let anything that hydration scheduled run and settle.
    await page.waitForTimeout(500);
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
              if (!entry.hadRecentInput) total += entry.value;
            }
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(total), 100);
        }),
    );
    expect(shift).toBeLessThanOrEqual(0.05);
  });
}
