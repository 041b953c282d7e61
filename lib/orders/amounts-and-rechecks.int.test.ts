import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import type { PaymentProvider } from "@/lib/providers/types";
import { takeDueJobs, waitingJobs } from "@/test/jobs";
import { APP_URL, createWorld, CUSTOMER, fiveProviders, ITEMS, ITEMS_TOTAL, testApiAuth, type World } from "@/test/world";
import { checkOrderStatus } from "./check-status";
import { createOrder, type CreatedOrder } from "./create-order";
import { receiveWebhook } from "./ingest-webhook";
import { getPaymentView } from "./payment-view";
import { recheckCharge } from "./recheck-charges";
import { NOTIFIED_CALLS_PER_WINDOW } from "./status-call-budget";

// Amounts that must match, and the re-checks and bounded status calls behind notifications,
// through the real use cases, adapters, simulators and database.
//
// A short or long payment is made the way it happens: the provider's own record of the code says
// another amount was taken (the simulator's charge row), so its notification and its status API
// both report it. An answer whose amount fields disagree is what the adapters on the adapters
// branch report as `amountConflict`; here a thin wrapper sets it on the real adapter's answer.

const statusCalls = new Map<ProviderId, number>();
const conflictFor = new Set<ProviderId>();
const CONFLICT = "amount 15400000 but amount_str 154000.00";
const notesFor = new Map<ProviderId, string[]>();

let world: World;

beforeAll(async () => {
  const build = fiveProviders({
    timeoutMs: 10_000,
    // Status look-ups are the adapters' GET requests; creating a code is a POST.
    wrapFetch: (id, fetch) => (async (input: RequestInfo | URL, init?: RequestInit) => {
      if ((init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase() === "GET") statusCalls.set(id, (statusCalls.get(id) ?? 0) + 1);
      return fetch(input, init);
    }) as typeof globalThis.fetch,
  });
  world = await createWorld((context) =>
    build(context).map((pair) => ({ ...pair, provider: withAskedForExtras(pair.provider) })),
  );
});
afterAll(async () => world?.close());

/**
 * The real adapter; while the test asks for it, its status answers carry `amountConflict` and its
 * issued codes carry notes (as the adapters branch's DOKU adapter sets them).
 */
function withAskedForExtras(provider: PaymentProvider): PaymentProvider {
  return Object.assign(Object.create(provider) as PaymentProvider, {
    async createCharge(input: Parameters<PaymentProvider["createCharge"]>[0]) {
      const answer = await provider.createCharge(input);
      const notes = notesFor.get(provider.id);
      return answer.ok && notes ? { ...answer, value: { ...answer.value, notes } } : answer;
    },
    async getCharge(lookup: Parameters<PaymentProvider["getCharge"]>[0]) {
      const answer = await provider.getCharge(lookup);
      return answer.ok && conflictFor.has(provider.id) ? { ...answer, value: { ...answer.value, amountConflict: CONFLICT } } : answer;
    },
  });
}

let counter = 0;
async function newOrder(provider: ProviderId): Promise<CreatedOrder> {
  counter += 1;
  const created = await createOrder(world.deps, {
    reference: `AMT-${provider}-${Date.now()}-${counter}`,
    store: "indomaret",
    customer: CUSTOMER,
    items: ITEMS,
    source: "api",
    provider,
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

const sandboxOf = (order: CreatedOrder) => world.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider, paymentCode: order.paymentCode } });

/** The shopper pays at the till, and the provider records `amount` as taken. */
async function payAtTill(order: CreatedOrder, amount = order.amount) {
  const sandbox = await sandboxOf(order);
  if (amount !== order.amount) await world.db.sandboxCharge.update({ where: { id: sandbox.id }, data: { amount } });
  expect(await world.simulators.get(order.provider)!.perform("pay", await sandboxOf(order))).toEqual({ ok: true });
}

const orderOf = (order: CreatedOrder) =>
  world.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { charges: true, events: { orderBy: [{ at: "asc" }, { id: "asc" }] } } });

async function apiView(order: CreatedOrder) {
  const { getOrderForApi } = await import("@/lib/merchant-api/orders");
  const answer = await getOrderForApi(world.db, APP_URL, testApiAuth(world, "key"), new Request(`${APP_URL}/api/v1/orders/${order.id}`, { headers: { authorization: "Bearer key" } }), order.id);
  return (await answer.json()) as Record<string, unknown>;
}

