import { expect, test } from "@playwright/test";
import { emailedLink, itemsFor, jsEnabled, open, settle, sql, uniqueEmail } from "./helpers";

// Items: base 48, slot 2 (live.spec.ts uses slots 0 and 1).
// Back-in-stock alerts: a shopper asks on a sold-out product page, confirms from the emailed
// link, and gets exactly one email in the development mailbox when the product is back.
test("a shopper asks for a back-in-stock email, confirms it and gets one email", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const [item] = itemsFor(testInfo, 2, 64);
  sql(`UPDATE variants SET stock_on_hand = 0, stock_reserved = 0 WHERE sku = '${item.sku}'`);
  const email = uniqueEmail(testInfo, "alert");

  await open(page, `/p/${item.slug}`);
  await expect(page.getByTestId("add-to-cart")).toHaveText("Sold out");
  const box = page.locator("#back-in-stock");
  await expect(box.getByRole("heading", { name: "Email me when it's back" })).toBeVisible();

  // The form's code is loaded on its own (a lazy chunk): live once it says so.
  if (jsEnabled(testInfo)) await expect(box.locator("form")).toHaveAttribute("data-ready", "true");
  // A mistake is explained next to the field and what was typed stays.
  if (jsEnabled(testInfo)) {
    await box.getByLabel("Email").fill("shopper@localhost");
    await box.getByRole("button", { name: "Notify me" }).click();
    await expect(box.locator("#alert-email-error")).toContainText("email address");
    await expect(box.getByLabel("Email")).toHaveValue("shopper@localhost");
  } else {
    // Without JavaScript the page comes back and says what was wrong.
    await box.getByLabel("Email").fill("shopper@localhost");
    await box.getByRole("button", { name: "Notify me" }).click();
    await expect(page.getByTestId("alert-note")).toContainText("doesn't look like an email address");
    await expect(page.getByTestId("alert-note")).toHaveAttribute("role", "alert");
  }
  await box.getByLabel("Email").fill(email);
  if (process.env.SCREENSHOTS) {
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/${testInfo.project.name}-stock-alert-form.png` });
  }
  await box.getByRole("button", { name: "Notify me" }).click();
  if (jsEnabled(testInfo)) {
    await expect(page.getByTestId("alert-status")).toContainText(`open the link we sent to ${email}`);
    await expect(box.getByRole("button", { name: "Notify me" })).toBeHidden();
  } else {
    await expect(page).toHaveURL(/alert=sent/);
    await expect(page.getByTestId("alert-note")).toContainText("Almost done");
  }
  if (process.env.SCREENSHOTS) {
    await page.screenshot({ path: `screenshots/${testInfo.project.name}-stock-alert-sent.png` });
  }

  // The emailed link opens a page whose button confirms (opening it alone changes nothing).
  const confirm = await emailedLink(page, email, "stock-alert-confirm");
  await open(page, confirm);
  await expect(page.getByRole("heading", { name: "Confirm your alert" })).toBeVisible();
  expect(sql(`SELECT count(*) FROM stock_alerts WHERE email = '${email}' AND confirmed_at IS NOT NULL`)).toBe("0");
  await page.getByRole("button", { name: "Confirm the alert" }).click();
  if (jsEnabled(testInfo)) {
    await expect(page.getByTestId("alert-confirmed")).toContainText("You're on the list");
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-stock-alert-confirmed.png` });
  } else {
    await settle(page);
    await expect(page.getByTestId("alert-note")).toContainText("You're on the list");
  }
  expect(sql(`SELECT count(*) FROM stock_alerts WHERE email = '${email}' AND confirmed_at IS NOT NULL`)).toBe("1");

  // Back in stock: one email, linking to the product.
  sql(`UPDATE variants SET stock_on_hand = 5 WHERE sku = '${item.sku}'`);
  const back = await emailedLink(page, email, "back-in-stock");
  expect(back).toContain(`/p/${item.slug}?variant=`);
  // A later change of stock sends nothing more: the alert has ended.
  sql(`UPDATE variants SET stock_on_hand = 0 WHERE sku = '${item.sku}'`);
  sql(`UPDATE variants SET stock_on_hand = 7 WHERE sku = '${item.sku}'`);
  await page.waitForTimeout(1500);
  expect(sql(`SELECT count(*) FROM outbox WHERE recipient = '${email}' AND kind = 'back-in-stock'`)).toBe("1");
  await open(page, back.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByTestId("add-to-cart")).toHaveText("Add to cart");
  await expect(page.locator("#back-in-stock")).toHaveCount(0);
});
