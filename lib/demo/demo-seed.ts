import type { OpenedDatabase } from "@/lib/db/client";
import { DEMO_OWNER } from "@/lib/console-accounts/demo-owner";
import { STORES, type Store } from "@/lib/domain";
import type { Env } from "@/lib/env";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { findCurrentCharge } from "@/lib/orders/charges";
import { createOrder } from "@/lib/orders/create-order";
import { DEADLINE_GRACE_MS, expireCodesPastDeadline } from "@/lib/orders/expire-overdue";
import { renewPaymentCode } from "@/lib/orders/renew-code";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { buildProviders } from "@/lib/providers/registry";
import type { CashierAction } from "@/lib/sandbox/types";
import { DEMO_CODE_MINUTES, DEMO_REFERENCE_PREFIX, planDemoWeek, type DemoOrderPlan } from "./demo-plan";
import { createPaymentWorld, type PaymentWorld, type ProviderPair } from "./payment-world";

// `npm run demo`: a week of orders made the way the app makes them. Each planned order
// (lib/demo/demo-plan.ts) is created by createOrder, paid, declined or expired by its provider's
// simulator at the cashier, whose signed webhooks go into the real ingestion; renewals, cancels
// and the expiry job are the app's own use cases. A clock walks through the week, so every
// timeline, charge, delivery, notification and email carries the time it would have had.

/** A reason not to seed; the script prints it as one line and exits non-zero. */
export class DemoRefusal extends Error {}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Why this process must not seed, from its environment alone (before the configuration is
 * parsed): production, or a PostgreSQL server elsewhere than this machine.
 */
export function refusalFromEnvironment(environment: Record<string, string | undefined>): string | undefined {
  if (environment.NODE_ENV === "production") return "refusing to seed demo data with NODE_ENV=production";
  const databaseUrl = environment.DATABASE_URL?.trim();
  if (!databaseUrl) return undefined;
  let host: string;
  try {
    host = new URL(databaseUrl).hostname.toLowerCase();
  } catch {
    return "refusing to seed demo data: DATABASE_URL is not a URL";
  }
  if (!LOCAL_HOSTS.has(host)) return `refusing to seed demo data into a database on ${host}: only the embedded database or a PostgreSQL on localhost`;
  return undefined;
}

export interface DemoSeedOptions {
  orders: number;
  seed: number;
  /** The end of the demo week; the seed's "now". */
  end: Date;
  /** Seed beside orders the demo did not make. */
  force: boolean;
}

export interface DemoSummary {
  orders: number;
  from: Date;
  to: Date;
  byStatus: Record<string, number>;
  byStore: Record<string, number>;
  byProvider: Record<string, number>;
  /** What the statuses alone do not show. */
  renewed: number;
  latePayments: number;
  failedOver: number;
  needsAttention: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Refuses a database that already holds demo orders, or (without `force`) anyone else's. */
async function checkDatabase(database: OpenedDatabase, force: boolean): Promise<void> {
  const [all, demo] = await Promise.all([
    database.db.order.count(),
    database.db.order.count({ where: { reference: { startsWith: DEMO_REFERENCE_PREFIX } } }),
  ]);
  if (demo > 0) {
    throw new DemoRefusal(`the database already holds ${demo} demo orders: delete its data directory (PGLITE_DATA_DIR) to seed again`);
  }
  if (all > 0 && !force) {
    throw new DemoRefusal(`the database holds ${all} orders the demo did not make: use an empty one, or pass --force to add the demo week beside them`);
  }
}

/** The demo pays codes only at the simulators: every provider must be on its own. */
function checkProviders(config: Env): void {
  const elsewhere = PROVIDER_IDS.filter((id) => config.providers[id]?.environment !== "simulator");
  if (!config.sandbox.enabled || elsewhere.length > 0) {
    throw new DemoRefusal(`the demo needs the sandbox on and every provider on its simulator (not: ${elsewhere.join(", ") || "sandbox"})`);
  }
}

async function buildDemoWorld(database: OpenedDatabase, config: Env, start: Date): Promise<PaymentWorld> {
  // On demand, as everywhere outside lib/sandbox (lib/sandbox/module-boundaries.test.ts).
  const { buildSimulators } = await import("@/lib/sandbox/registry");
  return createPaymentWorld(
    (context) => {
      const adapters = buildProviders(config, context.fetch, context.simulatorContext.now);
      const simulators = buildSimulators(context.simulatorContext, config.providers);
      return PROVIDER_IDS.map((id): ProviderPair => ({ provider: adapters.get(id)!, simulator: simulators.get(id)! }));
    },
    {
      database,
      appUrl: config.appUrl,
      merchantName: config.merchantName,
      timeoutMs: config.providerTimeoutMs,
      defaultExpiryMinutes: DEMO_CODE_MINUTES,
      routing: config.routing,
      start,
      // The sandbox's test mode lets a checkout pin its provider: the week spreads over all five.
      allowProviderChoice: true,
    },
  );
}

interface Step {
  at: Date;
  run(): Promise<void>;
}

export async function seedDemoWeek(database: OpenedDatabase, config: Env, options: DemoSeedOptions): Promise<DemoSummary> {
  checkProviders(config);
  await checkDatabase(database, options.force);
  const plans = planDemoWeek({ orders: options.orders, seed: options.seed, end: options.end, routing: config.routing });
  const weekStart = new Date(options.end.getTime() - 7 * 24 * HOUR);
  const world = await buildDemoWorld(database, config, weekStart);
  const outages = await import("@/lib/sandbox/outage");

  const steps = plans.flatMap((plan) => stepsOf(world, outages, plan));
  // Stable: one order's steps keep their order when two fall on the same second.
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());

