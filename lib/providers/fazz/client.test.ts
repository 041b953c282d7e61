import { describe, expect, it } from "vitest";
import { fakeFetch, hangingFetch, refusedFetch } from "@/test/fake-fetch";
import type { CreateChargeInput } from "@/lib/providers/types";
import { createFazzProvider, FAZZ_LIMITS } from "./client";

// Wire format and callback signature of the Fazz adapter, checked against the documented shapes
// and against digests computed outside our code (PAID_BODY / COMPLETED_BODY below, byte for byte):
//   printf '%s' "$PAID_BODY" | openssl dgst -sha256 -hmac 'ss_gerai_fazz_sandbox_0001'
//   printf '%s' "$COMPLETED_BODY" | openssl dgst -sha256 -hmac 'ss_gerai_fazz_sandbox_0001'
const API_KEY = "gerai_fazz_api_sandbox";
const SECRET_KEY = "gerai_fazz_secret_sandbox";
const SIGNING_SECRET = "ss_gerai_fazz_sandbox_0001";
const PAID_BODY =
  '{"data":{"id":"contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7","type":"payment","attributes":{"status":"paid","amount":"162500.0","currency":"IDR","referenceId":"GR-20261122-7KQ2MX-1","description":"Order GR-20261122-7KQ2MX at Toko Gerai","fees":"0.0","createdAt":"2026-11-22T09:30:00+07:00","expiredAt":"2026-11-23T09:30:00+07:00","paymentMethod":{"type":"retail_outlet","instructions":{"retailOutletName":"INDOMARET","paymentCode":"FZ7Q2MX4KD9WTR3N","displayName":"Toko Gerai Nusantara Jaya"}}}}}';
const COMPLETED_BODY = PAID_BODY.replace('"status":"paid"', '"status":"completed"');
const OPENSSL_PAID_SIGNATURE = "dc5d69822cd1afe7ae8a3f34f448cff4cc461bd9e1a885565c36fb36e9219428";
const OPENSSL_COMPLETED_SIGNATURE = "d4001b99bb5f86d6dba320dcdf0da86cbe1c1b520f45121d6955da9abf67dc7f";


const jsonApi = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/vnd.api+json" } });
const fazzErrors = (status: number, ...errors: Record<string, unknown>[]) => jsonApi({ errors }, status);

const input: CreateChargeInput = {
  idempotencyKey: "chg_abc",
  reference: "GR-20261122-7KQ2MX-1",
  amount: 162_500,
  store: "indomaret",
  // 09:30 WIB on 22 Nov 2026, code valid for one day
  now: new Date("2026-11-22T02:30:00Z"),
  expiresAt: new Date("2026-11-23T02:30:00Z"),
  merchantName: "Toko Gerai Nusantara Jaya",
  description: "Order GR-20261122-7KQ2MX at Toko Gerai",
  customer: { name: "Budi Santoso", email: "budi@example.com", phone: "081234567890" },
  items: [{ sku: "kopi", name: "Kopi Arabika Gayo 250 g", unitPrice: 162_500, quantity: 1 }],
};

// The documented retail-outlet payment answer (201 Created).
const created = JSON.parse(PAID_BODY.replace('"status":"paid"', '"status":"pending"')) as {
  data: { id: string; attributes: Record<string, unknown> };
};

const provider = (fetchImpl: typeof fetch, baseUrl = "https://sandbox-id.xfers.com/api/v4") =>
  createFazzProvider({ apiKey: API_KEY, secretKey: SECRET_KEY, signingSecret: SIGNING_SECRET, baseUrl, timeoutMs: 1_000, fetchImpl });

