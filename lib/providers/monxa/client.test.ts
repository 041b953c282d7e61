import { describe, expect, it } from "vitest";
import { fakeFetch, hangingFetch, refusedFetch } from "@/test/fake-fetch";
import type { CreateChargeInput } from "@/lib/providers/types";
import { createMonxaProvider, MONXA_LIMITS, type MonxaConfig } from "./client";

// Wire format of the Monxa adapter, checked against the documented shapes. Monxa does not sign
// its webhooks (no digest to compute outside our code): the x-callback-token header must equal
// the dashboard token, byte for byte.
const SECRET_KEY = "sk_test_gerai_monxa_0001";
const CALLBACK_TOKEN = "cbt_gerai_monxa_sandbox_0001";


const input: CreateChargeInput = {
  idempotencyKey: "chg_abc",
  reference: "GR-20261122-7KQ2MX-1",
  amount: 162_500,
  store: "indomaret",
  now: new Date("2026-11-22T02:30:00Z"),
  // Our order asks for one hour; Monxa has no field for it and decides on its own.
  expiresAt: new Date("2026-11-22T03:30:00Z"),
  merchantName: "Toko Gerai",
  description: "Order GR-20261122-7KQ2MX at Toko Gerai",
  customer: { name: "Budi Santoso Utomo", email: "budi@example.com", phone: "081234567890" },
  items: [{ sku: "kopi", name: "Kopi Arabika Gayo 250 g", unitPrice: 162_500, quantity: 1 }],
};

// The documented create answer.
const chargeAnswer = {
  id: "chg_5f2a9c1e7b3d4a6e8f0b1c2d",
  reference_id: "GR-20261122-7KQ2MX-1",
  status: "pending",
  amount: 162500,
  currency: "IDR",
  channel_code: "store_indomaret",
  channel_properties: { customer_name: "Budi Santoso Utomo" },
  metadata: { merchant_name: "Toko Gerai" },
  description: "Order GR-20261122-7KQ2MX at Toko Gerai",
  actions: {
    type: "PRESENT_TO_CUSTOMER",
    display_code: "TEST7KQ2MX4821",
    instructions: ["Tunjukkan kode ini ke kasir Indomaret."],
    expires_at: "2026-11-24T02:30:00Z",
  },
  created_at: "2026-11-22T02:30:00Z",
  paid_at: null,
};

const error = (status: number, code: string, message: string) => () => Response.json({ error: { code, message } }, { status });

const provider = (fetchImpl: typeof fetch, overrides: Partial<MonxaConfig> = {}) =>
  createMonxaProvider({
    secretKey: SECRET_KEY,
    callbackToken: CALLBACK_TOKEN,
    baseUrl: "https://api.monxa.io",
    amountUnit: "idr",
    timeoutMs: 1_000,
    fetchImpl,
    ...overrides,
  });

