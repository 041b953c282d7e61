import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/domain";
import { reconcilePendingCharges } from "@/lib/orders/check-status";
import { expireCodesPastDeadline } from "@/lib/orders/expire-overdue";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import { receiveWebhook } from "@/lib/orders/ingest-webhook";
import { setOutage } from "@/lib/sandbox/outage";
import type { CashierAction } from "@/lib/sandbox/types";
import { APP_URL, createWorld, CUSTOMER, ITEMS, ITEMS_TOTAL, providerPair, type World } from "@/test/world";
import { bodyDigest as dokuDigest, headerSignature as dokuSignature, headerTimestamp as dokuTimestamp, signatureMatches as dokuSignatureMatches } from "./signing";
import { createDokuSimulator } from "./simulator";
import { ALFA_REFERENCE_PATH as DOKU_ALFA_DOCS_PATH, ALFA_PLUGIN_PATH as DOKU_ALFA_PLUGIN_PATH, INDOMARET_PATH as DOKU_INDOMARET_PATH } from "./wire";

// DOKU's whole flow through the real use cases, database, adapter and simulator: codes at both
// stores, signed notifications paid exactly once, DOKU's retry schedule, expiry by asking, and
// the simulator's own HTTP API (signatures, timestamps, Request-Id idempotency, validation).

/** What the adapter is asked for, named through the world (the sandbox does not import adapter types). */
type CreateChargeInput = Parameters<NonNullable<ReturnType<World["providers"]["get"]>>["createCharge"]>[0];

let world: World;
let clientId: string;
let secretKey: string;

beforeAll(async () => {
  world = await createWorld((context) => {
    clientId = context.credentials.dokuClientId;
    secretKey = context.credentials.dokuSecretKey;
    return [providerPair("doku", context)];
  });
});
afterAll(async () => world?.close());

let counter = 0;
const uniqueReference = () => `DK-${Date.now()}-${++counter}`;