  // The providers' own expiry and the app's expiry job, as the running app does them on a schedule.
  const sweep = async () => {
    for (const simulator of world.simulators.values()) await simulator.expireOverdue(world.clock.now());
    await world.deliverWebhooks();
    await expireCodesPastDeadline(world.webhookDeps);
  };
  let nextSweep = weekStart.getTime() + HOUR;
  const sweepUntil = async (until: number) => {
    for (; nextSweep <= until; nextSweep += HOUR) {
      world.clock.set(new Date(nextSweep));
      await sweep();
    }
  };
  for (const step of steps) {
    await sweepUntil(step.at.getTime());
    world.clock.set(step.at);
    await step.run();
    await world.deliverWebhooks();
  }
  await sweepUntil(options.end.getTime());
  world.clock.set(options.end);
  await sweep();
  return summarize(database, weekStart, options.end);
}

/** What happens to one planned order, each thing at its time. */
function stepsOf(world: PaymentWorld, { getOutage, setOutage }: typeof import("@/lib/sandbox/outage"), plan: DemoOrderPlan): Step[] {
  let orderId = "";
  let publicId = "";

  const create = async () => {
    const failover = plan.scenario === "failed_over" ? world.deps.routing[plan.store][0] : undefined;
    const before = failover && (await getOutage(world.db, failover));
    if (failover) await setOutage(world.db, failover, "down");
    try {
      const created = await createOrder(world.deps, {
        reference: plan.reference,
        store: plan.store,
        customer: plan.customer,
        items: plan.items,
        source: plan.source,
        locale: plan.locale,
        provider: plan.provider,
        expiryMinutes: DEMO_CODE_MINUTES,
      });
      if (!created.ok) throw new Error(`demo order ${plan.reference} was not created: ${JSON.stringify(created.error)}`);
      orderId = created.value.id;
      publicId = created.value.publicId;
    } finally {
      if (failover) await setOutage(world.db, failover, before || "none");
    }
  };

  /** The order's latest code at its provider's simulator. */
  const sandboxCharge = async () => {
    const charge = await findCurrentCharge(world.db, orderId);
    if (!charge?.paymentCode) throw new Error(`demo order ${plan.reference} has no code`);
    return world.db.sandboxCharge.findFirstOrThrow({ where: { provider: charge.provider, paymentCode: charge.paymentCode } });
  };
  const atCashier = async (action: CashierAction) => {
    const charge = await sandboxCharge();
    const done = await world.simulators.get(charge.provider as ProviderId)!.perform(action, charge);
    if (!done.ok) throw new Error(`demo order ${plan.reference}: the ${charge.provider} cashier could not ${action}: ${done.error}`);
  };
  const renew = async () => {
    // The code has run out by now; the expiry may not have been swept yet this hour.
    for (const simulator of world.simulators.values()) await simulator.expireOverdue(world.clock.now());
    await world.deliverWebhooks();
    await expireCodesPastDeadline(world.webhookDeps, { orderId });
    const renewed = await renewPaymentCode(world.deps, publicId);
    if (!renewed.ok) throw new Error(`demo order ${plan.reference} was not renewed: ${JSON.stringify(renewed.error)}`);
  };
  const cancel = async () => {
    const cancelled = await cancelOrder(world.deps, orderId);
    if (!cancelled.ok) throw new Error(`demo order ${plan.reference} was not cancelled: ${JSON.stringify(cancelled.error)}`);
  };

  const at = (index: number) => plan.later[index]!;
  const steps: Step[] = [{ at: plan.createdAt, run: create }];
  const then = (when: Date, run: () => Promise<void>) => steps.push({ at: when, run });
  switch (plan.scenario) {
    case "paid":
    case "failed_over":
      if (plan.later.length) then(at(0), () => atCashier("pay"));
      break;
    case "pending":
    case "expired":
      break;
    case "renewed_paid":
      then(at(0), renew);
      then(at(1), () => atCashier("pay"));
      break;
    case "renewed_open":
      then(at(0), renew);
      break;
    case "late_payment": {
      // The shopper pays from a screenshot at a till that still takes the code after its
      // deadline; our expiry job could not reach the provider then and expired it on our side.
      const deadline = plan.createdAt.getTime() + DEMO_CODE_MINUTES * MINUTE;
      // Just before the deadline, so neither side has expired the code yet, and so late that no
      // status answer in between can carry the provider's new deadline into our charge.
      then(new Date(deadline - 1_000), async () => {
        const charge = await sandboxCharge();
        await world.db.sandboxCharge.update({ where: { id: charge.id }, data: { expiresAt: new Date(charge.expiresAt.getTime() + 2 * 24 * HOUR) } });
      });
      then(new Date(deadline + DEADLINE_GRACE_MS + 1_000), async () => {
        const provider = (await sandboxCharge()).provider as ProviderId;
        const before = await getOutage(world.db, provider);
        await setOutage(world.db, provider, "down");
        try {
          await expireCodesPastDeadline(world.webhookDeps, { orderId });
        } finally {
          await setOutage(world.db, provider, before);
        }
      });
      then(at(0), () => atCashier("pay"));
      break;
    }
    case "underpaid":
      // The provider's record says the till took less: its notification reports that amount.
      then(at(0), async () => {
        const charge = await sandboxCharge();
        await world.db.sandboxCharge.update({ where: { id: charge.id }, data: { amount: charge.amount - plan.shortBy! } });
        await atCashier("pay");
      });
      break;
    case "reversed":
      then(at(0), () => atCashier("pay"));
      then(at(1), () => atCashier("deny"));
      break;
    case "cancelled":
      then(at(0), cancel);
      break;
    case "failed":
      then(at(0), () => atCashier("fail"));
      break;
  }
  return steps;
}

