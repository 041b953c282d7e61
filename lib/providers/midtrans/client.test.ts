import { describe, expect, it } from "vitest";
import { fakeFetch, hangingFetch, refusedFetch } from "@/test/fake-fetch";
import type { CreateChargeInput } from "@/lib/providers/types";
import { createMidtransProvider } from "./client";

// Wire format and signature of the Midtrans cstore adapter, checked against the documented
// shapes and against digests computed outside our code:
//   printf '%s' "GR-20261122-7KQ2MX-1200162500.00SB-Mid-server-GeraiSandbox0001" | openssl dgst -sha512
const SERVER_KEY = "SB-Mid-server-GeraiSandbox0001";
const OPENSSL_SETTLEMENT_SIGNATURE =
  "340eb0d1656f2c1fd1ccd443be285389fc1dcb4928a5173b1777eb683ba9d3aaeaca0b600170d034b91780c955cc8896936f61bec9f78f5bd5bd9ed37b4678be";


const input: CreateChargeInput = {
  idempotencyKey: "chg_abc",
  reference: "GR-20261122-7KQ2MX-1",
  amount: 162_500,
  store: "indomaret",
  // 09:30 WIB on 22 Nov 2026, code valid for one day
  now: new Date("2026-11-22T02:30:00Z"),
  expiresAt: new Date("2026-11-23T02:30:00Z"),
  merchantName: "Toko Gerai Nusantara Jaya",
  description: "Order",
  customer: { name: "Budi Santoso Utomo", email: "budi@example.com", phone: "081234567890" },
  items: [
    { sku: "kopi", name: "Kopi Arabika Gayo 250 g", unitPrice: 89_000, quantity: 1 },
    { sku: "teh", name: "Teh Melati", unitPrice: 36_750, quantity: 2 },
  ],
};

// The documented cstore charge answer (status_code "201" in the body).
const chargeAnswer = {
  status_code: "201",
  status_message: "Success, cstore transaction is successful",
  transaction_id: "e3f0b1a4-2b3c-4c5d-8e9f-0a1b2c3d4e5f",
  order_id: "GR-20261122-7KQ2MX-1",
  merchant_id: "G000GERAI",
  gross_amount: "162500.00",
  currency: "IDR",
  payment_type: "cstore",
  transaction_time: "2026-11-22 09:30:00",
  transaction_status: "pending",
  fraud_status: "accept",
  payment_code: "25811674326713",
  store: "indomaret",
  expiry_time: "2026-11-23 09:30:00",
};

const provider = (fetchImpl: typeof fetch) =>
  createMidtransProvider({ serverKey: SERVER_KEY, baseUrl: "https://api.sandbox.midtrans.com", timeoutMs: 1_000, fetchImpl });

