import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import type { Page, TestInfo } from "@playwright/test";
import { addToCart, cashier, checkout, createOrderByApi, placeOrder, screenshot, SHOPPER, signInToConsole } from "./support";

// axe-core (WCAG 2.1 A and AA) finds nothing on any page in any state, in Indonesian and in
// English, on a 360 px phone and on a desktop: the shopper's pages (shop, checkout empty, filled
// and refused, the payment page at each store and in every outcome, an unknown address), the
// merchant's console and the sandbox. Each state is photographed at both widths
// (test-results/screens/a11y-*), the pictures we look at before a change to these pages lands.

const LANGUAGES = [
  { locale: "id", cookie: "id" },
  { locale: "en", cookie: "en" },
] as const;

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

/** axe at the phone's width and at a desktop's, with a screenshot of each. */
async function checkState(page: Page, testInfo: TestInfo, name: string) {
  for (const [width, viewport] of [["360", PHONE], ["desktop", DESKTOP]] as const) {
    await page.setViewportSize(viewport);
    // Lazy images below the fold load as the page is scrolled: scroll through it for the full-page picture.
    await page.evaluate(async () => {
      window.scrollTo(0, document.body.scrollHeight);
      await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
      window.scrollTo(0, 0);
    });
    // The sandbox mailbox shows an email in a script-less frame, which axe cannot enter.
    const results = await new AxeBuilder({ page }).exclude("iframe[sandbox]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const found = results.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
    expect(found, `axe on ${name} at ${width}`).toEqual([]);
    await screenshot(page, testInfo, `a11y-${name}-${width}`, true);
  }
  await page.setViewportSize(PHONE);
}

for (const { locale, cookie } of LANGUAGES) {
  const en = locale === "en";

  test(`shopper pages in ${locale} have no WCAG 2.1 AA violations in any state, phone and desktop`, async ({ page, context, baseURL, browserConsole }, testInfo) => {
    // Eleven states, each checked and photographed at two widths: a long test, not a slow page.
    test.setTimeout(300_000);
    browserConsole.expect(/\/pay\/A{22}: console\.error: Failed to load resource: the server responded with a status of 404/);
    await context.addCookies([{ name: "gerai-locale", value: cookie, url: baseURL! }]);
    await page.goto("/checkout");
    await checkState(page, testInfo, `${locale}-checkout-empty`);
    await page.goto("/");
    await page.getByRole("button", { name: `${en ? "Add" : "Tambah"}: Kopi Arabika Gayo 250 g` }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await checkState(page, testInfo, `${locale}-shop`);
    await page.goto("/checkout");
    await expect(page.getByTestId("checkout-total")).toBeVisible();
    await checkState(page, testInfo, `${locale}-checkout`);
    // Refused: a phone number too short and no store chosen.
    await page.getByLabel(en ? "Full name" : "Nama lengkap").fill(SHOPPER.name);
    await page.getByLabel("Email").fill(SHOPPER.email);
    await page.getByLabel(en ? "Mobile number" : "Nomor HP").fill("12");
    await page.getByRole("button", { name: en ? "Get payment code" : "Buat kode pembayaran" }).click();
    await expect(page.getByLabel(en ? "Mobile number" : "Nomor HP")).toBeFocused();
    await checkState(page, testInfo, `${locale}-checkout-refused`);

    for (const store of ["indomaret", "alfamart"]) {
      const order = await createOrderByApi(page, { reference: `E2E-AXE-${store}-${locale}-${Date.now()}`, store });
      await page.goto(order.payment_url);
      await expect(page.getByTestId("amount")).toBeVisible();
      await checkState(page, testInfo, `${locale}-pay-pending-${store}`);
    }
    // Every outcome, each on its own order at Monxa, whose cashier has them all. The cart the shop
    // step filled is left behind first.
    await page.evaluate(() => window.localStorage.clear());
    const outcomes = [
      { state: "paid", button: en ? "Take payment" : "Terima pembayaran", shows: "receipt" },
      { state: "expired", button: en ? "Expire" : "Kedaluwarsakan", shows: "notice-expired" },
      { state: "failed", button: en ? "Decline" : "Gagalkan", shows: "notice-failed" },
      { state: "cancelled", button: en ? "Cancel" : "Batalkan", shows: "notice-cancelled" },
    ];
    for (const { state, button, shows } of outcomes) {
      await context.addCookies([{ name: "gerai-locale", value: "id", url: baseURL! }]);
      await addToCart(page, ["Kopi Arabika Gayo 250 g"]);
      await checkout(page, { store: "Indomaret", provider: "Monxa" });
      await placeOrder(page);
      await context.addCookies([{ name: "gerai-locale", value: cookie, url: baseURL! }]);
      await page.reload();
      await cashier(context, page, button);
      await expect(page.getByTestId(shows)).toBeVisible({ timeout: 20_000 });
      await checkState(page, testInfo, `${locale}-pay-${state}`);
    }

    await page.goto("/pay/AAAAAAAAAAAAAAAAAAAAAA");
    await checkState(page, testInfo, `${locale}-pay-unknown`);
  });

  test(`the console and the sandbox in ${locale} have no WCAG 2.1 AA violations, phone and desktop`, async ({ page, context, baseURL, browserConsole }, testInfo) => {
    test.setTimeout(300_000);
    // The tools (axe, the screenshot's animation switch) reach into every frame; the mailbox's
    // script-less email frame refuses them, as it should.
    browserConsole.expect(/Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/);
    await context.addCookies([{ name: "gerai-locale", value: cookie, url: baseURL! }]);
    await page.goto("/merchant/login");
    await checkState(page, testInfo, `${locale}-console-sign-in`);
    await context.addCookies([{ name: "gerai-locale", value: "id", url: baseURL! }]);
    await signInToConsole(page);
    await context.addCookies([{ name: "gerai-locale", value: cookie, url: baseURL! }]);

    const order = await createOrderByApi(page, { reference: `E2E-AXE-CONSOLE-${locale}-${Date.now()}` });
    await page.goto(order.payment_url);
    await cashier(context, page, en ? "Take payment" : "Terima pembayaran");
    await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 20_000 });

    for (const [path, name] of [
      ["/merchant", "console-orders"],
      [`/merchant/orders/${order.id}`, "console-order"],
      ["/merchant/dashboard", "console-dashboard"],
      ["/merchant/api-keys", "console-api-keys"],
      ["/merchant/webhooks", "console-webhooks"],
      ["/merchant/jobs", "console-jobs"],
      ["/merchant/team", "console-team"],
      ["/merchant/account", "console-account"],
      ["/sandbox", "sandbox"],
      ["/sandbox/mail", "sandbox-mail"],
    ] as const) {
      await page.goto(path);
      await checkState(page, testInfo, `${locale}-${name}`);
    }
    await page.locator('a[href^="/sandbox/mail/"]').first().click();
    await expect(page).toHaveURL(/\/sandbox\/mail\/.+/);
    await checkState(page, testInfo, `${locale}-sandbox-mail-one`);

    await page.goto(`/sandbox/cashier?code=${encodeURIComponent(order.payment_code)}&store=indomaret`);
    await expect(page.getByTestId("cashier-charge")).toHaveCount(1);
    await checkState(page, testInfo, `${locale}-sandbox-cashier`);
  });
}
