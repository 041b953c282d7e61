import { expect, type Browser, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { decodeCode128, decodeQr } from "../test/decode-barcode";

// Steps a shopper, a cashier and a merchant take, shared by the specs. The UI runs in
// Indonesian (the browser asks for id-ID), as shoppers see it.

export const SHOPPER = { name: "Siti Rahmawati", email: "siti@example.com", phone: "0812 3456 7890" };
export const API_KEY = "sk_sandbox_gerai_merchant_0001";

/**
 * Saves a screenshot under test-results/screens/ and attaches it to the report. Every page we
 * photograph must also fit the phone's width: nothing may scroll sideways.
 */
export async function screenshot(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
  const path = `test-results/screens/${name}.png`;
  await page.screenshot({ path, fullPage, animations: "disabled" });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

export async function addToCart(page: Page, productNames: string[]) {
  await page.goto("/");
  for (const name of productNames) await page.getByRole("button", { name: `Tambah: ${name}` }).click();
  await expect(page.getByTestId("cart-count")).toHaveText(String(productNames.length));
}

export async function checkout(page: Page, options: { store: "Alfamart" | "Indomaret"; provider?: string; email?: string }) {
  await page.getByRole("link", { name: /Keranjang/ }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await page.getByLabel("Nama lengkap").fill(SHOPPER.name);
  await page.getByLabel("Email").fill(options.email ?? SHOPPER.email);
  await page.getByLabel("Nomor HP").fill(SHOPPER.phone);
  await page.getByRole("radio", { name: new RegExp(options.store) }).check();
  if (options.provider) await page.getByLabel("Penyedia pembayaran (mode uji)").selectOption({ label: options.provider });
}

export async function placeOrder(page: Page) {
  await page.getByRole("button", { name: "Buat kode pembayaran" }).click();
  await expect(page).toHaveURL(/\/pay\/[0-9A-Za-z]{22}$/, { timeout: 30_000 });
}

/** The code exactly as the page carries it (the printed text is grouped in fours). */
export async function readCode(page: Page): Promise<string> {
  const code = await page.getByTestId("payment-code").getAttribute("data-code");
  expect(code).toMatch(/^[0-9A-Z]{6,20}$/);
  const printed = (await page.getByTestId("payment-code").innerText()).replace(/\s/g, "");
  expect(printed).toBe(code);
  return code!;
}

/**
 * What a scanner reads off the payment page on a 360 px phone at each common screen density, and
 * off the downloadable slip image: the barcode and the QR code must both give back `code`.
 */
export async function expectScannable(browser: Browser, address: string, code: string) {
  for (const deviceScaleFactor of [1, 1.5, 2, 3]) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor, locale: "id-ID", timezoneId: "Asia/Jakarta" });
    const page = await context.newPage();
    await page.goto(address);
    const barcode = await page.getByTestId("barcode").screenshot({ animations: "disabled" });
    expect(await decodeCode128(barcode), `barcode of ${code} at ${deviceScaleFactor}×`).toEqual([code]);
    const qr = await page.getByTestId("qr").screenshot({ animations: "disabled" });
    expect(await decodeQr(qr), `QR of ${code} at ${deviceScaleFactor}×`).toEqual([code]);
    await context.close();
  }
  const slip = await (await browser.newContext()).request.get(`${address}/slip`);
  const image = await slip.body();
  expect(await decodeCode128(image, { wholePage: true }), `barcode of ${code} on the slip image`).toEqual([code]);
  expect(await decodeQr(image, { wholePage: true }), `QR of ${code} on the slip image`).toEqual([code]);
}

/** Marks the page so a later check can prove it was not reloaded. */
export async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __gerai: number }).__gerai = 42));
}

export async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __gerai?: number }).__gerai)).toBe(42);
}

/** Opens the sandbox cashier from the payment page's test-mode link and presses a button. */
export async function cashier(context: BrowserContext, page: Page, button: string) {
  const [till] = await Promise.all([context.waitForEvent("page"), page.getByTestId("open-cashier").click()]);
  await till.waitForLoadState();
  await expect(till.getByTestId("cashier-charge")).toHaveCount(1);
  await till.getByRole("button", { name: button }).click();
  await expect(till.getByTestId("cashier-done")).toContainText("HTTP 200");
  return till;
}

export async function createOrderByApi(page: Page, body: Record<string, unknown>) {
  const response = await page.request.post("/api/v1/orders", {
    headers: { Authorization: `Bearer ${API_KEY}` },
    data: {
      store: "indomaret",
      customer: { name: SHOPPER.name, email: SHOPPER.email, phone: SHOPPER.phone },
      items: [{ sku: "kopi-gayo-250", name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }],
      ...body,
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; payment_url: string; payment_code: string; provider: string };
}

export interface ConsoleAccount {
  email: string;
  password: string;
}

/** The sandbox's documented owner (lib/console-accounts/demo-owner.ts, test/sandbox-server.ts). */
export const DEMO_OWNER: ConsoleAccount = { email: "demo@gerai.test", password: "gerai-sandbox" };

export async function signInToConsole(page: Page, account: ConsoleAccount = DEMO_OWNER) {
  await page.goto("/merchant/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Kata sandi").fill(account.password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).toHaveURL(/\/merchant$/);
}

/** A new member with this role, added on the Team page by `owner` (a page signed in as an owner). */
export async function addConsoleMember(owner: Page, role: "owner" | "staff" | "viewer"): Promise<ConsoleAccount & { name: string }> {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const member = { email: `${role}.${stamp}@toko.example`, password: `Sate-Madura-${stamp}-Kacang`, name: `Anggota ${role} ${stamp}` };
  await owner.goto("/merchant/team");
  const form = owner.locator("form").filter({ has: owner.getByLabel("Kata sandi awal") });
  await form.getByLabel("Nama").fill(member.name);
  await form.getByLabel("Email").fill(member.email);
  await form.getByLabel("Peran").selectOption(role);
  await form.getByLabel("Kata sandi awal").fill(member.password);
  await form.getByRole("button", { name: "Tambah anggota" }).click();
  await expect(form.getByRole("status")).toHaveText(`${member.email} ditambahkan.`);
  return member;
}