describe("Midtrans createCharge", () => {
  it("posts the documented cstore body with Basic auth and an Idempotency-Key", async () => {
    const { calls, fetchImpl } = fakeFetch(() => Response.json(chargeAnswer));
    const result = await provider(fetchImpl).createCharge(input);

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe("https://api.sandbox.midtrans.com/v2/charge");
    expect(call!.method).toBe("POST");
    // base64("SB-Mid-server-GeraiSandbox0001:") computed by: printf '%s' 'SB-Mid-server-GeraiSandbox0001:' | base64
    expect(call!.headers.get("authorization")).toBe("Basic U0ItTWlkLXNlcnZlci1HZXJhaVNhbmRib3gwMDAxOg==");
    expect(call!.headers.get("idempotency-key")).toBe("chg_abc");
    expect(call!.headers.get("accept")).toBe("application/json");
    expect(call!.body).toEqual({
      payment_type: "cstore",
      transaction_details: { order_id: "GR-20261122-7KQ2MX-1", gross_amount: 162500 },
      cstore: { store: "indomaret", message: "Toko Gerai Nusantara" },
      customer_details: { first_name: "Budi", last_name: "Santoso Utomo", email: "budi@example.com", phone: "081234567890" },
      item_details: [
        { id: "kopi", price: 89000, quantity: 1, name: "Kopi Arabika Gayo 250 g" },
        { id: "teh", price: 36750, quantity: 2, name: "Teh Melati" },
      ],
      custom_expiry: { order_time: "2026-11-22 09:30:00 +0700", expiry_duration: 1440, unit: "minute" },
    });

    expect(result).toEqual({
      ok: true,
      value: {
        providerChargeId: "e3f0b1a4-2b3c-4c5d-8e9f-0a1b2c3d4e5f",
        paymentCode: "25811674326713",
        // expiry_time is Jakarta time without an offset
        expiresAt: new Date("2026-11-23T02:30:00Z"),
        status: "pending",
        providerStatus: "pending",
        raw: expect.objectContaining({ payment_code: "25811674326713" }),
      },
    });
  });

  it("puts the merchant on Alfamart's receipt lines, at most 40 characters each", async () => {
    const { calls, fetchImpl } = fakeFetch(() => Response.json({ ...chargeAnswer, store: "alfamart" }));
    await provider(fetchImpl).createCharge({ ...input, store: "alfamart", expiresAt: new Date("2026-11-22T02:31:30Z") });
    const body = calls[0]!.body as { cstore: Record<string, string>; custom_expiry: unknown };
    expect(body.cstore.store).toBe("alfamart");
    expect(body.cstore.alfamart_free_text_1).toBe("Pembayaran Toko Gerai Nusantara Jaya");
    for (const line of Object.values(body.cstore)) expect(line.length).toBeLessThanOrEqual(40);
    expect(body.custom_expiry).toEqual({ order_time: "2026-11-22 09:30:00 +0700", expiry_duration: 90, unit: "second" });
  });

  it("reads the status_code inside an HTTP 200 body: 406 duplicate order_id is final", async () => {
    const { fetchImpl } = fakeFetch(() =>
      Response.json({ status_code: "406", status_message: "The request could not be completed due to a conflict" }),
    );
    const result = await provider(fetchImpl).createCharge(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe("rejected");
      expect(result.error.code).toBe("406");
    }
  });

  it("lists Midtrans' validation messages in a 400", async () => {
    const { fetchImpl } = fakeFetch(() =>
      Response.json({
        status_code: "400",
        status_message: "One or more parameters in the payload is invalid.",
        validation_messages: ["transaction_details.gross_amount is not equal to the sum of item_details"],
      }),
    );
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error.message).toContain("gross_amount is not equal to the sum of item_details");
    expect(!result.ok && result.error.kind).toBe("rejected");
  });

  it.each([
    ["a 5xx", () => new Response("<html>Bad gateway</html>", { status: 502 })],
    ["a 500 in the body", () => Response.json({ status_code: "500", status_message: "internal error" })],
    ["a rate limit", () => Response.json({ status_code: "429", status_message: "Too many requests" }, { status: 429 })],
  ])("treats %s as unavailable, so routing may fail over", async (_, reply) => {
    const { fetchImpl } = fakeFetch(reply);
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error.kind).toBe("unavailable");
  });

  it("treats a refused connection and a timeout as unavailable", async () => {
    const refusedResult = await provider(refusedFetch).createCharge(input);
    expect(!refusedResult.ok && refusedResult.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("ECONNREFUSED") });

    const slow = createMidtransProvider({ serverKey: SERVER_KEY, baseUrl: "https://x", timeoutMs: 50, fetchImpl: hangingFetch });
    const timedOut = await slow.createCharge(input);
    expect(!timedOut.ok && timedOut.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("no answer within 50 ms") });
  });
});

