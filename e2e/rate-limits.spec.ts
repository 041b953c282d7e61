import { expect, test } from "./fixtures";
import type { APIRequestContext, Page } from "@playwright/test";
import { addConsoleMember, addToCart, checkout, DEMO_OWNER, signInToConsole, type ConsoleAccount } from "./support";

// Limits keyed on the client's address, through server.mjs. The test server trusts loopback as a
// proxy (the TRUSTED_PROXIES default), so a test plays a client of its own by sending
// X-Forwarded-For as a local reverse proxy would; each test takes fresh addresses, so it neither
// eats into nor depends on what the other tests (all from 127.0.0.1) have used.

const randomByte = () => Math.floor(Math.random() * 256);
const freshIPv4 = () => `198.18.${randomByte()}.${randomByte()}`;
const freshIPv6 = () => `2001:db8:${randomByte().toString(16)}${randomByte().toString(16)}:${randomByte().toString(16)}::1`;

/** The sign-in form's message (Next.js keeps a route announcer with the alert role too). */
const signInMessage = (page: Page) => page.locator("form").getByRole("alert");

/** Submits an email and password and waits for the answer. */
async function signInAttempt(page: Page, password: string, email = DEMO_OWNER.email) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/merchant/login")),
    page.getByRole("button", { name: "Masuk" }).click(),
  ]);
}

/** An attempt that stays on the page: waits until the form has settled (React resets it then, which must not undo the next fill). */
async function failedSignIn(page: Page, password: string, email?: string) {
  await signInAttempt(page, password, email);
  await expect(page.getByRole("button", { name: "Masuk" })).toBeEnabled();
}

test("sign-in: an attacker rotating X-Forwarded-For locks out only their own address, not the owner's", async ({ browser }) => {
  const attackerAddress = freshIPv4();
  const attacker = await browser.newContext();
  const attackerPage = await attacker.newPage();
  await attackerPage.goto("/merchant/login");
  for (let i = 0; i < 6; i++) {
    // What the attacker writes is kept only up to the hop our proxy vouches for: their address.
    await attackerPage.setExtraHTTPHeaders({ "x-forwarded-for": `${freshIPv4()}, ${attackerAddress}` });
    await failedSignIn(attackerPage, `tebakan-${i}`);
    await expect(signInMessage(attackerPage)).toHaveText(i < 5 ? "Email atau kata sandi salah." : "Terlalu banyak percobaan. Coba lagi dalam 15 menit.");
  }
  // Even the right password waits now, from that address.
  await failedSignIn(attackerPage, DEMO_OWNER.password);
  await expect(signInMessage(attackerPage)).toHaveText(/^Terlalu banyak percobaan/);
  await attacker.close();

  const owner = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": freshIPv6() } });
  const ownerPage = await owner.newPage();
  await ownerPage.goto("/merchant/login");
  await signInAttempt(ownerPage, DEMO_OWNER.password);
  await expect(ownerPage).toHaveURL(/\/merchant$/);
  await owner.close();
});

test("sign-in: an unknown email is answered as a wrong password is, and counts against the address", async ({ page }) => {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": freshIPv4() });
  await page.goto("/merchant/login");
  await failedSignIn(page, DEMO_OWNER.password, "tidak.ada@toko.example");
  await expect(signInMessage(page)).toHaveText("Email atau kata sandi salah.");
  for (let i = 0; i < 4; i++) await failedSignIn(page, `tebakan-${i}`, `tidak.ada.${i}@toko.example`);
  await failedSignIn(page, DEMO_OWNER.password);
  await expect(signInMessage(page)).toHaveText(/^Terlalu banyak percobaan/);
});

