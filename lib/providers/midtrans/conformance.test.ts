import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fakeFetch } from "@/test/fake-fetch";
import type { CreateChargeInput, IncomingWebhook } from "@/lib/providers/types";
import { buildChargeRequest, createMidtransProvider } from "./client";

// Midtrans' own published samples (fixtures/, see fixtures/sources.md) read through the adapter.
// Expected values are what the docs say each sample means, not what the code happens to do.

const TEST_SERVER_KEY = "SB-Mid-server-GeraiConformance";

function fixture(name: string): string {
  return readFileSync(path.join(__dirname, "fixtures", name), "utf8");
}

/** The docs' formula, computed here without our helper: SHA-512(order_id + status_code + gross_amount + key). */
function resign(raw: string): string {
  const body = JSON.parse(raw) as Record<string, string>;
  body.signature_key = createHash("sha512")
    .update(`${body.order_id}${body.status_code}${body.gross_amount}${TEST_SERVER_KEY}`)
    .digest("hex");
  return JSON.stringify(body);
}

function webhook(rawBody: string): IncomingWebhook {
  return { rawBody, headers: new Headers({ "content-type": "application/json" }), path: "/api/webhooks/midtrans", receivedAt: new Date() };
}

const midtrans = (fetchImpl?: typeof fetch) =>
  createMidtransProvider({ serverKey: TEST_SERVER_KEY, baseUrl: "https://api.sandbox.midtrans.com", timeoutMs: 1000, fetchImpl });

describe("Midtrans docs samples: charge", () => {
  const input: CreateChargeInput = {
    idempotencyKey: "chg_docs",
    reference: "order05",
    amount: 162_500,
    store: "alfamart",
    now: new Date("2016-06-28T09:22:49Z"),
    expiresAt: new Date("2016-06-29T09:22:49Z"),
    merchantName: "Toko Gerai",
    description: "Order",
    customer: { name: "Budi Utomo", email: "budi.utomo@midtrans.com", phone: "0811223344" },
    items: [{ sku: "id1", name: "tiket2", unitPrice: 162_500, quantity: 1 }],
  };

  it("sends what the docs' Alfamart request sends, field for field where Gerai has the same data", () => {
    const documented = JSON.parse(fixture("alfamart-charge-request.json"));
    const ours = buildChargeRequest(input);
    expect(ours.payment_type).toBe(documented.payment_type);
    expect(ours.transaction_details).toEqual(documented.transaction_details);
    expect(ours.cstore.store).toBe(documented.cstore.store);
    expect(Object.keys(ours.cstore).sort()).toEqual(Object.keys(documented.cstore).sort());
    expect(ours.customer_details).toEqual(documented.customer_details);
    expect(ours.item_details).toEqual(documented.item_details);
  });

  // The docs' answer is for gross_amount "10500.00", though their request asks for 162500: the
  // answer is read as the answer to a Rp 10.500 order, and refused as the answer to the request.
  it("reads the docs' Success answer as a pending code 010811223344 with Midtrans' transaction id", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("alfamart-charge-response.json"), { status: 200 }));
    const result = await midtrans(fetchImpl).createCharge({ ...input, amount: 10_500, items: [{ sku: "id1", name: "tiket2", unitPrice: 10_500, quantity: 1 }] });
    expect(result).toMatchObject({
      ok: true,
      value: {
        providerChargeId: "f1d381f8-7519-4139-b28f-81c6b3dc38ea",
        paymentCode: "010811223344",
        status: "pending",
        providerStatus: "pending",
        // The sample has no expiry_time; the deadline is the custom_expiry Gerai sent.
        expiresAt: input.expiresAt,
      },
    });
  });

  it("never shows the docs' code as the answer to the docs' Rp 162.500 request: it states Rp 10.500", async () => {
    const { fetchImpl } = fakeFetch(() => new Response(fixture("alfamart-charge-response.json"), { status: 200 }));
    expect(await midtrans(fetchImpl).createCharge(input)).toMatchObject({
      ok: false,
      error: { kind: "unavailable", message: "Midtrans issued f1d381f8-7519-4139-b28f-81c6b3dc38ea for Rp 10500, not the Rp 162500 asked for" },
    });
  });
});

