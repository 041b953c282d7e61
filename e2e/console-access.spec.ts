import { expect, test } from "./fixtures";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { sealData } from "iron-session";
import { addConsoleMember, createOrderByApi, DEMO_OWNER, screenshot, signInToConsole, type ConsoleAccount } from "./support";

// The merchant console keeps its data to signed-in members, and each member to their role
// (owner: everything; staff: orders and acting on them; viewer: read only). Anonymous and
// forged-session requests to every console page get the way to the sign-in page and nothing
// else; a member whose role does not reach a page gets a 403 page, and an action their role may
// not take changes nothing, however the request is made.

const FORGED_SECRET = "an-attacker-guess-at-the-session-secret-0001";
const REFUSED = "Peran Anda tidak mengizinkan tindakan ini; tidak ada yang diubah.";

async function expectNothingLeaks(request: APIRequestContext, path: string, secrets: string[], headers: Record<string, string> = {}) {
  const first = await request.get(path, { headers, maxRedirects: 0 });
  expect([307, 303, 302], `${path} answered ${first.status()}`).toContain(first.status());
  const followed = await request.get(path, { headers });
  // The client router's component payloads carry a redirect inside the payload instead.
  if (!headers.RSC) expect(new URL(followed.url()).pathname).toBe("/merchant/login");
  for (const body of [await first.text(), await followed.text()]) {
    for (const secret of secrets) expect(body, `${path} leaks ${secret}`).not.toContain(secret);
  }
}

/** A browser of its own, signed in as `account`. */
async function signedIn(browser: Browser, account: ConsoleAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInToConsole(page, account);
  return { context, page };
}

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "gerai-merchant");
  if (!cookie) throw new Error("not signed in");
  return cookie.value;
}

async function useSessionCookie(context: BrowserContext, value: string, baseURL: string) {
  await context.addCookies([{ name: "gerai-merchant", value, url: baseURL }]);
}

/** The live events' status, read in the page (the stream itself never ends). */
const eventsStatus = (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch("/api/merchant/events");
    await response.body?.cancel();
    return response.status;
  });

test("anonymous and forged sessions see no order data", async ({ page, playwright, baseURL }) => {
  // 9 pages × 7 ways to ask (63 server renders, plus the events route): a bound for that much
  // work, which ran past the 90 s default beside other specs on a loaded 2-core machine.
  test.setTimeout(240_000);
  const reference = `LEAK-${Date.now()}`;
  // Customer details found nowhere else in the app's pages or messages.
  const customer = { name: "Wulan Kerahasiaan", email: `wulan.${Date.now()}@example.com`, phone: "0857 1122 3344" };
  const order = await createOrderByApi(page, { reference, customer });
  // The order id is in the address asked for, so only what the id would unlock is checked.
  const secrets = [reference, order.payment_code, customer.name, customer.email, "085711223344", "0857 1122 3344"];
  const paths = [
    "/merchant",
    `/merchant?q=${encodeURIComponent(customer.name)}`,
    `/merchant/orders/${order.id}`,
    "/merchant/dashboard",
    "/merchant/jobs",
    "/merchant/webhooks",
    "/merchant/api-keys",
    "/merchant/team",
    "/merchant/account",
  ];

  const anonymous = await playwright.request.newContext({ baseURL });
  const forgedCookies = [
    await sealData({ token: "a-token-nobody-was-given" }, { password: FORGED_SECRET, ttl: 3600 }),
    // The shared password's session from before accounts, forged.
    await sealData({ signedInAt: Date.now() }, { password: FORGED_SECRET, ttl: 3600 }),
    "Fe26.2**garbage**",
    "",
  ];
  for (const path of paths) {
    await expectNothingLeaks(anonymous, path, secrets);
    // React Server Component payloads are requested with these headers by the client router.
    await expectNothingLeaks(anonymous, path, secrets, { RSC: "1" });
    await expectNothingLeaks(anonymous, path, secrets, { RSC: "1", "Next-Router-Prefetch": "1" });
    for (const cookie of forgedCookies) await expectNothingLeaks(anonymous, path, secrets, { Cookie: `gerai-merchant=${cookie}` });
  }
  // The console's live events (which order changed) are refused outright, not streamed.
  for (const headers of [{}, ...forgedCookies.map((cookie) => ({ Cookie: `gerai-merchant=${cookie}` }))]) {
    const events = await anonymous.get("/api/merchant/events", { headers });
    expect(events.status()).toBe(401);
    expect(events.headers()["content-type"]).toContain("application/json");
  }
  await anonymous.dispose();
});