async function newOrder(overrides: Partial<Parameters<typeof createOrder>[1]> = {}): Promise<CreatedOrder> {
  const result = await createOrder(world.deps, {
    reference: uniqueReference(),
    store: "indomaret",
    customer: CUSTOMER,
    items: ITEMS,
    source: "api",
    provider: "doku",
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const sandboxCharge = (order: CreatedOrder) => world.db.sandboxCharge.findFirstOrThrow({ where: { provider: "doku", paymentCode: order.paymentCode } });

async function cashier(order: CreatedOrder, action: CashierAction) {
  const result = await world.simulators.get("doku")!.perform(action, await sandboxCharge(order));
  expect(result).toEqual({ ok: true });
}

const orderOf = (order: CreatedOrder) =>
  world.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { charges: { orderBy: { attempt: "asc" } }, events: { orderBy: { at: "asc" } } } });

const queuedFor = (order: CreatedOrder) =>
  world.db.sandboxWebhook.findMany({ where: { provider: "doku", body: { contains: `"invoice_number":"${order.reference}-1"` } } });

/** Delivers a body to our endpoint as DOKU would, with headers signed now by `secret`. */
function deliver(body: string, secret = secretKey) {
  const simulator = createDokuSimulator(
    { db: async () => world.db, now: world.clock.now, timeScale: 1, webhookBaseUrl: APP_URL, merchantName: "x", clientTimeoutMs: 200 },
    { clientId, secretKey: secret },
  );
  return receiveWebhook(world.webhookDeps, "doku", {
    rawBody: body,
    headers: new Headers(simulator.signWebhook(body, new URL(`${APP_URL}/api/webhooks/doku`), world.clock.now())),
    path: "/api/webhooks/doku",
    receivedAt: world.clock.now(),
  });
}

describe.each(["indomaret", "alfamart"] as const)("a DOKU code at %s", (store: Store) => {
  it("is issued, paid at the till, notified, and turns the order paid exactly once", async () => {
    const order = await newOrder({ store, expiryMinutes: 90 });
    expect(order).toMatchObject({ status: "pending", provider: "doku", store, amount: ITEMS_TOTAL });
    expect(order.paymentCode).toMatch(/^[0-9A-Z]{1,20}$/);
    expect(order.expiresAt).toEqual(new Date(world.clock.now().getTime() + 90 * 60_000));

    const stored = await orderOf(order);
    expect(stored.charges[0]).toMatchObject({ provider: "doku", reference: `${order.reference}-1`, providerChargeId: stored.charges[0]!.id });
    const charge = await sandboxCharge(order);
    expect(charge).toMatchObject({ store, status: "PENDING", amount: ITEMS_TOTAL });
    expect(world.simulators.get("doku")!.describe(charge, world.clock.now())).toMatchObject({
      status: "PENDING",
      state: "open",
      actions: ["pay", "fail", "expire"],
    });
    // DOKU sends nothing when a code is made.
    expect(await queuedFor(order)).toHaveLength(0);

    world.clock.advance(60_000);
    await cashier(order, "pay");
    const reports = await world.deliverWebhooks();
    expect(reports.map((report) => report.status)).toEqual([200]);

    const paid = await orderOf(order);
    expect(paid.status).toBe("paid");
    expect(paid.charges[0]).toMatchObject({ status: "paid", providerStatus: "SUCCESS", paidAmount: ITEMS_TOTAL });
    expect(paid.paidAt).toEqual(world.clock.now());
    expect(paid.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);
  });
});

describe("DOKU notifications", () => {
  it("applies one notification delivered many times, and DOKU's later retry, only once", async () => {
    const order = await newOrder();
    await cashier(order, "pay");
    const [queued] = await queuedFor(order);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => deliver(queued!.body)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);

    // One delivery applied the event; the four repeats are counted on it, not stored again.
    const deliveries = await world.db.webhookDelivery.findMany({ where: { orderId: order.id } });
    expect(deliveries.map((delivery) => [delivery.eventKey, delivery.outcome, delivery.duplicateCount])).toEqual([[`${order.reference}-1:SUCCESS`, "applied", 4]]);
    await world.deliverWebhooks();
    expect(await world.db.orderEvent.count({ where: { orderId: order.id, toStatus: "paid" } })).toBe(1);
    expect(await world.db.webhookDelivery.findFirstOrThrow({ where: { orderId: order.id } })).toMatchObject({ duplicateCount: 5 });
  });

  it("signs each delivery with the same Request-Id and a fresh timestamp", async () => {
    const order = await newOrder();
    await cashier(order, "pay");
    const [queued] = await queuedFor(order);
    const simulator = world.simulators.get("doku")!;
    const first = simulator.signWebhook(queued!.body, new URL(queued!.url), world.clock.now());
    const later = simulator.signWebhook(queued!.body, new URL(queued!.url), new Date(world.clock.now().getTime() + 30 * 60_000));
    expect(later["Request-Id"]).toBe(first["Request-Id"]);
    expect(later["Request-Timestamp"]).not.toBe(first["Request-Timestamp"]);
    expect(first["Digest"]).toBe(dokuDigest(queued!.body));
    await world.deliverWebhooks(); // leave no queued notification for the next test's reports
  });

  it("rejects a forged notification with 400, keeps it, and changes nothing", async () => {
    const order = await newOrder();
    const body = JSON.stringify({
      service: { id: "ONLINE_TO_OFFLINE" },
      order: { invoice_number: `${order.reference}-1`, amount: ITEMS_TOTAL },
      online_to_offline_info: { payment_code: order.paymentCode },
      transaction: { status: "SUCCESS", date: dokuTimestamp(world.clock.now()) },
    });
    const answer = await deliver(body, "not-the-secret-key");
    expect(answer.status).toBe(400);
    expect((await orderOf(order)).status).toBe("pending");
    const stored = await world.db.webhookDelivery.findFirstOrThrow({ where: { rawBody: body } });
    expect(stored).toMatchObject({ verified: false, outcome: "rejected", rejectionReason: "Signature does not match" });
  });

  it("does not mark paid on a genuine-looking SUCCESS the status API does not confirm", async () => {
    const order = await newOrder();
    const body = JSON.stringify({
      service: { id: "ONLINE_TO_OFFLINE" },
      order: { invoice_number: `${order.reference}-1`, amount: ITEMS_TOTAL },
      transaction: { status: "SUCCESS", date: dokuTimestamp(world.clock.now()) },
    });
    expect((await deliver(body)).status).toBe(503); // DOKU will retry
    expect((await orderOf(order)).status).toBe("pending");
  });

  it("answers 404 for an invoice it does not know, so DOKU retries", async () => {
    const body = JSON.stringify({
      service: { id: "ONLINE_TO_OFFLINE" },
      order: { invoice_number: "NOT-OURS-1", amount: 20_000 },
      transaction: { status: "SUCCESS", date: dokuTimestamp(world.clock.now()) },
    });
    expect((await deliver(body)).status).toBe(404);
  });

  it("records a payment that failed at the till (FAILED) as a failed order", async () => {
    const order = await newOrder();
    await cashier(order, "fail");
    await world.deliverWebhooks();
    const failed = await orderOf(order);
    expect(failed.status).toBe("failed");
    expect(failed.charges[0]).toMatchObject({ status: "failed", providerStatus: "FAILED" });
  });

  it("retries at 30 min, 6 h and 12 h while the shop fails, then gives up; reconciliation finds the payment", async () => {
    const order = await newOrder();
    await cashier(order, "pay");
    world.webhookOutage.status = 500;
    try {
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 4; attempt++) {
        const reports = await world.deliverWebhooks();
        expect(reports.map((report) => report.status)).toEqual([500]);
        const [queued] = await queuedFor(order);
        expect(queued).toMatchObject({ attempts: attempt, lastStatus: 500 });
        if (queued!.status === "exhausted") break;
        waits.push(queued!.nextAttemptAt.getTime() - world.clock.now().getTime());
        world.clock.set(queued!.nextAttemptAt);
      }
      // 30 min, then 5 h 30 min, then 11 h 30 min, × the test time scale.
      expect(waits).toEqual([30, 330, 690].map((minutes) => Math.round(minutes * 60_000 * 0.0001)));
      expect((await queuedFor(order))[0]).toMatchObject({ status: "exhausted", attempts: 4 });
    } finally {
      world.webhookOutage.status = undefined;
    }
    expect((await orderOf(order)).status).toBe("pending");
    world.clock.advance(6 * 60_000);
    await reconcilePendingCharges(world.webhookDeps);
    expect((await orderOf(order)).status).toBe("paid");
  });
});

