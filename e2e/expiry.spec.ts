import { expect, test } from "./fixtures";
import { cashier, createOrderByApi, expectNotReloaded, markPage, readCode, screenshot } from "./support";

test("an expired code says so plainly and a new code can be had for the same order", async ({ page, context }, testInfo) => {
  const order = await createOrderByApi(page, { reference: `E2E-EXP-${Date.now()}`, return_url: "https://toko.example.id/pesanan/E2E-EXP" });
  await page.goto(order.payment_url);
  const firstCode = await readCode(page);
  expect(firstCode).toBe(order.payment_code);
  await markPage(page);

  // The provider expires the code (as Midtrans does at the deadline) and notifies.
  await cashier(context, page, "Kedaluwarsakan");
  await expect(page.getByTestId("notice-expired")).toBeVisible({ timeout: 15_000 });
  await expectNotReloaded(page);
  await expect(page.getByRole("heading", { name: "Kode pembayaran kedaluwarsa" })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Kedaluwarsa");
  // Closed before its deadline: the page does not claim the deadline has passed.
  await expect(page.getByTestId("notice-expired")).toContainText("Penyedia pembayaran menutup kode ini sebelum batas waktunya.");
  await expect(page.getByRole("link", { name: "Kembali ke Toko Gerai" })).toHaveAttribute("href", "https://toko.example.id/pesanan/E2E-EXP");
  await screenshot(page, testInfo, "payment-expired", true);

  await page.getByRole("button", { name: "Buat kode baru" }).click();
  await expect(page.getByTestId("payment-code")).toBeVisible({ timeout: 20_000 });
  const secondCode = await readCode(page);
  expect(secondCode).not.toBe(firstCode);
  await screenshot(page, testInfo, "payment-renewed");

  // The merchant API shows both codes on the one order.
  const details = await page.request.get(`/api/v1/orders/${order.id}`, { headers: { Authorization: "Bearer sk_sandbox_gerai_merchant_0001" } });
  const body = (await details.json()) as { status: string; charges: { status: string; payment_code: string }[] };
  expect(body.status).toBe("pending");
  expect(body.charges.map((charge) => [charge.status, charge.payment_code])).toEqual([
    ["expired", firstCode],
    ["pending", secondCode],
  ]);
});

test("a code reaching its deadline unpaid turns expired on the open page by itself", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const order = await createOrderByApi(page, { reference: `E2E-DL-${Date.now()}`, expires_in_minutes: 1 });
  await page.goto(order.payment_url);
  await expect(page.getByRole("timer")).toHaveText(/^00:0[01]:\d{2}$/);
  await markPage(page);
  await expect(page.getByTestId("notice-expired")).toBeVisible({ timeout: 100_000 });
  await expectNotReloaded(page);
  await expect(page.getByTestId("notice-expired")).toContainText("Batas waktu pembayaran sudah lewat (");
  await expect(page.getByRole("button", { name: "Buat kode baru" })).toBeVisible();
  await screenshot(page, testInfo, "payment-deadline-passed");
});