describe.each(["midtrans", "fazz", "martis"] as const)("%s: the confirmed amount decides", (provider) => {
  it("makes a short payment underpaid, never paid, with both amounts on the timeline and in the API", async () => {
    const order = await newOrder(provider);
    await payAtTill(order, ITEMS_TOTAL - 4_000);
    await world.deliverWebhooks();
    const stored = await orderOf(order);
    expect(stored.status).toBe("underpaid");
    expect(stored.paidAt).toBeNull();
    expect(stored.needsAttention).toBe(true);
    expect(stored.charges[0]).toMatchObject({ status: "paid", paidAmount: 150_000 });
    const line = stored.events.find((event) => event.type === "amount_mismatch")!;
    expect(line.data).toEqual({ received: 150_000, expected: 154_000 });
    expect(stored.events.filter((event) => event.toStatus === "underpaid")).toHaveLength(1);
    expect(await apiView(order)).toMatchObject({ status: "underpaid", amount: ITEMS_TOTAL, amount_received: 150_000, refund_due: 0, needs_attention: true });
    // The shopper's page does not say paid: it shows what was received against the code.
    expect(await getPaymentView(world.db, order.paymentUrl.split("/").pop()!)).toMatchObject({ status: "underpaid", amount: ITEMS_TOTAL, amountReceived: 150_000 });

    // A late or repeated answer about the same payment changes nothing and loses nothing.
    await checkOrderStatus(world.webhookDeps, { id: order.id });
    expect((await orderOf(order)).status).toBe("underpaid");
  });

  it("pays an overpaid order and flags the difference for a refund", async () => {
    const order = await newOrder(provider);
    await payAtTill(order, ITEMS_TOTAL + 6_000);
    await world.deliverWebhooks();
    const stored = await orderOf(order);
    expect(stored).toMatchObject({ status: "paid", needsAttention: true });
    expect(stored.events.find((event) => event.type === "amount_mismatch")!.data).toEqual({ received: 160_000, expected: 154_000 });
    expect(await apiView(order)).toMatchObject({ status: "paid", amount_received: 160_000, refund_due: 6_000 });
  });

  it("pays the exact amount without a flag", async () => {
    const order = await newOrder(provider);
    await payAtTill(order);
    await world.deliverWebhooks();
    expect(await orderOf(order)).toMatchObject({ status: "paid", needsAttention: false });
    expect(await apiView(order)).toMatchObject({ amount_received: ITEMS_TOTAL, refund_due: 0 });
  });
});

describe.each(["midtrans", "fazz"] as const)("%s: an answer whose amounts disagree", (provider) => {
  it("never marks the order paid, flags it with the provider's text, and a clean answer later pays it", async () => {
    const order = await newOrder(provider);
    await payAtTill(order);
    conflictFor.add(provider);
    try {
      await world.deliverWebhooks();
      await checkOrderStatus(world.webhookDeps, { id: order.id });
    } finally {
      conflictFor.delete(provider);
    }
    const flagged = await orderOf(order);
    expect(flagged).toMatchObject({ status: "pending", needsAttention: true });
    expect(flagged.charges[0]!.status).toBe("pending");
    expect(flagged.events.filter((event) => event.type === "amount_conflict").map((event) => (event.data as { conflict: string }).conflict)).toContainEqual(
      expect.stringContaining(CONFLICT),
    );

    await checkOrderStatus(world.webhookDeps, { id: order.id });
    expect((await orderOf(order)).status).toBe("paid");
  });
});

