import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import { formatRupiah } from "@/lib/money";
import type { CreatedOrder } from "@/lib/orders/create-order";
import { renewPaymentCode } from "@/lib/orders/renew-code";
import { groupCode } from "@/lib/payment-page/code-images";
import { listSandboxMail, readSandboxMail, sandboxMailKeeper } from "@/lib/sandbox/mailbox";
import { formatWib, parseJakartaWallClock } from "@/lib/time";
import { decodeCode128 } from "@/test/decode-barcode";
import { takeDueJobs } from "@/test/jobs";
import { startSmtpReceiver, type SmtpReceiver } from "@/test/smtp-receiver";
import { APP_URL, atCashier, createWorld, CUSTOMER, fiveProviders, ITEMS_TOTAL, placeTestOrder, type World } from "@/test/world";
import { sendShopperEmail, type ShopperEmailDeps, type ShopperEmailOutcome } from "./shopper-emails";
import { smtpSender } from "./smtp-sender";

// Emails to the shopper through a real SMTP server on loopback (smtp-server), read back as a mail
// client reads them (mailparser); the test plays the job queue's worker.

let smtp: SmtpReceiver;
let world: World;
let deps: ShopperEmailDeps;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  world = await createWorld(fiveProviders(), { allowProviderChoice: true, start: new Date() });
  deps = {
    db: world.db,
    appUrl: APP_URL,
    merchantName: "Toko Gerai",
    from: "Toko Gerai <pesanan@toko.example>",
    send: smtpSender(smtp.url),
    keepCopy: sandboxMailKeeper(world.db),
    now: world.clock.now,
  };
});
afterAll(async () => {
  await smtp?.close();
  await world?.close();
});
beforeEach(async () => {
  smtp.messages.length = 0;
  smtp.refusing = false;
  await takeDueJobs(world.db, "shopper-email", new Date("2100-01-01"));
});

/** Runs the shopper-email jobs waiting now, as the worker would. */
async function sendQueued(options: Partial<ShopperEmailDeps> = {}): Promise<ShopperEmailOutcome[]> {
  const outcomes: ShopperEmailOutcome[] = [];
  for (const job of await takeDueJobs(world.db, "shopper-email", new Date("2100-01-01"))) outcomes.push(await sendShopperEmail({ ...deps, ...options }, job.data));
  return outcomes;
}

let counter = 0;
const newOrder = (options: { provider?: ProviderId; store?: "alfamart" | "indomaret"; locale?: "id" | "en" } = {}) =>
  placeTestOrder(world, { reference: `EML-${Date.now()}-${(counter += 1)}`, provider: options.provider ?? "midtrans", store: options.store, locale: options.locale });

async function barcodesIn(mail: ParsedMail): Promise<string[]> {
  const image = mail.attachments.find((attachment) => attachment.cid === "barcode@gerai");
  expect(image?.contentType).toBe("image/png");
  return decodeCode128(image!.content);
}

