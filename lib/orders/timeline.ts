import type { Tx } from "@/lib/db/client";
import type { OrderStatus } from "@/lib/domain";
import { enqueueMany } from "@/lib/jobs/queue";
import { writeShopperEmails } from "@/lib/shopper-emails/shopper-emails";
import { announceOrderChanges } from "./order-changes";
import { writeOrderNotifications } from "./order-notifications";
import type { OrderEventFacts, OrderEventType } from "./timeline-events";

// The order's timeline: what happened, when, and why — the merchant's answer to "where is my
// money". Written in the same transaction as the change it describes, with the notifications
// and emails that change causes (order-notifications.ts, lib/shopper-emails) and the word to
// whoever watches the order (order-changes.ts).

export type { OrderEventType } from "./timeline-events";

/** An entry to write: its facts (type and parameters, timeline-events.ts) and what it concerns. */
export type OrderEventInput = OrderEventFacts & {
  orderId: string;
  at?: Date;
  fromStatus?: OrderStatus;
  toStatus?: OrderStatus;
  chargeId?: string;
  deliveryId?: string;
  /** Who caused it: a console member (lib/merchant-console/session.ts actorName) or an API key (apiActorName). */
  actor?: string;
};

/**
 * Entries that only record what was heard or tried: they change nothing the shopper's page shows,
 * so its watchers are not woken for them (a webhook's arrival is followed by its own status change).
 */
const RECORD_ONLY: ReadonlySet<OrderEventType> = new Set([
  "order_created",
  "charge_attempt_failed",
  "webhook_received",
  "transition_refused",
  "issue_note",
  "recheck_unchanged",
]);

export async function recordOrderEvent(tx: Tx, event: OrderEventInput): Promise<void> {
  await recordOrderEvents(tx, [event]);
}

/**
 * Several entries at once, in the order given, with what they cause: a statement per kind of row
 * however many entries (the deadline sweep writes hundreds in one transaction), the notifications'
 * and the emails' jobs in one. createMany gives the ids (cuid) in the order given, which is how
 * entries of the same moment are shown; each order's watchers get one word for all of them.
 */
export async function recordOrderEvents(tx: Tx, events: readonly OrderEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.orderEvent.createMany({ data: events.map(({ params, ...row }) => ({ ...row, data: params })) });
  const notificationJobs = await writeOrderNotifications(tx, events);
  const emailJobs = await writeShopperEmails(tx, events);
  await enqueueMany(tx, [...notificationJobs, ...emailJobs]);
  await announceOrderChanges(
    tx,
    events.filter((event) => event.toStatus || !RECORD_ONLY.has(event.type)).map((event) => event.orderId),
  );
}
