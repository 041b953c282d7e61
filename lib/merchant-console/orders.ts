import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { ORDER_STATUSES, STORES, type OrderStatus, type Store } from "@/lib/domain";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { ORDER_ID_PATTERN } from "@/lib/ids";
import { paymentTotals } from "@/lib/orders/charges";
import { CURRENT_PROVIDER, orderKeysQuery, selectOrders } from "./order-search";
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

interface OrderListRow {
  id: string;
  reference: string;
  customerName: string;
  amount: number;
  store: Store;
  provider: ProviderId | null;
  status: OrderStatus;
  needsAttention: boolean;
  createdAt: Date;
}

export async function listOrders(db: Db, filters: OrderFilters) {
  await requireMember("orders:read");
  // One statement for the page: its keys, then the columns shown and the provider of each order's
  // current charge (lib/orders/charges.ts) for those rows only. Loading the rows and their charges
  // through Prisma's include took two more round trips, a third of the page's time on a busy server.
  const rows = await db.$queryRaw<OrderListRow[]>`
    SELECT o.id, o.reference, o."customerName", o.amount, o.store::text AS store, o.status::text AS status, o."needsAttention", o."createdAt",
      ${CURRENT_PROVIDER} AS provider
    FROM (${orderKeysQuery(await selectOrders(db, filters), PAGE_SIZE + 1)}) AS page
    JOIN "Order" o ON o.id = page.id
    ORDER BY page."createdAt" DESC, page.id DESC`;
  const page = rows.slice(0, PAGE_SIZE);
  return {
    orders: page.map((order) => ({
      id: order.id,
      reference: order.reference,
      customerName: order.customerName,
      amount: order.amount,
      store: order.store,
      provider: order.provider,
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
  // Five reads by the order's id, side by side: Prisma's include would send them one after another,
  // five round trips where one suffices (bench/results/console-at-scale.md).
  const [found, items, charges, events, deliveries] = await Promise.all([
    db.order.findUnique({ where: { id } }),
    db.orderItem.findMany({ where: { orderId: id }, orderBy: { position: "asc" } }),
    db.charge.findMany({ where: { orderId: id }, orderBy: { attempt: "asc" } }),
    db.orderEvent.findMany({ where: { orderId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    db.webhookDelivery.findMany({ where: { orderId: id }, orderBy: { receivedAt: "asc" } }),
  ]);
  if (!found) return null;
  const order = { ...found, items, charges, events };
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