describe("shopper emails", () => {
  it("sends the code in Indonesian: code as text and barcode, amount, merchant, WIB deadline, steps, the page's link", async () => {
    const order = await newOrder();
    expect(await sendQueued()).toEqual(["sent"]);
    const [mail] = smtp.messages;
    expect(mail!.to).toMatchObject({ text: CUSTOMER.email });
    expect(mail!.from).toMatchObject({ value: [{ address: "pesanan@toko.example", name: "Toko Gerai" }] });
    expect(mail!.subject).toBe(`Kode pembayaran Indomaret untuk Toko Gerai: ${groupCode(order.paymentCode)}`);
    const text = mail!.text ?? "";
    for (const expected of [
      groupCode(order.paymentCode),
      formatRupiah(ITEMS_TOTAL),
      "Toko Gerai",
      formatWib(order.expiresAt, "id"),
      "Tunjukkan barcode di email ini untuk dipindai",
      "Simpan struk sebagai bukti pembayaran.",
      `${APP_URL}/pay/${order.publicId}`,
    ]) {
      expect(text).toContain(expected);
    }
    // mailparser puts the inline image (cid:) in place, as mail clients do.
    expect(mail!.attachments).toMatchObject([{ cid: "barcode@gerai", related: true }]);
    expect(mail!.html).toContain(`alt="Barcode kode pembayaran ${order.paymentCode}"`);
    expect(mail!.html).toContain(`href="${APP_URL}/pay/${order.publicId}"`);
    expect(await barcodesIn(mail!)).toEqual([order.paymentCode]);
    // The server's id for it is kept with the email.
    const row = await world.db.shopperEmail.findFirstOrThrow({ where: { orderId: order.id } });
    expect(row).toMatchObject({ kind: "code", status: "sent", messageId: mail!.messageId });
  });

  it("writes in the shopper's language: English when the order says en", async () => {
    const order = await newOrder({ store: "alfamart", locale: "en" });
    expect(await sendQueued()).toEqual(["sent"]);
    const [mail] = smtp.messages;
    expect(mail!.subject).toBe(`Alfamart payment code for Toko Gerai: ${groupCode(order.paymentCode)}`);
    expect(mail!.text).toContain(`Pay ${formatRupiah(ITEMS_TOTAL)} at Alfamart`);
    expect(mail!.text).toContain("Alfamart cashiers usually type it in");
    expect(mail!.text).toContain(formatWib(order.expiresAt, "en"));
  });

  it("sends a receipt when the order is paid", async () => {
    const order = await newOrder();
    await sendQueued();
    await atCashier(world, order, "pay");
    expect(await sendQueued()).toEqual(["sent"]);
    const receipt = smtp.messages.at(-1)!;
    expect(receipt.subject).toBe(`Pembayaran diterima: pesanan ${order.reference} di Toko Gerai`);
    const paid = await world.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(receipt.text).toContain(`Dibayar pada: ${formatWib(paid.paidAt!, "id")}`);
    expect(receipt.text).toContain(`Kode pembayaran: ${groupCode(order.paymentCode)}`);
    expect(receipt.text).toContain(`${APP_URL}/pay/${order.publicId}`);
  });

  it("sends the new code after a renewal, and says the old one no longer works", async () => {
    const order = await newOrder();
    await sendQueued();
    await atCashier(world, order, "expire");
    expect(await sendQueued()).toEqual([]);
    const renewed = await renewPaymentCode(world.deps, order.publicId);
    if (!renewed.ok) throw new Error(renewed.error.message);
    expect(renewed.value.paymentCode).not.toBe(order.paymentCode);
    expect(await sendQueued()).toEqual(["sent"]);
    const mail = smtp.messages.at(-1)!;
    expect(mail.subject).toBe(`Kode pembayaran baru Indomaret untuk Toko Gerai: ${groupCode(renewed.value.paymentCode)}`);
    expect(mail.text).toContain("Kode sebelumnya tidak berlaku lagi.");
    expect(await barcodesIn(mail)).toEqual([renewed.value.paymentCode]);
  });

  it("does not send a code that was paid before its email went out, but sends the receipt", async () => {
    const order = await newOrder();
    await atCashier(world, order, "pay");
    expect((await sendQueued()).sort()).toEqual(["sent", "skipped"]);
    expect(smtp.messages.map((mail) => mail.subject)).toEqual([`Pembayaran diterima: pesanan ${order.reference} di Toko Gerai`]);
  });

  it("leaves the email queued when the SMTP server refuses it, and sends it once when retried", async () => {
    const order: CreatedOrder = await newOrder();
    const [job] = await takeDueJobs(world.db, "shopper-email", new Date("2100-01-01"));
    smtp.refusing = true;
    await expect(sendShopperEmail(deps, job!.data)).rejects.toThrow(/451/);
    expect(await world.db.shopperEmail.findUniqueOrThrow({ where: { id: job!.data.emailId } })).toMatchObject({ status: "queued", sentAt: null });
    smtp.refusing = false;
    expect(await sendShopperEmail(deps, job!.data)).toBe("sent");
    // A second run of the same job (a worker that died after sending) sends nothing more.
    expect(await sendShopperEmail(deps, job!.data)).toBe("already_done");
    expect(smtp.messages.map((mail) => mail.subject)).toEqual([`Kode pembayaran Indomaret untuk Toko Gerai: ${groupCode(order.paymentCode)}`]);
  });

  it("skips emails when no transport is configured", async () => {
    await newOrder();
    expect(await sendQueued({ send: undefined, keepCopy: undefined })).toEqual(["skipped"]);
    expect(smtp.messages).toEqual([]);
  });

  it("keeps a copy in the sandbox mailbox, its barcode in place of the cid: reference", async () => {
    const order = await newOrder();
    await sendQueued();
    const [latest] = await listSandboxMail(world.db);
    expect(latest).toMatchObject({ to: CUSTOMER.email, subject: `Kode pembayaran Indomaret untuk Toko Gerai: ${groupCode(order.paymentCode)}` });
    const shown = await readSandboxMail(world.db, latest!.id);
    expect(shown!.html).not.toContain("cid:");
    const image = /src="data:image\/png;base64,([^"]+)"/.exec(shown!.html);
    expect(await decodeCode128(Buffer.from(image![1]!, "base64"))).toEqual([order.paymentCode]);
  });

  it("keeps only the latest 200 emails in the sandbox mailbox", async () => {
    await world.db.sandboxMail.deleteMany();
    const start = Date.parse("2026-01-01T00:00:00Z");
    await world.db.sandboxMail.createMany({
      data: Array.from({ length: 204 }, (_, i) => ({ id: `mail_old_${i}`, to: CUSTOMER.email, subject: `old ${i}`, text: "", html: "", images: [], createdAt: new Date(start + i * 1000) })),
    });
    await newOrder();
    await sendQueued();
    const kept = await world.db.sandboxMail.findMany({ orderBy: { createdAt: "asc" }, select: { id: true } });
    expect(kept).toHaveLength(200);
    expect(kept[0]!.id).toBe("mail_old_5"); // the five oldest went
    expect(kept.at(-1)!.id).not.toMatch(/^mail_old_/);
  });

  it("says when the stores' night pause ends a code early: pay before 23.00 WIB", async () => {
    const realNow = world.clock.now();
    // 22.45 WIB: the code's hour runs to 23.45, inside the pause.
    world.clock.set(parseJakartaWallClock("2026-12-07 22:45:00")!);
    try {
      await newOrder();
      expect(await sendQueued()).toEqual(["sent"]);
      expect(smtp.messages[0]!.text).toContain("Banyak toko tidak menerima pembayaran ini pukul 23.00–01.00 WIB: bayar sebelum Senin, 7 Des 2026, 23.00 WIB.");
    } finally {
      world.clock.set(realNow);
    }
  });
});
