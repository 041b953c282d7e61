import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { addToCart, cashier, checkout, placeOrder, readCode, screenshot, signInToConsole } from "./support";

// When the first provider for a store cannot issue a code, the same order goes to the next one:
// one order, one code shown, and the merchant's timeline says what happened.

async function setOutage(page: Page, provider: string, mode: "Healthy" | "Down (503)" | "Times out") {
  await page.goto("/sandbox");
  const row = page.getByTestId(`sandbox-${provider}`);
  await row.getByRole("button", { name: mode }).click();
  await expect(row.getByRole("button", { name: mode })).toHaveAttribute("aria-pressed", "true");
}

for (const outage of ["Down (503)", "Times out"] as const) {
  test(`Midtrans ${outage === "Down (503)" ? "down" : "timing out"}: the order fails over to Monxa, once`, async ({ page, context }, testInfo) => {
    await setOutage(page, "midtrans", outage);
    try {
      await addToCart(page, ["Keripik Tempe Sagu 150 g"]);
      await checkout(page, { store: "Indomaret" });
      await placeOrder(page);
      await expect(page.getByText("kode ini dibuat oleh simulator Monxa")).toBeVisible();
      const code = await readCode(page);
      const reference = (await page.getByText(/^Pesanan GR-/).innerText()).replace("Pesanan ", "");
      await cashier(context, page, "Terima pembayaran");
      await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 20_000 });

      const console = await context.newPage();
      await signInToConsole(console);
      await console.getByLabel("Cari nomor pesanan, pembeli, email, atau kode").fill(reference);
      await console.getByRole("button", { name: "Saring" }).click();
      await expect(console.getByTestId("order-row")).toHaveCount(1);
      await expect(console.getByTestId("order-row")).toContainText("Monxa");
      await expect(console.getByTestId("order-row")).toContainText("Lunas");
      await screenshot(console, testInfo, `merchant-orders-failover-${outage === "Times out" ? "timeout" : "down"}`);
      await console.getByRole("link", { name: reference }).click();

      const charges = console.getByTestId("charges").getByRole("listitem");
      await expect(charges).toHaveCount(2);
      await expect(charges.nth(0)).toContainText("Midtrans");
      await expect(charges.nth(0)).toContainText("Tidak terbit");
      await expect(charges.nth(1)).toContainText("Dibayar");
      await expect(charges.nth(1)).toContainText("Monxa");
      await expect(charges.nth(1)).toContainText(code.slice(0, 4));
      const timeline = console.getByTestId("timeline");
      await expect(timeline).toContainText("Midtrans tidak bisa dihubungi dan tidak menerbitkan kode");
      await expect(timeline).toContainText(outage === "Times out" ? "no answer within 3000 ms" : "Midtrans answered 503");
      await expect(timeline).toContainText("Monxa menerbitkan kode");
      await expect(timeline).toContainText("Pembayaran terkonfirmasi");
      await screenshot(console, testInfo, `merchant-order-failover-${outage === "Times out" ? "timeout" : "down"}`, true);
    } finally {
      await setOutage(page, "midtrans", "Healthy");
    }
  });
}

test("the sandbox tour: create an order, pay it at the cashier, watch the page flip, break a provider and see failover", async ({ page, context }, testInfo) => {
  const tour = await context.newPage();
  const step = (number: number) => tour.getByTestId(`tour-step-${number}`);
  await tour.goto("/sandbox");
  await expect(step(1).getByRole("link", { name: "Buka toko" })).toHaveAttribute("href", "/");

  // 1. An order, made in the shop as a shopper makes it.
  await addToCart(page, ["Teh Melati Tubruk 100 g"]);
  await checkout(page, { store: "Indomaret" });
  await placeOrder(page);
  const reference = (await page.getByText(/^Pesanan GR-/).innerText()).replace("Pesanan ", "");
  await tour.reload();
  await expect(tour.getByTestId("tour-latest")).toContainText(reference);
  await expect(step(1)).toContainText("Selesai");

  // 2. Straight to the cashier with that code; 3. the open payment page turns into a receipt.
  const [till] = await Promise.all([context.waitForEvent("page"), step(2).getByRole("link", { name: "Buka kasir dengan kode ini" }).click()]);
  await expect(till.getByTestId("cashier-charge")).toHaveCount(1);
  await till.getByRole("button", { name: "Terima pembayaran" }).click();
  await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 20_000 });
  await tour.reload();
  await expect(step(2)).toContainText("Selesai");
  await expect(step(3).getByRole("link", { name: "Halaman pembayaran" })).toHaveAttribute("href", new URL(page.url()).pathname);

  // 4. The outage switches, then an order that fails over, and its timeline from the tour.
  await expect(step(4)).toContainText("Setel Midtrans, penyedia pertama untuk Indomaret");
  await step(4).getByRole("link", { name: "Ke sakelar gangguan" }).click();
  await expect(tour.getByRole("region", { name: "Outage switches" })).toBeInViewport();
  await setOutage(tour, "midtrans", "Down (503)");
  try {
    await addToCart(page, ["Sambal Bawang Bu Rudy 200 g"]);
    await checkout(page, { store: "Indomaret" });
    await placeOrder(page);
    await expect(page.getByText("kode ini dibuat oleh simulator Monxa")).toBeVisible();
  } finally {
    await setOutage(tour, "midtrans", "Healthy");
  }
  const failedOver = (await page.getByText(/^Pesanan GR-/).innerText()).replace("Pesanan ", "");
  await signInToConsole(tour);
  await tour.goto("/sandbox");
  await expect(step(4)).toContainText("Selesai");
  await screenshot(tour, testInfo, "sandbox-tour", true);
  await step(4).getByRole("link", { name: "Riwayat pesanan yang failover" }).click();
  await expect(tour.getByRole("heading", { name: failedOver })).toBeVisible();
  await expect(tour.getByTestId("timeline")).toContainText("Midtrans tidak bisa dihubungi dan tidak menerbitkan kode");
});
