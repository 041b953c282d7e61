import { Webhook } from "standardwebhooks";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { enqueue } from "@/lib/jobs/queue";
import { findOrderResource } from "@/lib/merchant-api/orders";
import { postToEndpoint } from "./outgoing-request";

// Order notifications on their way to the merchant's endpoints. A notification (written with the
// order change, lib/orders/order-notifications.ts) fans out into one delivery per endpoint that
// takes its type; each delivery is attempted by a `merchant-webhook` job until an endpoint answers
// 2xx, on the schedule below (over three and a half days), every attempt recorded. The body is
// signed per Standard Webhooks with the endpoint's secret; `webhook-id` is the notification's id,
// the same on every attempt and for every endpoint, so a receiver can drop what it has seen.

/** Waits before each automatic retry: 11 attempts over 3 days and 17 hours. */
export const RETRY_SCHEDULE_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  24 * 3_600_000,
  24 * 3_600_000,
];
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** A claimed attempt whose worker died is attempted again after this. */
const LEASE_MS = 60_000;
const USER_AGENT = "Gerai-Webhooks/1.0";

export interface DeliveryDeps {
  db: Db;
  appUrl: string;
  allowedHosts: readonly string[];
  now: () => Date;
  timeoutMs?: number;
}

/** The `order-notification` job: one delivery per endpoint that takes the type, each with its job. */
export async function fanOutNotification(deps: DeliveryDeps, notificationId: string): Promise<{ deliveries: number }> {
  const { db } = deps;
  const notification = await db.orderNotification.findUnique({ where: { id: notificationId } });
  if (!notification) return { deliveries: 0 };
  const endpoints = await db.merchantWebhookEndpoint.findMany({
    where: { enabled: true, eventTypes: { has: notification.type } },
    select: { id: true },
  });
  let created = 0;
  for (const endpoint of endpoints) {
    // A retried fan-out finds the delivery already there (one per notification and endpoint).
    await db.$transaction(async (tx) => {
      const existing = await tx.merchantWebhookDelivery.findUnique({
        where: { notificationId_endpointId: { notificationId, endpointId: endpoint.id } },
        select: { id: true },
      });
      if (existing) return;
      const delivery = await tx.merchantWebhookDelivery.create({
        data: { id: newId("whdl"), notificationId, endpointId: endpoint.id, nextAttemptAt: deps.now() },
      });
      await enqueue(tx, "merchant-webhook", { deliveryId: delivery.id, manual: false }, { startAfter: deps.now() });
      created += 1;
    });
  }
  return { deliveries: created };
}

export type AttemptResult = "delivered" | "retry" | "failed" | "not_due";

/**
 * The `merchant-webhook` job: one attempt. A scheduled attempt runs only when the delivery is
 * due; a manual one (resend) whenever, outside the schedule.
 */
export async function attemptDelivery(deps: DeliveryDeps, job: { deliveryId: string; manual: boolean }): Promise<AttemptResult> {
  const { db } = deps;
  const now = deps.now();
  // Claim the attempt with a lease, so that two workers never send it twice at once.
  const claimed = await db.merchantWebhookDelivery.updateMany({
    where: {
      id: job.deliveryId,
      OR: [{ leasedUntil: null }, { leasedUntil: { lte: now } }],
      ...(job.manual ? {} : { status: "pending", nextAttemptAt: { lte: now } }),
    },
    data: { leasedUntil: new Date(now.getTime() + LEASE_MS) },
  });
  if (claimed.count !== 1) return "not_due";
  const delivery = await db.merchantWebhookDelivery.findUniqueOrThrow({
    where: { id: job.deliveryId },
    include: { endpoint: true, notification: true },
  });
  const { endpoint, notification } = delivery;
  if (!endpoint.enabled && !job.manual) {
    await db.merchantWebhookDelivery.update({
      where: { id: delivery.id },
      data: { status: "failed", nextAttemptAt: null, leasedUntil: null, lastError: "the endpoint is disabled" },
    });
    return "failed";
  }

  const order = await findOrderResource(db, deps.appUrl, notification.orderId);
  const body = JSON.stringify({
    id: notification.id,
    type: notification.type,
    created_at: notification.createdAt.toISOString(),
    data: { order: order ?? { id: notification.orderId } },
  });
  const headers = {
    "Content-Type": "application/json",
    "User-Agent": USER_AGENT,
    "webhook-id": notification.id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(endpoint.secret).sign(notification.id, now, body),
  };
  const startedAt = performance.now();
  let status: number | undefined;
  let responseBody: string | undefined;
  let error: string | undefined;
  try {
    const answer = await postToEndpoint(new URL(endpoint.url), body, headers, { timeoutMs: deps.timeoutMs ?? ATTEMPT_TIMEOUT_MS, allowedHosts: deps.allowedHosts });
    status = answer.status;
    responseBody = answer.body;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const durationMs = Math.round(performance.now() - startedAt);
  const delivered = status !== undefined && status >= 200 && status < 300;
  const attempts = delivery.attempts + (job.manual ? 0 : 1);
  const wait = RETRY_SCHEDULE_MS[attempts - 1];
  // A manual attempt that fails leaves the delivery where the schedule had it.
  const outcome: AttemptResult = delivered
    ? "delivered"
    : job.manual
      ? delivery.status === "pending"
        ? "retry"
        : "failed"
      : wait === undefined
        ? "failed"
        : "retry";
  const nextAttemptAt =
    outcome !== "retry" ? null : job.manual ? (delivery.status === "pending" ? delivery.nextAttemptAt : null) : new Date(now.getTime() + wait!);

  await db.$transaction(async (tx) => {
    await tx.merchantWebhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        at: now,
        manual: job.manual,
        requestHeaders: headers,
        requestBody: body,
        responseStatus: status ?? null,
        responseBody: responseBody ?? null,
        durationMs,
        error: error ?? null,
      },
    });
    await tx.merchantWebhookDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts,
        status: outcome === "retry" ? "pending" : outcome,
        nextAttemptAt,
        leasedUntil: null,
        lastStatus: status ?? null,
        lastError: delivered ? null : (error ?? `answered ${status}`),
        ...(delivered ? { deliveredAt: now } : {}),
      },
    });
    if (delivered) {
      await tx.merchantWebhookEndpoint.update({ where: { id: endpoint.id }, data: { lastSuccessAt: now } });
    } else if (outcome === "failed" && !job.manual && endpoint.enabled && !(endpoint.lastSuccessAt && endpoint.lastSuccessAt > delivery.createdAt)) {
      // Nothing reached it since this delivery began, more than three days ago: stop sending.
      await tx.merchantWebhookEndpoint.update({
        where: { id: endpoint.id },
        data: {
          enabled: false,
          disabledAt: now,
          disabledReason: `No delivery succeeded since ${delivery.createdAt.toISOString()}: every attempt for more than 3 days failed (last: ${error ?? `HTTP ${status}`}).`,
        },
      });
    }
    if (outcome === "retry" && !job.manual) {
      await enqueue(tx, "merchant-webhook", { deliveryId: delivery.id, manual: false }, { startAfter: nextAttemptAt! });
    }
  });
  return outcome;
}

/** Queues one attempt now for each delivery (the console's resend). */
export async function resendDeliveries(db: Db, deliveryIds: string[], now: Date): Promise<number> {
  await db.$transaction(async (tx) => {
    for (const deliveryId of deliveryIds) await enqueue(tx, "merchant-webhook", { deliveryId, manual: true }, { startAfter: now });
  });
  return deliveryIds.length;
}
