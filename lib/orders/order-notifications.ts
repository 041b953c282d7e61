import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { enqueue } from "@/lib/jobs/queue";
import type { JobData } from "@/lib/jobs/queues";
import type { OrderEventInput } from "./timeline";

// What the outside world hears when an order changes, decided from the timeline entry that
// records the change and written in its transaction: a notification for the merchant's
// endpoints (each with its job), and an email for the shopper. Committed with the change or not
// at all, so nothing is lost and nothing is sent for a change that was rolled back.

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

type ShopperEmailKind = JobData["shopper-email"]["kind"];

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
 * The email a timeline entry sends the shopper, if any: a code (a renewal records the new code's
 * "charge_issued" too, so that one entry covers both) or the receipt.
 */
export function shopperEmailFor(event: Pick<OrderEventInput, "type" | "toStatus">): ShopperEmailKind | undefined {
  if (event.type === "charge_issued") return "code";
  if (event.toStatus === "paid") return "paid";
  return undefined;
}

/** Writes the notifications and queues the email a timeline entry causes, in its transaction. */
export async function notifyOrderChange(tx: Tx, event: OrderEventInput): Promise<void> {
  for (const type of notificationsFor(event)) {
    const notification = await tx.orderNotification.create({
      data: { id: newId("evt"), type, orderId: event.orderId, chargeId: event.chargeId ?? null, ...(event.at ? { createdAt: event.at } : {}) },
    });
    await enqueue(tx, "order-notification", { notificationId: notification.id });
  }
  const email = shopperEmailFor(event);
  if (email && event.chargeId) {
    // One email per code and kind, however often the change is seen.
    await enqueue(tx, "shopper-email", { orderId: event.orderId, chargeId: event.chargeId, kind: email }, { singletonKey: `${event.chargeId}:${email}` });
  }
}
