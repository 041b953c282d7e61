import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fakeFetch, hangingFetch, refusedFetch } from "@/test/fake-fetch";
import type { CreateChargeInput } from "@/lib/providers/types";
import { createDokuProvider, DOKU_LIMITS } from "./client";
import { dokuSignature } from "./signature";

// Wire format and signatures of the DOKU non-SNAP online-to-offline adapter, checked against the
// documented shapes and against values computed outside our code with openssl. KEY and CID below:
//   KEY='SK-gerai-doku-sandbox-0001'; CID='BRN-0001-GERAISANDBOX'
const CLIENT_ID = "BRN-0001-GERAISANDBOX";
const SECRET_KEY = "SK-gerai-doku-sandbox-0001";
const BASE_URL = "https://api-sandbox.doku.com";
const NOW = new Date("2026-11-22T02:30:00Z");

// The exact bytes the adapter must send for `input` (Indomaret) and its Alfamart variant.
const INDOMARET_BODY =
  '{"order":{"invoice_number":"GR-20261122-7KQ2MX-1","amount":162500},"online_to_offline_info":{"expired_time":1440,"reusable_status":false,"info":"Pembayaran Toko Gerai Nusantara Jaya"},"customer":{"name":"Budi Santoso Utomo","email":"budi@example.com"}}';
const ALFA_BODY =
  '{"order":{"invoice_number":"GR-20261122-7KQ2MX-2","amount":154000},"online_to_offline_info":{"expired_time":1440,"reusable_status":false,"info":"Pembayaran Toko Gerai Nusantara Jaya"},"customer":{"name":"Budi Santoso Utomo","email":"budi@example.com"},"alfa_info":{"receipt":{"footer_message":"Terima kasih telah berbelanja di Toko Gerai Nusantara Jaya"}}}';
//   D=$(printf '%s' "$INDOMARET_BODY" | openssl dgst -sha256 -binary | base64)   → ID0MiovSqR/Vgw5lU7J+4z+yTvTl4B/tzjw26e/nupA=
//   printf 'Client-Id:%s\nRequest-Id:chg_abc\nRequest-Timestamp:2026-11-22T02:30:00Z\nRequest-Target:/indomaret-online-to-offline/v2/payment-code\nDigest:%s' \
//     "$CID" "$D" | openssl dgst -sha256 -hmac "$KEY" -binary | base64
const OPENSSL_CREATE_SIGNATURE = "HMACSHA256=IefXKrdiP5a256M8m/hZD44LmGUmN+CqkVveGa6XMtI=";
//   D=$(printf '%s' "$ALFA_BODY" | openssl dgst -sha256 -binary | base64)   → YYx2OzV9fq/kIRDpeS3N/54RN5Gz2bg+pPTRDuG7lm0=
//   for P in /alfa-online-to-offline/v2/payment-code /alfa-virtual-account/v2/payment-code; do
//     printf 'Client-Id:%s\nRequest-Id:chg_abc\nRequest-Timestamp:2026-11-22T02:30:00Z\nRequest-Target:%s\nDigest:%s' \
//       "$CID" "$P" "$D" | openssl dgst -sha256 -hmac "$KEY" -binary | base64; done
const OPENSSL_ALFA_PLUGIN_SIGNATURE = "HMACSHA256=/RDesg4iXsIW3+Y8VkAlxRaki2gLTr4FMcsqjxzBnng=";
const OPENSSL_ALFA_DOCS_SIGNATURE = "HMACSHA256=6HnfJpMvVjY5R4/Ie+VSIflviOcrjTWmm3ncM8wv++M=";

// The documented payment-code answer (DOKU's sample, with our values).
const PAYMENT_CODE_ANSWER =
  '{"order":{"invoice_number":"GR-20261122-7KQ2MX-1","amount":162500},"online_to_offline_info":{"payment_code":"3115000100000007","info":"Pembayaran Toko Gerai Nusantara Jaya","how_to_pay_page":"https://sandbox.doku.com/how-to-pay/v2/indomaret-online-to-offline/3115000100000007","how_to_pay_api":"https://sandbox.doku.com/how-to-pay-api/v2/indomaret-online-to-offline/3115000100000007","created_date":"20261122023000","expired_date":"20261123023000"}}';
