import type { Db } from "@/lib/db/client";

// How much state the app holds, in numbers: what a test compares before and after throwing bad
// input at the app, to prove that nothing changed. Counts and timestamps only, no content.

export interface StateSummary {
  orders: number;
  orderItems: number;
  charges: number;
  paymentEvents: number;
  orderEvents: number;
  /** Rejected deliveries are stored too: this one may grow while nothing else does. */
  webhookDeliveries: number;
  sandboxCharges: number;
  sandboxWebhooks: number;
  /** The newest change to any order or charge; a changed row moves it. */
  lastOrderChange: string | null;
  lastChargeChange: string | null;
  outages: Record<string, string>;
}

export async function summarizeState(db: Db): Promise<StateSummary> {
  const [orders, orderItems, charges, paymentEvents, orderEvents, webhookDeliveries, sandboxCharges, sandboxWebhooks, lastOrder, lastCharge, outages] =
    await Promise.all([
      db.order.count(),
      db.orderItem.count(),
      db.charge.count(),
      db.paymentEvent.count(),
      db.orderEvent.count(),
      db.webhookDelivery.count(),
      db.sandboxCharge.count(),
      db.sandboxWebhook.count(),
      db.order.aggregate({ _max: { updatedAt: true } }),
      db.charge.aggregate({ _max: { updatedAt: true } }),
      db.sandboxProviderState.findMany({ orderBy: { provider: "asc" } }),
    ]);
  return {
    orders,
    orderItems,
    charges,
    paymentEvents,
    orderEvents,
    webhookDeliveries,
    sandboxCharges,
    sandboxWebhooks,
    lastOrderChange: lastOrder._max.updatedAt?.toISOString() ?? null,
    lastChargeChange: lastCharge._max.updatedAt?.toISOString() ?? null,
    outages: Object.fromEntries(outages.map((row) => [row.provider, row.outage])),
  };
}