const tally = (values: readonly string[]) =>
  values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});

async function summarize(database: OpenedDatabase, from: Date, to: Date): Promise<DemoSummary> {
  const orders = await database.db.order.findMany({
    where: { reference: { startsWith: DEMO_REFERENCE_PREFIX } },
    select: {
      status: true,
      store: true,
      needsAttention: true,
      charges: { select: { attempt: true, provider: true, status: true } },
      events: { select: { type: true } },
    },
  });
  const providerOf = (charges: (typeof orders)[number]["charges"]) =>
    charges.filter((charge) => charge.status !== "not_issued").sort((a, b) => b.attempt - a.attempt)[0]?.provider ?? "none";
  return {
    orders: orders.length,
    from,
    to,
    byStatus: tally(orders.map((order) => order.status)),
    byStore: tally(orders.map((order) => order.store)),
    byProvider: tally(orders.map((order) => providerOf(order.charges))),
    renewed: orders.filter((order) => order.events.some((event) => event.type === "code_renewed")).length,
    latePayments: orders.filter((order) => order.events.some((event) => event.type === "late_payment")).length,
    failedOver: orders.filter((order) => order.charges.some((charge) => charge.status === "not_issued")).length,
    needsAttention: orders.filter((order) => order.needsAttention).length,
  };
}

export function formatSummary(summary: DemoSummary, where: { appUrl: string; consolePassword: string }): string {
  const line = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
  const stores: Record<Store, number> = Object.fromEntries(STORES.map((store) => [store, summary.byStore[store] ?? 0])) as Record<Store, number>;
  return [
    `Demo week seeded: ${summary.orders} orders from ${summary.from.toISOString()} to ${summary.to.toISOString()}.`,
    `  by status:   ${line(summary.byStatus)}`,
    `  and also:    renewed ${summary.renewed}, late payment ${summary.latePayments}, failed over ${summary.failedOver}, needs attention ${summary.needsAttention}`,
    `  by store:    ${line(stores)}`,
    `  by provider: ${line(summary.byProvider)}`,
    `Look at it: npm run dev, then ${where.appUrl}/merchant (${DEMO_OWNER.email}, password ${where.consolePassword}).`,
  ].join("\n");
}
