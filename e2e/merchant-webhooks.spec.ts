import { expect, test } from "./fixtures";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { cashier, createOrderByApi, screenshot, signInToConsole } from "./support";

// The merchant's side of outgoing webhooks, through the console's real pages: an endpoint is
// added and its secret shown once; an order paid at the till reaches the merchant's server
// signed; a delivery the server fails is retried, listed with its request and answer, and
// resent from the console.

interface Received {
  headers: Record<string, string>;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let failing = false;

test.beforeAll(async () => {
  receiver = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
    if (failing) response.writeHead(500).end("our database is down");
    else response.writeHead(200).end("thanks");
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gerai-hooks`;
});
test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

const paidEventsFor = (orderId: string) =>
  received.filter((request) => {
    const event = JSON.parse(request.body) as { type: string; data: { order: { id: string } } };
    return event.type === "order.paid" && event.data.order.id === orderId;
  });

test("an endpoint hears a paid order, signed; a failed delivery is shown and resent from the console", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  await signInToConsole(page);
  await page.goto("/merchant/webhooks");
  await page.getByLabel("URL").fill(receiverUrl);
  await page.getByLabel("Keterangan (opsional)").fill("Server gudang");
  await page.getByRole("button", { name: "Tambah endpoint" }).click();
  const secretBox = page.getByTestId("endpoint-secret");
  await expect(secretBox).toContainText("tidak ditampilkan lagi");
  const secret = await secretBox.locator("code").innerText();
  expect(secret).toMatch(/^whsec_/);
  await expect(page.getByTestId("endpoint")).toContainText(receiverUrl);
  await screenshot(page, testInfo, "merchant-webhooks-added", true);

  // Paid at the till: the merchant's server hears it once, and the signature verifies.
  const order = await createOrderByApi(page, { reference: `E2E-WH-${Date.now()}`, return_url: "https://toko.example.id/pesanan/E2E-WH" });
  const shopper = await context.newPage();
  await shopper.goto(order.payment_url);
  await cashier(context, shopper, "Terima pembayaran");
  // The shopper's receipt offers the way back to the merchant's own page.
  await expect(shopper.getByTestId("receipt")).toBeVisible({ timeout: 20_000 });
  await expect(shopper.getByRole("link", { name: "Kembali ke Toko Gerai" })).toHaveAttribute("href", "https://toko.example.id/pesanan/E2E-WH");
  await screenshot(shopper, testInfo, "payment-paid-return-link");
  await expect.poll(() => paidEventsFor(order.id).length, { timeout: 30_000 }).toBe(1);
  const [paid] = paidEventsFor(order.id);
  expect(new Webhook(secret).verify(paid!.body, paid!.headers)).toMatchObject({ type: "order.paid", data: { order: { id: order.id, status: "paid" } } });

  // The server fails: the delivery waits for its retry, with the answer on show.
  failing = true;
  const second = await createOrderByApi(page, { reference: `E2E-WH2-${Date.now()}` });
  await shopper.goto(second.payment_url);
  await cashier(context, shopper, "Terima pembayaran");
  await expect.poll(() => paidEventsFor(second.id).length, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.goto("/merchant/webhooks");
  await page.getByRole("link", { name: "Pengiriman" }).click();
  await expect(page).toHaveURL(/\/merchant\/webhooks\/we_/);
  // Other specs' orders are paid meanwhile too: find this order's delivery.
  const latest = page.getByTestId("delivery").filter({ hasText: second.id });
  // The attempt is written once the server's answer is in.
  await expect(async () => {
    await page.reload();
    await expect(latest.getByTestId("attempt").first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(latest.getByTestId("delivery-status")).toHaveText("Dicoba lagi");
  await latest.getByTestId("attempt").first().locator("summary").click();
  await expect(latest.getByTestId("attempt").first()).toContainText("HTTP 500");
  await expect(latest.getByTestId("attempt").first()).toContainText("our database is down");
  await expect(latest.getByTestId("attempt").first()).toContainText("webhook-signature");
  await screenshot(page, testInfo, "merchant-webhook-deliveries-failing", true);

  // Back up: resent from the console, it is delivered with the same webhook-id.
  failing = false;
  await latest.getByRole("button", { name: "Kirim ulang" }).click();
  await expect(async () => {
    await page.reload();
    await expect(latest.getByTestId("delivery-status")).toHaveText("Terkirim");
  }).toPass({ timeout: 30_000 });
  const ids = new Set(paidEventsFor(second.id).map((request) => request.headers["webhook-id"]));
  expect(ids.size).toBe(1);
  await screenshot(page, testInfo, "merchant-webhook-deliveries-resent", true);
});
