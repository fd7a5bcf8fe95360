import { test } from "@playwright/test";
import { open } from "./helpers";

// Full-page pictures for people to look at: `SCREENSHOTS=1 npx playwright test screenshots`.
test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take pictures");

const pages = {
  home: "/",
  category: "/c/graphics-cards",
  search: "/search?q=kebyoard",
  product: "/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-2TB",
  "not-found": "/p/no-such-thing",
  "sign-in": "/account/sign-in",
  "sign-up": "/account/sign-up",
};

for (const [name, path] of Object.entries(pages)) {
  test(`screenshot ${name}`, async ({ page }, testInfo) => {
    await open(page, path);
    await page.screenshot({ path: `screenshots/${testInfo.project.name}-${name}.png`, fullPage: true });
  });
}
