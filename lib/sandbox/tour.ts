import type { Db } from "@/lib/db/client";

// The sandbox home's guided tour: where a newcomer stands in it, read from what they did (the
// latest order, whether it was paid, whether an order failed over), so each step links straight
// to the thing to do next. It only reads.

export interface TourOrder {
  id: string;
  publicId: string;
  reference: string;
  status: string;
  store: string;
  provider: string | null;
  paymentCode: string | null;
}

export interface TourProgress {
  /** The newest order, whoever made it. */
  latest: TourOrder | null;
  /** The newest order whose first provider failed and another issued its code. */
  failedOver: TourOrder | null;
  paidOrders: number;
}

const orderSelect = {
  id: true,
  publicId: true,
  reference: true,
  status: true,
  store: true,
  charges: { where: { paymentCode: { not: null } }, orderBy: { attempt: "desc" }, take: 1, select: { provider: true, paymentCode: true } },
} as const;

type Selected = { id: string; publicId: string; reference: string; status: string; store: string; charges: { provider: string; paymentCode: string | null }[] };

const tourOrder = (order: Selected | null): TourOrder | null =>
  order && {
    id: order.id,
    publicId: order.publicId,
    reference: order.reference,
    status: order.status,
    store: order.store,
    provider: order.charges[0]?.provider ?? null,
    paymentCode: order.charges[0]?.paymentCode ?? null,
  };

export async function readTourProgress(db: Db): Promise<TourProgress> {
  const [latest, failedOver, paidOrders] = await Promise.all([
    db.order.findFirst({ orderBy: { createdAt: "desc" }, select: orderSelect }),
    db.order.findFirst({
      where: { events: { some: { type: "charge_attempt_failed" } }, charges: { some: { paymentCode: { not: null } } } },
      orderBy: { createdAt: "desc" },
      select: orderSelect,
    }),
    db.order.count({ where: { status: "paid" } }),
  ]);
  return { latest: tourOrder(latest), failedOver: tourOrder(failedOver), paidOrders };
}