describe.each(["doku", "midtrans"] as const)("%s: a paid notification the status API does not confirm yet", (provider) => {
  it("is re-checked after 1 and 2 minutes by queued jobs, and pays once", async () => {
    const order = await newOrder(provider);
    const before = await sandboxOf(order);
    await payAtTill(order);
    const paidWord = (await sandboxOf(order)).status;
    // The provider's status API lags its notification: it still says what it said before.
    await world.db.sandboxCharge.update({ where: { id: before.id }, data: { status: before.status } });
    const notification = await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: before.id }, orderBy: { createdAt: "desc" } });
    await world.db.sandboxWebhook.updateMany({ where: { chargeId: before.id }, data: { status: "delivered" } });

    const answer = await deliver(provider, notification);
    expect(answer.status).toBeGreaterThanOrEqual(500);
    const chargeId = (await orderOf(order)).charges[0]!.id;
    const [first] = await waitingJobs(world.db, "recheck-charge", chargeId);
    expect(first).toMatchObject({ data: { chargeId, attempt: 0 }, startAfter: new Date(world.clock.now().getTime() + 60_000) });
    // The provider's retry of the notification does not push the re-check back.
    world.clock.advance(30_000);
    expect((await deliver(provider, notification)).status).toBeGreaterThanOrEqual(500);
    expect(await waitingJobs(world.db, "recheck-charge", chargeId)).toEqual([first]);

    world.clock.advance(30_000);
    const due = await takeDueJobs(world.db, "recheck-charge", world.clock.now(), chargeId);
    expect(due).toHaveLength(1);
    expect(await recheckCharge(world.webhookDeps, due[0]!.data)).toEqual({ ran: true, next: new Date(world.clock.now().getTime() + 60_000) });
    expect((await orderOf(order)).status).toBe("pending");
    // Taken by one worker: another finds nothing due until the next one falls.
    expect(await takeDueJobs(world.db, "recheck-charge", world.clock.now(), chargeId)).toEqual([]);

    await world.db.sandboxCharge.update({ where: { id: before.id }, data: { status: paidWord } });
    world.clock.advance(60_000);
    const [second] = await takeDueJobs(world.db, "recheck-charge", world.clock.now(), chargeId);
    expect(second!.data).toMatchObject({ chargeId, attempt: 1 });
    expect(await recheckCharge(world.webhookDeps, second!.data)).toEqual({ ran: true });
    const paid = await orderOf(order);
    expect(paid.status).toBe("paid");
    expect(paid.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);
    // Settled: nothing more is queued, and a stray re-check asks nobody.
    expect(await waitingJobs(world.db, "recheck-charge", chargeId)).toEqual([]);
    expect(await recheckCharge(world.webhookDeps, { chargeId, attempt: 2 })).toEqual({ ran: false });
  });
});

describe("a flood of verified replays of one notification", () => {
  it("causes a bounded number of status calls and still exactly one transition", { timeout: 120_000 }, async () => {
    const provider = "midtrans";
    const order = await newOrder(provider);
    const before = await sandboxOf(order);
    await payAtTill(order);
    const paidWord = (await sandboxOf(order)).status;
    await world.db.sandboxCharge.update({ where: { id: before.id }, data: { status: before.status } });
    const notification = await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: before.id }, orderBy: { createdAt: "desc" } });
    await world.db.sandboxWebhook.updateMany({ where: { chargeId: before.id }, data: { status: "delivered" } });

    const callsBefore = statusCalls.get(provider) ?? 0;
    let next = 0;
    const answers: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < 200) {
          next += 1;
          answers.push((await deliver(provider, notification)).status);
          if (next % 40 === 0) world.clock.advance(1_000);
        }
      }),
    );
    expect(answers).toHaveLength(200);
    const calls = (statusCalls.get(provider) ?? 0) - callsBefore;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(NOTIFIED_CALLS_PER_WINDOW);
    expect((await orderOf(order)).status).toBe("pending");
    // The replays add no rows beyond a few: each is counted on an earlier delivery of the event.
    expect(await world.db.webhookDelivery.count({ where: { orderId: order.id } })).toBeLessThanOrEqual(NOTIFIED_CALLS_PER_WINDOW);

    await world.db.sandboxCharge.update({ where: { id: before.id }, data: { status: paidWord } });
    world.clock.advance(60_000);
    const chargeId = (await orderOf(order)).charges[0]!.id;
    for (const job of await takeDueJobs(world.db, "recheck-charge", world.clock.now(), chargeId)) await recheckCharge(world.webhookDeps, job.data);
    // The provider's own retry after that is answered from the ledger or applies nothing new.
    await deliver(provider, notification);
    const paid = await orderOf(order);
    expect(paid.status).toBe("paid");
    expect(paid.events.filter((event) => event.fromStatus !== null).map((event) => [event.fromStatus, event.toStatus])).toEqual([["pending", "paid"]]);
  });
});

describe("notes on how a code was issued", () => {
  it("are written on the order's timeline with the code", async () => {
    const note = "the response signature did not match; the code DOKU issued is kept";
    notesFor.set("doku", [note]);
    try {
      const order = await newOrder("doku");
      const events = (await orderOf(order)).events;
      const issued = events.findIndex((event) => event.type === "charge_issued");
      expect(events[issued + 1]).toMatchObject({ type: "issue_note", message: null, data: { provider: "doku", detail: note } });
    } finally {
      notesFor.delete("doku");
    }
  });
});

function deliver(provider: ProviderId, notification: { body: string; url: string }) {
  const url = new URL(notification.url);
  return receiveWebhook(world.webhookDeps, provider, {
    rawBody: notification.body,
    headers: new Headers(world.simulators.get(provider)!.signWebhook(notification.body, url, world.clock.now())),
    path: url.pathname,
    receivedAt: world.clock.now(),
  });
}
