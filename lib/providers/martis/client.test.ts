import { describe, expect, it } from "vitest";
import { fakeFetch, hangingFetch, refusedFetch } from "@/test/fake-fetch";
import type { CreateChargeInput } from "@/lib/providers/types";
import { createMartisProvider, type MartisConfig } from "./client";

// Wire format and webhook signatures of the Martis adapter, checked against the documented JSend
// shapes and against HMACs computed outside our code. The webhook body below is WEBHOOK_BODY,
// the timestamp 1795316405 (2026-11-22T03:00:05Z), the secret the sandbox's:
//   printf '%s' "1795316405.$WEBHOOK_BODY" | openssl dgst -sha256 -hmac 'whsec_gerai_martis_sandbox_0001' -hex
//   printf '%s' "v1:1795316405:$WEBHOOK_BODY" | openssl dgst -sha256 -hmac 'whsec_gerai_martis_sandbox_0001' -hex
//   printf '%s' "1795316405.event=payment_charge.succeeded" | openssl dgst -sha256 -hmac 'whsec_gerai_martis_sandbox_0001' -hex
const WEBHOOK_BODY =
  '{"id":"evt_7Hq2KdP9sLmX4vB1nR8c","event":"payment_charge.succeeded","data":{"id":"5b1f9a2e-8c3d-4e7f-9a0b-1c2d3e4f5a6b","payment_method":"retail_outlet","channel":"indomaret","status":"success","currency":"idr","amount":"162500.00","fee":"2500.00","client_reference_id":"GR-20261122-7KQ2MX-1","payment_code":"7KQ2MXH4PR9TBW3D","expires_at":"2026-11-23T02:30:00.000Z","paid_at":"2026-11-22T03:00:05.000Z","created_at":"2026-11-22T02:30:00.000Z","updated_at":"2026-11-22T03:00:05.000Z"},"created_at":"2026-11-22T03:00:05.000Z"}';
const TIMESTAMP = "1795316405";
const OPENSSL_DEFAULT_TEMPLATE = "2db105d380be16d1ee1d2e33fbc28ae34fae08cada6635aae330d3fc64091208";
const OPENSSL_CUSTOM_TEMPLATE = "048991789b74c693ed5b9e9ede78049884358163df70b2b5bf8677fbc66a835f";
const OPENSSL_NOT_JSON = "aace941d059be12b88ca18938407a26da957e0398536d3a64e0d9ece7e189c89";


const baseConfig: MartisConfig = {
  apiKey: "mk_test_gerai_martis_0001",
  webhookSecret: "whsec_gerai_martis_sandbox_0001",
  baseUrl: "https://api-staging.martis.id",
  paymentMethod: "retail_outlet",
  channels: { alfamart: "alfamart", indomaret: "indomaret" },
  signatureHeader: "x-martis-signature",
  timestampHeader: "x-martis-timestamp",
  signedPayload: "{timestamp}.{body}",
  toleranceSeconds: 300,
  timeoutMs: 1_000,
};
const provider = (fetchImpl: typeof fetch, overrides: Partial<MartisConfig> = {}) =>
  createMartisProvider({ ...baseConfig, ...overrides, fetchImpl });

const input: CreateChargeInput = {
  idempotencyKey: "chg_abc",
  reference: "GR-20261122-7KQ2MX-1",
  amount: 162_500,
  store: "indomaret",
  now: new Date("2026-11-22T02:30:00Z"),
  expiresAt: new Date("2026-11-23T02:30:00Z"),
  merchantName: "Toko Gerai Nusantara Jaya",
  description: "Order GR-20261122-7KQ2MX at Toko Gerai",
  customer: { name: "Budi Santoso", email: "budi@example.com", phone: "081234567890" },
  items: [
    { sku: "kopi", name: "Kopi Arabika Gayo 250 g", unitPrice: 89_000, quantity: 1 },
    { sku: "teh", name: "Teh Melati", unitPrice: 36_750, quantity: 2 },
  ],
};

