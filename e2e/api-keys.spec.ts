import { expect, test } from "./fixtures";
import { screenshot, SHOPPER, signInToConsole } from "./support";

// The merchant makes API keys in the console, sees each once, and revokes them. On this
// deployment every provider is a simulator: a test key makes orders, a live key is refused.

const orderBody = (reference: string) => ({
  reference,
  store: "indomaret",
  customer: { name: SHOPPER.name, email: SHOPPER.email, phone: SHOPPER.phone },
  items: [{ name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }],
});

async function makeKey(page: import("@playwright/test").Page, name: string, mode: "Uji" | "Live") {
  await page.getByLabel("Nama").fill(name);
  await page.getByLabel("Mode").selectOption({ label: mode });
  await page.getByRole("button", { name: "Buat kunci" }).click();
  const shown = page.getByTestId("api-key-secret");
  await expect(shown).toContainText(name);
  return shown.locator("code").innerText();
}

test("a key made in the console works once shown, a live key is refused on the simulators, a revoked key opens nothing", async ({ page }, testInfo) => {
  await signInToConsole(page);
  await page.getByRole("link", { name: "Kunci API" }).click();
  await expect(page.getByRole("heading", { name: "Kunci API" })).toBeVisible();

  const testKey = await makeKey(page, "Server toko", "Uji");
  expect(testKey).toMatch(/^sk_test_[A-Za-z0-9]{32}$/);
  await screenshot(page, testInfo, "merchant-api-keys");
  const created = await page.request.post("/api/v1/orders", { headers: { Authorization: `Bearer ${testKey}` }, data: orderBody(`E2E-KEY-${Date.now()}`) });
  expect(created.status()).toBe(201);

  const liveKey = await makeKey(page, "Produksi", "Live");
  const refused = await page.request.post("/api/v1/orders", { headers: { Authorization: `Bearer ${liveKey}` }, data: orderBody(`E2E-LIVE-${Date.now()}`) });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ error: { type: "wrong_mode" } });

  // After a reload the key is gone from the page: only its prefix stays.
  await page.reload();
  await expect(page.locator("body")).not.toContainText(testKey);
  const row = page.getByTestId("api-key").filter({ hasText: "Server toko" });
  await expect(row).toContainText(testKey.slice(0, 12));
  await row.getByRole("button", { name: "Cabut" }).click();
  await expect(row).toContainText("Dicabut");
  const afterRevoke = await page.request.get("/api/v1/orders", { headers: { Authorization: `Bearer ${testKey}` } });
  expect(afterRevoke.status()).toBe(401);
});
