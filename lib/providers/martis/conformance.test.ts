import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fakeFetch } from "@/test/fake-fetch";
import type { CreateChargeInput, IncomingWebhook } from "@/lib/providers/types";
import { createMartisProvider, type MartisConfig } from "./client";

// What Martis publishes (fixtures/, built from the seed document: see fixtures/sources.md) read
// through the adapter. Its store channel and webhook scheme are not published: the webhook tests
// run under the adapter's configured assumption, which a live account must confirm.

const WEBHOOK_SECRET = "whsec_gerai_conformance";

function fixture(name: string): string {
  return readFileSync(path.join(__dirname, "fixtures", name), "utf8");
}

const config: MartisConfig = {
  apiKey: "test_api_key",
  webhookSecret: WEBHOOK_SECRET,
  baseUrl: "https://api-staging.martis.id",
  paymentMethod: "retail_outlet",
  channels: { alfamart: "alfamart", indomaret: "indomaret" },
  signatureHeader: "x-martis-signature",
  timestampHeader: "x-martis-timestamp",
  signedPayload: "{timestamp}.{body}",
  toleranceSeconds: 300,
  timeoutMs: 1000,
};
const martis = (fetchImpl?: typeof fetch) => createMartisProvider({ ...config, fetchImpl });

/** Signed under the assumed default ("<timestamp>.<raw body>", hex HMAC-SHA256), computed here without our helper. */
function signedWebhook(rawBody: string, sentAt: Date, receivedAt = sentAt): IncomingWebhook {
  const timestamp = String(Math.floor(sentAt.getTime() / 1000));
  const signature = createHmac("sha256", WEBHOOK_SECRET).update(`${timestamp}.${rawBody}`).digest("hex");
  return {
    rawBody,
    headers: new Headers({ "x-martis-timestamp": timestamp, "x-martis-signature": signature }),
    path: "/api/webhooks/martis",
    receivedAt,
  };
}

const input: CreateChargeInput = {
  idempotencyKey: "chg_docs",
  reference: "order-0001",
  amount: 162_500,
  store: "alfamart",
  now: new Date("2026-11-22T02:30:00Z"),
  expiresAt: new Date("2026-11-23T02:30:00Z"),
  merchantName: "Toko Gerai",
  description: "Order",
  customer: { name: "Budi Utomo", email: "budi@example.com", phone: "0811223344" },
  items: [],
};

describe("Martis published shapes: charges API", () => {
  it("reads the JSend success answer as a pending charge", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("charge-success.json")));
    expect(await martis(fetchImpl).getCharge({ reference: "order-0001", providerChargeId: "ch_0001" })).toMatchObject({
      ok: true,
      value: { status: "pending", providerStatus: "pending" },
    });
  });

  it("does not issue a code from the published create answer, which carries no store payment code", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("charge-success.json"), { status: 201 }));
    expect(await martis(fetchImpl).createCharge(input)).toMatchObject({
      ok: false,
      error: { kind: "unavailable", message: "Martis created charge ch_0001 without data.payment_code (is the channel a store channel?)" },
    });
  });

  it("reads a JSend fail (4xx) as a final rejection quoting each field", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("charge-fail.json"), { status: 422 }));
    expect(await martis(fetchImpl).createCharge(input)).toMatchObject({
      ok: false,
      error: {
        kind: "rejected",
        message: "Martis create charge answered 422: channel: The selected channel is invalid.; amount: The amount must be greater than 0.",
        shopper: "amount_out_of_range",
      },
    });
  });

  it("reads a JSend error (5xx) as unavailable, so another provider may be tried", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("charge-error.json"), { status: 500 }));
    expect(await martis(fetchImpl).createCharge(input)).toMatchObject({
      ok: false,
      error: { kind: "unavailable", message: "Martis create charge answered 500: Internal server error" },
    });
  });
});

describe("Martis published events, under the assumed signing scheme", () => {
  it("reads payment_charge.succeeded as paid Rp 162.500 for order-0001", async () => {
    const provider = martis();
    const verified = await provider.verifyWebhook(signedWebhook(fixture("webhook-succeeded.json"), new Date("2026-11-22T05:10:01Z")));
    expect(verified.ok).toBe(true);
    expect(provider.parseWebhook(verified.ok ? verified.value : undefined)).toMatchObject({
      ok: true,
      value: { kind: "paid", reference: "order-0001", providerChargeId: "ch_0001", amount: 162_500, occurredAt: new Date("2026-11-22T05:10:00Z") },
    });
  });

  it("reads payment_charge.failed at the code's expiry as expired (Martis' failed covers expiry)", () => {
    const event = martis().parseWebhook(JSON.parse(fixture("webhook-failed.json")));
    expect(event).toMatchObject({ ok: true, value: { kind: "expired", reference: "order-0002" } });
  });

  it("refuses a signed event outside the ±300 s window", async () => {
    const sentAt = new Date("2026-11-22T05:10:01Z");
    const late = signedWebhook(fixture("webhook-succeeded.json"), sentAt, new Date(sentAt.getTime() + 301_000));
    expect(await martis().verifyWebhook(late)).toMatchObject({ ok: false, error: { status: 401 } });
  });

  it("reports a fractional amount as a conflict, never as an amount", () => {
    const sample = JSON.parse(fixture("webhook-succeeded.json"));
    const event = martis().parseWebhook({ ...sample, data: { ...sample.data, amount: "162500.25" } });
    expect(event).toMatchObject({
      ok: true,
      value: { kind: "paid", amount: undefined, amountConflict: 'Martis amount "162500.25" is not a whole number of rupiah' },
    });
  });
});
