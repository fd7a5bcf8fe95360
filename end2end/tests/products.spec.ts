import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { isPhone, itemsFor, jsEnabled, open, signIn, sql } from "./helpers";

const PHOTO = path.join(__dirname, "../../server/tests/fixtures/photo.jpg");
const WEBP = path.join(__dirname, "../../server/tests/fixtures/square.webp");

test.beforeEach(({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the dashboard's forms need JavaScript");
});

test("an admin creates a product with two variants and finds it in the shop", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const tag = `${testInfo.project.name}${Date.now().toString(36)}`.toUpperCase();
  const name = `Glidepoint ${tag} Mouse`;
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  await open(page, "/admin/products");
  await page.getByRole("link", { name: "New product" }).click();
  // The editor is a lazy route: its chunk of the debug build is fetched first (see `settle`).
  await expect(page.getByRole("heading", { name: "New product" })).toBeVisible({ timeout: 20_000 });

  // Mistakes are reported next to their fields, and what was typed stays.
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Specifications").fill("Weight 60 g");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText("Enter the brand.")).toBeVisible();
  await expect(page.getByText('Line 1: write it as "Name: value".')).toBeVisible();
  await expect(page.getByText("Choose a category.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(name);

  await page.getByLabel("Brand").fill("Oxcart Labs");
  await page.getByLabel("Category").selectOption({ label: "Peripherals › Mice" });
  await page.getByLabel("Specifications").fill("Weight: 60 g\nSensor: optical");
  await page.getByLabel("Description").fill("A light mouse made for testing.");
  await page.getByLabel("SKU").fill(`GP-${tag}-BLK`);
  await page.getByLabel("Options").fill("Colour: Black");
  await page.getByLabel("Price", { exact: true }).fill("39.99");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();

  // What is typed in the product form and not saved yet stays while variants are saved and
  // pictures arrive (only the gallery and the variants are drawn again).
  const description = page.getByLabel("Description");
  await description.fill("A light mouse, typed and not saved yet.");

  // A second variant.
  const add = page.getByRole("form", { name: "New variant" });
  await add.getByLabel("SKU").fill(`GP-${tag}-WHT`);
  await add.getByLabel("Options").fill("Colour: White");
  await add.getByLabel("Price", { exact: true }).fill("41.50");
  await add.getByRole("button", { name: "Add variant" }).click();
  await expect(page.getByTestId("variants").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("toast")).toContainText("Variant added");
  // The variants read as a table: on wide screens a row's fields sit side by side under the
  // columns' names; on phones they stack, each with its label.
  const firstRow = page.getByTestId("variants").locator("li").first();
  const sku = (await firstRow.getByLabel("SKU").boundingBox())!;
  const price = (await firstRow.getByLabel("Price", { exact: true }).boundingBox())!;
  if (testInfo.project.name === "desktop") {
    expect(Math.abs(sku.y - price.y)).toBeLessThan(2);
    expect(price.x).toBeGreaterThan(sku.x + sku.width);
  } else {
    expect(price.y).toBeGreaterThan(sku.y + sku.height);
  }
  // A change to a row is saved in place.
  await firstRow.getByLabel("Price", { exact: true }).fill("38.99");
  await firstRow.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast")).toContainText("Variant saved");
  await expect(page.getByTestId("variants").locator("li").first().getByLabel("Price", { exact: true })).toHaveValue("38.99");
  await expect(description).toHaveValue("A light mouse, typed and not saved yet.");

  // An image: an SVG is refused with the reason (the alt text typed stays), a JPEG is stored.
  const upload = page.getByRole("form", { name: "Upload an image" });
  await upload.getByLabel("Image file").setInputFiles({
    name: "logo.png",
    mimeType: "image/png",
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
  });
  await upload.getByLabel("Alt text").fill("Glidepoint on a desk");
  await upload.getByRole("button", { name: "Upload" }).click();
  const uploads = page.getByTestId("uploads");
  await expect(uploads.getByText("SVG images are not accepted")).toBeVisible();
  await expect(upload.getByLabel("Alt text")).toHaveValue("Glidepoint on a desk");
  await upload.getByLabel("Image file").setInputFiles(PHOTO);
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("toast")).toContainText("1 picture uploaded");
  const gallery = page.getByTestId("images");
  await expect(gallery.getByRole("img", { name: "Glidepoint on a desk" })).toBeVisible();
  await expect(gallery.getByText("Main picture")).toBeVisible();

  // Several at once: chosen together, each listed with its preview and how it went…
  await upload.getByLabel("Image file").setInputFiles([WEBP, PHOTO]);
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("toast")).toContainText("2 pictures uploaded");
  await expect(uploads.getByText("Uploaded", { exact: true })).toHaveCount(3);
  const rows = gallery.getByTestId("image-row");
  await expect(rows).toHaveCount(3);
  // …or dropped on the gallery from the computer.
  const webp = fs.readFileSync(WEBP).toString("base64");
  await description.focus();
  await page.getByRole("region", { name: "Images" }).evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const files = new DataTransfer();
    files.items.add(new File([bytes], "dropped.webp", { type: "image/webp" }));
    for (const type of ["dragover", "drop"]) {
      el.dispatchEvent(new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }));
    }
  }, webp);
  await expect(rows).toHaveCount(4);
  // Typed text stays through the uploads too, and the field being typed in keeps the focus.
  await expect(description).toBeFocused();
  await expect(description).toHaveValue("A light mouse, typed and not saved yet.");
  await expect(uploads.getByText("dropped.webp")).toBeVisible();
  // A file dropped elsewhere on the editor is ignored, not opened by the browser in place of
  // the page.
  const opened = await page.getByRole("heading", { level: 1 }).evaluate((el) => {
    const files = new DataTransfer();
    files.items.add(new File(["x"], "stray.png", { type: "image/png" }));
    const drop = new DragEvent("drop", { dataTransfer: files, bubbles: true, cancelable: true });
    el.dispatchEvent(drop);
    return !drop.defaultPrevented;
  });
  expect(opened).toBe(false);
  await expect(uploads.getByText("stray.png")).toHaveCount(0);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-product-editor.png`, fullPage: true });
  // Dragging the second picture onto the first makes it the main picture; the first moves down.
  const second = await rows.nth(1).locator("img").getAttribute("src");
  await rows.nth(0).scrollIntoViewIfNeeded();
  await rows.nth(1).locator("img").dragTo(rows.nth(0));
  await expect(page.getByTestId("toast")).toContainText("Pictures reordered");
  await expect(rows.nth(0).locator("img")).toHaveAttribute("src", second!);
  await expect(rows.nth(0).getByText("Main picture")).toBeVisible();
  await expect(rows.nth(1).getByRole("img", { name: "Glidepoint on a desk" })).toBeVisible();
  // The buttons still do it from the keyboard.
  await rows.nth(1).getByRole("button", { name: "Move image 2 earlier" }).click();
  await expect(rows.nth(0).getByRole("img", { name: "Glidepoint on a desk" })).toBeVisible();

  // Saved after all that: the form saves against the version the variant saves moved it to.
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByTestId("toast")).toContainText("Product saved");

  // On a freshly opened editor too, a picture uploaded joins the gallery.
  await open(page, new URL(page.url()).pathname);
  // The editor's lazy chunk has run once the file input takes several files.
  await expect(upload.getByLabel("Image file")).toHaveAttribute("multiple", { timeout: 20_000 });
  await expect(rows).toHaveCount(4);
  await expect(description).toHaveValue("A light mouse, typed and not saved yet.");
  await upload.getByLabel("Image file").setInputFiles(WEBP);
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("toast")).toContainText("1 picture uploaded");
  await expect(rows).toHaveCount(5);

  // The shop finds it by name, with its picture and both colours.
  await open(page, `/search?q=${encodeURIComponent(`glidepoint ${tag}`)}`);
  const card = page.getByRole("link", { name }).first();
  await expect(page.locator(`img[src^="/media/uploads/"]`).first()).toBeVisible();
  await card.click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByRole("img", { name: "Glidepoint on a desk" }).first()).toBeVisible();
  await expect(page.getByText("White")).toBeVisible();
  // The picture comes as a WebP rendition no wider than twice what its slot needs on this
  // screen (the 400 px photo has 100, 200 and 400 px copies).
  const main = page.getByTestId("main-image");
  await expect.poll(() => main.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
  const shown = await main.evaluate((i: HTMLImageElement) => ({
    src: i.currentSrc,
    natural: i.naturalWidth,
    needed: i.getBoundingClientRect().width * window.devicePixelRatio,
  }));
  expect(shown.src).toMatch(/\/media\/uploads\/.+-\d+w\.webp$/);
  expect(shown.natural).toBeLessThanOrEqual(2 * shown.needed);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-product-with-upload.png` });
});

