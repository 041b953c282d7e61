import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { cashier, createOrderByApi } from "./support";

// axe-core (WCAG 2.1 A and AA) finds nothing on the shopper's pages in any state, in Indonesian
// and in English: the shop, the checkout, the payment page pending, paid and expired, and an
// unknown payment address.

const LANGUAGES = [
  { locale: "id", cookie: "id" },
  { locale: "en", cookie: "en" },
] as const;

async function expectNoViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = results.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
  expect(found, `axe on ${state}`).toEqual([]);
}

for (const { locale, cookie } of LANGUAGES) {
  test(`shopper pages in ${locale} have no WCAG 2.1 AA violations in any state`, async ({ page, context, baseURL, browserConsole }) => {
    browserConsole.expect(/\/pay\/A{22}: console\.error: Failed to load resource: the server responded with a status of 404/);
    await context.addCookies([{ name: "gerai-locale", value: cookie, url: baseURL! }]);
    await page.goto("/checkout");
    await expectNoViolations(page, "checkout, empty cart");
    await page.goto("/");
    await page.getByRole("button", { name: `${locale === "id" ? "Tambah" : "Add"}: Kopi Arabika Gayo 250 g` }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await expectNoViolations(page, "shop");
    await page.goto("/checkout");
    await expect(page.getByTestId("checkout-total")).toBeVisible();
    await expectNoViolations(page, "checkout");

    const pending = await createOrderByApi(page, { reference: `E2E-AXE-P-${locale}-${Date.now()}` });
    await page.goto(pending.payment_url);
    await expect(page.getByTestId("amount")).toBeVisible();
    await expectNoViolations(page, "payment page, pending");
    await cashier(context, page, locale === "id" ? "Terima pembayaran" : "Take payment");
    await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 20_000 });
    await expectNoViolations(page, "payment page, paid");

    const expiring = await createOrderByApi(page, { reference: `E2E-AXE-E-${locale}-${Date.now()}` });
    await page.goto(expiring.payment_url);
    await cashier(context, page, locale === "id" ? "Kedaluwarsakan" : "Expire");
    await expect(page.getByTestId("notice-expired")).toBeVisible({ timeout: 20_000 });
    await expectNoViolations(page, "payment page, expired");

    await page.goto("/pay/AAAAAAAAAAAAAAAAAAAAAA");
    await expectNoViolations(page, "unknown payment address");
  });
}
