import { DEMO_CATALOG } from "@/lib/db/seed";
import type { Store } from "@/lib/domain";
import type { Locale } from "@/lib/i18n/catalog";
import type { ProviderId } from "@/lib/providers/catalog";
import { seededRandom } from "@/lib/seeded-random";

// What the demo week will hold, decided before anything is made: every order's time, store,
// provider, shopper, items and what happens to it. Pure and seeded, so two runs make the same
// shape; lib/demo/demo-seed.ts then plays it through the real use cases.

/** Every demo order's reference starts so; it is how the seed tells its orders from others. */
export const DEMO_REFERENCE_PREFIX = "DEMO-";

export const DEMO_SCENARIOS = [
  "paid",
  "pending",
  "expired",
  "renewed_paid",
  "renewed_open",
  "late_payment",
  "underpaid",
  "reversed",
  "failed_over",
  "cancelled",
  "failed",
] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/** Each scenario's share of the week; "paid" takes whatever the others leave. */
const SCENARIO_SHARES: Record<Exclude<DemoScenario, "paid">, number> = {
  pending: 0.08,
  expired: 0.09,
  renewed_paid: 0.05,
  renewed_open: 0.02,
  late_payment: 0.03,
  underpaid: 0.03,
  reversed: 0.03,
  failed_over: 0.06,
  cancelled: 0.04,
  failed: 0.03,
};
/** Fewer than this of a scenario would not show on the charts as a kind of thing that happens. */
const MIN_PER_SCENARIO = 2;
export const MIN_DEMO_ORDERS = 40;

/** Every code in the demo lives a day, whatever PAYMENT_EXPIRY_MINUTES says: the plan's times assume it. */
export const DEMO_CODE_MINUTES = 24 * 60;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WIB_OFFSET_MS = 7 * HOUR;

// Orders per WIB hour of the day, relative: few at night, a lunch bump, most after work.
const HOURLY_WEIGHT = [2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 11, 13, 12, 10, 10, 11, 13, 16, 20, 22, 20, 14, 6];
const MAX_HOURLY_WEIGHT = Math.max(...HOURLY_WEIGHT);

const FIRST_NAMES = [
  "Siti", "Dewi", "Rina", "Putri", "Ayu", "Fitri", "Wulan", "Indah", "Nur", "Ratna", "Lestari", "Sri", "Yuliana", "Mega",
  "Budi", "Agus", "Andi", "Rizky", "Dimas", "Fajar", "Hendra", "Joko", "Bayu", "Arief", "Yusuf", "Eko", "Teguh", "Wahyu",
];
const LAST_NAMES = [
  "Rahmawati", "Susanti", "Handayani", "Wijaya", "Santoso", "Saputra", "Pratama", "Hidayat", "Kusuma", "Nugroho",
  "Setiawan", "Permana", "Siregar", "Nasution", "Simanjuntak", "Harahap", "Lubis", "Sihombing", "Tanjung", "Wibowo",
  "Gunawan", "Hakim", "Firmansyah", "Ramadhan",
];
const MAIL_DOMAINS = ["gmail.com", "gmail.com", "gmail.com", "yahoo.co.id", "yahoo.com", "outlook.com"];
const PHONE_PREFIXES = ["0812", "0813", "0821", "0822", "0852", "0853", "0856", "0857", "0878", "0896", "0838", "0881"];

// How often each product is in a basket: the cheap groceries most, the batik cloth rarely.
const PRODUCT_WEIGHT: Record<(typeof DEMO_CATALOG)[number]["id"], number> = {
  "kopi-gayo-250": 10,
  "teh-melati-100": 9,
  "sambal-bawang": 8,
  "keripik-tempe": 9,
  "tas-anyaman-pandan": 3,
  "batik-tulis-lasem": 1,
};
// Providers whose codes live as long as asked. Monxa's live 48 h whatever is asked
// (lib/sandbox/monxa/simulator.ts), which would move the deadlines these scenarios are timed on.
const ASKED_LIFETIME_PROVIDERS = ["midtrans", "doku", "fazz", "martis"] as const;

/** The narrowest per-code limit of any provider at either store (README's table). */
const MAX_CODE_AMOUNT = 2_500_000;

