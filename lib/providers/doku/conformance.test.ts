import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fakeFetch } from "@/test/fake-fetch";
import type { CreateChargeInput, IncomingWebhook } from "@/lib/providers/types";
import { buildPaymentCodeRequest, createDokuProvider } from "./client";
import { DOKU_ALFA_PLUGIN_PATH } from "./wire";

// DOKU's published samples and documented shapes (fixtures/, see fixtures/sources.md) read
// through the adapter. Expected values are what the docs say each sample means.

const CLIENT_ID = "MCH-0001-10791114622547"; // the docs' sample Client-Id
const TEST_SECRET = "SK-GeraiConformance";
const NOTIFICATION_PATH = "/api/webhooks/doku";

function fixture(name: string): string {
  return readFileSync(path.join(__dirname, "fixtures", name), "utf8");
}

function docsHeaders(): Record<string, string> {
  return Object.fromEntries(
    fixture("notification-headers.txt")
      .trim()
      .split("\n")
      .map((line) => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      }),
  );
}

/** DOKU's signature guide, computed here without our helper. */
function independentSignature(lines: string[]): string {
  return `HMACSHA256=${createHmac("sha256", TEST_SECRET).update(lines.join("\n")).digest("base64")}`;
}

function resignedHeaders(body: string): Record<string, string> {
  const headers = docsHeaders();
  const digest = createHash("sha256").update(body).digest("base64");
  headers.Signature = independentSignature([
    `Client-Id:${headers["Client-Id"]}`,
    `Request-Id:${headers["Request-Id"]}`,
    `Request-Timestamp:${headers["Request-Timestamp"]}`,
    `Request-Target:${NOTIFICATION_PATH}`,
    `Digest:${digest}`,
  ]);
  return headers;
}

function webhook(rawBody: string, headers: Record<string, string>, receivedAt: Date): IncomingWebhook {
  return { rawBody, headers: new Headers(headers), path: NOTIFICATION_PATH, receivedAt };
}

const doku = (fetchImpl?: typeof fetch, now = new Date("2023-05-29T02:05:10Z")) =>
  createDokuProvider({
    clientId: CLIENT_ID,
    secretKey: TEST_SECRET,
    baseUrl: "https://api-sandbox.doku.com",
    alfaPath: DOKU_ALFA_PLUGIN_PATH,
    timeoutMs: 1000,
    fetchImpl,
    now: () => now,
  });

const alfaInput: CreateChargeInput = {
  idempotencyKey: "req-docs-1",
  reference: "INV-20230529-0001",
  amount: 150_000,
  store: "alfamart",
  // 09:05:10 WIB; one hour asked for, as in the capture (created 09:05:10, expires 10:05:10 WIB)
  now: new Date("2023-05-29T02:05:10Z"),
  expiresAt: new Date("2023-05-29T03:05:10Z"),
  merchantName: "Toko Gerai",
  description: "Order",
  customer: { name: "Budi Utomo", email: "budi@example.com", phone: "0811223344" },
  items: [],
};

describe("DOKU documented shapes: payment code", () => {
  it("sends every field the Alfa request documents, alfa_info.receipt.footer_message included", () => {
    expect(buildPaymentCodeRequest(alfaInput)).toEqual(JSON.parse(fixture("alfa-payment-code-request.json")));
  });

  it("leaves alfa_info out for Indomaret, which does not take it", () => {
    expect(buildPaymentCodeRequest({ ...alfaInput, store: "indomaret" })).not.toHaveProperty("alfa_info");
  });

  it("shows DOKU's deadline: expired_date_utc, the same instant as expired_date read as WIB", async () => {
    const withUtc = fixture("payment-code-response.json");
    const { fetchImpl } = fakeFetch(() => new Response(withUtc));
    expect(await doku(fetchImpl).createCharge(alfaInput)).toMatchObject({
      ok: true,
      value: { paymentCode: "3115000100000007", status: "pending", expiresAt: new Date("2023-05-29T03:05:10Z") },
    });

    // Without expired_date_utc, "20230529100510" is 10:05:10 WIB, i.e. 03:05:10 UTC, not 10:05:10 UTC.
    const body = JSON.parse(withUtc);
    delete body.online_to_offline_info.expired_date_utc;
    const wallClockOnly = fakeFetch(() => Response.json(body));
    const result = await doku(wallClockOnly.fetchImpl).createCharge({ ...alfaInput, expiresAt: new Date("2023-05-30T02:05:10Z") });
    expect(result.ok && result.value.expiresAt).toEqual(new Date("2023-05-29T03:05:10Z"));
  });

  it("keeps the code DOKU issued when the answer's Signature does not verify, with a note for the merchant", async () => {
    const { fetchImpl } = fakeFetch(
      () => new Response(fixture("payment-code-response.json"), { headers: { "Response-Timestamp": "2023-05-29T02:05:11Z", Signature: "HMACSHA256=bm90LURPS1Utc2lnbmVk" } }),
    );
    expect(await doku(fetchImpl).createCharge(alfaInput)).toMatchObject({
      ok: true,
      value: {
        paymentCode: "3115000100000007",
        notes: [`DOKU's answer to POST ${DOKU_ALFA_PLUGIN_PATH} (HTTP 200) carries a Signature that does not verify with our secret key`],
      },
    });
  });

  it("takes an answer signed as the guide describes (Response-Timestamp, Digest of the answer) without a note", async () => {
    const answer = fixture("payment-code-response.json");
    const responseTimestamp = "2023-05-29T02:05:11Z";
    const { fetchImpl } = fakeFetch((request) => {
      const signature = independentSignature([
        `Client-Id:${CLIENT_ID}`,
        `Request-Id:${request.headers.get("request-id")}`,
        `Response-Timestamp:${responseTimestamp}`,
        `Request-Target:${DOKU_ALFA_PLUGIN_PATH}`,
        `Digest:${createHash("sha256").update(answer).digest("base64")}`,
      ]);
      return new Response(answer, { headers: { "Response-Timestamp": responseTimestamp, Signature: signature } });
    });
    const result = await doku(fetchImpl).createCharge(alfaInput);
    expect(result.ok && result.value.notes).toBeUndefined();
  });
});