describe("Monxa createCharge", () => {
  it("posts the documented body with a Bearer key and both idempotency headers", async () => {
    const { calls, fetchImpl } = fakeFetch(() => Response.json(chargeAnswer, { status: 201 }));
    const result = await provider(fetchImpl).createCharge(input);

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe("https://api.monxa.io/v1/charges");
    expect(call!.method).toBe("POST");
    expect(call!.headers.get("authorization")).toBe("Bearer sk_test_gerai_monxa_0001");
    expect(call!.headers.get("idempotency-key")).toBe("chg_abc");
    expect(call!.headers.get("x-idempotency-key")).toBe("chg_abc");
    expect(call!.headers.get("content-type")).toBe("application/json");
    expect(call!.headers.get("accept")).toBe("application/json");
    expect(call!.body).toEqual({
      amount: 162500,
      currency: "IDR",
      reference_id: "GR-20261122-7KQ2MX-1",
      channel_code: "store_indomaret",
      channel_properties: { customer_name: "Budi Santoso Utomo" },
      metadata: { merchant_name: "Toko Gerai" },
      description: "Order GR-20261122-7KQ2MX at Toko Gerai",
    });

    expect(result).toEqual({
      ok: true,
      value: {
        providerChargeId: "chg_5f2a9c1e7b3d4a6e8f0b1c2d",
        paymentCode: "TEST7KQ2MX4821",
        // Monxa's deadline (48 h), not the hour our order asked for.
        expiresAt: new Date("2026-11-24T02:30:00Z"),
        status: "pending",
        providerStatus: "pending",
        raw: expect.objectContaining({ id: "chg_5f2a9c1e7b3d4a6e8f0b1c2d" }),
      },
    });
  });

  it("asks for store_alfamart for Alfamart", async () => {
    const { calls, fetchImpl } = fakeFetch(() => Response.json({ ...chargeAnswer, channel_code: "store_alfamart" }, { status: 201 }));
    const result = await provider(fetchImpl).createCharge({ ...input, store: "alfamart" });
    expect(calls[0]!.body).toMatchObject({ channel_code: "store_alfamart", amount: 162500, currency: "IDR" });
    expect(result.ok).toBe(true);
  });

  it("sends the amount × 100 when the account speaks minor units", async () => {
    const { calls, fetchImpl } = fakeFetch(() => Response.json({ ...chargeAnswer, amount: 16_250_000 }, { status: 201 }));
    await provider(fetchImpl, { amountUnit: "minor" }).createCharge(input);
    expect(calls[0]!.body).toMatchObject({ amount: 16_250_000 });
  });

  it("reads the API reference's upper-case status and a deadline written with an offset", async () => {
    const { fetchImpl } = fakeFetch(() =>
      Response.json({ ...chargeAnswer, status: "PENDING", actions: { ...chargeAnswer.actions, expires_at: "2026-11-24T09:30:00+07:00" } }),
    );
    const result = await provider(fetchImpl).createCharge(input);
    expect(result).toMatchObject({
      ok: true,
      value: { status: "pending", providerStatus: "PENDING", expiresAt: new Date("2026-11-24T02:30:00Z") },
    });
  });

  it.each([
    ["400 unsupported_channel", error(400, "unsupported_channel", "channel_code is not supported"), "store_not_supported", "unsupported_channel"],
    ["402 amount_out_of_range", error(402, "amount_out_of_range", "amount must be between 10000 and 2500000"), "amount_out_of_range", "amount_out_of_range"],
    ["409 duplicate_reference", error(409, "duplicate_reference", "reference_id already exists"), "payment_rejected", "duplicate_reference"],
    ["401 invalid_api_key", error(401, "invalid_api_key", "The API key is not valid"), "payment_rejected", "invalid_api_key"],
    ["400 invalid_request", error(400, "invalid_request", "channel_properties.customer_name is required"), "payment_rejected", "invalid_request"],
  ])("maps %s to a final rejection that quotes Monxa", async (said, reply, shopper, code) => {
    const { fetchImpl } = fakeFetch(reply);
    const result = await provider(fetchImpl).createCharge(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ provider: "monxa", kind: "rejected", shopper, code, httpStatus: Number(said.slice(0, 3)) });
    expect(result.error.message).toContain(said);
  });

  it("names the reference a duplicate_reference is about", async () => {
    const { fetchImpl } = fakeFetch(error(409, "duplicate_reference", "exists"));
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error.message).toBe(
      "Monxa already has a charge with reference_id GR-20261122-7KQ2MX-1 (409 duplicate_reference: exists)",
    );
  });

  it.each([
    ["a 500 with Monxa's body", error(500, "internal_error", "try again later")],
    ["a 502 HTML page", () => new Response("<html>Bad gateway</html>", { status: 502 })],
    ["a rate limit", error(429, "rate_limited", "Too many requests")],
    ["a 201 without a display code", () => Response.json({ ...chargeAnswer, actions: { type: "PRESENT_TO_CUSTOMER" } }, { status: 201 })],
    ["a 201 whose deadline has no zone", () => Response.json({ ...chargeAnswer, actions: { ...chargeAnswer.actions, expires_at: "2026-11-24 09:30:00" } }, { status: 201 })],
  ])("treats %s as unavailable, so routing may fail over", async (_, reply) => {
    const { fetchImpl } = fakeFetch(reply);
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error).toMatchObject({ kind: "unavailable", shopper: "provider_unavailable" });
  });

  it("treats a refused connection and a timeout as unavailable", async () => {
    const refusedResult = await provider(refusedFetch).createCharge(input);
    expect(!refusedResult.ok && refusedResult.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("ECONNREFUSED") });

    const timedOut = await provider(hangingFetch, { timeoutMs: 50 }).createCharge(input);
    expect(!timedOut.ok && timedOut.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("no answer within 50 ms") });
  });

  it("declares Monxa's own per-store limits", () => {
    expect(provider(fakeFetch(() => new Response()).fetchImpl).limits).toEqual({
      alfamart: { min: 10_000, max: 5_000_000 },
      indomaret: { min: 10_000, max: 2_500_000 },
    });
    expect(MONXA_LIMITS.indomaret.max).toBeLessThan(MONXA_LIMITS.alfamart.max);
  });
});