// The documented create answer (JSend success), with the assumed data.payment_code.
const chargeData = {
  id: "5b1f9a2e-8c3d-4e7f-9a0b-1c2d3e4f5a6b",
  payment_method: "retail_outlet",
  channel: "indomaret",
  status: "pending",
  currency: "idr",
  amount: "162500.00",
  fee: "2500.00",
  client_reference_id: "GR-20261122-7KQ2MX-1",
  payment_code: "7KQ2MXH4PR9TBW3D",
  payment_url: null,
  qr_code_url: null,
  expires_at: "2026-11-23T09:30:00+07:00",
  paid_at: null,
  created_at: "2026-11-22T02:30:00.000Z",
  updated_at: "2026-11-22T02:30:00.000Z",
};
const created = () => Response.json({ status: "success", data: chargeData }, { status: 201 });

describe("Martis createCharge", () => {
  it.each([
    ["indomaret", "indomaret"],
    ["alfamart", "alfamart"],
  ] as const)("posts the charge for %s with Bearer auth and an Idempotency-Key", async (store, channel) => {
    const { calls, fetchImpl } = fakeFetch(created);
    const result = await provider(fetchImpl).createCharge({ ...input, store });

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe("https://api-staging.martis.id/api/v1/payments/charges");
    expect(call!.method).toBe("POST");
    expect(call!.headers.get("authorization")).toBe("Bearer mk_test_gerai_martis_0001");
    expect(call!.headers.get("idempotency-key")).toBe("chg_abc");
    expect(call!.headers.get("content-type")).toBe("application/json");
    expect(call!.headers.get("accept")).toBe("application/json");
    expect(call!.body).toEqual({
      payment_method: "retail_outlet",
      channel,
      amount: 162500,
      currency: "idr",
      customer_details: { name: "Budi Santoso", email: "budi@example.com", phone_number: "081234567890" },
      client_reference_id: "GR-20261122-7KQ2MX-1",
      expires_at: "2026-11-23T02:30:00.000Z",
      items: [
        { name: "Kopi Arabika Gayo 250 g", price: 89000, quantity: 1 },
        { name: "Teh Melati", price: 36750, quantity: 2 },
      ],
      description: "Order GR-20261122-7KQ2MX at Toko Gerai",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        providerChargeId: "5b1f9a2e-8c3d-4e7f-9a0b-1c2d3e4f5a6b",
        paymentCode: "7KQ2MXH4PR9TBW3D",
        expiresAt: new Date("2026-11-23T02:30:00Z"),
        status: "pending",
        providerStatus: "pending",
        raw: { status: "success", data: chargeData },
      },
    });
  });

  it("uses the configured payment method and channel codes", async () => {
    const { calls, fetchImpl } = fakeFetch(created);
    await provider(fetchImpl, { paymentMethod: "over_the_counter", channels: { alfamart: "alfa_group", indomaret: "indomaret_o2o" } }).createCharge({
      ...input,
      store: "alfamart",
    });
    expect(calls[0]!.body).toMatchObject({ payment_method: "over_the_counter", channel: "alfa_group" });
  });

  it("sends a byte-identical body for the same input, so Martis replays instead of answering 409", async () => {
    const { calls, fetchImpl } = fakeFetch(created);
    const martis = provider(fetchImpl);
    await martis.createCharge(input);
    await martis.createCharge({ ...input });
    expect(calls[0]!.text).toBe(calls[1]!.text);
    expect(calls[1]!.headers.get("idempotency-key")).toBe("chg_abc");
  });

  it("cuts the description to Martis' 255 characters", async () => {
    const { calls, fetchImpl } = fakeFetch(created);
    await provider(fetchImpl).createCharge({ ...input, description: "x".repeat(300) });
    expect((calls[0]!.body as { description: string }).description).toHaveLength(255);
  });

  const fail = (status: number, data: Record<string, string[]>) => () => Response.json({ status: "fail", data }, { status });

  it.each([
    ["400 unknown channel", fail(400, { channel: ["The selected channel is invalid."] }), "rejected", "store_not_supported", "channel: The selected channel is invalid."],
    ["400 bad email", fail(400, { "customer_details.email": ["The customer details.email must be a valid email address."] }), "rejected", "invalid_customer_details", "customer_details.email: The customer details.email must be a valid email address."],
    ["422 amount outside the limits", fail(422, { amount: ["The amount must be between 10000 and 2500000 for channel alfamart."] }), "rejected", "amount_out_of_range", "Martis create charge answered 422: amount: The amount must be between 10000 and 2500000"],
    ["401 wrong key", fail(401, { authorization: ["Invalid or missing API key"] }), "rejected", "payment_rejected", "Martis refused the API key (401): authorization: Invalid or missing API key"],
    ["403 no permission", fail(403, { authorization: ["Insufficient permissions"] }), "rejected", "payment_rejected", "Martis create charge answered 403: authorization: Insufficient permissions"],
    ["409 reused idempotency key", fail(409, { idempotency_key: ["This Idempotency-Key was already used with a different request payload."] }), "rejected", "payment_rejected", "Martis reports a conflict (409): idempotency_key: This Idempotency-Key was already used"],
    ["409 duplicate reference", fail(409, { client_reference_id: ["The client reference id has already been taken."] }), "rejected", "payment_rejected", "client_reference_id: The client reference id has already been taken."],
    ["404 wrong path", fail(404, { path: ["The requested resource does not exist."] }), "rejected", "payment_rejected", "404"],
    ["500 JSend error", () => Response.json({ status: "error", message: "Internal server error" }, { status: 500 }), "unavailable", "provider_unavailable", "Martis create charge answered 500: Internal server error"],
    ["502 HTML page", () => new Response("<html>Bad gateway</html>", { status: 502 }), "unavailable", "provider_unavailable", "<html>Bad gateway</html>"],
    ["503", () => Response.json({ status: "error", message: "Service temporarily unavailable" }, { status: 503 }), "unavailable", "provider_unavailable", "Service temporarily unavailable"],
    ["429 rate limit", fail(429, { rate_limit: ["Too many requests"] }), "unavailable", "provider_unavailable", "429"],
    ["201 without a payment code", () => Response.json({ status: "success", data: { ...chargeData, payment_code: null } }, { status: 201 }), "unavailable", "provider_unavailable", "without data.payment_code"],
    ["200 that is not JSend", () => new Response("<html>ok</html>", { status: 200 }), "unavailable", "provider_unavailable", "without a JSend success body"],
  ] as const)("maps %s", async (_, reply, kind, shopper, message) => {
    const { fetchImpl } = fakeFetch(reply);
    const result = await provider(fetchImpl).createCharge(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ provider: "martis", kind, shopper });
      expect(result.error.message).toContain(message);
    }
  });

  it("treats a refused connection and a timeout as unavailable", async () => {
    const refusedResult = await provider(refusedFetch).createCharge(input);
    expect(!refusedResult.ok && refusedResult.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("ECONNREFUSED") });

    const timedOut = await provider(hangingFetch, { timeoutMs: 50 }).createCharge(input);
    expect(!timedOut.ok && timedOut.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("no answer within 50 ms") });
  });
});

