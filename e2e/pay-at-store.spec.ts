import { writeFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { addToCart, cashier, checkout, expectNotReloaded, markPage, placeOrder, readCode, screenshot } from "./support";

// The walking skeleton: shop, check out, read the code off the payment page, pay it at the
// store's till (the Midtrans simulator sends its signed notification), and watch the open
// page turn into a receipt by itself.

test("a shopper pays an Indomaret code through Midtrans and the page turns paid", async ({ page, context }, testInfo) => {
  await addToCart(page, ["Kopi Arabika Gayo 250 g", "Teh Melati Tubruk 100 g"]);
  await screenshot(page, testInfo, "shop");

  await checkout(page, { store: "Indomaret", provider: "Midtrans" });
  await expect(page.getByTestId("checkout-total")).toHaveText("Rp 121.500");
  await screenshot(page, testInfo, "checkout", true);
  await placeOrder(page);

  // Everything the cashier needs, on the first screen.
  await expect(page.getByTestId("amount")).toHaveText("Rp 121.500");
  await expect(page.getByTestId("merchant-name")).toHaveText("Toko Gerai");
  const code = await readCode(page);
  await expect(page.getByTestId("barcode").locator("svg")).toHaveAttribute("data-code", code);
  await expect(page.getByTestId("qr").locator("svg")).toHaveAttribute("data-code", code);
  await expect(page.getByTestId("deadline")).toHaveText(/^\w+, \d{1,2} \w{3} \d{4}( pukul|,) \d{2}\.\d{2} WIB$/);
  await expect(page.getByRole("timer")).toHaveText(/^(1 hari )?\d{2}:\d{2}:\d{2}$/);
  await expect(page.getByTestId("instructions").getByRole("listitem")).toHaveCount(6);
  await expect(page.getByTestId("instructions")).toContainText("Indomaret");
  // Where the code can be paid, from its store and amount (lib/store-acceptance.ts).
  await expect(page.getByTestId("store-acceptance")).toHaveText("Kode ini bisa dibayar di Indomaret.");
  for (const testId of ["amount", "payment-code", "deadline", "merchant-name"]) {
    await expect(page.getByTestId(testId)).toBeInViewport();
  }
  await page.getByRole("button", { name: "Salin kode pembayaran" }).click();
  await expect(page.getByRole("button", { name: "Salin kode pembayaran" })).toHaveText("✓ Tersalin");
  await screenshot(page, testInfo, "payment-pending");
  await screenshot(page, testInfo, "payment-pending-full", true);

  // Full screen for the cashier's scanner, and the slip as an image for the gallery.
  await page.getByRole("button", { name: "Tunjukkan ke kasir" }).click();
  const cashierView = page.getByRole("dialog", { name: "Tunjukkan ke kasir" });
  await expect(cashierView.locator(`svg[data-code="${code}"]`)).toHaveCount(2);
  await screenshot(page, testInfo, "payment-cashier-view");
  await cashierView.getByRole("button", { name: "Tutup" }).click();
  const slip = await page.request.get(`${page.url()}/slip`);
  expect(slip.status()).toBe(200);
  expect(slip.headers()["content-type"]).toBe("image/png");
  await testInfo.attach("slip-image", { body: await slip.body(), contentType: "image/png" });
  writeFileSync("test-results/screens/payment-slip-image.png", await slip.body());

  // The address is stable: reopening it shows the same code.
  const address = page.url();
  const again = await context.newPage();
  await again.goto(address);
  expect(await readCode(again)).toBe(code);
  await again.close();

  await markPage(page);
  const till = await cashier(context, page, "Terima pembayaran");
  await expect(till.getByTestId("cashier-status")).toHaveText("settlement");
  await screenshot(till, testInfo, "cashier-paid", true);

  await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 15_000 });
  await expectNotReloaded(page);
  await expect(page.getByTestId("order-status")).toHaveText("Lunas");
  await expect(page.getByTestId("receipt")).toContainText("Rp 121.500");
  await screenshot(page, testInfo, "payment-paid", true);
});
