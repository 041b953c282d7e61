import { expect, test } from "./fixtures";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { parseJakartaWallClock } from "../lib/time";
import { decodeCode128, decodeQr } from "../test/decode-barcode";
import { cashier, createOrderByApi, readCode, screenshot } from "./support";

// The payment page around the slip: what it says at Alfamart, near the stores' night pause,
// without JavaScript, while shown to the cashier, on paper, and for an address that is not ours.

test("at Alfamart the page says the cashier types the code; at Indomaret, that the barcode is scanned", async ({ page }) => {
  const alfamart = await createOrderByApi(page, { reference: `E2E-ALFA-${Date.now()}`, store: "alfamart" });
  await page.goto(alfamart.payment_url);
  await expect(page.getByText("Sebutkan kode di atas ke kasir; kasir Alfamart biasanya mengetiknya.")).toBeVisible();
  const indomaret = await createOrderByApi(page, { reference: `E2E-INDO-${Date.now()}`, store: "indomaret" });
  await page.goto(indomaret.payment_url);
  await expect(page.getByText("Tunjukkan barcode atau QR ini ke kasir untuk dipindai.")).toBeVisible();
});

test("a deadline inside the night pause shows the real last moment to pay", async ({ page }, testInfo) => {
  // The next 23.30 WIB at least two minutes away: the code's deadline, inside the 23.00–01.00 pause.
  const now = Date.now();
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(now);
  let deadline = parseJakartaWallClock(`${day} 23:30:00`)!;
  if (deadline.getTime() - now < 120_000) deadline = new Date(deadline.getTime() + 86_400_000);
  const minutes = Math.ceil((deadline.getTime() - now) / 60_000);
  const order = await createOrderByApi(page, { reference: `E2E-NIGHT-${Date.now()}`, expires_in_minutes: minutes });
  await page.goto(order.payment_url);
  const pauseStarts = new Date(deadline.getTime() - 30 * 60_000);
  await expect(page.getByTestId("night-pause")).toHaveText(
    pauseStarts.getTime() > Date.now()
      ? /^Banyak toko tidak menerima pembayaran ini pukul 23\.00–01\.00 WIB: bayar sebelum \w+, \d{1,2} \w{3} \d{4}( pukul|,) 23\.00 WIB\.$/
      : /^Banyak toko baru menerima pembayaran ini lagi pukul 01\.00 WIB/,
  );
  await screenshot(page, testInfo, "payment-night-pause");

  // A deadline in the day says nothing of it.
  const daytime = await createOrderByApi(page, { reference: `E2E-DAY-${Date.now()}`, expires_in_minutes: minutes + 12 * 60 });
  await page.goto(daytime.payment_url);
  await expect(page.getByTestId("amount")).toBeVisible();
  await expect(page.getByTestId("night-pause")).toHaveCount(0);
});

test("without JavaScript the page still shows the code, barcode, amount, deadline and steps", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  const page = await context.newPage();
  const order = await createOrderByApi(page, { reference: `E2E-NOJS-${Date.now()}` });
  await page.goto(order.payment_url);
  expect(await readCode(page)).toBe(order.payment_code);
  await expect(page.getByTestId("barcode").locator("svg")).toHaveAttribute("data-code", order.payment_code);
  await expect(page.getByTestId("amount")).toHaveText("Rp 89.000");
  await expect(page.getByTestId("deadline")).toHaveText(/WIB$/);
  await expect(page.getByTestId("instructions").getByRole("listitem")).toHaveCount(6);
  await screenshot(page, testInfo, "payment-no-javascript", true);
  await context.close();
});

test("shown to the cashier, the screen is kept awake until the view closes", async ({ page }) => {
  // Records the page's calls to the browser's own Wake Lock API (the real one still answers).
  await page.addInitScript(() => {
    const calls: string[] = [];
    (window as unknown as { wakeLockCalls: string[] }).wakeLockCalls = calls;
    const request = navigator.wakeLock.request.bind(navigator.wakeLock);
    navigator.wakeLock.request = async (type) => {
      calls.push(`request ${type}`);
      const sentinel = await request(type);
      const release = sentinel.release.bind(sentinel);
      sentinel.release = async () => {
        calls.push("release");
        return release();
      };
      return sentinel;
    };
  });
  const order = await createOrderByApi(page, { reference: `E2E-WAKE-${Date.now()}` });
  await page.goto(order.payment_url);
  const calls = () => page.evaluate(() => (window as unknown as { wakeLockCalls: string[] }).wakeLockCalls);
  await page.getByRole("button", { name: "Tunjukkan ke kasir" }).click();
  await expect.poll(calls).toEqual(["request screen"]);
  await page.getByRole("dialog", { name: "Tunjukkan ke kasir" }).getByRole("button", { name: "Tutup" }).click();
  await expect.poll(calls).toEqual(["request screen", "release"]);
});

