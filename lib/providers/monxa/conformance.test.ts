import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fakeFetch } from "@/test/fake-fetch";
import type { CreateChargeInput, IncomingWebhook } from "@/lib/providers/types";
import { buildChargeRequest, createMonxaProvider } from "./client";
import type { MonxaAmountUnit } from "./wire";

// Monxa's documented shapes (fixtures/, built from the seed document: see fixtures/sources.md)
// read through the adapter. Expected values are what the docs say each sample means.

const CALLBACK_TOKEN = "cbt_conformance_token";

function fixture(name: string): string {
  return readFileSync(path.join(__dirname, "fixtures", name), "utf8");
}

const monxa = (amountUnit: MonxaAmountUnit, fetchImpl?: typeof fetch) =>
  createMonxaProvider({ secretKey: "sk_test_conformance", callbackToken: CALLBACK_TOKEN, baseUrl: "https://api.monxa.io", amountUnit, timeoutMs: 1000, fetchImpl });

function webhook(rawBody: string, token: string | null = CALLBACK_TOKEN): IncomingWebhook {
  const headers = new Headers({ "content-type": "application/json" });
  if (token !== null) headers.set("x-callback-token", token);
  return { rawBody, headers, path: "/api/webhooks/monxa", receivedAt: new Date() };
}

const input: CreateChargeInput = {
  idempotencyKey: "chg_docs",
  reference: "order-0001",
  amount: 162_500,
  store: "alfamart",
  now: new Date("2026-11-22T02:30:00Z"),
  expiresAt: new Date("2026-11-23T02:30:00Z"),
  merchantName: "Toko Gerai",
  description: "Order 0001",
  customer: { name: "Budi Utomo", email: "budi@example.com", phone: "0811223344" },
  items: [],
};

describe("Monxa documented shapes: charges", () => {
  it("builds the guide's create body (IDR integer) and its minor-unit twin", () => {
    const documented = JSON.parse(fixture("charge-request.json"));
    expect(buildChargeRequest(input, "idr")).toEqual(documented);
    expect(buildChargeRequest(input, "minor").amount).toBe(16_250_000);
  });

  it("reads the guide's create answer as a pending code with Monxa's own deadline", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("charge-response-guide.json"), { status: 201 }));
    expect(await monxa("idr", fetchImpl).createCharge(input)).toMatchObject({
      ok: true,
      value: { providerChargeId: "chg_0001", paymentCode: "MX7KQ2AB91", status: "pending", expiresAt: new Date("2026-11-24T02:30:00Z") },
    });
  });

  it("refuses a code issued for another sum, as when MONXA_AMOUNT_UNIT does not match the account", async () => {
    // The guide's answer says amount 162500; read as minor units that is Rp 1.625, not Rp 162.500.
    const { fetchImpl } = fakeFetch(() => new Response(fixture("charge-response-guide.json"), { status: 201 }));
    expect(await monxa("minor", fetchImpl).createCharge(input)).toMatchObject({
      ok: false,
      error: { kind: "unavailable", message: "Monxa issued charge chg_0001 for Rp 1625, not the Rp 162500 asked for; check MONXA_AMOUNT_UNIT" },
    });
  });

  it("reads the API reference's upper-case PENDING and minor-unit amount when the account speaks minor units", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("charge-status-reference.json")));
    const result = await monxa("minor", fetchImpl).getCharge({ reference: "order-0001", providerChargeId: "chg_0001" });
    expect(result).toMatchObject({ ok: true, value: { status: "pending", providerStatus: "PENDING", amount: 162_500, currency: "IDR" } });
  });
});

