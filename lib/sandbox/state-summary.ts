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
  /** The same, for the given orders only (background jobs may touch other orders meanwhile). */
  ofOrders?: OrdersSummary;
}

export interface OrdersSummary {
  orders: number;
  charges: number;
  paymentEvents: number;
  orderEvents: number;
  lastOrderChange: string | null;
  lastChargeChange: string | null;
  statuses: string[];
  /** Simulator notifications about these orders still waiting to be sent (sandbox outbox). */
  notificationsQueued: number;
}

export async function summarizeState(db: Db, options: { orderIds?: string[] } = {}): Promise<StateSummary> {
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
    ...(options.orderIds ? { ofOrders: await summarizeOrders(db, options.orderIds) } : {}),
  };
}

async function summarizeOrders(db: Db, orderIds: string[]): Promise<OrdersSummary> {
  const byOrder = { orderId: { in: orderIds } };
  const charges = await db.charge.findMany({ where: byOrder, select: { id: true, reference: true } });
  const chargeIds = charges.map((charge) => charge.id);
  const atSimulators = await db.sandboxCharge.findMany({
    where: { merchantReference: { in: charges.map((charge) => charge.reference) } },
    select: { id: true },
  });
  const [orders, paymentEvents, orderEvents, lastOrder, lastCharge, notificationsQueued] = await Promise.all([
    db.order.findMany({ where: { id: { in: orderIds } }, select: { status: true }, orderBy: { id: "asc" } }),
    db.paymentEvent.count({ where: { chargeId: { in: chargeIds } } }),
    db.orderEvent.count({ where: byOrder }),
    db.order.aggregate({ where: { id: { in: orderIds } }, _max: { updatedAt: true } }),
    db.charge.aggregate({ where: byOrder, _max: { updatedAt: true } }),
    db.sandboxWebhook.count({ where: { chargeId: { in: atSimulators.map((charge) => charge.id) }, status: "pending" } }),
  ]);
  return {
    orders: orders.length,
    charges: chargeIds.length,
    paymentEvents,
    orderEvents,
    lastOrderChange: lastOrder._max.updatedAt?.toISOString() ?? null,
    lastChargeChange: lastCharge._max.updatedAt?.toISOString() ?? null,
    statuses: orders.map((order) => order.status),
    notificationsQueued,
  };
}