describe("Monxa getCharge", () => {
  const lookup = { reference: "GR-20261122-7KQ2MX-1", providerChargeId: "chg_5f2a9c1e7b3d4a6e8f0b1c2d" };

  it("asks GET /v1/charges/{id} with the Bearer key and maps SUCCEEDED to paid", async () => {
    const { calls, fetchImpl } = fakeFetch(() =>
      Response.json({ ...chargeAnswer, status: "SUCCEEDED", paid_at: "2026-11-22T03:00:05Z" }),
    );
    const result = await provider(fetchImpl).getCharge(lookup);
    expect(calls[0]!.url).toBe("https://api.monxa.io/v1/charges/chg_5f2a9c1e7b3d4a6e8f0b1c2d");
    expect(calls[0]!.method).toBe("GET");
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer sk_test_gerai_monxa_0001");
    expect(result).toMatchObject({
      ok: true,
      value: { status: "paid", providerStatus: "SUCCEEDED", amount: 162500, paidAt: new Date("2026-11-22T03:00:05Z") },
    });
  });

  it.each([
    ["PENDING", "pending"],
    ["EXPIRED", "expired"],
    ["FAILED", "failed"],
    ["cancelled", "cancelled"],
    ["AWAITING_CAPTURE", "pending"],
  ] as const)("maps status %s to %s", async (status, expected) => {
    const { fetchImpl } = fakeFetch(() => Response.json({ ...chargeAnswer, status }));
    const result = await provider(fetchImpl).getCharge(lookup);
    expect(result).toMatchObject({ ok: true, value: { status: expected, providerStatus: status } });
  });

  it("reads minor units back into rupiah", async () => {
    const { fetchImpl } = fakeFetch(() => Response.json({ ...chargeAnswer, status: "SUCCEEDED", amount: 16_250_000 }));
    const result = await provider(fetchImpl, { amountUnit: "minor" }).getCharge(lookup);
    expect(result.ok && result.value.amount).toBe(162_500);
  });

  it("reports an unknown charge as not_found, and does not ask without a charge id", async () => {
    const { calls, fetchImpl } = fakeFetch(error(404, "charge_not_found", "No charge with id chg_x"));
    const unknown = await provider(fetchImpl).getCharge(lookup);
    expect(!unknown.ok && unknown.error).toMatchObject({ kind: "not_found", message: expect.stringContaining("404 charge_not_found") });

    const withoutId = await provider(fetchImpl).getCharge({ reference: "GR-1", providerChargeId: null });
    expect(!withoutId.ok && withoutId.error.kind).toBe("not_found");
    expect(calls).toHaveLength(1);
  });

  it("tells a refused key from an outage", async () => {
    const refused = await provider(fakeFetch(error(401, "invalid_api_key", "The API key is not valid")).fetchImpl).getCharge(lookup);
    expect(!refused.ok && refused.error).toMatchObject({ kind: "rejected", code: "invalid_api_key" });
    const down = await provider(fakeFetch(() => new Response("down", { status: 503 })).fetchImpl).getCharge(lookup);
    expect(!down.ok && down.error.kind).toBe("unavailable");
  });
});

