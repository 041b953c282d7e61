import { expect, test } from "./fixtures";
import type { APIRequestContext } from "@playwright/test";
import { sealData } from "iron-session";
import { createOrderByApi, signInToConsole } from "./support";

// The merchant console keeps its data to the signed-in merchant. Anonymous and forged-session
// requests to every console page get the way to the sign-in page and nothing else: no
// reference, no customer, no payload, whatever the page and however the request is made.

const FORGED_SECRET = "an-attacker-guess-at-the-session-secret-0001";

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

test("anonymous and forged sessions see no order data", async ({ page, playwright, baseURL }) => {
  const reference = `LEAK-${Date.now()}`;
  // Customer details found nowhere else in the app's pages or messages.
  const customer = { name: "Wulan Kerahasiaan", email: `wulan.${Date.now()}@example.com`, phone: "0857 1122 3344" };
  const order = await createOrderByApi(page, { reference, customer });
  // The order id is in the address asked for, so only what the id would unlock is checked.
  const secrets = [reference, order.payment_code, customer.name, customer.email, "085711223344", "0857 1122 3344"];
  const paths = ["/merchant", `/merchant?q=${encodeURIComponent(customer.name)}`, `/merchant/orders/${order.id}`, "/merchant/dashboard", "/merchant/jobs", "/merchant/webhooks", "/merchant/api-keys"];

  const anonymous = await playwright.request.newContext({ baseURL });
  const forgedCookies = [
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