describe("Fazz createCharge", () => {
  it.each([
    ["indomaret", "INDOMARET"],
    ["alfamart", "ALFAMART"],
  ] as const)("posts the documented JSON:API body for %s with Basic apiKey:secretKey", async (store, outlet) => {
    const { calls, fetchImpl } = fakeFetch(() => jsonApi(created, 201));
    await provider(fetchImpl).createCharge({ ...input, store });

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe("https://sandbox-id.xfers.com/api/v4/payments");
    expect(call!.method).toBe("POST");
    // printf '%s' 'gerai_fazz_api_sandbox:gerai_fazz_secret_sandbox' | openssl base64 -A
    expect(call!.headers.get("authorization")).toBe("Basic Z2VyYWlfZmF6el9hcGlfc2FuZGJveDpnZXJhaV9mYXp6X3NlY3JldF9zYW5kYm94");
    expect(call!.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(call!.headers.get("accept")).toBe("application/vnd.api+json");
    // Fazz's idempotency key is the body's referenceId; it has no idempotency header.
    expect(call!.headers.get("idempotency-key")).toBeNull();
    expect(call!.body).toEqual({
      data: {
        attributes: {
          paymentMethodType: "retail_outlet",
          amount: 162500,
          currency: "IDR",
          referenceId: "GR-20261122-7KQ2MX-1",
          expiredAt: "2026-11-23T09:30:00+07:00",
          description: "Order GR-20261122-7KQ2MX at Toko Gerai",
          paymentMethodOptions: { retailOutletName: outlet, displayName: "Toko Gerai Nusantara Jaya" },
        },
      },
    });
  });

  it("reads the payment code, id and deadline from the documented answer", async () => {
    const { fetchImpl } = fakeFetch(() => jsonApi(created, 201));
    const result = await provider(fetchImpl).createCharge(input);
    expect(result).toEqual({
      ok: true,
      value: {
        providerChargeId: "contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7",
        paymentCode: "FZ7Q2MX4KD9WTR3N",
        expiresAt: new Date("2026-11-23T02:30:00Z"),
        status: "pending",
        providerStatus: "pending",
        raw: created,
      },
    });
  });

  it("accepts the existing payment Fazz gives back for a repeated referenceId (200)", async () => {
    const { fetchImpl } = fakeFetch(() => jsonApi(created, 200));
    const result = await provider(fetchImpl).createCharge(input);
    expect(result.ok && result.value.providerChargeId).toBe("contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7");
  });

  it.each([
    [
      "401 002 bad keys",
      fazzErrors(401, { code: "002", title: "Access denied", detail: "The API key and secret key are not valid" }),
      { kind: "rejected", code: "002", shopper: "payment_rejected", message: expect.stringContaining("002 Access denied") },
    ],
    [
      "422 TXN0002 amount outside the outlet's limits",
      fazzErrors(422, { code: "TXN0002", title: "Invalid transaction amount", detail: "ALFAMART accepts …", source: { pointer: "/data/attributes/amount" } }),
      { kind: "rejected", code: "TXN0002", shopper: "amount_out_of_range", message: expect.stringContaining("TXN0002 Invalid transaction amount") },
    ],
    [
      "400 005 on the amount",
      fazzErrors(400, { code: "005", title: "Invalid parameters", detail: "amount must be a whole number", source: { pointer: "/data/attributes/amount" } }),
      { kind: "rejected", code: "005", shopper: "amount_out_of_range" },
    ],
    [
      "400 005 on the outlet",
      fazzErrors(400, {
        code: "005",
        title: "Invalid parameters",
        detail: "retailOutletName must be ALFAMART or INDOMARET",
        source: { pointer: "/data/attributes/paymentMethodOptions/retailOutletName" },
      }),
      { kind: "rejected", code: "005", shopper: "store_not_supported", message: expect.stringContaining("retailOutletName must be") },
    ],
    [
      "409 005 referenceId used for another payment",
      fazzErrors(409, { code: "005", title: "Invalid parameters", detail: "referenceId GR-1 is already used", source: { pointer: "/data/attributes/referenceId" } }),
      { kind: "rejected", code: "005", shopper: "payment_rejected", httpStatus: 409 },
    ],
    ["404 004 (a wrong base URL)", fazzErrors(404, { code: "004", title: "Record not found" }), { kind: "rejected", code: "004" }],
    ["a 4xx without a JSON body", new Response("<html>Forbidden</html>", { status: 403 }), { kind: "rejected", message: expect.stringContaining("no JSON body") }],
  ])("maps %s", async (_, reply, expected) => {
    const { fetchImpl } = fakeFetch(() => reply);
    const result = await provider(fetchImpl).createCharge(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ provider: "fazz", ...expected });
  });

  it.each([
    ["500 001", () => fazzErrors(500, { code: "001", title: "Internal server error" })],
    ["a 503 HTML page", () => new Response("<html>503</html>", { status: 503 })],
    ["a rate limit", () => fazzErrors(429, { code: "006", title: "Unknown error" })],
    ["a 201 without a payment code", () => jsonApi({ data: { id: "contract_x", attributes: { status: "pending" } } }, 201)],
  ])("treats %s as unavailable, so routing may fail over", async (_, reply) => {
    const { fetchImpl } = fakeFetch(reply);
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error.kind).toBe("unavailable");
    expect(!result.ok && result.error.shopper).toBe("provider_unavailable");
  });

  it("treats a refused connection and a timeout as unavailable", async () => {
    const refusedResult = await provider(refusedFetch).createCharge(input);
    expect(!refusedResult.ok && refusedResult.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("ECONNREFUSED") });

    const slow = createFazzProvider({
      apiKey: API_KEY,
      secretKey: SECRET_KEY,
      signingSecret: SIGNING_SECRET,
      baseUrl: "https://x/api/v4",
      timeoutMs: 50,
      fetchImpl: hangingFetch,
    });
    const timedOut = await slow.createCharge(input);
    expect(!timedOut.ok && timedOut.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("no answer within 50 ms") });
  });

  it("serves Alfamart from Rp 15.000 to Rp 2.500.000 and Indomaret from Rp 10.000 to Rp 5.000.000", () => {
    expect(provider(fakeFetch(() => new Response()).fetchImpl).limits).toEqual(FAZZ_LIMITS);
    expect(FAZZ_LIMITS).toEqual({ alfamart: { min: 15_000, max: 2_500_000 }, indomaret: { min: 10_000, max: 5_000_000 } });
  });
});

