import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { ORDER_STATUSES, STORES } from "@/lib/domain";
import { PROVIDER_IDS } from "@/lib/providers/catalog";
import { ORDER_ID_PATTERN } from "@/lib/ids";
import { CURRENT_CHARGE, paymentTotals } from "@/lib/orders/charges";
import { findOrderIds, selectOrders } from "./order-search";
import { requireMember } from "./session";

// What the merchant console reads: the orders list with its filters, and one order with its
// codes and its whole timeline (status changes, webhooks verified or rejected, raw payloads).
// Each function checks the merchant's session itself before it reads anything: a page renders
// in parallel with its layout, so the layout's check alone would not keep the data in.

const PAGE_SIZE = 25;

export const orderFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  store: z.enum(STORES).optional().catch(undefined),
  provider: z.enum(PROVIDER_IDS).optional().catch(undefined),
  attention: z.literal("1").optional().catch(undefined),
  /** Cursor: show orders created before this instant. */
  before: z.iso.datetime().optional().catch(undefined),
});
export type OrderFilters = z.infer<typeof orderFiltersSchema>;

export async function listOrders(db: Db, filters: OrderFilters) {
  await requireMember("orders:read");
  const keys = await findOrderIds(db, await selectOrders(db, filters), PAGE_SIZE + 1);
  const found = await db.order.findMany({ where: { id: { in: keys.map((key) => key.id) } }, include: { charges: CURRENT_CHARGE } });
  const byId = new Map(found.map((order) => [order.id, order]));
  const rows = keys.map((key) => byId.get(key.id)).filter((order) => order !== undefined);
  const page = rows.slice(0, PAGE_SIZE);
  return {
    orders: page.map((order) => ({
      id: order.id,
      reference: order.reference,
      customerName: order.customerName,
      amount: order.amount,
      store: order.store,
      provider: order.charges[0]?.provider ?? null,
      status: order.status,
      needsAttention: order.needsAttention,
      createdAt: order.createdAt,
    })),
    nextBefore: rows.length > PAGE_SIZE ? page.at(-1)!.createdAt.toISOString() : null,
  };
}

export type TimelineEntry =
  | {
      kind: "event";
      id: string;
      at: Date;
      type: string;
      /** The entry's facts, worded per reader by describeOrderEvent (lib/orders/timeline-text.ts). */
      data: unknown;
      /** The stored sentence of an older entry. */
      message: string | null;
      /** The console member whose action wrote it, as they were named then. */
      actor: string | null;
      fromStatus: string | null;
      toStatus: string | null;
      delivery: DeliveryView | null;
    }
  | { kind: "rejected_webhook"; id: string; at: Date; delivery: DeliveryView };

export interface DeliveryView {
  id: string;
  provider: string;
  verified: boolean;
  outcome: string;
  detail: string | null;
  rawBody: string;
  headers: unknown;
}

export async function getOrderDetail(db: Db, id: string) {
  await requireMember("orders:read");
  if (!ORDER_ID_PATTERN.test(id)) return null;
  const order = await db.order.findUnique({
    where: { id },
    include: {
      items: { orderBy: { position: "asc" } },
      charges: { orderBy: { attempt: "asc" } },
      events: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    },
  });
  if (!order) return null;
  const deliveries = await db.webhookDelivery.findMany({ where: { orderId: id }, orderBy: { receivedAt: "asc" } });
  const byId = new Map(
    deliveries.map((delivery) => [
      delivery.id,
      {
        id: delivery.id,
        provider: delivery.provider,
        verified: delivery.verified,
        outcome: delivery.outcome,
        detail: delivery.rejectionReason ?? delivery.outcomeDetail,
        rawBody: delivery.rawBody,
        headers: delivery.headers,
      } satisfies DeliveryView,
    ]),
  );
  const fromEvents: TimelineEntry[] = order.events.map((event) => ({
    kind: "event",
    id: event.id,
    at: event.at,
    type: event.type,
    data: event.data,
    message: event.message,
    actor: event.actor,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    delivery: event.deliveryId ? (byId.get(event.deliveryId) ?? null) : null,
  }));
  // Rejected deliveries never became events; they belong on the timeline all the same.
  const rejected: TimelineEntry[] = deliveries
    .filter((delivery) => !delivery.verified)
    .map((delivery) => ({ kind: "rejected_webhook", id: delivery.id, at: delivery.receivedAt, delivery: byId.get(delivery.id)! }));
  const timeline = [...fromEvents, ...rejected].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { order, timeline, payments: paymentTotals(order, order.charges) };
}