test("a re-check from a signed-out browser is sent to sign in and learns nothing", async ({ page, context }) => {
  const order = await createOrderByApi(page, { reference: `RECHECK-${Date.now()}` });
  await signInToConsole(page);
  await page.goto(`/merchant/orders/${order.id}`);
  await expect(page.getByRole("heading", { name: /RECHECK-/ })).toBeVisible();

  // The session ends in another tab; this page's button still holds the action.
  await context.clearCookies();
  await page.getByRole("button", { name: "Cek ulang ke penyedia" }).click();
  await expect(page).toHaveURL(/\/merchant\/login$/);
  await expect(page.getByText("Penyedia menyatakan status yang sama")).toHaveCount(0);
});

test("each role reads what it may; the owner's pages answer staff and viewers 403 and show them nothing", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const order = await createOrderByApi(page, { reference: `ROLES-${Date.now()}` });
  await signInToConsole(page);
  const staff = await addConsoleMember(page, "staff");
  const viewer = await addConsoleMember(page, "viewer");
  // What only an owner may see: the team's addresses.
  const ownersOnly = [staff.email, viewer.email, DEMO_OWNER.email];

  for (const [account, acts] of [
    [staff, true],
    [viewer, false],
  ] as const) {
    const { context, page: member } = await signedIn(browser, account);
    for (const path of ["/merchant/api-keys", "/merchant/team"]) {
      for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
        const response = await member.request.get(path, { headers });
        const body = await response.text();
        // The client router's component payload carries the 403 page inside it, as it does a redirect.
        if (headers.RSC) expect(body).toContain("Tidak diizinkan");
        else expect(response.status(), `${account.email} ${path}`).toBe(403);
        for (const secret of ownersOnly.filter((email) => email !== account.email)) expect(body, `${path} leaks ${secret}`).not.toContain(secret);
      }
    }
    await member.goto("/merchant/team");
    await expect(member.getByRole("heading", { name: "Tidak diizinkan" })).toBeVisible();
    await screenshot(member, testInfo, `console-forbidden-${acts ? "staff" : "viewer"}`);
    for (const path of ["/merchant", `/merchant/orders/${order.id}`, "/merchant/jobs", "/merchant/webhooks", "/merchant/account"]) {
      expect((await member.request.get(path)).status(), `${account.email} ${path}`).toBe(200);
    }
    expect(await eventsStatus(member)).toBe(200);
    // The links and buttons a role cannot use are not offered.
    await member.goto(`/merchant/orders/${order.id}`);
    await expect(member.getByRole("heading", { name: /ROLES-/ })).toBeVisible();
    await expect(member.getByRole("button", { name: "Cek ulang ke penyedia" })).toHaveCount(acts ? 1 : 0);
    await expect(member.getByRole("link", { name: "Kunci API" })).toHaveCount(0);
    await expect(member.getByRole("link", { name: "Tim" })).toHaveCount(0);
    await member.goto("/merchant/account");
    await expect(member.getByTestId("signed-in-as")).toContainText(account.email);
    await screenshot(member, testInfo, `console-account-${acts ? "staff" : "viewer"}`, true);
    await context.close();
  }
});

