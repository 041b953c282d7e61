import { expect, test } from "./fixtures";
import type { APIResponse } from "@playwright/test";
import { addToCart, cashier, checkout, createOrderByApi, placeOrder, readCode, signInToConsole } from "./support";

// Every page carries a Content-Security-Policy with a nonce of its own, may not be framed, and
// says what it sends as referrer; and the real pages still work under that policy, with not a
// single violation.

function nonceOf(response: APIResponse): string {
  const policy = response.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, `no nonce in: ${policy}`).toBeTruthy();
  return nonce!;
}

test("pages, the payment page, its PNG and the APIs carry the security headers", async ({ page, request }) => {
  const home = await request.get("/");
  expect(home.status()).toBe(200);
  const headers = home.headers();
  const policy = headers["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'(;|$)/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // The suite's APP_URL is http: no HSTS (lib/security-headers.test.ts covers https).
  expect(headers["strict-transport-security"]).toBeUndefined();

  // Every script of the page carries this response's nonce; the next response has another.
  const nonce = nonceOf(home);
  const scripts = [...(await home.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  expect(nonceOf(await request.get("/"))).not.toBe(nonce);

  const order = await createOrderByApi(page, { reference: `E2E-HDR-${Date.now()}` });
  const payPage = await request.get(order.payment_url);
  expect(payPage.status()).toBe(200);
  expect(payPage.headers()["referrer-policy"]).toBe("no-referrer");
  expect(payPage.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  expect(payPage.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  nonceOf(payPage);

  const slip = await request.get(`${order.payment_url}/slip`);
  expect(slip.headers()["content-type"]).toBe("image/png");
  expect(slip.headers()["referrer-policy"]).toBe("no-referrer");
  expect(slip.headers()["x-content-type-options"]).toBe("nosniff");

  for (const path of ["/api/health", `/api/pay/${order.payment_url.split("/").pop()}`]) {
    const api = await request.get(path);
    expect(api.headers()["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers()["x-content-type-options"], path).toBe("nosniff");
  }
});

test("shop, checkout, payment page, PNG download, cashier and console sign-in run with no CSP violation", async ({ page, context }) => {
  const violations: string[] = [];
  const consoleErrors: string[] = [];
  await context.exposeBinding("__reportCspViolation", (_source, text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      report(`${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sample})`);
    });
  });
  context.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${message.location().url}: ${message.text()}`);
  });
  context.on("weberror", (error) => consoleErrors.push(`uncaught: ${error.error().message}`));

  await addToCart(page, ["Kopi Arabika Gayo 250 g"]);
  await checkout(page, { store: "Alfamart", provider: "Midtrans" });
  await placeOrder(page);
  const code = await readCode(page);
  await expect(page.getByTestId("barcode").locator("svg")).toHaveAttribute("data-code", code);
  await expect(page.getByTestId("qr").locator("svg")).toHaveAttribute("data-code", code);

  await page.getByRole("button", { name: "Tunjukkan ke kasir" }).click();
  const cashierView = page.getByRole("dialog", { name: "Tunjukkan ke kasir" });
  await expect(cashierView.locator(`svg[data-code="${code}"]`)).toHaveCount(2);
  await cashierView.getByRole("button", { name: "Tutup" }).click();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Unduh" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);
  expect(await download.failure()).toBeNull();

  const till = await cashier(context, page, "Terima pembayaran");
  await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 15_000 });
  await till.close();

  await page.goto("/sandbox");
  await expect(page.getByTestId("sandbox-midtrans")).toBeVisible();

  await signInToConsole(page);

  expect(violations).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
