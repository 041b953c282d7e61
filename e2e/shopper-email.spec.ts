import { expect, test } from "./fixtures";
import type { APIRequestContext } from "@playwright/test";
import { decodeCode128 } from "../test/decode-barcode";
import { smtpSinkPorts, type SinkMessage } from "../test/smtp-sink";
import { addToCart, cashier, checkout, placeOrder, readCode, screenshot } from "./support";

// The shopper's emails, through the real SMTP server the run starts (test/smtp-sink.ts): the
// code arrives by email, its link opens the payment page, the code is paid there, and the
// receipt follows by email. The sandbox mailbox shows the same email as a mail client would.

const SINK = `http://127.0.0.1:${smtpSinkPorts(Number(process.env.E2E_PORT ?? 3100)).http}`;

async function mailTo(request: APIRequestContext, address: string, subject: RegExp): Promise<SinkMessage> {
  let found: SinkMessage | undefined;
  await expect
    .poll(async () => {
      const messages = (await (await request.get(`${SINK}/messages?to=${encodeURIComponent(address)}`)).json()) as SinkMessage[];
      found = messages.find((message) => subject.test(message.subject));
      return Boolean(found);
    }, { timeout: 20_000 })
    .toBe(true);
  return found!;
}

test("the code arrives by email, its link opens the payment page, and the receipt follows", async ({ page, context, request, browserConsole }, testInfo) => {
  // Playwright injects its own script into every frame it sees; the email's frame refuses it,
  // as it must, and Chromium says so whenever Playwright gets to the frame while it is attached
  // (a race: some runs, not others). The email itself carries no script (checked below).
  browserConsole.expect(/console\.error: Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed and the 'allow-scripts' permission is not set\.$/);
  const address = `siti.${Date.now()}@example.com`;
  await addToCart(page, ["Kopi Arabika Gayo 250 g"]);
  await checkout(page, { store: "Indomaret", provider: "Midtrans", email: address });
  await placeOrder(page);
  const code = await readCode(page);
  const paymentPage = page.url();

  const codeMail = await mailTo(request, address, /^Kode pembayaran Indomaret untuk Toko Gerai/);
  expect(codeMail.subject.replace(/\s/g, "")).toContain(code);
  expect(codeMail.text).toContain("Bayar sebelum:");
  expect(codeMail.attachments).toMatchObject([{ cid: "barcode@gerai", contentType: "image/png" }]);
  const link = /https?:\/\/\S+\/pay\/[0-9A-Za-z]{22}/.exec(codeMail.text)?.[0];
  expect(link).toBe(paymentPage);

  // The sandbox mailbox shows it as the shopper's mail client would, barcode included.
  await page.goto("/sandbox/mail");
  await page.getByRole("link", { name: new RegExp(codeMail.subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).first().click();
  // The frame runs no script, Playwright's included: read it from its source and its pixels.
  const rendered = page.locator("iframe");
  const source = await rendered.getAttribute("srcdoc");
  expect(source).toContain(`href="${paymentPage}"`);
  expect(source).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
  // Its images load after the frame itself: read it until the barcode is there.
  await expect.poll(async () => decodeCode128(await rendered.screenshot(), { wholePage: true })).toEqual([code]);
  await screenshot(page, testInfo, "email-code", true);

  // Opened from the email, the page shows the same code; paid at the store, it turns into the receipt.
  const fromEmail = await context.newPage();
  await fromEmail.goto(link!);
  expect(await readCode(fromEmail)).toBe(code);
  await cashier(context, fromEmail, "Terima pembayaran");
  await expect(fromEmail.getByTestId("receipt")).toBeVisible({ timeout: 15_000 });

  const receipt = await mailTo(request, address, /^Pembayaran diterima: pesanan /);
  expect(receipt.text).toContain("Dibayar pada:");
  expect(receipt.text).toContain(paymentPage);
});