describe("Monxa webhooks", () => {
  const succeeded = {
    id: "evt_9d8c7b6a5f4e3d2c1b0a9f8e",
    type: "charge.succeeded",
    data: {
      id: "chg_5f2a9c1e7b3d4a6e8f0b1c2d",
      reference_id: "GR-20261122-7KQ2MX-1",
      amount: 162500,
      currency: "IDR",
      status: "succeeded",
      channel_code: "store_indomaret",
      paid_at: "2026-11-22T03:00:05Z",
    },
    created_at: "2026-11-22T03:00:06Z",
  };
  const webhook = (body: unknown, headers: Record<string, string> = { "x-callback-token": CALLBACK_TOKEN }) => ({
    rawBody: typeof body === "string" ? body : JSON.stringify(body),
    headers: new Headers({ "content-type": "application/json", ...headers }),
    path: "/api/webhooks/monxa",
    receivedAt: new Date(),
  });
  const monxa = provider(fakeFetch(() => new Response()).fetchImpl);

  it("accepts the dashboard token and normalises a payment", async () => {
    const verified = await monxa.verifyWebhook(webhook(succeeded));
    expect(verified.ok).toBe(true);
    const event = monxa.parseWebhook(verified.ok ? verified.value : undefined);
    expect(event).toEqual({
      ok: true,
      value: {
        eventKey: "chg_5f2a9c1e7b3d4a6e8f0b1c2d:paid",
        reference: "GR-20261122-7KQ2MX-1",
        providerChargeId: "chg_5f2a9c1e7b3d4a6e8f0b1c2d",
        kind: "paid",
        providerStatus: "charge.succeeded",
        amount: 162500,
        currency: "IDR",
        occurredAt: new Date("2026-11-22T03:00:05Z"),
      },
    });
  });

  it("reads charge.completed as the same payment, under the same event key", () => {
    const completed = monxa.parseWebhook({ ...succeeded, id: "evt_other", type: "charge.completed" });
    expect(completed).toMatchObject({ ok: true, value: { kind: "paid", eventKey: "chg_5f2a9c1e7b3d4a6e8f0b1c2d:paid" } });
  });

  it.each([
    ["charge.expired", "expired"],
    ["charge.failed", "failed"],
    ["charge.cancelled", "cancelled"],
    ["charge.created", "ignored"],
  ] as const)("reads %s as %s, dated by created_at when unpaid", (type, kind) => {
    const event = monxa.parseWebhook({ ...succeeded, type, data: { ...succeeded.data, status: type.slice(7), paid_at: null } });
    expect(event).toMatchObject({ ok: true, value: { kind, providerStatus: type, occurredAt: new Date("2026-11-22T03:00:06Z") } });
  });

  it("reads the amount in minor units when configured", () => {
    const minor = provider(fakeFetch(() => new Response()).fetchImpl, { amountUnit: "minor" });
    const event = minor.parseWebhook({ ...succeeded, data: { ...succeeded.data, amount: 16_250_000 } });
    expect(event.ok && event.value.amount).toBe(162_500);
  });

  it.each([
    ["no token", {}, 401, "x-callback-token header is missing"],
    ["a wrong token", { "x-callback-token": "cbt_guessed" }, 403, "x-callback-token does not match the dashboard token"],
    ["the token in another case", { "x-callback-token": CALLBACK_TOKEN.toUpperCase() }, 403, "x-callback-token does not match the dashboard token"],
    ["a prefix of the token", { "x-callback-token": CALLBACK_TOKEN.slice(0, -1) }, 403, "x-callback-token does not match the dashboard token"],
    ["the secret key instead", { "x-callback-token": SECRET_KEY }, 403, "x-callback-token does not match the dashboard token"],
  ])("rejects %s", async (_, headers, status, reason) => {
    expect(await monxa.verifyWebhook(webhook(succeeded, headers))).toEqual({ ok: false, error: { status, reason } });
  });

  it("rejects bodies that are not Monxa events with a 400", async () => {
    expect(await monxa.verifyWebhook(webhook("type=charge.succeeded"))).toEqual({ ok: false, error: { status: 400, reason: "body is not JSON" } });
    const withoutCharge = monxa.parseWebhook({ ...succeeded, data: { ...succeeded.data, id: undefined } });
    expect(!withoutCharge.ok && withoutCharge.error.status).toBe(400);
    const zonelessPaidAt = monxa.parseWebhook({ ...succeeded, data: { ...succeeded.data, paid_at: "2026-11-22 10:00:05" } });
    expect(!zonelessPaidAt.ok && zonelessPaidAt.error.status).toBe(400);
    expect(monxa.parseWebhook([succeeded]).ok).toBe(false);
  });

  it("answers 2xx when handled and asks for a retry otherwise", async () => {
    expect(monxa.acknowledge({ kind: "applied" }).status).toBe(200);
    expect(monxa.acknowledge({ kind: "duplicate" }).status).toBe(200);
    expect(monxa.acknowledge({ kind: "ignored" }).status).toBe(200);
    expect(monxa.acknowledge({ kind: "retry_later", reason: "x" }).status).toBe(503);
    expect(monxa.acknowledge({ kind: "unknown_charge", reason: "x" }).status).toBe(404);
    const rejected = monxa.acknowledge({ kind: "rejected", status: 403, reason: "x-callback-token does not match" });
    expect(rejected.status).toBe(403);
    expect(await rejected.json()).toEqual({ error: "x-callback-token does not match" });
  });
});