describe("DOKU codes that expire", () => {
  it("expire without a notification, and our deadline sweep learns it by asking", async () => {
    const order = await newOrder({ expiryMinutes: 30 });
    world.clock.advance(31 * 60_000);
    expect(await world.simulators.get("doku")!.expireOverdue(world.clock.now())).toBeGreaterThanOrEqual(1);
    expect((await sandboxCharge(order)).status).toBe("EXPIRED");
    expect(await queuedFor(order)).toHaveLength(0);

    await expireCodesPastDeadline(world.webhookDeps, { orderId: order.id });
    const expired = await orderOf(order);
    expect(expired.status).toBe("expired");
    expect(expired.charges[0]).toMatchObject({ status: "expired", providerStatus: "EXPIRED" });
  });

  it("read EXPIRED on the status API once past the deadline, and the till refuses them", async () => {
    const order = await newOrder({ expiryMinutes: 10 });
    world.clock.advance(11 * 60_000);
    const answer = await signedCall("GET", `/orders/v1/status/${order.reference}-1`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ transaction: { status: "EXPIRED" }, order: { invoice_number: `${order.reference}-1` } });
    const charge = await sandboxCharge(order);
    expect(world.simulators.get("doku")!.describe(charge, world.clock.now())).toMatchObject({ status: "EXPIRED", state: "expired", actions: [] });
    expect(await world.simulators.get("doku")!.perform("pay", charge)).toEqual({ ok: false, error: "This code is EXPIRED; the till refuses it." });
  });
});