describe("Fazz getCharge", () => {
  const withStatus = (status: string) => ({ data: { ...created.data, attributes: { ...created.data.attributes, status } } });

  it.each([
    ["pending", "pending"],
    ["processing", "pending"],
    ["paid", "paid"],
    ["completed", "paid"],
    ["expired", "expired"],
    ["cancelled", "cancelled"],
    ["failed", "failed"],
    ["refunded", "pending"],
  ])("asks GET /payments/{id}: %s is %s", async (status, expected) => {
    const { calls, fetchImpl } = fakeFetch(() => jsonApi(withStatus(status)));
    const result = await provider(fetchImpl).getCharge({ reference: "GR-20261122-7KQ2MX-1", providerChargeId: "contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7" });
    expect(calls[0]!.url).toBe("https://sandbox-id.xfers.com/api/v4/payments/contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7");
    expect(calls[0]!.method).toBe("GET");
    expect(calls[0]!.headers.get("authorization")).toMatch(/^Basic /);
    expect(result).toMatchObject({ ok: true, value: { status: expected, providerStatus: status, amount: 162500 } });
  });

  it("finds a payment by referenceId when Fazz's id is unknown", async () => {
    const { calls, fetchImpl } = fakeFetch(() => jsonApi({ data: [withStatus("paid").data] }));
    const result = await provider(fetchImpl).getCharge({ reference: "GR-20261122-7KQ2MX-1", providerChargeId: null });
    expect(calls[0]!.url).toBe("https://sandbox-id.xfers.com/api/v4/payments?filter%5BreferenceId%5D=GR-20261122-7KQ2MX-1");
    expect(result).toMatchObject({ ok: true, value: { status: "paid" } });

    const none = await provider(fakeFetch(() => jsonApi({ data: [] })).fetchImpl).getCharge({ reference: "GR-X-1", providerChargeId: null });
    expect(!none.ok && none.error).toMatchObject({ kind: "not_found", message: "Fazz has no payment with referenceId GR-X-1" });
  });

  it("reports 404 004 as not_found and a 5xx as unavailable", async () => {
    const lookup = { reference: "x", providerChargeId: "contract_nope" };
    const missing = await provider(fakeFetch(() => fazzErrors(404, { code: "004", title: "Record not found" })).fetchImpl).getCharge(lookup);
    expect(!missing.ok && missing.error).toMatchObject({ kind: "not_found", code: "004" });
    const down = await provider(fakeFetch(() => new Response("bad gateway", { status: 502 })).fetchImpl).getCharge(lookup);
    expect(!down.ok && down.error.kind).toBe("unavailable");
  });
});