describe("Midtrans getCharge", () => {
  it("asks /v2/{order_id}/status and maps settlement to paid", async () => {
    const { calls, fetchImpl } = fakeFetch(() =>
      Response.json({ ...chargeAnswer, status_code: "200", transaction_status: "settlement", settlement_time: "2026-11-22 10:00:05" }),
    );
    const result = await provider(fetchImpl).getCharge({ reference: "GR-20261122-7KQ2MX-1", providerChargeId: "x" });
    expect(calls[0]!.url).toBe("https://api.sandbox.midtrans.com/v2/GR-20261122-7KQ2MX-1/status");
    expect(calls[0]!.method).toBe("GET");
    expect(result).toMatchObject({
      ok: true,
      value: { status: "paid", providerStatus: "settlement", amount: 162500, paidAt: new Date("2026-11-22T03:00:05Z") },
    });
  });

  it("reports an unknown order as not_found", async () => {
    const { fetchImpl } = fakeFetch(() => Response.json({ status_code: "404", status_message: "Transaction doesn't exist." }, { status: 404 }));
    const result = await provider(fetchImpl).getCharge({ reference: "nope", providerChargeId: null });
    expect(!result.ok && result.error.kind).toBe("not_found");
  });
});

describe("Midtrans notifications", () => {
  const settlement = {
    transaction_time: "2026-11-22 09:30:00",
    transaction_status: "settlement",
    transaction_id: "e3f0b1a4-2b3c-4c5d-8e9f-0a1b2c3d4e5f",
    status_message: "midtrans payment notification",
    status_code: "200",
    signature_key: OPENSSL_SETTLEMENT_SIGNATURE,
    settlement_time: "2026-11-22 10:00:05",
    payment_type: "cstore",
    payment_code: "25811674326713",
    store: "indomaret",
    order_id: "GR-20261122-7KQ2MX-1",
    merchant_id: "G000GERAI",
    gross_amount: "162500.00",
    fraud_status: "accept",
    currency: "IDR",
    approval_code: "1234567890123456",
  };
  const webhook = (body: unknown) => ({
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    headers: new Headers({ "content-type": "application/json" }),
    path: "/api/webhooks/midtrans",
    receivedAt: new Date(),
  });
  const midtrans = provider(fakeFetch(() => new Response()).fetchImpl);

  it("accepts a signature_key equal to the openssl SHA-512 and normalises the event", async () => {
    const verified = await midtrans.verifyWebhook(webhook(settlement));
    expect(verified.ok).toBe(true);
    const event = midtrans.parseWebhook(verified.ok ? verified.value : undefined);
    expect(event).toEqual({
      ok: true,
      value: {
        eventKey: "e3f0b1a4-2b3c-4c5d-8e9f-0a1b2c3d4e5f:settlement:accept",
        reference: "GR-20261122-7KQ2MX-1",
        providerChargeId: "e3f0b1a4-2b3c-4c5d-8e9f-0a1b2c3d4e5f",
        kind: "paid",
        providerStatus: "settlement",
        amount: 162500,
        currency: "IDR",
        occurredAt: new Date("2026-11-22T03:00:05Z"),
      },
    });
  });

  it("signs the strings as received: gross_amount without its decimals fails", async () => {
    const altered = await midtrans.verifyWebhook(webhook({ ...settlement, gross_amount: "162500" }));
    expect(altered).toEqual({ ok: false, error: { status: 401, reason: "signature_key does not match" } });
  });

  it("rejects a forged status with a clear 4xx", async () => {
    const forged = await midtrans.verifyWebhook(webhook({ ...settlement, transaction_status: "settlement", status_code: "201" }));
    expect(!forged.ok && forged.error.status).toBe(401);
    const notJson = await midtrans.verifyWebhook(webhook("transaction_status=settlement"));
    expect(notJson).toEqual({ ok: false, error: { status: 400, reason: "body is not JSON" } });
    const unsigned = await midtrans.verifyWebhook(webhook({ ...settlement, signature_key: undefined }));
    expect(!unsigned.ok && unsigned.error.status).toBe(400);
  });

  it("answers 200 when handled and asks for retries otherwise", async () => {
    expect(midtrans.acknowledge({ kind: "duplicate" }).status).toBe(200);
    expect(midtrans.acknowledge({ kind: "retry_later", reason: "x" }).status).toBe(503);
    expect(midtrans.acknowledge({ kind: "unknown_charge", reason: "x" }).status).toBe(404);
    expect(midtrans.acknowledge({ kind: "rejected", status: 401, reason: "x" }).status).toBe(401);
  });
});
