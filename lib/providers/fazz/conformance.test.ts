import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fakeFetch } from "@/test/fake-fetch";
import type { CreateChargeInput, IncomingWebhook } from "@/lib/providers/types";
import { buildPaymentRequest, createFazzProvider } from "./client";

// Fazz's published samples (fixtures/, see fixtures/sources.md) read through the adapter.
// Expected values are what the docs say each sample means.

const SIGNING_SECRET = "ss_gerai_conformance";

function fixture(name: string): string {
  return readFileSync(path.join(__dirname, "fixtures", name), "utf8");
}

/** Xfers-Signature as the docs describe it, computed here without our helper. */
function sign(rawBody: string): string {
  return createHmac("sha256", SIGNING_SECRET).update(rawBody).digest("hex");
}

function callback(rawBody: string, signature = sign(rawBody)): IncomingWebhook {
  return {
    rawBody,
    headers: new Headers({ "content-type": "application/vnd.api+json", "Xfers-Signature": signature }),
    path: "/api/webhooks/fazz",
    receivedAt: new Date(),
  };
}

const fazz = (fetchImpl?: typeof fetch) =>
  createFazzProvider({
    apiKey: "test_api_key",
    secretKey: "test_secret_key",
    signingSecret: SIGNING_SECRET,
    baseUrl: "https://sandbox-id.xfers.com/api/v4",
    timeoutMs: 1000,
    fetchImpl,
  });

const input: CreateChargeInput = {
  idempotencyKey: "chg_docs",
  reference: "ORDER_0001",
  amount: 100_000,
  store: "alfamart",
  now: new Date("2020-10-19T02:12:48Z"),
  expiresAt: new Date("2020-10-20T02:12:48Z"),
  merchantName: "Toko Gerai",
  description: "Order Number 0001",
  customer: { name: "Budi Utomo", email: "budi@example.com", phone: "0811223344" },
  items: [],
};

describe("Fazz docs samples: create payment", () => {
  it("sends the docs' retail_outlet request (plus currency and the cashier's display name)", () => {
    const documented = JSON.parse(fixture("create-payment-request.json")).data.attributes;
    const { currency, paymentMethodOptions, ...ours } = buildPaymentRequest(input).data.attributes;
    expect(currency).toBe("IDR");
    expect(paymentMethodOptions).toEqual({ ...documented.paymentMethodOptions, displayName: "Toko Gerai" });
    const { paymentMethodOptions: _options, ...documentedRest } = documented;
    expect(ours).toEqual(documentedRest);
  });

  it("reads the docs' answer as pending code 8887322 at ALFAMART, due 2020-10-20 02:12:48 UTC", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("create-payment-response.json"), { status: 201 }));
    expect(await fazz(fetchImpl).createCharge(input)).toMatchObject({
      ok: true,
      value: {
        providerChargeId: "contract_ea9c4b10df49446eafd4fb3f25a713bd",
        paymentCode: "8887322",
        status: "pending",
        expiresAt: new Date("2020-10-20T02:12:48Z"),
      },
    });
  });
});

describe("Fazz docs samples: a code for another sum", () => {
  it("never shows the docs' code (Rp 100.000) as the answer to a Rp 162.500 order", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("create-payment-response.json"), { status: 201 }));
    expect(await fazz(fetchImpl).createCharge({ ...input, amount: 162_500 })).toMatchObject({
      ok: false,
      error: { kind: "unavailable", message: "Fazz issued contract_ea9c4b10df49446eafd4fb3f25a713bd for Rp 100000, not the Rp 162500 asked for" },
    });
  });
});

describe("Fazz docs samples: callbacks, paid then completed", () => {
  it("reads paid as paid Rp 100.000 for ORDER_0001, and completed as paid again with the funds-available note", async () => {
    const provider = fazz();
    const events = [];
    for (const file of ["callback-paid.json", "callback-completed.json"]) {
      const verified = await provider.verifyWebhook(callback(fixture(file)));
      expect(verified.ok).toBe(true);
      events.push(provider.parseWebhook(verified.ok ? verified.value : undefined));
    }
    expect(events).toEqual([
      {
        ok: true,
        value: {
          eventKey: "contract_ea9c4b10df49446eafd4fb3f25a713bd:paid",
          reference: "ORDER_0001",
          providerChargeId: "contract_ea9c4b10df49446eafd4fb3f25a713bd",
          kind: "paid",
          providerStatus: "paid",
          amount: 100_000,
          currency: undefined,
          note: undefined,
        },
      },
      {
        ok: true,
        value: {
          // A second state of the same payment: a new event, not a duplicate of paid.
          eventKey: "contract_ea9c4b10df49446eafd4fb3f25a713bd:completed",
          reference: "ORDER_0001",
          providerChargeId: "contract_ea9c4b10df49446eafd4fb3f25a713bd",
          kind: "paid",
          providerStatus: "completed",
          amount: 100_000,
          currency: undefined,
          note: "funds_available",
        },
      },
    ]);
  });

  it("refuses a callback whose body was altered after signing, or that is unsigned", async () => {
    const body = fixture("callback-paid.json");
    const altered = body.replace('"100000.0"', '"1000000.0"');
    expect(await fazz().verifyWebhook(callback(altered, sign(body)))).toMatchObject({ ok: false, error: { status: 401 } });
    const unsigned: IncomingWebhook = { ...callback(body), headers: new Headers() };
    expect(await fazz().verifyWebhook(unsigned)).toMatchObject({ ok: false, error: { status: 401 } });
  });

  it("reports a fractional amount as a conflict, never as an amount", () => {
    const sample = JSON.parse(fixture("callback-paid.json"));
    sample.data.attributes.amount = "100000.5";
    expect(fazz().parseWebhook(sample)).toMatchObject({
      ok: true,
      value: { kind: "paid", amount: undefined, amountConflict: 'Fazz amount "100000.5" is not a whole number of rupiah' },
    });
  });
});
