import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { enqueue } from "@/lib/jobs/queue";
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

/** Writes the notifications a timeline entry causes, with their jobs, in its transaction. */
export async function notifyOrderChange(tx: Tx, event: OrderEventInput): Promise<void> {
  for (const type of notificationsFor(event)) {
    // Raw: this runs on every payment's hot path, where a compiled model query costs more CPU.
    const id = newId("evt");
    const createdAt = event.at ?? new Date();
    await tx.$executeRaw`INSERT INTO "OrderNotification" (id, type, "orderId", "chargeId", "createdAt") VALUES (${id}, ${type}, ${event.orderId}, ${event.chargeId ?? null}, ${createdAt})`;
    await enqueue(tx, "order-notification", { notificationId: id }, { startAfter: createdAt });
  }
}