interface CallOptions {
  body?: string;
  requestId?: string;
  timestamp?: string;
  clientId?: string;
  secretKey?: string;
  headers?: Record<string, string>;
  omit?: string[];
}

/** A request to the simulator signed the documented way (or deliberately not). */
function signedCall(method: "GET" | "POST", target: string, options: CallOptions = {}) {
  const requestId = options.requestId ?? crypto.randomUUID();
  const timestamp = options.timestamp ?? dokuTimestamp(world.clock.now());
  const client = options.clientId ?? clientId;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Client-Id": client,
    "Request-Id": requestId,
    "Request-Timestamp": timestamp,
    Signature: dokuSignature(options.secretKey ?? secretKey, {
      clientId: client,
      requestId,
      timestamp,
      target,
      digest: options.body === undefined ? undefined : dokuDigest(options.body),
    }),
    ...options.headers,
  };
  for (const name of options.omit ?? []) delete headers[name];
  return world.fetch(`${APP_URL}/sandbox/doku${target}`, { method, headers, body: options.body });
}

function codeRequest(overrides: { invoice?: string; amount?: number; info?: Record<string, unknown>; customer?: unknown } = {}) {
  return JSON.stringify({
    order: { invoice_number: overrides.invoice ?? uniqueReference(), amount: overrides.amount ?? 50_000 },
    online_to_offline_info: { expired_time: 60, reusable_status: false, info: "Pembayaran Toko Gerai", ...overrides.info },
    customer: overrides.customer ?? { name: "Siti Rahmawati", email: "siti@example.com" },
  });
}

async function expectError(answer: Response, status: number, code: string) {
  expect(answer.status).toBe(status);
  const body = (await answer.json()) as { error: { code: string; message: string; type: string } };
  expect(body.error).toMatchObject({ code, type: "invalid_request_error" });
  return body.error.message;
}

