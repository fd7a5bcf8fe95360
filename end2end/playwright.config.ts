import { defineConfig } from "@playwright/test";

// Runs against the debug build made by `cargo leptos build`, on its own port and database so a
// developer's `scripts/dev` on :3000 is never disturbed.
const port = process.env.OXCART_E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;

// Debian's chromium; Playwright's own browser download is not available here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

// The Stripe store and the fake Stripe it talks to.
const stripeStorePort = process.env.OXCART_E2E_STRIPE_PORT ?? "3110";
const stripeStoreURL = `http://127.0.0.1:${stripeStorePort}`;
const fakeStripePort = process.env.OXCART_E2E_FAKE_STRIPE_PORT ?? "3111";
const fakeStripeURL = `http://127.0.0.1:${fakeStripePort}`;
const STRIPE_KEY = "sk_test_oxcart_e2e";
const STRIPE_WEBHOOK_SECRET = "whsec_oxcart_e2e";
// The fake PayPal the same store also offers.
const fakePayPalPort = process.env.OXCART_E2E_FAKE_PAYPAL_PORT ?? "3112";
const fakePayPalURL = `http://127.0.0.1:${fakePayPalPort}`;
const PAYPAL = {
  OXCART_PAYPAL_CLIENT_ID: "oxcart-e2e-paypal",
  OXCART_PAYPAL_CLIENT_SECRET: "oxcart-e2e-paypal-secret",
  OXCART_PAYPAL_WEBHOOK_ID: "OXCARTE2EWEBHOOK",
};
const STRIPE_DATABASE_URL =
  process.env.OXCART_E2E_STRIPE_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oxcart_e2e_stripe";

/** The environment of a store under test on `port` with its own database. */
function storeEnv(port: string, databaseURL: string, extra: Record<string, string>): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  return {
    DATABASE_URL: databaseURL,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    OXCART_SITE_URL: url,
    OXCART_DEMO_DATA: "auto",
    RUST_LOG: "warn",
    LEPTOS_OUTPUT_NAME: "oxcart",
    LEPTOS_SITE_ROOT: "target/site",
    LEPTOS_SITE_PKG_DIR: "pkg",
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_HASH_FILES: "true",
    LEPTOS_ENV: "DEV",
    // Emails go to the development mailbox (/dev/mailbox), which the tests read.
    OXCART_MAILBOX_DIR: `target/mailbox-e2e-${port}`,
    OXCART_OUTBOX_POLL_MS: "200",
    // Every test signs in from 127.0.0.1: generous limits (the HTTP tests drive each limit).
    OXCART_LIMIT_SIGN_IN_PER_IP: "10000",
    // Several specs sign in as the demo admin; the per-email limit is driven by the HTTP tests.
    OXCART_LIMIT_SIGN_IN_PER_EMAIL: "10000",
    OXCART_LIMIT_SIGN_UP_PER_IP: "10000",
    OXCART_LIMIT_STOCK_ALERTS_PER_IP: "10000",
    OXCART_LIMIT_RESET_CONFIRM_PER_IP: "10000",
    OXCART_LIMIT_RESET_PER_IP: "10000",
    OXCART_LIMIT_API_PER_MINUTE: "100000",
    OXCART_LIMIT_PAGES_PER_MINUTE: "100000",
    // Every spec checks out from 127.0.0.1; the caps on unpaid orders are driven by the HTTP tests.
    OXCART_LIMIT_CHECKOUT_PER_IP: "100000",
    OXCART_HOLDS_PER_EMAIL: "10000",
    OXCART_HOLDS_PER_CLIENT: "10000",
    OXCART_HOLDS_PER_BROWSER: "10000",
    OXCART_REDIS_PREFIX: `oxcart-e2e-${port}-${Date.now()}`,
    ...extra,
  };
}

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: { baseURL, launchOptions, trace: "off", screenshot: "only-on-failure" },
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
    { name: "mobile", use: { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true } },
    { name: "no-js", use: { viewport: { width: 1280, height: 800 }, javaScriptEnabled: false } },
    // A 390 px phone too (each project has its own slice of the demo catalog: helpers.ts itemsFor).
    { name: "phone-390", use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  ],
  webServer: [
    {
      command: "target/debug/server serve",
      cwd: "..",
      url: `${baseURL}/readyz`,
      // A server already on the port is reused only when asked (OXCART_E2E_REUSE=1), so a stale
      // build is never tested by accident.
      reuseExistingServer: process.env.OXCART_E2E_REUSE === "1",
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: storeEnv(port, process.env.OXCART_E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oxcart_e2e", {
        // Unpaid orders hold their stock briefly, so the abandoned-payment test sees it return.
        OXCART_RESERVATION_SECS: "20",
        OXCART_RESERVATION_SWEEP_MS: "500",
      }),
    },
    // The Stripe flow: a local fake of Stripe's API and hosted Checkout, forwarding signed
    // webhooks like `stripe listen --forward-to`, and a second store configured for Stripe.
    {
      command: "target/debug/server fake-stripe",
      cwd: "..",
      url: `${fakeStripeURL}/v1/checkout/sessions/cs_none`,
      reuseExistingServer: process.env.OXCART_E2E_REUSE === "1",
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        OXCART_FAKE_STRIPE_ADDR: `127.0.0.1:${fakeStripePort}`,
        OXCART_FAKE_STRIPE_FORWARD_TO: `${stripeStoreURL}/webhooks/stripe`,
        OXCART_STRIPE_SECRET_KEY: STRIPE_KEY,
        OXCART_STRIPE_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET,
        RUST_LOG: "warn",
      },
    },
    // PayPal's REST API and approval page, faked the same way (events to /webhooks/paypal).
    {
      command: "target/debug/server fake-paypal",
      cwd: "..",
      url: `${fakePayPalURL}/v2/checkout/orders/NONE`,
      reuseExistingServer: process.env.OXCART_E2E_REUSE === "1",
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        ...PAYPAL,
        OXCART_FAKE_PAYPAL_ADDR: `127.0.0.1:${fakePayPalPort}`,
        OXCART_FAKE_PAYPAL_FORWARD_TO: `${stripeStoreURL}/webhooks/paypal`,
        RUST_LOG: "warn",
      },
    },
    {
      command: "target/debug/server serve",
      cwd: "..",
      url: `${stripeStoreURL}/readyz`,
      reuseExistingServer: process.env.OXCART_E2E_REUSE === "1",
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: storeEnv(stripeStorePort, STRIPE_DATABASE_URL, {
        // Card first (the default choice), then PayPal.
        OXCART_PAYMENT_PROVIDERS: "stripe,paypal",
        OXCART_STRIPE_SECRET_KEY: STRIPE_KEY,
        OXCART_STRIPE_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET,
        OXCART_STRIPE_API_BASE: fakeStripeURL,
        ...PAYPAL,
        OXCART_PAYPAL_API_BASE: fakePayPalURL,
      }),
    },
  ],
});
