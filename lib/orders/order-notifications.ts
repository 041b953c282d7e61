import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { Prisma } from "@/lib/db/generated/prisma/client";
import type { JobRequest } from "@/lib/jobs/queue";
import type { OrderEventInput } from "./timeline";

// What the merchant's systems hear when an order changes, decided from the timeline entry that
// records the change and written in its transaction: a notification for the merchant's endpoints,
// with the job that fans it out (lib/merchant-webhooks/deliveries.ts). Committed with the change
// or not at all, so nothing is lost and nothing is sent for a change that was rolled back.

/** The event types a merchant endpoint may subscribe to. */
export const ORDER_NOTIFICATION_TYPES = [
  "order.paid",
  "order.expired",
  "order.underpaid",
  "order.cancelled",
  "order.reversed",
  "order.code_renewed",
  "order.late_payment",
] as const;
export type OrderNotificationType = (typeof ORDER_NOTIFICATION_TYPES)[number];

/** The notifications one timeline entry causes (none for most). */
export function notificationsFor(event: Pick<OrderEventInput, "type" | "toStatus">): OrderNotificationType[] {
  const types: OrderNotificationType[] = [];
  if (event.type === "late_payment") types.push("order.late_payment");
  if (event.type === "code_renewed") types.push("order.code_renewed");
  switch (event.toStatus) {
    case "paid":
      types.push("order.paid");
      break;
    case "expired":
      types.push("order.expired");
      break;
    case "underpaid":
      types.push("order.underpaid");
      break;
    case "cancelled":
      types.push("order.cancelled");
      break;
    case "reversed":
      types.push("order.reversed");
      break;
  }
  return types;
}

/**
 * Writes the notifications timeline entries cause, in their transaction, and answers their jobs:
 * the caller queues them in the same transaction (recordOrderEvents, with the emails' in one statement).
 */
export async function writeOrderNotifications(tx: Tx, events: readonly OrderEventInput[]): Promise<JobRequest<"order-notification">[]> {
  const rows = events.flatMap((event) =>
    notificationsFor(event).map((type) => ({ id: newId("evt"), type, orderId: event.orderId, chargeId: event.chargeId ?? null, createdAt: event.at ?? new Date() })),
  );
  if (rows.length === 0) return [];
  await tx.$executeRaw`INSERT INTO "OrderNotification" (id, type, "orderId", "chargeId", "createdAt") VALUES ${Prisma.join(
    rows.map((row) => Prisma.sql`(${row.id}, ${row.type}, ${row.orderId}, ${row.chargeId}, ${row.createdAt})`),
  )}`;
  return rows.map((row) => ({ queue: "order-notification", data: { notificationId: row.id }, startAfter: row.createdAt }));
}