describe("Monxa documented shapes: webhooks", () => {
  it("accepts a webhook only with the dashboard's x-callback-token", async () => {
    const body = fixture("webhook-guide-succeeded.json");
    expect((await monxa("idr").verifyWebhook(webhook(body))).ok).toBe(true);
    expect(await monxa("idr").verifyWebhook(webhook(body, "cbt_other"))).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await monxa("idr").verifyWebhook(webhook(body, null))).toMatchObject({ ok: false, error: { status: 401 } });
  });

  it("reads the guide's { id, type, data } charge.succeeded as paid Rp 162.500 for order-0001", () => {
    const event = monxa("idr").parseWebhook(JSON.parse(fixture("webhook-guide-succeeded.json")));
    expect(event).toEqual({
      ok: true,
      value: {
        eventKey: "chg_0001:paid",
        reference: "order-0001",
        providerChargeId: "chg_0001",
        kind: "paid",
        providerStatus: "charge.succeeded",
        amount: 162_500,
        currency: "IDR",
        occurredAt: new Date("2026-11-22T05:10:00Z"),
      },
    });
  });

  it("reads the webhooks page's { event, data } charge.completed as paid Rp 2.563.932 in minor units", () => {
    const event = monxa("minor").parseWebhook(JSON.parse(fixture("webhook-page-completed.json")));
    expect(event).toMatchObject({ ok: true, value: { kind: "paid", reference: "order-0002", amount: 2_563_932, providerStatus: "charge.completed" } });
    expect(event.ok && event.value.amountConflict).toBeUndefined();
  });

  it("does not report an amount for the webhooks page's sample when the account is set to whole rupiah", () => {
    // amount 256393200 read as rupiah says Rp 256.393.200; amount_str says Rp 2.563.932: the unit is wrong.
    const event = monxa("idr").parseWebhook(JSON.parse(fixture("webhook-page-completed.json")));
    expect(event).toMatchObject({
      ok: true,
      value: {
        kind: "paid",
        amount: undefined,
        amountConflict:
          'Monxa\'s amount 256393200 (read as rupiah: Rp 256393200) disagrees with its amount_str "2563932.00"; check MONXA_AMOUNT_UNIT and the payment in Monxa\'s dashboard',
      },
    });
  });

  it("reads charge.expired as expired", () => {
    const event = monxa("idr").parseWebhook(JSON.parse(fixture("webhook-guide-expired.json")));
    expect(event).toMatchObject({ ok: true, value: { kind: "expired", reference: "order-0003", amount: 50_000 } });
  });

  it.each([
    ["an amount_str with cents", { amount: 256393250, amount_str: "2563932.50" }, "minor", "Monxa's amount 256393250 (minor units) is not a whole number of rupiah"],
    ["a fractional amount", { amount: 162500.5 }, "idr", "Monxa's amount 162500.5 is not a whole number"],
    ["a string amount", { amount: "162500" }, "idr", 'Monxa\'s amount "162500" is not a whole number'],
    ["an amount_str that is not a number", { amount: 162500, amount_str: "Rp 162.500" }, "idr", 'Monxa\'s amount_str "Rp 162.500" is not a rupiah amount like "2563932.00"'],
  ] as const)("treats %s as a conflict, never as an amount", (_, change, unit, amountConflict) => {
    const sample = JSON.parse(fixture("webhook-page-completed.json"));
    const { amount_str: _amountStr, ...data } = sample.data;
    const event = monxa(unit).parseWebhook({ ...sample, data: { ...data, ...change } });
    expect(event).toMatchObject({ ok: true, value: { kind: "paid", amount: undefined, amountConflict } });
  });

  it("cross-checks amount_str on the status API answer too", async () => {
    const answer = { ...JSON.parse(fixture("charge-status-reference.json")), status: "SUCCEEDED", amount_str: "1625.00" };
    const { fetchImpl } = fakeFetch(() => Response.json(answer));
    const result = await monxa("minor", fetchImpl).getCharge({ reference: "order-0001", providerChargeId: "chg_0001" });
    expect(result).toMatchObject({ ok: true, value: { status: "paid", amount: undefined, amountConflict: expect.stringContaining('amount_str "1625.00"') } });
  });
});
