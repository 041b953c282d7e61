import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { cashier, createOrderByApi, screenshot, signInToConsole } from "./support";

// The merchant's dashboard: a payment made now shows in today's figures; the ranges switch;
// each range reads at a glance on a 360 px phone and on a desktop, with no WCAG 2.1 AA
// violation, in Indonesian and in English.

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

async function checkAtBothWidths(page: Page, testInfo: TestInfo, name: string) {
  for (const [width, viewport] of [["360", PHONE], ["desktop", DESKTOP]] as const) {
    await page.setViewportSize(viewport);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const found = results.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
    expect(found, `axe on ${name} at ${width}`).toEqual([]);
    // The chart drawn for this width is the one shown.
    await expect(page.getByRole("img", { name: /orders created|pesanan dibuat/i })).toBeVisible();
    await screenshot(page, testInfo, `${name}-${width}`, true);
  }
  await page.setViewportSize(PHONE);
}

/** The number under a headline figure's label. */
const figure = (page: Page, label: string) => page.getByTestId("dashboard-totals").locator("div").filter({ has: page.getByText(label, { exact: true }) }).locator("dd").first();

test("today's payment shows on the dashboard; the ranges switch; phone and desktop, both languages, axe-clean", async ({ page, context, baseURL }, testInfo) => {
  // Four states, each checked with axe and photographed at two widths: a long test, not a slow page.
  test.setTimeout(300_000);
  await signInToConsole(page);
  const order = await createOrderByApi(page, { reference: `E2E-DASH-${Date.now()}` });
  const shopper = await context.newPage();
  await shopper.goto(order.payment_url);
  await cashier(context, shopper, "Terima pembayaran");
  await expect(shopper.getByTestId("receipt")).toBeVisible({ timeout: 20_000 });
  await shopper.close();

  await page.getByRole("link", { name: "Ringkasan" }).click();
  await expect(page).toHaveURL(/\/merchant\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Ringkasan" })).toBeVisible();
  await expect(page.getByRole("link", { name: "7 hari" })).toHaveAttribute("aria-current", "page");
  await checkAtBothWidths(page, testInfo, "dashboard-id-7d");

  await page.getByRole("link", { name: "Hari ini" }).click();
  await expect(page).toHaveURL(/range=today$/);
  await expect(page.getByRole("link", { name: "Hari ini" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Pesanan per jam" })).toBeVisible();
  expect(Number((await figure(page, "Pesanan dibayar").innerText()).replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);
  expect(Number((await figure(page, "Pesanan dibuat").innerText()).replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);
  await expect(figure(page, "Total dibayar")).toContainText("Rp");
  // The numbers behind a chart, as a table.
  await page.getByText("Tampilkan sebagai tabel").first().click();
  await expect(page.getByRole("region", { name: "Pesanan per jam" }).getByRole("row").nth(1)).toContainText("WIB");
  await checkAtBothWidths(page, testInfo, "dashboard-id-today");

  await page.getByRole("link", { name: "30 hari" }).click();
  await expect(page).toHaveURL(/range=30d$/);
  await expect(page.getByRole("heading", { name: "Per penyedia" }).or(page.getByText("Per penyedia"))).toBeVisible();
  await checkAtBothWidths(page, testInfo, "dashboard-id-30d");

  // A range it does not know shows the last 7 days.
  await page.goto("/merchant/dashboard?range=1y");
  await expect(page.getByRole("link", { name: "7 hari" })).toHaveAttribute("aria-current", "page");

  await context.addCookies([{ name: "gerai-locale", value: "en", url: baseURL! }]);
  await page.goto("/merchant/dashboard?range=7d");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Orders per day" })).toBeVisible();
  await checkAtBothWidths(page, testInfo, "dashboard-en-7d");
});