describe("the DOKU simulator's HTTP API", () => {
  it("issues codes on the Indomaret path and on both Alfa paths, and signs its answers", async () => {
    for (const path of [DOKU_INDOMARET_PATH, DOKU_ALFA_PLUGIN_PATH, DOKU_ALFA_DOCS_PATH]) {
      const requestId = crypto.randomUUID();
      const answer = await signedCall("POST", path, { body: codeRequest(), requestId });
      const text = await answer.text();
      expect(answer.status).toBe(200);
      const body = JSON.parse(text) as { online_to_offline_info: { payment_code: string; expired_date: string } };
      expect(body.online_to_offline_info.payment_code).toMatch(/^[0-9A-Z]{1,20}$/);
      expect(body.online_to_offline_info.expired_date).toMatch(/^\d{14}$/);
      const signed = dokuSignatureMatches(
        secretKey,
        {
          clientId,
          requestId,
          timestamp: answer.headers.get("response-timestamp")!,
          timestampHeader: "Response-Timestamp",
          target: path,
          digest: dokuDigest(text),
        },
        answer.headers.get("signature")!,
      );
      expect(signed).toBe(true);
    }
  });

  it("expires a code after 60 minutes when expired_time is left out (expired_date in Jakarta time, expired_date_utc beside it)", async () => {
    const body = JSON.stringify({ ...JSON.parse(codeRequest()), online_to_offline_info: { reusable_status: false } });
    const answer = await signedCall("POST", DOKU_INDOMARET_PATH, { body });
    const deadline = new Date(world.clock.now().getTime() + 60 * 60_000);
    const jakarta = new Date(deadline.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace(/[-:T]/g, "");
    expect(((await answer.json()) as { online_to_offline_info: unknown }).online_to_offline_info).toMatchObject({
      expired_date: jakarta,
      expired_date_utc: `${deadline.toISOString().slice(0, 19)}Z`,
    });
  });

  it("refuses requests without the four headers, from strangers, or badly signed", async () => {
    const body = codeRequest();
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body, omit: ["Signature"] }), 400, "invalid_header_request");
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body, requestId: "r".repeat(129) }), 400, "invalid_header_request");
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body, clientId: "BRN-9999-STRANGER" }), 401, "invalid_client_id");
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body, secretKey: "SK-wrong" }), 401, "invalid_signature");
    // Signed over one body, sent with another.
    const swapped = await world.fetch(`${APP_URL}/sandbox/doku${DOKU_INDOMARET_PATH}`, {
      method: "POST",
      headers: Object.fromEntries((await signedRequestHeaders(body)).entries()),
      body: codeRequest(),
    });
    await expectError(swapped, 401, "invalid_signature");
    const wrongDigest = await signedCall("POST", DOKU_INDOMARET_PATH, { body, headers: { Digest: dokuDigest("{}") } });
    expect(await expectError(wrongDigest, 401, "invalid_signature")).toBe("Digest does not match the request body");
    // The signature covers the path: a code request signed for Indomaret cannot be sent to Alfa.
    const moved = await world.fetch(`${APP_URL}/sandbox/doku${DOKU_ALFA_PLUGIN_PATH}`, {
      method: "POST",
      headers: Object.fromEntries((await signedRequestHeaders(body)).entries()),
      body,
    });
    await expectError(moved, 401, "invalid_signature");
  });

  it("holds Request-Timestamp to DOKU's form and to five minutes of its clock", async () => {
    const now = world.clock.now().getTime();
    const withMillis = world.clock.now().toISOString();
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest(), timestamp: withMillis }), 400, "invalid_request_timestamp");
    const stale = dokuTimestamp(new Date(now - 6 * 60_000));
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest(), timestamp: stale }), 400, "invalid_request_timestamp");
    const ahead = dokuTimestamp(new Date(now + 6 * 60_000));
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest(), timestamp: ahead }), 400, "invalid_request_timestamp");
    const slightlyLate = dokuTimestamp(new Date(now - 4 * 60_000));
    expect((await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest(), timestamp: slightlyLate })).status).toBe(200);
  });

  it("validates the body with DOKU's error bodies and its store limits", async () => {
    const missingReusable = JSON.stringify({ ...JSON.parse(codeRequest()), online_to_offline_info: { expired_time: 60 } });
    expect(await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: missingReusable }), 400, "invalid_parameter")).toContain("reusable_status");
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: "{not json" }), 400, "invalid_parameter");
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ invoice: "I".repeat(65) }) }), 400, "invalid_parameter");
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ info: { expired_time: 1.5 } }) }), 400, "invalid_parameter");
    expect(await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ customer: {} }) }), 400, "invalid_parameter")).toBe(
      "customer.name is required",
    );
    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ amount: 9_999 }) }), 400, "invalid_amount");
    // Rp 3.000.000 is over Alfa's cap but within Indomaret's.
    await expectError(await signedCall("POST", DOKU_ALFA_PLUGIN_PATH, { body: codeRequest({ amount: 3_000_000 }) }), 400, "invalid_amount");
    expect((await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ amount: 3_000_000 }) })).status).toBe(200);
  });

  it("refuses a second code for an invoice_number", async () => {
    const invoice = uniqueReference();
    expect((await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ invoice }) })).status).toBe(200);
    await expectError(await signedCall("POST", DOKU_ALFA_PLUGIN_PATH, { body: codeRequest({ invoice }) }), 400, "duplicate_invoice_number");

    const raced = uniqueReference();
    const answers = await Promise.all([1, 2, 3].map(() => signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ invoice: raced }) })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400]);
  });

  it("answers a repeated Request-Id with the first answer under 409, and refuses it for another request", async () => {
    const requestId = crypto.randomUUID();
    const body = codeRequest();
    const first = await signedCall("POST", DOKU_INDOMARET_PATH, { body, requestId });
    const firstText = await first.text();
    const again = await signedCall("POST", DOKU_INDOMARET_PATH, { body, requestId });
    expect(again.status).toBe(409);
    expect(await again.text()).toBe(firstText);
    const invoice = (JSON.parse(body) as { order: { invoice_number: string } }).order.invoice_number;
    expect(await world.db.sandboxCharge.count({ where: { provider: "doku", merchantReference: invoice } })).toBe(1);

    await expectError(await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest(), requestId }), 409, "duplicate_request_id");
    await expectError(await signedCall("POST", DOKU_ALFA_PLUGIN_PATH, { body, requestId }), 409, "duplicate_request_id");
  });

  it("lets the adapter retry a create safely: one code, the same answer", async () => {
    const doku = world.providers.get("doku")!;
    const input: CreateChargeInput = {
      idempotencyKey: `chg_retry_${counter}`,
      reference: uniqueReference(),
      amount: 75_000,
      store: "alfamart",
      now: world.clock.now(),
      expiresAt: new Date(world.clock.now().getTime() + 45 * 60_000),
      merchantName: "Toko Gerai",
      description: "retry",
      customer: CUSTOMER,
      items: [{ name: "Kopi", unitPrice: 75_000, quantity: 1 }],
    };
    const first = await doku.createCharge(input);
    const second = await doku.createCharge(input);
    expect(first.ok && second.ok).toBe(true);
    expect(second.ok && second.value.paymentCode).toBe(first.ok && first.value.paymentCode);
    expect(await world.db.sandboxCharge.count({ where: { provider: "doku", merchantReference: input.reference } })).toBe(1);
  });

  it("works with the Alfa path from DOKU's API reference", async () => {
    const docsPath = providerPair("doku", world.buildContext, { alfaPath: DOKU_ALFA_DOCS_PATH, timeoutMs: 200 }).provider;
    const result = await docsPath.createCharge({
      idempotencyKey: `chg_docs_${counter}`,
      reference: uniqueReference(),
      amount: 20_000,
      store: "alfamart",
      now: world.clock.now(),
      expiresAt: new Date(world.clock.now().getTime() + 60 * 60_000),
      merchantName: "Toko Gerai",
      description: "docs path",
      customer: CUSTOMER,
      items: [{ name: "Teh", unitPrice: 20_000, quantity: 1 }],
    });
    expect(result).toMatchObject({ ok: true, value: { status: "pending", providerStatus: "PENDING" } });
  });

  it("finds a transaction by invoice_number or by the Request-Id that made it, and 404s otherwise", async () => {
    const requestId = crypto.randomUUID();
    const invoice = uniqueReference();
    await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest({ invoice }), requestId });
    for (const id of [invoice, requestId]) {
      const answer = await signedCall("GET", `/orders/v1/status/${id}`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({
        order: { invoice_number: invoice, amount: 50_000 },
        transaction: { status: "PENDING", original_request_id: requestId },
        service: { id: "ONLINE_TO_OFFLINE" },
      });
    }
    await expectError(await signedCall("GET", "/orders/v1/status/NO-SUCH-INVOICE"), 404, "not_found");
    await expectError(await signedCall("GET", "/orders/v2/unknown"), 404, "not_found");
  });

  it("fails over when DOKU is down and answers its own 500 in error mode", async () => {
    await setOutage(world.db, "doku", "error");
    try {
      const answer = await signedCall("POST", DOKU_INDOMARET_PATH, { body: codeRequest() });
      expect(answer.status).toBe(500);
      expect(await answer.json()).toMatchObject({ error: { code: "internal_error", type: "api_error" } });
      await setOutage(world.db, "doku", "down");
      const before = await world.db.order.count();
      const result = await createOrder(world.deps, { store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "shop", provider: "doku" });
      expect(result).toMatchObject({ ok: false, error: { code: "providers_unavailable", shopper: "provider_unavailable" } });
      expect(await world.db.order.count()).toBe(before);
    } finally {
      await setOutage(world.db, "doku", "none");
    }
  });
});

/** Headers signed for `body` on the Indomaret path (to send somewhere else or with another body). */
async function signedRequestHeaders(body: string): Promise<Headers> {
  const requestId = crypto.randomUUID();
  const timestamp = dokuTimestamp(world.clock.now());
  return new Headers({
    "Content-Type": "application/json",
    "Client-Id": clientId,
    "Request-Id": requestId,
    "Request-Timestamp": timestamp,
    Signature: dokuSignature(secretKey, { clientId, requestId, timestamp, target: DOKU_INDOMARET_PATH, digest: dokuDigest(body) }),
  });
}
