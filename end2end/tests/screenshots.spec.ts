import { test } from "@playwright/test";
import { emailedLink, jsEnabled, open, requestSignUp, signIn, sql, uniqueEmail } from "./helpers";

// Full-page pictures for people to look at: `SCREENSHOTS=1 npx playwright test screenshots`.
// `SCREENSHOT_WIDTH=390` takes them at another width (files named `<project>-390-<page>.png`).
test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to take pictures");
const width = process.env.SCREENSHOT_WIDTH;
if (width) test.use({ viewport: { width: Number(width), height: 844 } });
const prefix = (project: string) => (width ? `${project}-${width}` : project);

const pages = {
  home: "/",
  category: "/c/graphics-cards",
  "category-filtered": "/c/monitors?brand=Samsung&brand=LG&min=100&max=900&in_stock=1",
  search: "/search?q=kebyoard",
  product: "/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-2TB",
  "not-found": "/p/no-such-thing",
  "sign-in": "/account/sign-in",
  "sign-up": "/account/sign-up",
  "forgot-password": "/account/forgot-password",
};

// Pages of a signed-in admin (the demo account).
const signedIn = {
  account: "/account",
  addresses: "/account/addresses",
  security: "/account/security",
  dashboard: "/admin",
  inventory: "/admin/inventory?sku=SSD-0001-2TB",
  orders: "/admin/orders",
  analytics: "/admin/analytics",
  products: "/admin/products",
  "inventory-low": "/admin/inventory",
  import: "/admin/import",
};

for (const [name, path] of Object.entries(pages)) {
  test(`screenshot ${name}`, async ({ page }, testInfo) => {
    await open(page, path);
    await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-${name}.png`, fullPage: true });
  });
}

for (const [name, path] of Object.entries(signedIn)) {
  test(`screenshot ${name}`, async ({ page }, testInfo) => {
    test.skip(!jsEnabled(testInfo), "signing in needs JavaScript");
    await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
    await open(page, path);
    await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-${name}.png`, fullPage: true });
  });
}

test("screenshot cart", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the cart needs JavaScript");
  const shot = (name: string) =>
    page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-${name}.png`, fullPage: true });
  await open(page, "/cart");
  await page.getByTestId("cart-empty").waitFor();
  await shot("cart-empty");
  for (const path of ["/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-2TB", "/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-1TB"]) {
    await open(page, path);
    await page.getByTestId("add-to-cart").click();
    await page.getByTestId("cart-drawer").locator("li[data-sku]").first().waitFor();
  }
  await shot("cart-drawer");
  await open(page, "/cart");
  await page.locator("main li[data-sku]").first().waitFor();
  await shot("cart");
});

test("screenshot checkout", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "checkout needs JavaScript");
  const shot = (name: string) =>
    page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-${name}.png`, fullPage: true });
  await open(page, "/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-2TB");
  await page.getByTestId("add-to-cart").click();
  await page.getByTestId("cart-drawer").getByTestId("checkout").click();
  await page.getByTestId("checkout-total").waitFor();
  await page.getByLabel("Email").fill("grace@example.com");
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Address", { exact: true }).fill("1 Harbor Way");
  await page.getByLabel("City").fill("Sacramento");
  await page.getByTestId("place-order").and(page.locator("[data-ready=true]")).waitFor();
  await shot("checkout-tax-pending");
  await page.getByLabel("State", { exact: true }).selectOption("CA");
  await page.getByLabel("Postal code").fill("95814");
  await page.getByTestId("place-order").and(page.locator("[data-ready=true]")).waitFor();
  await shot("checkout");
  await page.getByTestId("place-order").click();
  await page.getByTestId("pay-amount").waitFor();
  await shot("pay-test");
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await page.getByTestId("order-status").waitFor();
  await shot("order");
  await page.getByTestId("cancel-order").click();
  await page.getByTestId("confirm-cancel").waitFor();
  await shot("order-cancel-confirm");
});

test("screenshot product images", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "signing in needs JavaScript");
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  const id = sql("SELECT id FROM products WHERE slug = 'samsung-990-pro-nvme-ssd'");
  await open(page, `/admin/products/${id}#images`);
  await page.getByText("Delete", { exact: true }).first().click();
  await page.getByRole("button", { name: /^Yes, delete image/ }).first().waitFor();
  await page.locator("#images").screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-product-images.png` });
});

test("screenshot address form", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "signing in needs JavaScript");
  await signIn(page, "customer@oxcart.test", "oxcart-customer-demo");
  await open(page, "/account/addresses");
  await page.getByRole("button", { name: "Add an address" }).click();
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Street address").fill("12 Market Street");
  await page.getByLabel("Postal code").fill("94103");
  await page.getByLabel("City").fill("   ");
  await page.getByRole("button", { name: "Save address" }).click();
  await page.getByText("Choose the state.").waitFor();
  await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-address-form.png`, fullPage: true });
});

test("screenshot sign-up steps", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the forms need JavaScript");
  const shot = (name: string) =>
    page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-${name}.png`, fullPage: true });
  const email = uniqueEmail(testInfo, "shot");
  await requestSignUp(page, email);
  await shot("sign-up-sent");
  await open(page, await emailedLink(page, email, "finish-sign-up"));
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("Use at least 10 characters.").waitFor();
  await shot("finish-sign-up");
  await open(page, "/account/finish-sign-up?token=" + "ab".repeat(32));
  await page.getByLabel("Password").fill("violet otter lamp");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("This link is not valid").first().waitFor();
  await shot("finish-sign-up-bad-link");
});

test("screenshot category menu", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "desktop" && !width, "the menu is for narrow screens");
  if (!width && testInfo.project.name === "no-js") await page.setViewportSize({ width: 390, height: 844 });
  await open(page, "/c/graphics-cards");
  await page.getByRole("button", { name: "Browse categories" }).click();
  await page.getByTestId("category-menu").waitFor();
  await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-category-menu.png` });
});

test("screenshot checkout mistakes", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "checkout needs JavaScript");
  await open(page, "/p/samsung-990-pro-nvme-ssd?variant=SSD-0001-2TB");
  await page.getByTestId("add-to-cart").click();
  await page.getByTestId("cart-drawer").getByTestId("checkout").click();
  await page.getByTestId("checkout-total").waitFor();
  await page.getByLabel("Email").fill("grace@example");
  await page.getByTestId("place-order").and(page.locator("[data-ready=true]")).waitFor();
  await page.getByTestId("place-order").click();
  await page.getByTestId("checkout-error-summary").waitFor();
  // What the shopper sees after the tap: the first field to correct.
  await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-checkout-mistakes.png` });
  await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-checkout-mistakes-full.png`, fullPage: true });
});

test("screenshot seller dashboard", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "signing in needs JavaScript");
  await signIn(page, "seller@oxcart.test", "oxcart-seller-demo");
  await open(page, "/admin");
  await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-seller-dashboard.png`, fullPage: true });
  await open(page, "/admin/orders");
  await page.screenshot({ path: `screenshots/${prefix(testInfo.project.name)}-seller-refused.png`, fullPage: true });
});
