import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import type { CreatedOrder } from "@/lib/orders/create-order";
import { recordOrderEvent } from "@/lib/orders/timeline";
import { renewPaymentCode } from "@/lib/orders/renew-code";
import { takeDueJobs, waitingJobs } from "@/test/jobs";
import { APP_URL, atCashier, createWorld, fiveProviders, placeTestOrder, type World } from "@/test/world";
import { attemptDelivery, fanOutNotification, RETRY_SCHEDULE_MS, type DeliveryDeps } from "./deliveries";
import { createEndpoint, resendFailedDeliveries } from "./endpoints";

// Order notifications delivered to a real HTTP receiver on loopback, through the job queue (the
// test plays the worker on the world's clock), signed, retried, resent, and refused where they
// must not go.

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The merchant's server: records every request and answers as `answer` says. */
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let answer: (request: Received, response: ServerResponse) => void = (_, response) => response.writeHead(200).end("ok");

let world: World;
let deps: DeliveryDeps;

beforeAll(async () => {
  receiver = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const entry = { path: request.url ?? "/", headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString() };
    received.push(entry);
    answer(entry, response);
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // Signatures carry the time they were made, which a receiver checks against its own clock.
  world = await createWorld(fiveProviders(), { allowProviderChoice: true, start: new Date() });
  deps = { db: world.db, appUrl: APP_URL, allowedHosts: ["127.0.0.1"], now: world.clock.now, timeoutMs: 1_000 };
});
afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await world?.close();
});
beforeEach(async () => {
  received.length = 0;
  answer = (_, response) => response.writeHead(200).end("ok");
  // Each test hears only about its own endpoint and orders.
  await world.db.merchantWebhookEndpoint.deleteMany();
  await takeDueJobs(world.db, "order-notification", new Date("2100-01-01"));
  await takeDueJobs(world.db, "merchant-webhook", new Date("2100-01-01"));
});

/** Plays the worker: fans out and attempts everything due now, until nothing is left. */
async function runJobs(options: Partial<DeliveryDeps> = {}) {
  const results: string[] = [];
  for (;;) {
    const notifications = await takeDueJobs(world.db, "order-notification", world.clock.now());
    for (const job of notifications) await fanOutNotification({ ...deps, ...options }, job.data.notificationId);
    const attempts = await takeDueJobs(world.db, "merchant-webhook", world.clock.now());
    for (const job of attempts) results.push(await attemptDelivery({ ...deps, ...options }, job.data));
    if (notifications.length === 0 && attempts.length === 0) return results;
  }
}

let counter = 0;
const newOrder = (provider: ProviderId = "midtrans") => placeTestOrder(world, { reference: `MWH-${Date.now()}-${(counter += 1)}`, provider });

const cashier = (order: CreatedOrder, action: "pay" | "expire") => atCashier(world, order, action);

async function endpoint(path: string, eventTypes: string[] = ["order.paid", "order.expired", "order.code_renewed"]) {
  return createEndpoint(world.db, { url: `${receiverUrl}${path}`, event_types: eventTypes as never });
}

const typesOf = (requests: Received[]) => requests.map((request) => (JSON.parse(request.body) as { type: string }).type);

