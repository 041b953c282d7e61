import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addConsoleMember, addToCart, API_KEY, cashier, checkout, createOrderByApi, placeOrder, readCode, screenshot, signInToConsole, type ConsoleAccount } from "./support";

// What staff do to an order from the console: cancel its live code, issue a new code for an
// expired one, mark a late payment handled with a note. Each answers on the page and lands on the
// timeline with who did it; a viewer is offered none of it.

const REFUSED = "Peran Anda tidak mengizinkan tindakan ini; tidak ada yang diubah.";

/** A browser of its own, signed in as `account`. */
async function signedIn(browser: Browser, account: ConsoleAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInToConsole(page, account);
  return { context, page };
}

async function orderStatus(page: Page, id: string): Promise<string> {
  const response = await page.request.get(`/api/v1/orders/${id}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  return ((await response.json()) as { status: string }).status;
}

test("staff cancel a live code, issue a new code and mark a late payment handled; the timeline names them", async ({ page, context, browser }, testInfo) => {
  test.setTimeout(240_000);
  await signInToConsole(page);
  const staff = await addConsoleMember(page, "staff");
  const { context: staffContext, page: staffPage } = await signedIn(browser, staff);
  const by = `oleh ${staff.name} <${staff.email}>`;
  const stamp = Date.now();
  const status = staffPage.getByTestId("order-actions").getByRole("status");
  const timeline = staffPage.getByTestId("timeline");
  const heading = (reference: string) => staffPage.getByRole("heading", { name: reference }).locator("..");

  // 1. A pending order's code, cancelled after a confirmation (Midtrans voids it).
  const pending = await createOrderByApi(page, { reference: `E2E-CANCEL-${stamp}` });
  await staffPage.goto(`/merchant/orders/${pending.id}`);
  await staffPage.getByRole("button", { name: "Batalkan kode" }).click();
  await expect(staffPage.getByText("Batalkan pesanan ini dan kodenya?")).toBeVisible();
  await screenshot(staffPage, testInfo, "console-cancel-confirm");
  await staffPage.getByRole("button", { name: "Ya, batalkan" }).click();
  await expect(status).toHaveText("Pesanan dibatalkan; penyedia juga membatalkan kodenya, jadi toko menolak kode itu.");
  await expect(heading(`E2E-CANCEL-${stamp}`)).toContainText("Dibatalkan");
  await expect(timeline.getByText(by)).toHaveCount(1);
  await expect(staffPage.getByRole("button", { name: "Batalkan kode" })).toHaveCount(0);
  await screenshot(staffPage, testInfo, "console-cancelled");
  expect(await orderStatus(page, pending.id)).toBe("cancelled");

  // 2. An expired order (the provider closed its code at the till) gets a new code.
  const expiring = await createOrderByApi(page, { reference: `E2E-RENEW-${stamp}` });
  const shopper = await context.newPage();
  await shopper.goto(expiring.payment_url);
  await cashier(context, shopper, "Kedaluwarsakan");
  await expect(shopper.getByTestId("notice-expired")).toBeVisible({ timeout: 15_000 });
  await staffPage.goto(`/merchant/orders/${expiring.id}`);
  await expect(heading(`E2E-RENEW-${stamp}`)).toContainText("Kedaluwarsa");
  await expect(staffPage.getByRole("button", { name: "Batalkan kode" })).toHaveCount(0);
  await staffPage.getByRole("button", { name: "Terbitkan kode baru" }).click();
  await expect(status).toContainText("Kode baru diterbitkan: ");
  await expect(heading(`E2E-RENEW-${stamp}`)).toContainText("Menunggu Pembayaran");
  await expect(timeline).toContainText(`Kode baru diterbitkan setelah kode sebelumnya kedaluwarsa — ${by}`);
  // The code in the message is the one the shopper's page now shows.
  await shopper.goto(expiring.payment_url);
  const newCode = await readCode(shopper);
  expect(newCode).not.toBe(expiring.payment_code);
  await expect(status).toHaveText(`Kode baru diterbitkan: ${newCode.replace(/(.{4})(?=.)/g, "$1 ")}.`);
  await screenshot(staffPage, testInfo, "console-renewed");
  // A re-check that finds nothing new still says who asked.
  await staffPage.getByRole("button", { name: "Cek ulang ke penyedia" }).click();
  await expect(status).toHaveText("Penyedia menyatakan status yang sama: pending.");
  await expect(timeline).toContainText(`Cek ulang ke Midtrans: status tetap "pending", tidak ada yang berubah — ${by}`);

  // 3. A code Monxa cannot void, cancelled, then paid at the store anyway: a late payment.
  await addToCart(shopper, ["Kopi Arabika Gayo 250 g"]);
  await checkout(shopper, { store: "Indomaret", provider: "Monxa" });
  await placeOrder(shopper);
  const monxaCode = await readCode(shopper);
  await staffPage.goto(`/merchant?q=${monxaCode}`);
  await staffPage.getByTestId("order-row").getByRole("link").first().click();
  await expect(staffPage).toHaveURL(/\/merchant\/orders\/ord_/);
  await staffPage.getByRole("button", { name: "Batalkan kode" }).click();
  await staffPage.getByRole("button", { name: "Ya, batalkan" }).click();
  await expect(status).toContainText("penyedia tidak bisa membatalkan kodenya: kode tetap bisa dibayar di toko sampai batas waktunya");
  await expect(staffPage.getByRole("button", { name: "Batalkan kode" })).toHaveCount(0);
  await screenshot(staffPage, testInfo, "console-cancelled-not-voided");

  const till = await context.newPage();
  await till.goto(`/sandbox/cashier?store=indomaret&code=${monxaCode}`);
  await till.getByTestId("cashier-charge").getByRole("button", { name: "Terima pembayaran" }).click();
  await expect(till.getByTestId("cashier-done")).toContainText("HTTP 200");
  await expect(staffPage.getByText("Perlu dicek", { exact: true })).toBeVisible();

  const note = staffPage.getByLabel("Catatan (apa yang sudah dilakukan)");
  await note.fill("   ");
  await staffPage.getByRole("button", { name: "Tandai sudah ditangani" }).click();
  await expect(status).toHaveText("Tulis catatan 1–500 karakter.");
  await note.fill("Uang Rp 89.000 dikembalikan ke pembeli lewat transfer BCA");
  await screenshot(staffPage, testInfo, "console-mark-handled", true);
  await staffPage.getByRole("button", { name: "Tandai sudah ditangani" }).click();
  await expect(status).toHaveText("Ditandai sudah ditangani.");
  await expect(staffPage.getByText("Perlu dicek", { exact: true })).toHaveCount(0);
  await expect(staffPage.getByRole("button", { name: "Tandai sudah ditangani" })).toHaveCount(0);
  await expect(timeline).toContainText(`Ditandai sudah ditangani: Uang Rp 89.000 dikembalikan ke pembeli lewat transfer BCA — ${by}`);
  await screenshot(staffPage, testInfo, "console-handled", true);
  await staffContext.close();
});

test("a viewer is offered no action, and a press from a viewer's session changes nothing", async ({ page, context, browser, baseURL }) => {
  const order = await createOrderByApi(page, { reference: `E2E-VIEW-${Date.now()}` });
  await signInToConsole(page);
  const viewer = await addConsoleMember(page, "viewer");
  const { context: viewerContext, page: member } = await signedIn(browser, viewer);
  await member.goto(`/merchant/orders/${order.id}`);
  await expect(member.getByRole("heading", { name: /E2E-VIEW-/ })).toBeVisible();
  await expect(member.getByTestId("order-actions")).toHaveCount(0);
  for (const name of ["Cek ulang ke penyedia", "Batalkan kode", "Terbitkan kode baru", "Tandai sudah ditangani"]) {
    await expect(member.getByRole("button", { name })).toHaveCount(0);
  }

  // The owner's page holds the buttons; the browser then carries the viewer's session.
  await page.goto(`/merchant/orders/${order.id}`);
  const timeline = await page.getByTestId("timeline").innerText();
  const viewerCookie = (await viewerContext.cookies()).find((cookie) => cookie.name === "gerai-merchant")!;
  await context.addCookies([{ name: viewerCookie.name, value: viewerCookie.value, url: baseURL! }]);
  await page.getByRole("button", { name: "Batalkan kode" }).click();
  await page.getByRole("button", { name: "Ya, batalkan" }).click();
  await expect(page.getByTestId("order-actions").getByRole("status")).toHaveText(REFUSED);
  expect(await orderStatus(page, order.id)).toBe("pending");
  await page.reload();
  expect(await page.getByTestId("timeline").innerText()).toBe(timeline);
  await viewerContext.close();
});
