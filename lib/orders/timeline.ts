import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import type { OrderStatus } from "@/lib/domain";
import { queueShopperEmails } from "@/lib/shopper-emails/shopper-emails";
import { announceOrderChange } from "./order-changes";
import { notifyOrderChange } from "./order-notifications";

// The order's timeline: what happened, when, and why — the merchant's answer to "where is my
// money". Written in the same transaction as the change it describes, with the notifications
// and emails that change causes (order-notifications.ts, lib/shopper-emails) and the word to
// whoever watches the order (order-changes.ts).

export type OrderEventType =
  | "order_created"
  | "charge_issued"
  | "charge_attempt_failed"
  | "code_renewed"
  | "webhook_received"
  | "webhook_rejected"
  | "status_checked"
  | "status_changed"
  | "late_payment"
  | "duplicate_payment"
  | "payment_reversed"
  | "amount_mismatch"
  | "amount_conflict"
  | "underpaid"
  | "issue_note"
  | "currency_mismatch"
  | "charge_updated"
  | "transition_refused";

export interface OrderEventInput {
  orderId: string;
  type: OrderEventType;
  message: string;
  at?: Date;
  fromStatus?: OrderStatus;
  toStatus?: OrderStatus;
  chargeId?: string;
  deliveryId?: string;
  data?: Prisma.InputJsonValue;
  /** The console member who caused it (lib/merchant-console/session.ts actorName). */
  actor?: string;
}

/**
 * Entries that only record what was heard or tried: they change nothing the shopper's page shows,
 * so its watchers are not woken for them (a webhook's arrival is followed by its own status change).
 */
const RECORD_ONLY: ReadonlySet<OrderEventType> = new Set([
  "order_created",
  "charge_attempt_failed",
  "webhook_received",
  "webhook_rejected",
  "status_checked",
  "transition_refused",
  "issue_note",
]);

export async function recordOrderEvent(tx: Tx, event: OrderEventInput): Promise<void> {
  await tx.orderEvent.create({ data: event });
  await notifyOrderChange(tx, event);
  await queueShopperEmails(tx, event);
  if (event.toStatus || !RECORD_ONLY.has(event.type)) await announceOrderChange(tx, event.orderId);
}