//   RD=$(printf '%s' "$PAYMENT_CODE_ANSWER" | openssl dgst -sha256 -binary | base64)   → xVuP9hGHXBzKEaZBcmaKCNrVCA6iSt39gQI4OjS9z14=
//   printf 'Client-Id:%s\nRequest-Id:chg_abc\nResponse-Timestamp:2026-11-22T02:30:01Z\nRequest-Target:/indomaret-online-to-offline/v2/payment-code\nDigest:%s' \
//     "$CID" "$RD" | openssl dgst -sha256 -hmac "$KEY" -binary | base64
const OPENSSL_ANSWER_SIGNATURE = "HMACSHA256=41UyW3SErO9RPllgBotS7c4CKsT+FyyAHbgfMGsriQg=";
const SIGNED_ANSWER_HEADERS = {
  "Content-Type": "application/json",
  "Client-Id": CLIENT_ID,
  "Request-Id": "chg_abc",
  "Response-Timestamp": "2026-11-22T02:30:01Z",
  Signature: OPENSSL_ANSWER_SIGNATURE,
};

// A GET has no Digest line:
//   printf 'Client-Id:%s\nRequest-Id:5b8e438f-fac1-4103-9e0e-ebfdc38b5acb\nRequest-Timestamp:2026-11-22T03:01:00Z\nRequest-Target:/orders/v1/status/GR-20261122-7KQ2MX-1' \
//     "$CID" | openssl dgst -sha256 -hmac "$KEY" -binary | base64
const OPENSSL_GET_SIGNATURE = "HMACSHA256=VNOQwBuetDwjqVitLiXJD5olYhKuOTuA12zbYMMcR0M=";

// A payment notification as DOKU sends it to https://<shop>/api/webhooks/doku.
const NOTIFICATION =
  '{"service":{"id":"ONLINE_TO_OFFLINE"},"acquirer":{"id":"INDOMARET"},"channel":{"id":"ONLINE_TO_OFFLINE_INDOMARET"},"order":{"invoice_number":"GR-20261122-7KQ2MX-1","amount":162500},"online_to_offline_info":{"payment_code":"3115000100000007"},"transaction":{"status":"SUCCESS","date":"2026-11-22T03:00:05Z","original_request_id":"chg_abc"}}';
//   ND=$(printf '%s' "$NOTIFICATION" | openssl dgst -sha256 -binary | base64)   → N68HFQpwOlxdc6lOowkyytt2a6z/Xh2+DutdnjvQEUo=
//   printf 'Client-Id:%s\nRequest-Id:479b663f-5c9d-400d-8e80-3e548a8f7639\nRequest-Timestamp:2026-11-22T03:00:06Z\nRequest-Target:/api/webhooks/doku\nDigest:%s' \
//     "$CID" "$ND" | openssl dgst -sha256 -hmac "$KEY" -binary | base64
const OPENSSL_NOTIFICATION_DIGEST = "N68HFQpwOlxdc6lOowkyytt2a6z/Xh2+DutdnjvQEUo=";
const OPENSSL_NOTIFICATION_SIGNATURE = "HMACSHA256=QtPyFeqPmXNf0sG2RhOOe59ga1vCyWV69CbNEgDCUWs=";


const input: CreateChargeInput = {
  idempotencyKey: "chg_abc",
  reference: "GR-20261122-7KQ2MX-1",
  amount: 162_500,
  store: "indomaret",
  now: NOW,
  expiresAt: new Date("2026-11-23T02:30:00Z"),
  merchantName: "Toko Gerai Nusantara Jaya",
  description: "Order",
  customer: { name: "Budi Santoso Utomo", email: "budi@example.com", phone: "081234567890" },
  items: [{ sku: "kopi", name: "Kopi Arabika Gayo 250 g", unitPrice: 162_500, quantity: 1 }],
};
const alfaInput: CreateChargeInput = { ...input, store: "alfamart", amount: 154_000, reference: "GR-20261122-7KQ2MX-2" };

const provider = (fetchImpl: typeof fetch, overrides: { alfaPath?: string; now?: Date } = {}) =>
  createDokuProvider({
    clientId: CLIENT_ID,
    secretKey: SECRET_KEY,
    baseUrl: BASE_URL,
    alfaPath: overrides.alfaPath ?? "/alfa-online-to-offline/v2/payment-code",
    timeoutMs: 1_000,
    fetchImpl,
    now: () => overrides.now ?? NOW,
  });