export interface DemoOrderPlan {
  reference: string;
  scenario: DemoScenario;
  createdAt: Date;
  store: Store;
  /** The provider the order is pinned to; none for a failover, which goes by the store's routing. */
  provider?: ProviderId;
  source: "shop" | "api";
  locale: Locale;
  customer: { name: string; email: string; phone: string };
  items: { sku: string; name: string; unitPrice: number; quantity: number }[];
  /** When the scenario's next things happen (pay, renew, reverse, cancel …), in its own order. */
  later: Date[];
  /** An underpaid order's shortfall at the till. */
  shortBy?: number;
}

export interface DemoPlanOptions {
  orders: number;
  seed: number;
  /** The end of the week: the seed's "now". */
  end: Date;
  /** The providers an unpinned order is routed to, per store; the first is down for a failover. */
  routing: Record<Store, readonly ProviderId[]>;
}

export function scenarioCounts(orders: number): Record<DemoScenario, number> {
  if (orders < MIN_DEMO_ORDERS) throw new Error(`the demo needs at least ${MIN_DEMO_ORDERS} orders to show every state`);
  const counts = Object.fromEntries(
    Object.entries(SCENARIO_SHARES).map(([scenario, share]) => [scenario, Math.max(MIN_PER_SCENARIO, Math.round(orders * share))]),
  ) as Record<Exclude<DemoScenario, "paid">, number>;
  const others = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { paid: orders - others, ...counts };
}

export function planDemoWeek({ orders, seed, end, routing }: DemoPlanOptions): DemoOrderPlan[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (low: number, high: number) => low + random() * (high - low);
  const weekStart = end.getTime() - 7 * DAY;

  /** A shopping moment in [from, to]: more likely in the evening than at night. */
  const shoppingTime = (from: number, to: number): Date => {
    const low = Math.max(from, weekStart);
    for (let tries = 0; tries < 1000; tries++) {
      const at = between(low, to);
      const wibHour = new Date(at + WIB_OFFSET_MS).getUTCHours();
      if (random() * MAX_HOURLY_WEIGHT < HOURLY_WEIGHT[wibHour]!) return new Date(Math.floor(at / 1000) * 1000);
    }
    return new Date(Math.floor(low / 1000) * 1000);
  };
  /** How long a shopper takes to get to a till: often within hours, sometimes the next day. */
  const payDelay = () => (random() < 0.7 ? between(15 * MINUTE, 6 * HOUR) : between(6 * HOUR, 22 * HOUR));
  const code = DEMO_CODE_MINUTES * MINUTE;
  const now = end.getTime();

  const scenarios = Object.entries(scenarioCounts(orders)).flatMap(([scenario, count]) => Array<DemoScenario>(count).fill(scenario as DemoScenario));
  const plans = scenarios.map((scenario) => {
    const store: Store = random() < 0.55 ? "indomaret" : "alfamart";
    let provider: ProviderId | undefined = pick(["midtrans", "midtrans", "monxa", "doku", "fazz", "martis"] as const);
    if (["expired", "renewed_paid", "renewed_open", "late_payment"].includes(scenario)) provider = pick(ASKED_LIFETIME_PROVIDERS);
    let createdAt: Date;
    const later: number[] = [];
    switch (scenario) {
      case "paid": {
        const delay = payDelay();
        createdAt = shoppingTime(weekStart, now - delay - MINUTE);
        later.push(createdAt.getTime() + delay);
        break;
      }
      case "pending":
        // Still open at the end of the week: its day-long code has not run out.
        createdAt = shoppingTime(now - code + 2 * HOUR, now - 10 * MINUTE);
        break;
      case "expired":
        createdAt = shoppingTime(weekStart, now - code - 2 * HOUR);
        break;
      case "renewed_paid": {
        createdAt = shoppingTime(weekStart, now - 2 * code - 2 * HOUR);
        const renewAt = createdAt.getTime() + code + between(HOUR, 8 * HOUR);
        later.push(renewAt, renewAt + between(20 * MINUTE, 12 * HOUR));
        break;
      }
      case "renewed_open": {
        const renewAt = shoppingTime(now - 20 * HOUR, now - HOUR).getTime();
        createdAt = new Date(renewAt - code - between(HOUR, 3 * HOUR));
        later.push(renewAt);
        break;
      }
      case "late_payment":
        // The provider still took the cash at the till after the deadline; we had expired it.
        createdAt = shoppingTime(weekStart, now - code - 14 * HOUR);
        later.push(createdAt.getTime() + code + between(2 * HOUR, 12 * HOUR));
        break;
      case "underpaid": {
        // Providers whose notification carries the amount the till took.
        provider = pick(["midtrans", "fazz", "martis"] as const);
        const delay = payDelay();
        createdAt = shoppingTime(weekStart, now - delay - MINUTE);
        later.push(createdAt.getTime() + delay);
        break;
      }
      case "reversed": {
        // Midtrans documents an Indomaret settlement turning into a deny.
        [provider, createdAt] = ["midtrans", shoppingTime(weekStart, now - 2 * DAY)];
        const paidAt = createdAt.getTime() + payDelay();
        later.push(paidAt, paidAt + between(3 * HOUR, 24 * HOUR));
        break;
      }
      case "failed_over": {
        provider = undefined;
        const delay = payDelay();
        createdAt = shoppingTime(weekStart, now - delay - MINUTE);
        // Most are then paid at the provider that took over.
        if (random() < 0.8) later.push(createdAt.getTime() + delay);
        break;
      }
      case "cancelled":
        createdAt = shoppingTime(weekStart, now - 7 * HOUR);
        later.push(createdAt.getTime() + between(10 * MINUTE, 6 * HOUR));
        break;
      case "failed":
        // Providers whose cashier screen can decline an open code.
        provider = pick(["doku", "monxa"] as const);
        createdAt = shoppingTime(weekStart, now - 13 * HOUR);
        later.push(createdAt.getTime() + between(5 * MINUTE, 12 * HOUR));
        break;
    }
    const items = basket(random, pick);
    const amount = items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);
    return {
      scenario,
      createdAt,
      store: scenario === "reversed" ? ("indomaret" as const) : store,
      provider,
      source: random() < 0.75 ? ("shop" as const) : ("api" as const),
      locale: random() < 0.9 ? ("id" as const) : ("en" as const),
      customer: shopper(random, pick),
      items,
      later: later.map((at) => new Date(Math.floor(at / 1000) * 1000)),
      shortBy: scenario === "underpaid" ? Math.min(amount - 1_000, 500 * Math.ceil(between(2, 40))) : undefined,
    };
  });

  // A failover needs a second provider in the store's routing to take over.
  for (const plan of plans) {
    if (plan.scenario === "failed_over" && routing[plan.store].length < 2) {
      throw new Error(`a failover needs two providers in ROUTING_${plan.store.toUpperCase()} (it has ${routing[plan.store].join(", ") || "none"})`);
    }
  }

  return plans
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((plan, index) => ({ ...plan, reference: `${DEMO_REFERENCE_PREFIX}${String(index + 1).padStart(4, "0")}` }));
}