describe("Midtrans docs: the signature_key worked example", () => {
  it("verifies the docs' example inputs under the docs' example server key, and nothing else", async () => {
    const example = JSON.parse(fixture("signature-example.json"));
    const provider = createMidtransProvider({ serverKey: example.server_key, baseUrl: "https://api.sandbox.midtrans.com", timeoutMs: 1000 });
    const body = {
      order_id: example.order_id,
      status_code: example.status_code,
      gross_amount: example.gross_amount,
      signature_key: example.expected_signature_key_openssl,
      transaction_status: "settlement",
      transaction_id: "249fc620-6017-4540-af7c-5a1c25788f46",
    };
    expect((await provider.verifyWebhook(webhook(JSON.stringify(body)))).ok).toBe(true);
    // gross_amount is signed as written: "100000" is another string, so another signature.
    expect((await provider.verifyWebhook(webhook(JSON.stringify({ ...body, gross_amount: "100000" })))).ok).toBe(false);
    expect((await midtrans().verifyWebhook(webhook(JSON.stringify(body)))).ok).toBe(false);
  });
});

describe("Midtrans docs samples: notifications", () => {
  const cases = [
    // file, what the docs say it means, order_id, gross amount in rupiah
    ["notification-pending.json", "pending", "order04", 162_500],
    ["notification-settlement.json", "paid", "order04", 162_500],
    ["notification-expire.json", "expired", "order04", 162_500],
    ["notification-cancel.json", "cancelled", "160288131764", 244_108],
    // deny: rejected by the provider; after a settlement it is Midtrans' documented reversal.
    ["notification-deny.json", "reversed", "orderid-01", 11_000],
  ] as const;

  it.each(cases)("%s is refused with the docs' own signature_key (made with Midtrans' unpublished key)", async (file) => {
    const result = await midtrans().verifyWebhook(webhook(fixture(file)));
    expect(result).toEqual({ ok: false, error: { status: 401, reason: "signature_key does not match" } });
  });

  it.each(cases)("%s, re-signed with the test key, verifies and means %s", async (file, kind, orderId, amount) => {
    const provider = midtrans();
    const verified = await provider.verifyWebhook(webhook(resign(fixture(file))));
    expect(verified.ok).toBe(true);
    const event = provider.parseWebhook(verified.ok ? verified.value : undefined);
    expect(event).toMatchObject({ ok: true, value: { kind, reference: orderId, amount } });
    expect(event.ok && event.value.amountConflict).toBeUndefined();
  });

  it("dates the settlement by its Jakarta transaction_time (no offset on the wire)", () => {
    const event = midtrans().parseWebhook(JSON.parse(fixture("notification-settlement.json")));
    // "2016-06-20 11:44:07" WIB = 04:44:07 UTC
    expect(event.ok && event.value.occurredAt).toEqual(new Date("2016-06-20T04:44:07Z"));
  });

  it("refuses a re-signed sample whose gross_amount was altered after signing", async () => {
    const signed = JSON.parse(resign(fixture("notification-settlement.json")));
    const altered = JSON.stringify({ ...signed, gross_amount: "1625.00" });
    expect((await midtrans().verifyWebhook(webhook(altered))).ok).toBe(false);
  });

  it("reports a fractional gross_amount as a conflict, never as an amount", () => {
    const sample = JSON.parse(fixture("notification-settlement.json"));
    const event = midtrans().parseWebhook({ ...sample, gross_amount: "162500.50" });
    expect(event).toMatchObject({
      ok: true,
      value: { kind: "paid", amount: undefined, amountConflict: 'Midtrans gross_amount "162500.50" is not a whole number of rupiah' },
    });
  });
});