test("an address that is not ours says so and leads back to the shop", async ({ page, browserConsole }) => {
  browserConsole.expect(/\/pay\/A{22}: console\.error: Failed to load resource: the server responded with a status of 404/);
  const response = await page.goto("/pay/AAAAAAAAAAAAAAAAAAAAAA");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Halaman pembayaran tidak ditemukan" })).toBeVisible();
  await page.getByRole("link", { name: "Kembali ke toko" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the slip prints on one page, on A4 or an 80 mm roll, and its printed barcode and QR scan", async ({ page }, testInfo) => {
  const order = await createOrderByApi(page, { reference: `E2E-PRINT-${Date.now()}`, store: "alfamart" });
  await page.goto(order.payment_url);
  await expect(page.getByTestId("amount")).toBeVisible();
  for (const [name, paper] of [
    ["a4", { format: "A4" }],
    ["roll-80mm", { width: "80mm", height: "297mm" }],
  ] as const) {
    const pdf = await page.pdf(paper);
    const file = testInfo.outputPath(`slip-${name}.pdf`);
    writeFileSync(file, pdf);
    await testInfo.attach(`slip, ${name}`, { path: file, contentType: "application/pdf" });
    expect(pdfPageCount(pdf), `pages printed on ${name}`).toBe(1);
    // The page as the printer puts it on paper, at 200 dpi.
    execFileSync("pdftoppm", ["-r", "200", "-png", "-singlefile", file, file.replace(/\.pdf$/, "")]);
    const printed = readFileSync(file.replace(/\.pdf$/, ".png"));
    await testInfo.attach(`printed slip, ${name}`, { body: printed, contentType: "image/png" });
    expect(await decodeCode128(printed, { wholePage: true }), `printed barcode on ${name}`).toEqual([order.payment_code]);
    expect(await decodeQr(printed, { wholePage: true }), `printed QR on ${name}`).toEqual([order.payment_code]);
  }
});

/** Pages in a PDF: its page objects (/Type /Page, not the /Pages tree). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

test("the shopper keeps the page: its link copied, or shared (WhatsApp where the browser has no share sheet)", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const order = await createOrderByApi(page, { reference: `E2E-KEEP-${Date.now()}` });
  await page.goto(order.payment_url);
  await page.getByRole("button", { name: "Salin tautan" }).click();
  await expect(page.getByRole("button", { name: "✓ Tautan tersalin" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(order.payment_url);

  const hasShareSheet = await page.evaluate(() => typeof navigator.share === "function");
  if (hasShareSheet) {
    await expect(page.getByRole("button", { name: "Bagikan" })).toBeVisible();
  } else {
    const href = await page.getByRole("link", { name: "Bagikan" }).getAttribute("href");
    const text = decodeURIComponent(href!.replace(/^https:\/\/wa\.me\/\?text=/, ""));
    expect(text).toContain(order.payment_url);
    expect(text.replace(/\s/g, "")).toContain(order.payment_code);
  }
});

test("the open page hears of the payment from the server's push (its poll is only a slow backstop)", async ({ page, context }) => {
  // Records what the page's own EventSource receives (the browser's real one does the work).
  await page.addInitScript(() => {
    const pushed: string[] = [];
    (window as unknown as { pushed: string[] }).pushed = pushed;
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener("version", (event) => pushed.push((JSON.parse((event as MessageEvent<string>).data) as { status: string }).status));
      }
    };
  });
  const order = await createOrderByApi(page, { reference: `E2E-PUSH-${Date.now()}` });
  await page.goto(order.payment_url);
  const pushed = () => page.evaluate(() => (window as unknown as { pushed: string[] }).pushed);
  await expect.poll(pushed).toEqual(["pending"]);

  await cashier(context, page, "Terima pembayaran");
  await expect(page.getByTestId("receipt")).toBeVisible();
  await expect.poll(async () => (await pushed()).at(-1)).toBe("paid");
});