test("an action a member's role may not take changes nothing, however the request is made", async ({ page, context, browser, baseURL, browserConsole }, testInfo) => {
  test.setTimeout(180_000);
  // The owner-only action answers the staff member's press with 403 (its page says so).
  browserConsole.expect(/api-keys: console\.error: Failed to load resource: the server responded with a status of 403/);
  const order = await createOrderByApi(page, { reference: `ACT-${Date.now()}` });
  await signInToConsole(page);
  const ownerCookie = await sessionCookie(context);
  const staff = await addConsoleMember(page, "staff");
  const viewer = await addConsoleMember(page, "viewer");
  const cookieOf = async (account: ConsoleAccount) => {
    const { context: other } = await signedIn(browser, account);
    const value = await sessionCookie(other);
    await other.close();
    return value;
  };
  const [staffCookie, viewerCookie] = [await cookieOf(staff), await cookieOf(viewer)];

  // The owner's pages hold every button; the browser then carries a lesser member's session.
  await page.goto(`/merchant/orders/${order.id}`);
  const timeline = await page.getByTestId("timeline").innerText();
  await useSessionCookie(context, viewerCookie, baseURL!);
  await page.getByRole("button", { name: "Cek ulang ke penyedia" }).click();
  await expect(page.getByRole("status").filter({ hasText: REFUSED })).toBeVisible();

  await useSessionCookie(context, ownerCookie, baseURL!);
  await page.goto("/merchant/team");
  const row = (email: string) => page.getByTestId("member").filter({ has: page.getByText(email, { exact: false }) });
  await expect(row(viewer.email)).toBeVisible();
  // The viewer tries to make themselves an owner, and to disable the demo owner; staff to add someone.
  await useSessionCookie(context, viewerCookie, baseURL!);
  await row(viewer.email).getByLabel("Peran").selectOption("owner");
  await row(viewer.email).getByRole("button", { name: "Simpan peran" }).click();
  await expect(row(viewer.email).getByRole("alert")).toHaveText(REFUSED);
  await row(DEMO_OWNER.email).getByRole("button", { name: "Nonaktifkan" }).click();
  await expect(row(DEMO_OWNER.email).getByRole("alert")).toHaveText(REFUSED);
  await useSessionCookie(context, staffCookie, baseURL!);
  const add = page.locator("form").filter({ has: page.getByLabel("Kata sandi awal") });
  await add.getByLabel("Nama").fill("Penyusup");
  await add.getByLabel("Email").fill(`penyusup.${Date.now()}@toko.example`);
  await add.getByLabel("Kata sandi awal").fill("Sate-Madura-Penyusup-12345");
  await add.getByRole("button", { name: "Tambah anggota" }).click();
  await expect(add.getByRole("alert")).toHaveText(REFUSED);

  // API keys and webhook endpoints are the owner's: a staff member's press gets the 403 page.
  await useSessionCookie(context, ownerCookie, baseURL!);
  await page.goto("/merchant/api-keys");
  await page.getByLabel("Nama").fill(`Kunci ${Date.now()}`);
  await useSessionCookie(context, staffCookie, baseURL!);
  await page.getByRole("button", { name: "Buat kunci" }).click();
  await expect(page.getByRole("heading", { name: "Tidak diizinkan" })).toBeVisible();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);

  // Nothing changed: the owner sees the same timeline, team and keys.
  await useSessionCookie(context, ownerCookie, baseURL!);
  await page.goto(`/merchant/orders/${order.id}`);
  expect(await page.getByTestId("timeline").innerText()).toBe(timeline);
  await page.goto("/merchant/team");
  await expect(row(viewer.email)).toContainText("Pengamat");
  await expect(row(DEMO_OWNER.email).getByText("Nonaktif", { exact: true })).toHaveCount(0);
  await expect(page.getByText("Penyusup")).toHaveCount(0);
  await screenshot(page, testInfo, "console-team", true);
  await page.goto("/merchant/api-keys");
  await expect(page.getByText(/^Kunci \d+$/)).toHaveCount(0);
});

test("sessions end when asked: sign-out, another browser signed out, a member disabled", async ({ page, context, browser, baseURL }) => {
  test.setTimeout(180_000);
  await signInToConsole(page);
  const staff = await addConsoleMember(page, "staff");

  // Signing out revokes the session: a copy of the cookie opens nothing afterwards.
  const { context: first, page: firstPage } = await signedIn(browser, staff);
  const copied = await sessionCookie(first);
  await firstPage.getByRole("button", { name: "Keluar" }).click();
  await expect(firstPage).toHaveURL(/\/merchant\/login$/);
  await useSessionCookie(first, copied, baseURL!);
  await firstPage.goto("/merchant");
  await expect(firstPage).toHaveURL(/\/merchant\/login$/);
  await first.close();

  // The member signs their other browser out from the account page.
  const { context: laptop, page: laptopPage } = await signedIn(browser, staff);
  const { context: phone, page: phonePage } = await signedIn(browser, staff);
  await laptopPage.goto("/merchant/account");
  await expect(laptopPage.getByTestId("session")).toHaveCount(2);
  await laptopPage.getByRole("button", { name: "Keluarkan semua peramban lain" }).click();
  await expect(laptopPage.getByRole("status").filter({ hasText: "1 peramban dikeluarkan." })).toBeVisible();
  await phonePage.goto("/merchant");
  await expect(phonePage).toHaveURL(/\/merchant\/login$/);
  await phone.close();

  // The owner disables the member: their open browser is out at once, and they cannot sign in.
  await page.goto("/merchant/team");
  const row = page.getByTestId("member").filter({ has: page.getByText(staff.email) });
  await row.getByRole("button", { name: "Nonaktifkan" }).click();
  await expect(row.getByText("Nonaktif", { exact: true })).toBeVisible();
  await laptopPage.goto("/merchant");
  await expect(laptopPage).toHaveURL(/\/merchant\/login$/);
  await laptopPage.getByLabel("Email").fill(staff.email);
  await laptopPage.getByLabel("Kata sandi").fill(staff.password);
  await laptopPage.getByRole("button", { name: "Masuk" }).click();
  await expect(laptopPage.locator("form").getByRole("alert")).toHaveText("Email atau kata sandi salah.");
  await laptop.close();
  expect(await sessionCookie(context)).toBeTruthy();
});