describe("DOKU documented shapes: notification", () => {
  const body = fixture("notification-o2o-success.json");
  const sentAt = new Date("2020-08-11T08:45:42Z"); // the sample's Request-Timestamp

  it("refuses the docs' own Signature, made with a secret that is not published", async () => {
    expect(await doku().verifyWebhook(webhook(body, docsHeaders(), sentAt))).toEqual({
      ok: false,
      error: { status: 400, reason: "Signature does not match" },
    });
  });

  it("accepts the sample re-signed with the test secret and reads it as paid Rp 150.000 for INV-20210124-0001", async () => {
    const provider = doku();
    const verified = await provider.verifyWebhook(webhook(body, resignedHeaders(body), sentAt));
    expect(verified.ok).toBe(true);
    expect(provider.parseWebhook(verified.ok ? verified.value : undefined)).toEqual({
      ok: true,
      value: {
        eventKey: "INV-20210124-0001:SUCCESS",
        reference: "INV-20210124-0001",
        providerChargeId: "15022aab-444f-4b04-afa8-ddfce89432ec",
        kind: "paid",
        providerStatus: "SUCCESS",
        amount: 150_000,
        occurredAt: new Date("2021-01-27T03:24:23Z"),
      },
    });
  });

  it.each([
    [-300, true],
    [300, true],
    [301, false],
    [-301, false],
    [6 * 3600, false],
  ] as const)("a Request-Timestamp %d s from arrival is accepted: %s (±300 s replay window)", async (skewSeconds, accepted) => {
    const receivedAt = new Date(sentAt.getTime() + skewSeconds * 1000);
    const result = await doku().verifyWebhook(webhook(body, resignedHeaders(body), receivedAt));
    expect(result.ok).toBe(accepted);
    if (!accepted) expect(!result.ok && result.error.reason).toMatch(/tolerance 300 s\): a replay\?$/);
  });

  it("refuses the re-signed sample when its amount was altered after signing", async () => {
    const altered = body.replace('"amount": 150000', '"amount": 1500000');
    expect(await doku().verifyWebhook(webhook(altered, resignedHeaders(body), sentAt))).toMatchObject({ ok: false, error: { status: 400 } });
  });
});

describe("DOKU documented shapes: amounts", () => {
  it("reports a fractional order.amount as a conflict, never as an amount", () => {
    const sample = JSON.parse(fixture("notification-o2o-success.json"));
    const event = doku().parseWebhook({ ...sample, order: { ...sample.order, amount: 150000.5 } });
    expect(event).toMatchObject({
      ok: true,
      value: { kind: "paid", amount: undefined, amountConflict: "DOKU order.amount 150000.5 is not a whole number of rupiah" },
    });
  });
});

describe("DOKU documented shapes: status", () => {
  it("reads the status answer's SUCCESS as paid, dated by transaction.date", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("status-success.json")));
    expect(await doku(fetchImpl).getCharge({ reference: "INV-20210124-0001", providerChargeId: null })).toMatchObject({
      ok: true,
      value: { status: "paid", providerStatus: "SUCCESS", amount: 150_000, paidAt: new Date("2021-01-27T03:24:23Z") },
    });
  });
});