test("a seller cannot open another seller's product", async ({ page }, testInfo) => {
  // A product of another seller (made for this test and project).
  const [item] = itemsFor(testInfo, 2, 256);
  const other = `other-seller-${testInfo.project.name}@oxcart.test`;
  sql(`INSERT INTO users (email, password_hash, role) VALUES ('${other}', 'not-a-hash', 'seller')
       ON CONFLICT (email) DO NOTHING`);
  const id = sql(`UPDATE products SET seller_id = (SELECT id FROM users WHERE email = '${other}')
                  WHERE slug = '${item.slug}' RETURNING id`).split("\n")[0];
  await signIn(page, "seller@oxcart.test", "oxcart-seller-demo");
  await open(page, `/admin/products/${id}`);
  await expect(page.getByText("No such product, or it is not one of yours.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Product" })).toHaveCount(0);
  // Nor is it in their list, even searched by its SKU.
  await open(page, `/admin/products?q=${encodeURIComponent(item.sku)}`);
  await expect(page.getByRole("link", { name: item.name })).toHaveCount(0);
});

test("an admin imports a catalog file: mistakes are listed by line, a good file is applied", async ({ page }, testInfo) => {
  const tag = `${testInfo.project.name}${Date.now().toString(36)}`.toLowerCase();
  const header = "product_slug,name,brand,category,description,specs,product_active,sku,options,price,compare_at,low_stock_threshold,variant_active";
  const good = `csv-${tag},CSV Lamp ${tag},Oxcart Labs,mice,,,yes,CSV-${tag.toUpperCase()}-1,,12.00,,,yes`;
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  await open(page, "/admin/products");
  await page.getByRole("link", { name: "Import or export CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import and export" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download products (CSV)" })).toHaveAttribute("href", "/admin/export/products.csv");

  const form = page.getByRole("form", { name: "Import products" });
  const bad = `${header}\n${good}\ncsv-${tag}-2,,Oxcart Labs,no-such-category,,,maybe,CSV-${tag.toUpperCase()}-2,,ten,,,yes\n`;
  await form.getByLabel("CSV file").setInputFiles({ name: "catalog.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await form.getByRole("button", { name: "Check and import" }).click();
  const report = page.getByRole("alert", { name: "Import report" });
  await expect(report.getByText(/Nothing was imported/)).toBeVisible();
  await expect(report.getByRole("row").filter({ hasText: "product_active" })).toContainText("3");
  await expect(report.getByRole("row").filter({ hasText: "price" })).toContainText("Enter a price like 19.99.");
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-import-report.png`, fullPage: true });

  await page.getByRole("form", { name: "Import products" }).getByLabel("CSV file").setInputFiles({
    name: "catalog.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${header}\n${good}\n`),
  });
  await page.getByRole("form", { name: "Import products" }).getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByRole("status", { name: "Import report" })).toContainText("1 product added");
  await open(page, `/search?q=${encodeURIComponent(`csv lamp ${tag}`)}`);
  await expect(page.getByRole("link", { name: `CSV Lamp ${tag}` }).first()).toBeVisible();
});

test("the dashboard lists products as a table with pictures, prices, stock and status", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "no-js", "the same page as desktop");
  await signIn(page, "admin@oxcart.test", "oxcart-admin-demo");
  await open(page, "/admin/products?q=990%20PRO");
  const row = page.getByTestId("admin-products").getByRole("row").filter({ hasText: "990 PRO" }).first();
  // The thumbnail is decorative (the name is beside it).
  await expect(row.locator("img")).toHaveAttribute("src", /\S/);
  await expect(row).toContainText("$");
  if (isPhone(testInfo)) {
    // The columns fold into the product's cell.
    await expect(row.getByText(/\$[\d,.]+.* · \d+ in stock · Active/)).toBeVisible();
  } else {
    await expect(page.getByRole("columnheader")).toHaveText(["Product", "Price", "Stock", "Status", "Seller"]);
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
  }
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `screenshots/${testInfo.project.name}-admin-products.png`, fullPage: true });
});