describe("Martis getCharge", () => {
  const lookup = { reference: "GR-20261122-7KQ2MX-1", providerChargeId: "5b1f9a2e-8c3d-4e7f-9a0b-1c2d3e4f5a6b" };
  const answer = (data: Record<string, unknown>) => () => Response.json({ status: "success", data: { ...chargeData, ...data } });

  it("asks /api/v1/payments/charges/{id} and maps success to paid", async () => {
    const { calls, fetchImpl } = fakeFetch(answer({ status: "success", paid_at: "2026-11-22T10:00:05+07:00", updated_at: "2026-11-22T03:00:05.000Z" }));
    const result = await provider(fetchImpl).getCharge(lookup);
    expect(calls[0]!.url).toBe("https://api-staging.martis.id/api/v1/payments/charges/5b1f9a2e-8c3d-4e7f-9a0b-1c2d3e4f5a6b");
    expect(calls[0]!.method).toBe("GET");
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer mk_test_gerai_martis_0001");
    expect(result).toMatchObject({
      ok: true,
      value: { status: "paid", providerStatus: "success", amount: 162500, paidAt: new Date("2026-11-22T03:00:05Z") },
    });
  });

  it("reads 'failed' at or after expires_at as expired, and before it as failed", async () => {
    const expired = await provider(fakeFetch(answer({ status: "failed", updated_at: "2026-11-23T02:30:00.000Z" })).fetchImpl).getCharge(lookup);
    expect(expired).toMatchObject({ ok: true, value: { status: "expired", providerStatus: "failed" } });
    const failed = await provider(fakeFetch(answer({ status: "failed", updated_at: "2026-11-22T05:00:00.000Z" })).fetchImpl).getCharge(lookup);
    expect(failed).toMatchObject({ ok: true, value: { status: "failed", providerStatus: "failed" } });
  });

  it("reports an unknown charge as not_found, and a charge without a Martis id without asking", async () => {
    const { fetchImpl } = fakeFetch(() => Response.json({ status: "fail", data: { id: ["Payment charge not found."] } }, { status: 404 }));
    const result = await provider(fetchImpl).getCharge(lookup);
    expect(!result.ok && result.error).toMatchObject({ kind: "not_found", httpStatus: 404 });

    const unused = fakeFetch(() => new Response());
    const noId = await provider(unused.fetchImpl).getCharge({ reference: "GR-1", providerChargeId: null });
    expect(!noId.ok && noId.error.kind).toBe("not_found");
    expect(unused.calls).toHaveLength(0);
  });

  it("treats a 5xx as unavailable", async () => {
    const { fetchImpl } = fakeFetch(() => Response.json({ status: "error", message: "Upstream unavailable" }, { status: 502 }));
    const result = await provider(fetchImpl).getCharge(lookup);
    expect(!result.ok && result.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("Upstream unavailable") });
  });
});