/** A payment-code answer for other inputs (unsigned: DOKU's signature is checked only when sent). */
function codeAnswer(reference: string, info: Record<string, string>, status = 200, amount = reference === alfaInput.reference ? alfaInput.amount : input.amount) {
  return Response.json({ order: { invoice_number: reference, amount }, online_to_offline_info: { payment_code: "3115000100000007", ...info } }, { status });
}
const dokuError = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message, type: "invalid_request_error" } }, { status });

describe("DOKU createCharge", () => {
  it("posts the documented Indomaret body with the HMAC headers, Request-Id as idempotency key", async () => {
    const { calls, fetchImpl } = fakeFetch(() => new Response(PAYMENT_CODE_ANSWER, { headers: SIGNED_ANSWER_HEADERS }));
    const result = await provider(fetchImpl).createCharge(input);

    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.url).toBe("https://api-sandbox.doku.com/indomaret-online-to-offline/v2/payment-code");
    expect(call.method).toBe("POST");
    expect(call.text).toBe(INDOMARET_BODY);
    expect(call.headers.get("client-id")).toBe(CLIENT_ID);
    expect(call.headers.get("request-id")).toBe("chg_abc");
    expect(call.headers.get("request-timestamp")).toBe("2026-11-22T02:30:00Z");
    expect(call.headers.get("signature")).toBe(OPENSSL_CREATE_SIGNATURE);
    expect(call.headers.get("content-type")).toBe("application/json");

    expect(result).toEqual({
      ok: true,
      value: {
        providerChargeId: "chg_abc",
        paymentCode: "3115000100000007",
        // expired_date "20261123023000" is Jakarta time: 19:30 UTC, earlier than the 24 h asked for.
        expiresAt: new Date("2026-11-22T19:30:00Z"),
        status: "pending",
        providerStatus: "PENDING",
        raw: expect.objectContaining({ online_to_offline_info: expect.objectContaining({ payment_code: "3115000100000007" }) }),
      },
    });
  });

  it("sends Alfa charges to the configured Alfa path, with the receipt footer", async () => {
    const { calls, fetchImpl } = fakeFetch(() => codeAnswer(alfaInput.reference, { expired_date: "20261123023000" }));
    expect((await provider(fetchImpl).createCharge(alfaInput)).ok).toBe(true);
    expect(calls[0]!.url).toBe("https://api-sandbox.doku.com/alfa-online-to-offline/v2/payment-code");
    expect(calls[0]!.text).toBe(ALFA_BODY);

    const docs = fakeFetch(() => codeAnswer(alfaInput.reference, {}));
    await provider(docs.fetchImpl, { alfaPath: "/alfa-virtual-account/v2/payment-code" }).createCharge(alfaInput);
    expect(docs.calls[0]!.url).toBe("https://api-sandbox.doku.com/alfa-virtual-account/v2/payment-code");
    // The signature covers the path actually called.
    expect(calls[0]!.headers.get("signature")).toBe(OPENSSL_ALFA_PLUGIN_SIGNATURE);
    expect(docs.calls[0]!.headers.get("signature")).toBe(OPENSSL_ALFA_DOCS_SIGNATURE);
  });

  it("asks for whole minutes, rounded up, and never shows a deadline later than asked for", async () => {
    const soon = { ...input, expiresAt: new Date(NOW.getTime() + 90_000) };
    // DOKU states 09:32 WIB, i.e. 02:32 UTC: exactly the 2 minutes asked for.
    const late = fakeFetch(() => codeAnswer(input.reference, { expired_date: "20261122093200" }));
    const result = await provider(late.fetchImpl).createCharge(soon);
    expect(JSON.parse(late.calls[0]!.text!).online_to_offline_info.expired_time).toBe(2);
    expect(result.ok && result.value.expiresAt).toEqual(new Date("2026-11-22T02:32:00Z"));

    const past = fakeFetch(() => codeAnswer(input.reference, {}));
    await provider(past.fetchImpl).createCharge({ ...input, expiresAt: NOW });
    expect(JSON.parse(past.calls[0]!.text!).online_to_offline_info.expired_time).toBe(1);

    // An earlier deadline from DOKU wins; expired_date_utc is preferred over expired_date.
    const capped = fakeFetch(() =>
      codeAnswer(input.reference, { expired_date: "20261123023000", expired_date_utc: "2026-11-22T08:30:00Z" }),
    );
    const cappedResult = await provider(capped.fetchImpl).createCharge(input);
    expect(cappedResult.ok && cappedResult.value.expiresAt).toEqual(new Date("2026-11-22T08:30:00Z"));
  });

  it("never shows a code DOKU issued for another sum", async () => {
    const { fetchImpl } = fakeFetch(() => codeAnswer(input.reference, {}, 200, 1_625));
    expect(await provider(fetchImpl).createCharge(input)).toMatchObject({
      ok: false,
      error: { kind: "unavailable", message: "DOKU issued GR-20261122-7KQ2MX-1 for Rp 1625, not the Rp 162500 asked for" },
    });
  });

  it("accepts DOKU's 409 replay of the first answer to a repeated Request-Id", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(PAYMENT_CODE_ANSWER, { status: 409, headers: SIGNED_ANSWER_HEADERS }));
    const result = await provider(fetchImpl).createCharge(input);
    expect(result).toMatchObject({ ok: true, value: { paymentCode: "3115000100000007", providerChargeId: "chg_abc" } });
  });

  it("keeps a code for our invoice whose answer's Signature does not verify, and says so in notes", async () => {
    const altered = PAYMENT_CODE_ANSWER.replace("3115000100000007", "3115000199999999");
    const { fetchImpl } = fakeFetch(() => new Response(altered, { headers: SIGNED_ANSWER_HEADERS }));
    const result = await provider(fetchImpl).createCharge(input);
    expect(result).toMatchObject({
      ok: true,
      value: {
        paymentCode: "3115000199999999",
        notes: [
          "DOKU's answer to POST /indomaret-online-to-offline/v2/payment-code (HTTP 200) carries a Signature that does not verify with our secret key",
        ],
      },
    });
  });

  it("refuses an answer that names another invoice, even one carrying a code", async () => {
    const other = PAYMENT_CODE_ANSWER.replace(input.reference, "GR-OTHER-1");
    const { fetchImpl } = fakeFetch(() => new Response(other, { headers: SIGNED_ANSWER_HEADERS }));
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error).toMatchObject({ kind: "rejected", message: expect.stringContaining("not " + input.reference) });
  });

  it.each([
    [dokuError(400, "invalid_amount", "Amount must be between 10000 and 5000000 for INDOMARET"), "invalid_amount", "amount_out_of_range"],
    [dokuError(400, "invalid_parameter", "customer.email is not a valid email address"), "invalid_parameter", "invalid_customer_details"],
    [dokuError(400, "duplicate_invoice_number", "Invoice number GR-20261122-7KQ2MX-1 has already been used"), "duplicate_invoice_number", "payment_rejected"],
    [dokuError(401, "invalid_signature", "Invalid Header Signature"), "invalid_signature", "payment_rejected"],
    [dokuError(401, "invalid_client_id", "Client-Id is not registered"), "invalid_client_id", "payment_rejected"],
    [dokuError(400, "invalid_request_timestamp", "Request-Timestamp is too far from the current time"), "invalid_request_timestamp", "payment_rejected"],
    [dokuError(409, "duplicate_request_id", "Request-Id has already been used for a different request"), "duplicate_request_id", "payment_rejected"],
    // A published capture shows the error object without its "error" wrapper.
    [Response.json({ code: "invalid_signature", message: "Invalid Header Signature", type: "invalid_request_error" }, { status: 401 }), "invalid_signature", "payment_rejected"],
  ])("maps a documented 4xx to a final rejection quoting DOKU (%#)", async (answer, code, shopper) => {
    const { fetchImpl } = fakeFetch(() => answer.clone());
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error).toMatchObject({ provider: "doku", kind: "rejected", httpStatus: answer.status, code, shopper });
    expect(!result.ok && result.error.message).toContain(code);
  });

  it("tells the merchant which setting to check when DOKU refuses the credentials", async () => {
    const { fetchImpl } = fakeFetch(() => dokuError(401, "invalid_signature", "Invalid Header Signature"));
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error.message).toBe(
      "DOKU refused our credentials (HTTP 401 invalid_signature: Invalid Header Signature): check DOKU_CLIENT_ID and DOKU_SECRET_KEY",
    );
  });

  it.each([
    ["a 5xx page", () => new Response("<html>Bad gateway</html>", { status: 502 })],
    ["a 500 error body", () => dokuError(500, "internal_error", "Internal server error")],
    ["a rate limit", () => dokuError(429, "too_many_requests", "Too many requests")],
    ["a 200 without a payment code", () => Response.json({ order: { invoice_number: input.reference } })],
  ])("treats %s as unavailable, so routing may fail over", async (_, reply) => {
    const { fetchImpl } = fakeFetch(reply);
    const result = await provider(fetchImpl).createCharge(input);
    expect(!result.ok && result.error.kind).toBe("unavailable");
  });

  it("treats a refused connection and a timeout as unavailable", async () => {
    const refusedResult = await provider(refusedFetch).createCharge(input);
    expect(!refusedResult.ok && refusedResult.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("ECONNREFUSED") });

    const slow = createDokuProvider({ clientId: CLIENT_ID, secretKey: SECRET_KEY, baseUrl: BASE_URL, alfaPath: "/x", timeoutMs: 50, fetchImpl: hangingFetch });
    const timedOut = await slow.createCharge(input);
    expect(!timedOut.ok && timedOut.error).toMatchObject({ kind: "unavailable", message: expect.stringContaining("no answer within 50 ms") });
  });

  it("serves Alfamart up to Rp 5.000.000 (PPRO's DOKU-run table) and Indomaret up to a conservative Rp 2.500.000", () => {
    expect(provider(fakeFetch(() => new Response()).fetchImpl).limits).toEqual(DOKU_LIMITS);
    expect(DOKU_LIMITS).toEqual({ alfamart: { min: 10_000, max: 5_000_000 }, indomaret: { min: 10_000, max: 2_500_000 } });
  });
});