describe("Fazz callbacks", () => {
  const callback = (rawBody: string, headers: Record<string, string>) => ({
    rawBody,
    headers: new Headers({ "content-type": "application/json", ...headers }),
    path: "/api/webhooks/fazz",
    receivedAt: new Date(),
  });
  const fazz = provider(fakeFetch(() => new Response()).fetchImpl);

  it("accepts an Xfers-Signature equal to the openssl HMAC and normalises the paid event", async () => {
    const verified = await fazz.verifyWebhook(callback(PAID_BODY, { "Xfers-Signature": OPENSSL_PAID_SIGNATURE }));
    expect(verified.ok).toBe(true);
    expect(fazz.parseWebhook(verified.ok ? verified.value : undefined)).toEqual({
      ok: true,
      value: {
        eventKey: "contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7:paid",
        reference: "GR-20261122-7KQ2MX-1",
        providerChargeId: "contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7",
        kind: "paid",
        providerStatus: "paid",
        amount: 162500,
        currency: "IDR",
        note: undefined,
      },
    });
  });

  it("makes completed a second, distinct paid event that notes the funds are available", async () => {
    const verified = await fazz.verifyWebhook(callback(COMPLETED_BODY, { "X-Xfers-Signature": OPENSSL_COMPLETED_SIGNATURE.toUpperCase() }));
    const event = fazz.parseWebhook(verified.ok ? verified.value : undefined);
    expect(event).toMatchObject({
      ok: true,
      value: { eventKey: "contract_5e0a1d9c2b7f4e38a6c1d2e3f4a5b6c7:completed", kind: "paid", note: "funds_available" },
    });
  });

  it("signs the raw bytes: the same JSON re-serialised with other spacing fails", async () => {
    const reformatted = JSON.stringify(JSON.parse(PAID_BODY), null, 2);
    const result = await fazz.verifyWebhook(callback(reformatted, { "Xfers-Signature": OPENSSL_PAID_SIGNATURE }));
    expect(result).toEqual({ ok: false, error: { status: 401, reason: "Xfers-Signature does not match" } });
  });

  it("rejects forged, unsigned and malformed callbacks with a clear 4xx", async () => {
    const forged = await fazz.verifyWebhook(callback(PAID_BODY, { "Xfers-Signature": OPENSSL_COMPLETED_SIGNATURE }));
    expect(forged).toEqual({ ok: false, error: { status: 401, reason: "Xfers-Signature does not match" } });
    const unsigned = await fazz.verifyWebhook(callback(PAID_BODY, {}));
    expect(unsigned).toEqual({ ok: false, error: { status: 401, reason: "Xfers-Signature header is missing" } });

    // Correctly signed, but not what Fazz sends: signatures computed here on purpose, since the
    // point is the parsing after a valid signature.
    const { fazzSignature } = await import("./signature");
    const notJson = "status=paid";
    const notJsonResult = await fazz.verifyWebhook(callback(notJson, { "Xfers-Signature": fazzSignature(notJson, SIGNING_SECRET) }));
    expect(notJsonResult).toEqual({ ok: false, error: { status: 400, reason: "body is not JSON" } });
    const notPayment = JSON.stringify({ data: { id: "contract_x" } });
    const notPaymentResult = await fazz.verifyWebhook(callback(notPayment, { "Xfers-Signature": fazzSignature(notPayment, SIGNING_SECRET) }));
    expect(!notPaymentResult.ok && notPaymentResult.error.status).toBe(400);
    expect(fazz.parseWebhook({ errors: [] })).toMatchObject({ ok: false, error: { status: 400 } });
  });

  it("answers 2xx only when handled, so Fazz retries the rest", async () => {
    expect(fazz.acknowledge({ kind: "applied" }).status).toBe(200);
    expect(fazz.acknowledge({ kind: "duplicate" }).status).toBe(200);
    expect(fazz.acknowledge({ kind: "ignored" }).status).toBe(200);
    expect(fazz.acknowledge({ kind: "retry_later", reason: "x" }).status).toBe(503);
    expect(fazz.acknowledge({ kind: "unknown_charge", reason: "x" }).status).toBe(404);
    const rejected = fazz.acknowledge({ kind: "rejected", status: 401, reason: "Xfers-Signature does not match" });
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toEqual({ error: "Xfers-Signature does not match" });
  });
});