describe("Martis webhooks", () => {
  const receivedAt = new Date("2026-11-22T03:00:10Z");
  const webhook = (body: string, headers: Record<string, string>, at = receivedAt) => ({
    rawBody: body,
    headers: new Headers({ "content-type": "application/json", ...headers }),
    path: "/api/webhooks/martis",
    receivedAt: at,
  });
  const signed = (signature = OPENSSL_DEFAULT_TEMPLATE, body = WEBHOOK_BODY) =>
    webhook(body, { "x-martis-timestamp": TIMESTAMP, "x-martis-signature": signature });
  const martis = provider(fakeFetch(() => new Response()).fetchImpl);

  it("accepts the openssl HMAC of '{timestamp}.{body}' and normalises the event", async () => {
    const verified = await martis.verifyWebhook(signed());
    expect(verified.ok).toBe(true);
    expect(martis.parseWebhook(verified.ok ? verified.value : undefined)).toEqual({
      ok: true,
      value: {
        eventKey: "evt_7Hq2KdP9sLmX4vB1nR8c",
        reference: "GR-20261122-7KQ2MX-1",
        providerChargeId: "5b1f9a2e-8c3d-4e7f-9a0b-1c2d3e4f5a6b",
        kind: "paid",
        providerStatus: "success",
        amount: 162500,
        currency: "idr",
        occurredAt: new Date("2026-11-22T03:00:05Z"),
      },
    });
  });

  it("accepts a 'sha256=' prefix and upper-case hex", async () => {
    expect((await martis.verifyWebhook(signed(`sha256=${OPENSSL_DEFAULT_TEMPLATE.toUpperCase()}`))).ok).toBe(true);
  });

  it("follows the configured header names and string to sign", async () => {
    const custom = provider(fakeFetch(() => new Response()).fetchImpl, {
      signatureHeader: "martis-signature",
      timestampHeader: "martis-timestamp",
      signedPayload: "v1:{timestamp}:{body}",
    });
    const request = webhook(WEBHOOK_BODY, { "martis-timestamp": TIMESTAMP, "martis-signature": OPENSSL_CUSTOM_TEMPLATE });
    expect((await custom.verifyWebhook(request)).ok).toBe(true);
    // The default template's signature does not pass under the custom one.
    const wrong = webhook(WEBHOOK_BODY, { "martis-timestamp": TIMESTAMP, "martis-signature": OPENSSL_DEFAULT_TEMPLATE });
    expect(await custom.verifyWebhook(wrong)).toEqual({ ok: false, error: { status: 401, reason: "Wrong signature" } });
  });

  it("rejects forged, altered and unsigned deliveries with a 401", async () => {
    expect(await martis.verifyWebhook(signed("0".repeat(64)))).toEqual({ ok: false, error: { status: 401, reason: "Wrong signature" } });
    const altered = signed(OPENSSL_DEFAULT_TEMPLATE, WEBHOOK_BODY.replace('"162500.00"', '"1625.00"'));
    expect(await martis.verifyWebhook(altered)).toEqual({ ok: false, error: { status: 401, reason: "Wrong signature" } });
    const otherTimestamp = webhook(WEBHOOK_BODY, { "x-martis-timestamp": "1795316406", "x-martis-signature": OPENSSL_DEFAULT_TEMPLATE });
    expect(await martis.verifyWebhook(otherTimestamp)).toEqual({ ok: false, error: { status: 401, reason: "Wrong signature" } });
    const unsigned = await martis.verifyWebhook(webhook(WEBHOOK_BODY, { "x-martis-timestamp": TIMESTAMP }));
    expect(!unsigned.ok && unsigned.error).toMatchObject({ status: 401, reason: expect.stringContaining("header is missing") });
  });

  it("rejects a malformed timestamp with a 400", async () => {
    const request = webhook(WEBHOOK_BODY, { "x-martis-timestamp": "2026-11-22T03:00:05Z", "x-martis-signature": OPENSSL_DEFAULT_TEMPLATE });
    const result = await martis.verifyWebhook(request);
    expect(!result.ok && result.error).toMatchObject({ status: 400, reason: "x-martis-timestamp is not a Unix timestamp in seconds" });
  });

  it("rejects a correctly signed delivery replayed outside the tolerance, either way in time", async () => {
    const stale = await martis.verifyWebhook({ ...signed(), receivedAt: new Date("2026-11-22T03:05:06Z") });
    expect(stale).toEqual({ ok: false, error: { status: 401, reason: "x-martis-timestamp is 301 s away from now (tolerance 300 s): a replay?" } });
    const early = await martis.verifyWebhook({ ...signed(), receivedAt: new Date("2026-11-22T02:55:04Z") });
    expect(!early.ok && early.error.status).toBe(401);
    // At the edge of the window it still passes.
    expect((await martis.verifyWebhook({ ...signed(), receivedAt: new Date("2026-11-22T03:05:05Z") })).ok).toBe(true);
  });

  it("rejects a correctly signed body that is not JSON, or not a Martis event, with a 400", async () => {
    const notJson = await martis.verifyWebhook(signed(OPENSSL_NOT_JSON, "event=payment_charge.succeeded"));
    expect(notJson).toEqual({ ok: false, error: { status: 400, reason: "body is not JSON" } });
    const parsed = martis.parseWebhook({ event: "payment_charge.succeeded", data: { id: "x" } });
    expect(!parsed.ok && parsed.error.status).toBe(400);
  });

  it("keys an event without an id by charge and event name, and reads expiry from 'failed'", async () => {
    const event = JSON.parse(WEBHOOK_BODY) as { data: Record<string, unknown> };
    const failed = martis.parseWebhook({
      event: "payment_charge.failed",
      data: { ...event.data, status: "failed", paid_at: null, updated_at: "2026-11-23T02:30:00.000Z" },
    });
    expect(failed).toMatchObject({
      ok: true,
      value: { eventKey: "5b1f9a2e-8c3d-4e7f-9a0b-1c2d3e4f5a6b:payment_charge.failed", kind: "expired", providerStatus: "failed" },
    });
    const update = martis.parseWebhook({ id: "evt_1", event: "payment_charge.update", data: { ...event.data, status: "pending" } });
    expect(update).toMatchObject({ ok: true, value: { kind: "pending" } });
    const payout = martis.parseWebhook({ id: "evt_2", event: "payout.succeeded", data: { ...event.data } });
    expect(payout).toMatchObject({ ok: true, value: { kind: "ignored" } });
  });

  it("answers 2xx when handled and a non-2xx (retried by Martis) otherwise", async () => {
    expect(martis.acknowledge({ kind: "applied" }).status).toBe(200);
    expect(martis.acknowledge({ kind: "duplicate" }).status).toBe(200);
    expect(martis.acknowledge({ kind: "ignored" }).status).toBe(200);
    const rejected = martis.acknowledge({ kind: "rejected", status: 401, reason: "Wrong signature" });
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toEqual({ status: "fail", data: { webhook: ["Wrong signature"] } });
    expect(martis.acknowledge({ kind: "unknown_charge", reason: "x" }).status).toBe(404);
    expect(martis.acknowledge({ kind: "retry_later", reason: "x" }).status).toBe(503);
  });
});