describe("DOKU signature", () => {
  it("leaves the Digest line out for GET, as openssl computes it", () => {
    const signature = dokuSignature(SECRET_KEY, {
      clientId: CLIENT_ID,
      requestId: "5b8e438f-fac1-4103-9e0e-ebfdc38b5acb",
      timestamp: "2026-11-22T03:01:00Z",
      target: "/orders/v1/status/GR-20261122-7KQ2MX-1",
    });
    expect(signature).toBe(OPENSSL_GET_SIGNATURE);
  });
});

/** The signature a GET carries, computed here with node:crypto directly, not with our helper. */
function independentGetSignature(requestId: string, timestamp: string, target: string, timestampHeader = "Request-Timestamp") {
  const text = `Client-Id:${CLIENT_ID}\nRequest-Id:${requestId}\n${timestampHeader}:${timestamp}\nRequest-Target:${target}`;
  return `HMACSHA256=${createHmac("sha256", SECRET_KEY).update(text).digest("base64")}`;
}

describe("DOKU getCharge", () => {
  const statusBody = (status: string, date = "2026-11-22T03:00:05Z") => ({
    order: { invoice_number: "GR-20261122-7KQ2MX-1", amount: 162_500 },
    transaction: { status, date, original_request_id: "chg_abc" },
    service: { id: "ONLINE_TO_OFFLINE" },
    acquirer: { id: "INDOMARET" },
    channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
    online_to_offline_info: { payment_code: "3115000100000007" },
  });

  it("signs a GET on /orders/v1/status/{invoice_number} without Digest and maps SUCCESS to paid", async () => {
    const { calls, fetchImpl } = fakeFetch((request) => {
      const requestId = request.headers.get("request-id")!;
      const target = "/orders/v1/status/GR-20261122-7KQ2MX-1";
      return Response.json(statusBody("SUCCESS"), {
        headers: {
          "Client-Id": CLIENT_ID,
          "Request-Id": requestId,
          "Response-Timestamp": "2026-11-22T03:01:01Z",
          Signature: independentGetSignature(requestId, "2026-11-22T03:01:01Z", target, "Response-Timestamp"),
        },
      });
    });
    const result = await provider(fetchImpl, { now: new Date("2026-11-22T03:01:00Z") }).getCharge({
      reference: "GR-20261122-7KQ2MX-1",
      providerChargeId: "chg_abc",
    });
    const call = calls[0]!;
    expect(call.url).toBe("https://api-sandbox.doku.com/orders/v1/status/GR-20261122-7KQ2MX-1");
    expect(call.method).toBe("GET");
    expect(call.text).toBeUndefined();
    expect(call.headers.get("digest")).toBeNull();
    expect(call.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(call.headers.get("request-timestamp")).toBe("2026-11-22T03:01:00Z");
    expect(call.headers.get("signature")).toBe(
      independentGetSignature(call.headers.get("request-id")!, "2026-11-22T03:01:00Z", "/orders/v1/status/GR-20261122-7KQ2MX-1"),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { status: "paid", providerStatus: "SUCCESS", amount: 162_500, paidAt: new Date("2026-11-22T03:00:05Z") },
    });
  });

  it.each([
    ["PENDING", "pending"],
    ["EXPIRED", "expired"],
    ["FAILED", "failed"],
    ["REFUNDED", "pending"],
  ])("reports %s as %s", async (status, expected) => {
    const { fetchImpl } = fakeFetch(() => Response.json(statusBody(status)));
    const result = await provider(fetchImpl).getCharge({ reference: "GR-20261122-7KQ2MX-1", providerChargeId: null });
    expect(result).toMatchObject({ ok: true, value: { status: expected, providerStatus: status } });
    expect(result.ok && result.value.paidAt).toBeUndefined();
  });

  it("reports an unknown invoice as not_found and a 503 as unavailable", async () => {
    const missing = await provider(fakeFetch(() => dokuError(404, "not_found", "Transaction not found")).fetchImpl).getCharge({
      reference: "nope",
      providerChargeId: null,
    });
    expect(!missing.ok && missing.error).toMatchObject({ kind: "not_found", httpStatus: 404, code: "not_found" });
    const down = await provider(fakeFetch(() => new Response("<h1>503</h1>", { status: 503 })).fetchImpl).getCharge({
      reference: "x",
      providerChargeId: null,
    });
    expect(!down.ok && down.error.kind).toBe("unavailable");
  });

  it("does not trust a status answer whose Signature does not verify", async () => {
    const { fetchImpl } = fakeFetch((request) =>
      Response.json(statusBody("SUCCESS"), {
        headers: { "Response-Timestamp": "2026-11-22T03:01:01Z", Signature: independentGetSignature(request.headers.get("request-id")!, "2026-11-22T03:01:01Z", "/orders/v1/status/OTHER", "Response-Timestamp") },
      }),
    );
    const result = await provider(fetchImpl).getCharge({ reference: "GR-20261122-7KQ2MX-1", providerChargeId: null });
    expect(!result.ok && result.error.kind).toBe("unavailable");
  });
});

