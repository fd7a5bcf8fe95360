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
  ],
  webServer: {
    command: "target/debug/server serve",
    cwd: "..",
    url: `${baseURL}/readyz`,
    // A server already on the port is reused only when asked (OXCART_E2E_REUSE=1), so a stale
    // build is never tested by accident.
    reuseExistingServer: process.env.OXCART_E2E_REUSE === "1",
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: process.env.OXCART_E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/oxcart_e2e",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      OXCART_SITE_URL: baseURL,
      OXCART_DEMO_DATA: "auto",
      RUST_LOG: "warn",
      LEPTOS_OUTPUT_NAME: "oxcart",
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_SITE_PKG_DIR: "pkg",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_HASH_FILES: "true",
      LEPTOS_ENV: "DEV",
      // Emails go to the development mailbox (/dev/mailbox), which the tests read.
      OXCART_MAILBOX_DIR: "target/mailbox-e2e",
      OXCART_OUTBOX_POLL_MS: "200",
      // Every test signs in from 127.0.0.1: generous limits (the HTTP tests drive each limit).
      OXCART_LIMIT_SIGN_IN_PER_IP: "10000",
      OXCART_LIMIT_SIGN_UP_PER_IP: "10000",
      OXCART_LIMIT_RESET_PER_IP: "10000",
      OXCART_LIMIT_API_PER_MINUTE: "100000",
      OXCART_REDIS_PREFIX: `oxcart-e2e-${Date.now()}`,
      // Unpaid orders hold their stock briefly, so the abandoned-payment test sees it return.
      OXCART_RESERVATION_SECS: "20",
      OXCART_RESERVATION_SWEEP_MS: "500",
    },
  },
});
