import { defineConfig, devices } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { sandboxServerEnv } from "./test/sandbox-server";
import { smtpSinkPorts } from "./test/smtp-sink";

// End-to-end tests drive Debian's Chromium (never a downloaded browser) through the real pages
// of a production build served by server.mjs (as `npm start` does), on its own port, with an
// in-memory database and the sandbox simulators (test/sandbox-server.ts), sending shopper emails
// to a real SMTP server beside it (test/smtp-sink.ts). Rate limits are the defaults; each test
// comes from its own client address (X-Forwarded-For, set in e2e/fixtures.ts; loopback is a
// trusted proxy by default), so limits per address never carry from one test to the next. The
// API key's limit is per key: that test runs last.

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;
const SINK = smtpSinkPorts(PORT);

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)");
  }
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One server, shared simulators: two workers is what two cores carry.
  workers: 2,
  retries: 0,
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    locale: "id-ID",
    timezoneId: "Asia/Jakarta",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "phone", use: { ...devices["Pixel 5"], viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, defaultBrowserType: "chromium" }, testIgnore: /failover|provider-forms|api-rate-limit|bad-input|dev-start/ },
    // Failover flips a provider's outage switch, so it runs alone, after the rest.
    { name: "failover", use: { ...devices["Desktop Chrome"], defaultBrowserType: "chromium" }, testMatch: /failover/, dependencies: ["phone"] },
    // Switches the simulators' documented forms (global sandbox state), so it too runs alone.
    { name: "provider-forms", use: { ...devices["Desktop Chrome"], defaultBrowserType: "chromium" }, testMatch: /provider-forms/, dependencies: ["failover"] },
    // The bad-input fuzzing proves that nothing changes, so nothing else may run beside it.
    { name: "bad-input", testMatch: /bad-input/, dependencies: ["provider-forms"] },
    // Uses up the sandbox API key's order limit for a minute, so it comes last of all.
    { name: "api-rate-limit", use: { ...devices["Desktop Chrome"], defaultBrowserType: "chromium" }, testMatch: /api-rate-limit/, dependencies: ["bad-input"] },
    // A development server of its own, compiling as it goes: nothing else runs beside it.
    { name: "dev-start", use: { ...devices["Pixel 5"], viewport: { width: 360, height: 740 }, defaultBrowserType: "chromium" }, testMatch: /dev-start/, dependencies: ["api-rate-limit"] },
  ],
  webServer: [
    {
      command: `npx tsx test/smtp-sink.ts ${PORT}`,
      url: `http://127.0.0.1:${SINK.http}/messages`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npm run build && node server.mjs -p ${PORT}`,
      url: `${BASE_URL}/api/ready`,
      // A production build first: about 2 minutes on two idle cores, past 5 once seen on two
      // cores shared with other builds. A bound for the work, not a timing check.
      timeout: 600_000,
      reuseExistingServer: !process.env.CI,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...sandboxServerEnv(BASE_URL),
        SMTP_URL: `smtp://127.0.0.1:${SINK.smtp}`,
        MAIL_FROM: "Toko Gerai <pesanan@toko.example>",
        // Warnings and errors only: an access line per request would bury the report.
        LOG_LEVEL: "warn",
      },
    },
  ],
});