describe("DOKU notifications", () => {
  const notificationHeaders = (overrides: Record<string, string | undefined> = {}) => {
    const headers = new Headers();
    const values: Record<string, string | undefined> = {
      "Content-Type": "application/json",
      "Client-Id": CLIENT_ID,
      "Request-Id": "479b663f-5c9d-400d-8e80-3e548a8f7639",
      "Request-Timestamp": "2026-11-22T03:00:06Z",
      Digest: OPENSSL_NOTIFICATION_DIGEST,
      Signature: OPENSSL_NOTIFICATION_SIGNATURE,
      ...overrides,
    };
    for (const [name, value] of Object.entries(values)) if (value !== undefined) headers.set(name, value);
    return headers;
  };
  const webhook = (rawBody: string, headers = notificationHeaders(), path = "/api/webhooks/doku") => ({
    rawBody,
    headers,
    path,
    receivedAt: new Date("2026-11-22T03:00:07Z"),
  });
  const doku = provider(fakeFetch(() => new Response()).fetchImpl);

  it("accepts the openssl-signed notification for our path and normalises the event", async () => {
    const verified = await doku.verifyWebhook(webhook(NOTIFICATION));
    expect(verified.ok).toBe(true);
    const event = doku.parseWebhook(verified.ok ? verified.value : undefined);
    expect(event).toEqual({
      ok: true,
      value: {
        eventKey: "GR-20261122-7KQ2MX-1:SUCCESS",
        reference: "GR-20261122-7KQ2MX-1",
        providerChargeId: "chg_abc",
        kind: "paid",
        providerStatus: "SUCCESS",
        amount: 162_500,
        occurredAt: new Date("2026-11-22T03:00:05Z"),
      },
    });
    // Without the optional Digest header the signature alone decides.
    expect((await doku.verifyWebhook(webhook(NOTIFICATION, notificationHeaders({ Digest: undefined })))).ok).toBe(true);
  });

  it("rejects forged, altered or misdirected notifications with 400", async () => {
    const altered = NOTIFICATION.replace('"amount":162500', '"amount":1');
    expect(await doku.verifyWebhook(webhook(altered))).toEqual({ ok: false, error: { status: 400, reason: "Digest header does not match the body" } });
    expect(await doku.verifyWebhook(webhook(altered, notificationHeaders({ Digest: undefined })))).toEqual({
      ok: false,
      error: { status: 400, reason: "Signature does not match" },
    });
    // Signed for another merchant's path: Request-Target is our notification path.
    const elsewhere = await doku.verifyWebhook(webhook(NOTIFICATION, notificationHeaders(), "/api/webhooks/other"));
    expect(!elsewhere.ok && elsewhere.error.reason).toBe("Signature does not match");
    const wrongKey = await doku.verifyWebhook(webhook(NOTIFICATION, notificationHeaders({ Signature: "HMACSHA256=AAAA" })));
    expect(!wrongKey.ok && wrongKey.error.status).toBe(400);
    const unsigned = await doku.verifyWebhook(webhook(NOTIFICATION, notificationHeaders({ Signature: undefined })));
    expect(!unsigned.ok && unsigned.error.reason).toContain("header is missing");
    const stranger = await doku.verifyWebhook(webhook(NOTIFICATION, notificationHeaders({ "Client-Id": "BRN-9999" })));
    expect(!stranger.ok && stranger.error).toEqual({ status: 400, reason: "Client-Id BRN-9999 is not this merchant's" });
  });

  it("rejects a correctly signed body that is not JSON or not a DOKU notification", async () => {
    const body = "status=SUCCESS";
    const signature = dokuSignature(SECRET_KEY, {
      clientId: CLIENT_ID,
      requestId: "r-1",
      timestamp: "2026-11-22T03:00:06Z",
      target: "/api/webhooks/doku",
      digest: "Yzws53Wb/vzoUKOA2Kra+/cu3MMG0mQ9V6Z2gsVHP3s=", // printf '%s' 'status=SUCCESS' | openssl dgst -sha256 -binary | base64
    });
    const headers = notificationHeaders({ "Request-Id": "r-1", Digest: undefined, Signature: signature });
    expect(await doku.verifyWebhook(webhook(body, headers))).toEqual({ ok: false, error: { status: 400, reason: "body is not JSON" } });
    expect(doku.parseWebhook({ order: { invoice_number: "x" } })).toEqual({ ok: false, error: { status: 400, reason: "not a DOKU notification" } });
  });

  it("maps FAILED to failed and ignores notifications of other services", () => {
    const failed = doku.parseWebhook({ ...JSON.parse(NOTIFICATION), transaction: { status: "FAILED", date: "2026-11-22T03:00:05Z" } });
    expect(failed).toMatchObject({ ok: true, value: { eventKey: "GR-20261122-7KQ2MX-1:FAILED", kind: "failed" } });
    const va = doku.parseWebhook({ ...JSON.parse(NOTIFICATION), service: { id: "VIRTUAL_ACCOUNT" } });
    expect(va).toMatchObject({ ok: true, value: { kind: "ignored", note: "not_a_store_payment" } });
  });

  it("answers 200 when handled, 404 for an unknown invoice, and asks for a retry otherwise", () => {
    expect(doku.acknowledge({ kind: "applied" }).status).toBe(200);
    expect(doku.acknowledge({ kind: "duplicate" }).status).toBe(200);
    expect(doku.acknowledge({ kind: "ignored" }).status).toBe(200);
    expect(doku.acknowledge({ kind: "rejected", status: 400, reason: "x" }).status).toBe(400);
    expect(doku.acknowledge({ kind: "unknown_charge", reason: "x" }).status).toBe(404);
    expect(doku.acknowledge({ kind: "retry_later", reason: "x" }).status).toBe(503);
  });
});