test("sign-in: an account under attack from many addresses makes those addresses wait, not its member", async ({ browser, page }) => {
  test.setTimeout(300_000);
  await signInToConsole(page);
  const target: ConsoleAccount = await addConsoleMember(page, "staff");
  // RATE_LIMIT_SIGN_IN_ACCOUNT's default: 100 failures an hour, here from 100 addresses.
  const attacker = await browser.newContext();
  const attackerPage = await attacker.newPage();
  await attackerPage.goto("/merchant/login");
  const addresses = Array.from({ length: 100 }, freshIPv4);
  for (const [i, address] of addresses.entries()) {
    await attackerPage.setExtraHTTPHeaders({ "x-forwarded-for": address });
    await failedSignIn(attackerPage, `tebakan-${i}`, target.email);
  }
  // An address that has failed may not try again this window, even with the right password…
  await attackerPage.setExtraHTTPHeaders({ "x-forwarded-for": addresses[0]! });
  await failedSignIn(attackerPage, target.password, target.email);
  await expect(signInMessage(attackerPage)).toHaveText(/^Terlalu banyak percobaan/);
  await attacker.close();
  // …while the member, from an address with no failures, signs in.
  const member = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": freshIPv6() } });
  const memberPage = await member.newPage();
  await memberPage.goto("/merchant/login");
  await signInAttempt(memberPage, target.password, target.email);
  await expect(memberPage).toHaveURL(/\/merchant$/);
  await member.close();
});

test("checkout: past the limit per address the form says so, keeps what was typed and creates no order", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": freshIPv4() });
  await addToCart(page, ["Keripik Tempe Sagu 150 g"]);
  await checkout(page, { store: "Alfamart" });
  const button = page.getByRole("button", { name: "Buat kode pembayaran" });
  // Submits, then waits until the form is done with the answer (the button is back from
  // "Membuat kode…"): React resets the form then, which must not undo the next fill.
  const submit = async () => {
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/checkout")),
      button.click(),
    ]);
    await expect(button).toBeEnabled();
  };
  // Every submission counts (the default is 30 per 10 minutes): a mistyped phone number, 30 times.
  await page.getByLabel("Nomor HP").fill("12");
  for (let i = 0; i < 30; i++) {
    await submit();
    await expect(page.getByText("Periksa kembali isian yang ditandai.")).toBeVisible();
  }
  await page.getByLabel("Nomor HP").fill("0812 3456 7890");
  await submit();
  await expect(page.getByLabel("Nomor HP")).toHaveValue("0812 3456 7890");
  await expect(page.locator("form").getByText(/^Terlalu banyak pesanan/)).toHaveText(
    "Terlalu banyak pesanan dari jaringan Anda dalam waktu singkat. Coba lagi dalam 10 menit.",
  );
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByLabel("Nama lengkap")).toHaveValue("Siti Rahmawati");
});

/**
 * Sends `count` requests from 50 loops that each send the next as soon as the last is answered
 * (no connection sits idle long enough for the server's 5 s keep-alive to close it under us).
 * Returns the statuses.
 */
async function burst(count: number, send: () => ReturnType<APIRequestContext["post"]>): Promise<number[]> {
  const statuses: number[] = [];
  const loop = async () => {
    while (statuses.length < count) {
      statuses.push(0);
      const index = statuses.length - 1;
      statuses[index] = (await send()).status();
    }
  };
  await Promise.all(Array.from({ length: 50 }, loop));
  return statuses;
}

test("webhooks: a flood from one address gets 429 with Retry-After past the limit, other providers' deliveries do not", async ({ request }) => {
  test.setTimeout(120_000);
  const headers = { "x-forwarded-for": freshIPv4(), "content-type": "application/json" };
  // 600 per provider and address per minute (the default); these are forgeries, refused 4xx.
  const statuses = await burst(600, () => request.post("/api/webhooks/midtrans", { headers, data: { order_id: "forged" } }));
  expect(statuses.filter((status) => status === 429)).toEqual([]);
  const refused = await request.post("/api/webhooks/midtrans", { headers, data: { order_id: "forged" } });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(Number(refused.headers()["retry-after"])).toBeLessThanOrEqual(60);
  expect(await refused.json()).toMatchObject({ error: { type: "rate_limited" } });
  expect((await request.post("/api/webhooks/monxa", { headers, data: {} })).status()).not.toBe(429);
});

test("sandbox: a simulator answers 429 with Retry-After past the limit per address", async ({ request }) => {
  test.setTimeout(120_000);
  const headers = { "x-forwarded-for": freshIPv6() };
  const statuses = await burst(600, () => request.post("/sandbox/fazz/api/v4/payments", { headers, data: {} }));
  expect(statuses.filter((status) => status === 429)).toEqual([]);
  const refused = await request.post("/sandbox/fazz/api/v4/payments", { headers, data: {} });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  // The app's own calls to the simulators come from 127.0.0.1 and are counted apart.
  expect((await request.post("/sandbox/fazz/api/v4/payments", { data: {} })).status()).not.toBe(429);
});