function shopper(random: () => number, pick: <T>(list: readonly T[]) => T): DemoOrderPlan["customer"] {
  const first = pick(FIRST_NAMES);
  const last = pick(LAST_NAMES);
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join("");
  const suffix = random() < 0.5 ? digits(2) : "";
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}${suffix}@${pick(MAIL_DOMAINS)}`.toLowerCase(),
    phone: `${pick(PHONE_PREFIXES)}${digits(random() < 0.6 ? 8 : 7)}`,
  };
}

function basket(random: () => number, pick: <T>(list: readonly T[]) => T): DemoOrderPlan["items"] {
  const weighted = DEMO_CATALOG.flatMap((product) => Array<typeof product>(PRODUCT_WEIGHT[product.id]).fill(product));
  const kinds = 1 + Math.floor(random() * random() * 4);
  const chosen = new Map<string, DemoOrderPlan["items"][number]>();
  let total = 0;
  while (chosen.size < kinds) {
    const product = pick(weighted);
    if (chosen.has(product.id)) continue;
    const cheap = product.price < 100_000;
    const quantity = cheap ? 1 + Math.floor(random() * random() * 4) : 1;
    if (total + product.price * quantity > MAX_CODE_AMOUNT) break;
    total += product.price * quantity;
    chosen.set(product.id, { sku: product.id, name: product.name, unitPrice: product.price, quantity });
  }
  return [...chosen.values()];
}
