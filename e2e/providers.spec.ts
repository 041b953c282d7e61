import { expect, test } from "./fixtures";
import { PROVIDER_REGISTRATIONS } from "@/lib/providers/catalog";
import { addToCart, cashier, checkout, expectNotReloaded, expectScannable, markPage, placeOrder, readCode, screenshot } from "./support";

// Every provider, at every store, through the real pages: checkout with the provider pinned in
// test mode, the code it issued on the payment page (its barcode and QR read back by zxing at
// 1×, 1.5×, 2× and 3× and from the slip image), paid at the till (the simulator sends the
// provider's own signed notification in its own format), and the page turning paid.

const PROVIDERS = PROVIDER_REGISTRATIONS.map((registration) => registration.displayName);
const STORES = ["Alfamart", "Indomaret"] as const;

for (const provider of PROVIDERS) {
  for (const store of STORES) {
    test(`${provider} at ${store}: code on the page, scannable at every density, paid at the till, page turns paid`, async ({ page, context, browser }, testInfo) => {
      await addToCart(page, ["Sambal Bawang Bu Rudy 200 g"]);
      await checkout(page, { store, provider });
      await placeOrder(page);

      await expect(page.getByTestId("amount")).toHaveText("Rp 41.000");
      await expect(page.getByText(`kode ini dibuat oleh simulator ${provider}`)).toBeVisible();
      await expect(page.getByRole("img", { name: store === "Alfamart" ? /Barcode/ : /Barcode/ })).toBeVisible();
      const code = await readCode(page);
      await expect(page.getByTestId("barcode").locator("svg")).toHaveAttribute("data-code", code);
      await screenshot(page, testInfo, `provider-${provider.toLowerCase()}-${store.toLowerCase()}-pending`);
      await expectScannable(browser, page.url(), code);

      await markPage(page);
      await cashier(context, page, "Terima pembayaran");
      await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 20_000 });
      await expectNotReloaded(page);
      await expect(page.getByTestId("order-status")).toHaveText("Lunas");
    });
  }
}
