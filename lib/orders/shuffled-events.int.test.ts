import prand from "pure-rand";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrderStatus } from "@/lib/domain";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import type { CashierAction } from "@/lib/sandbox/types";
import { createWorld, CUSTOMER, fiveProviders, ITEMS, type World } from "@/test/world";
import { expireCodesPastDeadline } from "./expire-overdue";
import { createOrder } from "./create-order";
import { receiveWebhook } from "./ingest-webhook";

// Proof: SHUFFLED_ORDERS orders (default 200) over the five providers, each living one scenario
// at its provider's simulator; then every notification the providers sent, some several times,
// arrives in a shuffled order (seeded: SHUFFLE_SEED reproduces a run). The final order statuses
// and flags must equal the truth table below, written by hand from the providers' documented
// behaviour and the README, not computed by the code under test.

const ORDERS = Number(process.env.SHUFFLED_ORDERS ?? 200);
const SEED = Number(process.env.SHUFFLE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 8;

type Scenario =
  | "left unpaid"
  | "paid"
  | "paid, every notification sent three times"
  | "expired at the provider"
  | "Midtrans settlement, then deny (reversal)"
  | "Fazz paid, then completed (funds available)"
  | "paid after our deadline expired it";

const TRUTH: Record<Scenario, { status: OrderStatus; needsAttention: boolean }> = {
  "left unpaid": { status: "pending", needsAttention: false },
  paid: { status: "paid", needsAttention: false },
  "paid, every notification sent three times": { status: "paid", needsAttention: false },
  "expired at the provider": { status: "expired", needsAttention: false },
  "Midtrans settlement, then deny (reversal)": { status: "reversed", needsAttention: true },
  "Fazz paid, then completed (funds available)": { status: "paid", needsAttention: false },
  "paid after our deadline expired it": { status: "paid", needsAttention: true },
};

// Who can live which scenario: DOKU sends no expiry notification (its codes expire by our
// deadline sweep), and Monxa sets its own 48-hour deadline, so our shorter one cannot pass first.
const SCENARIOS: Record<ProviderId, Scenario[]> = {
  midtrans: ["left unpaid", "paid", "paid, every notification sent three times", "expired at the provider", "Midtrans settlement, then deny (reversal)", "paid after our deadline expired it"],
  monxa: ["left unpaid", "paid", "paid, every notification sent three times", "expired at the provider"],
  doku: ["left unpaid", "paid", "paid, every notification sent three times", "paid after our deadline expired it"],
  fazz: ["left unpaid", "paid", "paid, every notification sent three times", "expired at the provider", "Fazz paid, then completed (funds available)", "paid after our deadline expired it"],
  martis: ["left unpaid", "paid", "paid, every notification sent three times", "expired at the provider", "paid after our deadline expired it"],
};

const ACTIONS: Record<Scenario, CashierAction[]> = {
  "left unpaid": [],
  paid: ["pay"],
  "paid, every notification sent three times": ["pay"],
  "expired at the provider": ["expire"],
  "Midtrans settlement, then deny (reversal)": ["pay", "deny"],
  "Fazz paid, then completed (funds available)": ["pay", "settle"],
  "paid after our deadline expired it": ["pay"],
};

const LATE_EXPIRY_MINUTES = 10;

let world: World;

beforeAll(async () => {
  world = await createWorld(fiveProviders({ timeoutMs: 10_000 }));
});
afterAll(async () => world?.close());

/** Runs `work` over `items`, CONCURRENCY at a time, in the items' order; results in that order. */
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

interface Planned {
  id: string;
  reference: string;
  provider: ProviderId;
  paymentCode: string;
  scenario: Scenario;
}

describe(`${ORDERS} orders whose notifications arrive shuffled and repeated`, () => {
  it("end exactly as the hand-written truth table says", { timeout: 180_000 }, async () => {
    console.log(`shuffled events: seed ${SEED} (SHUFFLE_SEED=${SEED} reproduces this run), ${ORDERS} orders`);
    const rng = prand.xoroshiro128plus(SEED);
    const random = (below: number) => prand.unsafeUniformIntDistribution(0, below - 1, rng);
    const started = performance.now();

    const planned = await inParallel(
      Array.from({ length: ORDERS }, (_, i) => i),
      async (i): Promise<Planned> => {
        const provider = PROVIDER_IDS[i % PROVIDER_IDS.length]!;
        const options = SCENARIOS[provider];
        const scenario = options[Math.floor(i / PROVIDER_IDS.length) % options.length]!;
        const created = await createOrder(world.deps, {
          reference: `SHUF-${SEED}-${i}`,
          store: "indomaret",
          customer: CUSTOMER,
          items: ITEMS,
          source: "api",
          provider,
          expiryMinutes: scenario === "paid after our deadline expired it" ? LATE_EXPIRY_MINUTES : 24 * 60,
        });
        if (!created.ok) throw new Error(JSON.stringify(created.error));
        return { id: created.value.id, reference: created.value.reference, provider, paymentCode: created.value.paymentCode, scenario };
      },
    );
    const sandboxOf = (order: Planned) => world.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider, paymentCode: order.paymentCode } });

    // Our deadline passes for the late ones while their codes stay open at the provider (a till
    // that still takes a screenshot): our sweep expires them, then the shopper pays.
    world.clock.advance((LATE_EXPIRY_MINUTES + 1) * 60_000);
    for (const order of planned.filter((order) => order.scenario === "paid after our deadline expired it")) {
      await world.db.sandboxCharge.update({ where: { id: (await sandboxOf(order)).id }, data: { expiresAt: new Date("2099-01-01T00:00:00Z") } });
      expect(await expireCodesPastDeadline(world.webhookDeps, { orderId: order.id })).toBe(1);
    }

    await inParallel(planned, async (order) => {
      for (const action of ACTIONS[order.scenario]) {
        expect(await world.simulators.get(order.provider)!.perform(action, await sandboxOf(order))).toEqual({ ok: true });
      }
    });

    // Everything the providers queued, each once, three times for the scenario that says so,
    // and a further copy of about one in five others; then shuffled.
    const chargeToOrder = new Map<string, Planned>();
    for (const order of planned) chargeToOrder.set((await sandboxOf(order)).id, order);
    const queued = await world.db.sandboxWebhook.findMany({ where: { status: "pending" }, orderBy: { createdAt: "asc" } });
    const deliveries = queued.flatMap((row) => {
      const order = chargeToOrder.get(row.chargeId)!;
      const copies = order.scenario === "paid, every notification sent three times" ? 3 : random(5) === 0 ? 2 : 1;
      return Array.from({ length: copies }, () => ({ row, order }));
    });
    for (let i = deliveries.length - 1; i > 0; i -= 1) {
      const j = random(i + 1);
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }

    const answers = await inParallel(deliveries, async ({ row, order }) => {
      const url = new URL(row.url);
      const answer = await receiveWebhook(world.webhookDeps, order.provider, {
        rawBody: row.body,
        headers: new Headers(world.simulators.get(order.provider)!.signWebhook(row.body, url, world.clock.now())),
        path: url.pathname,
        receivedAt: world.clock.now(),
      });
      return answer.status;
    });
    console.log(
      `shuffled events: ${deliveries.length} deliveries of ${queued.length} notifications for ${ORDERS} orders in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(answers.filter((status) => status < 200 || status > 299)).toEqual([]);

    const finals = await world.db.order.findMany({ where: { id: { in: planned.map((order) => order.id) } }, select: { id: true, status: true, needsAttention: true } });
    const byId = new Map(finals.map((order) => [order.id, order]));
    const mismatches = planned.flatMap((order) => {
      const actual = byId.get(order.id)!;
      const expected = TRUTH[order.scenario];
      return actual.status === expected.status && actual.needsAttention === expected.needsAttention
        ? []
        : [{ reference: order.reference, provider: order.provider, scenario: order.scenario, expected, actual: { status: actual.status, needsAttention: actual.needsAttention } }];
    });
    expect(mismatches).toEqual([]);
    // Every provider lived each of its scenarios.
    const lived = new Set(planned.map((order) => `${order.provider}: ${order.scenario}`));
    for (const provider of PROVIDER_IDS) for (const scenario of SCENARIOS[provider]) expect(lived).toContain(`${provider}: ${scenario}`);
  });
});