describe("delivering order notifications to the merchant's endpoints", () => {
  it("delivers order.paid once, signed per Standard Webhooks, with the order as the API shows it", async () => {
    const { endpoint: registered, secret } = await endpoint("/paid", ["order.paid"]);
    const order = await newOrder();
    await cashier(order, "pay");
    expect(await runJobs()).toEqual(["delivered"]);
    await runJobs(); // nothing more
    expect(received).toHaveLength(1);
    const [request] = received;
    const event = new Webhook(secret).verify(request!.body, request!.headers) as { id: string; type: string; created_at: string; data: { order: { id: string; status: string; payment_code: string } } };
    expect(event).toMatchObject({ type: "order.paid", data: { order: { id: order.id, status: "paid", payment_code: order.paymentCode } } });
    expect(request!.headers["webhook-id"]).toBe(event.id);
    expect(event.id).toMatch(/^evt_/);
    // Forged or altered, it does not verify.
    expect(() => new Webhook(secret).verify(request!.body.replace('"paid"', '"pending"'), request!.headers)).toThrow();
    const delivery = await world.db.merchantWebhookDelivery.findFirstOrThrow({ where: { endpointId: registered.id }, include: { attemptLog: true } });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200 });
    expect(delivery.attemptLog).toHaveLength(1);
    expect(delivery.attemptLog[0]).toMatchObject({ responseStatus: 200, responseBody: "ok", requestBody: request!.body });
  });

  it("sends one order's events in the order they happened, each only to endpoints that take its type", async () => {
    await endpoint("/all");
    await endpoint("/renewals", ["order.code_renewed"]);
    const order = await newOrder();
    await cashier(order, "expire");
    await runJobs();
    const renewed = await renewPaymentCode(world.deps, order.publicId);
    expect(renewed.ok).toBe(true);
    await runJobs();
    const current = await world.db.charge.findFirstOrThrow({ where: { orderId: order.id, status: "pending" } });
    await cashier({ ...order, paymentCode: current.paymentCode!, provider: current.provider as ProviderId }, "pay");
    await runJobs();
    expect(typesOf(received.filter((request) => request.path === "/all"))).toEqual(["order.expired", "order.code_renewed", "order.paid"]);
    expect(typesOf(received.filter((request) => request.path === "/renewals"))).toEqual(["order.code_renewed"]);
    const last = JSON.parse(received.at(-1)!.body) as { data: { order: { status: string; charges: unknown[] } } };
    expect(last.data.order.status).toBe("paid");
    expect(last.data.order.charges).toHaveLength(2);
  });

  it("retries a 500 and a timeout on the schedule, with the same webhook-id, until a 2xx", async () => {
    const { endpoint: registered } = await endpoint("/flaky", ["order.paid"]);
    let calls = 0;
    answer = (_, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(500).end("boom");
      else if (calls === 2) setTimeout(() => response.writeHead(200).end("too late"), 1_500);
      else response.writeHead(204).end();
    };
    const order = await newOrder();
    await cashier(order, "pay");
    expect(await runJobs()).toEqual(["retry"]);
    // Not due before its time.
    world.clock.advance(RETRY_SCHEDULE_MS[0]! - 1_000);
    expect(await runJobs()).toEqual([]);
    world.clock.advance(1_000);
    expect(await runJobs()).toEqual(["retry"]); // the timeout
    world.clock.advance(RETRY_SCHEDULE_MS[1]!);
    expect(await runJobs()).toEqual(["delivered"]);
    const delivery = await world.db.merchantWebhookDelivery.findFirstOrThrow({ where: { endpointId: registered.id }, include: { attemptLog: { orderBy: { at: "asc" } } } });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 204 });
    expect(delivery.attemptLog.map((attempt) => [attempt.responseStatus, attempt.error?.replace(/\d+/, "N") ?? null])).toEqual([
      [500, null],
      [null, "no answer within N ms"],
      [204, null],
    ]);
    expect(new Set(received.map((request) => request.headers["webhook-id"])).size).toBe(1);
  });

  it("follows no redirect, and refuses a loopback address unless allowed", async () => {
    await endpoint("/moved", ["order.paid"]);
    answer = (request, response) => (request.path === "/moved" ? response.writeHead(302, { Location: `${receiverUrl}/elsewhere` }).end() : response.writeHead(200).end());
    const order = await newOrder();
    await cashier(order, "pay");
    expect(await runJobs()).toEqual(["retry"]);
    expect(received.map((request) => request.path)).toEqual(["/moved"]);

    await world.db.merchantWebhookEndpoint.deleteMany();
    const { endpoint: local } = await endpoint("/private", ["order.paid"]);
    const second = await newOrder();
    await cashier(second, "pay");
    expect(await runJobs({ allowedHosts: [] })).toEqual(["retry"]);
    expect(received.map((request) => request.path)).toEqual(["/moved"]);
    const delivery = await world.db.merchantWebhookDelivery.findFirstOrThrow({ where: { endpointId: local.id } });
    expect(delivery.lastError).toMatch(/127\.0\.0\.1 is not a public address|resolves to 127\.0\.0\.1/);
  });

  it("gives up after more than 3 days, disables an endpoint nothing reached, and resends what failed once it is back", async () => {
    const { endpoint: registered } = await endpoint("/down", ["order.paid"]);
    answer = (_, response) => response.writeHead(503).end("down");
    const order = await newOrder();
    await cashier(order, "pay");
    const results = [...(await runJobs())];
    for (const wait of RETRY_SCHEDULE_MS) {
      world.clock.advance(wait);
      results.push(...(await runJobs()));
    }
    expect(results).toEqual([...RETRY_SCHEDULE_MS.map(() => "retry"), "failed"]);
    expect(RETRY_SCHEDULE_MS.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThan(3 * 24 * 3_600_000);
    const disabled = await world.db.merchantWebhookEndpoint.findUniqueOrThrow({ where: { id: registered.id } });
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabledReason).toMatch(/every attempt for more than 3 days failed/);

    // Disabled: a new event makes no delivery.
    const other = await newOrder();
    await cashier(other, "pay");
    await runJobs();
    expect(await world.db.merchantWebhookDelivery.count({ where: { endpointId: registered.id } })).toBe(1);

    answer = (_, response) => response.writeHead(200).end();
    const sentBefore = received.length;
    expect(await resendFailedDeliveries(world.db, registered.id, world.clock.now())).toBe(1);
    expect(await runJobs()).toEqual(["delivered"]);
    expect(received).toHaveLength(sentBefore + 1);
    expect(received.at(-1)!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);
    const delivery = await world.db.merchantWebhookDelivery.findFirstOrThrow({ where: { endpointId: registered.id }, include: { attemptLog: true } });
    expect(delivery.status).toBe("delivered");
    expect(delivery.attemptLog.filter((attempt) => attempt.manual)).toHaveLength(1);
  });

  it("a change rolled back sends nothing", async () => {
    await endpoint("/rollback", ["order.paid"]);
    const order = await newOrder();
    const before = await waitingJobs(world.db, "order-notification");
    await expect(
      world.db.$transaction(async (tx) => {
        await recordOrderEvent(tx, {
          orderId: order.id,
          type: "status_changed",
          fromStatus: "pending",
          toStatus: "paid",
          params: { provider: "midtrans", source: "webhook", providerStatus: "settlement", paymentCode: "ROLLEDBACK", reason: { key: "payment_confirmed" } },
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await waitingJobs(world.db, "order-notification")).toEqual(before);
    expect(await world.db.orderNotification.count({ where: { orderId: order.id, type: "order.paid" } })).toBe(0);
    await runJobs();
    expect(received).toEqual([]);
  });
});
