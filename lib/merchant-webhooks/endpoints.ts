import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { MerchantWebhookEndpoint } from "@/lib/db/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { WebhookEndpointResource } from "@/lib/merchant-api/resources";
import { ORDER_NOTIFICATION_TYPES, type OrderNotificationType } from "@/lib/orders/order-notifications";
import { resendDeliveries } from "./deliveries";
import { isPublicAddress } from "./outgoing-request";

// The merchant's webhook endpoints: registered, listed, switched off and on, removed, from the
// console and the REST API alike. The signing secret (Standard Webhooks' `whsec_` + base64) is
// made here and shown once, when the endpoint is created.

export const endpointInputSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/, error: "an http(s) address" })),
  description: z.string().trim().max(200).optional(),
  event_types: z
    .array(z.enum(ORDER_NOTIFICATION_TYPES))
    .min(1, "at least one event type")
    .transform((types) => [...new Set(types)]),
});
export type EndpointInput = z.infer<typeof endpointInputSchema>;

export const endpointUpdateSchema = z.object({ enabled: z.boolean() });

export interface EndpointRules {
  production: boolean;
  allowedHosts: readonly string[];
}

/** Why Gerai may not call this address, or undefined. The delivery checks resolved addresses again. */
export function endpointUrlProblem(url: string, rules: EndpointRules): string | undefined {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const allowed = rules.allowedHosts.includes(host);
  if (parsed.username || parsed.password) return "the address may not carry a user name or password";
  if (rules.production && parsed.protocol !== "https:" && !allowed) return "the address must use https";
  if (!allowed && (host === "localhost" || (/^[\d.]+$|:/.test(host) && !isPublicAddress(host)))) {
    return `${host} is not a public address`;
  }
  return undefined;
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export async function createEndpoint(db: Db, input: EndpointInput): Promise<{ endpoint: MerchantWebhookEndpoint; secret: string }> {
  const secret = newSecret();
  const endpoint = await db.merchantWebhookEndpoint.create({
    data: { id: newId("we"), url: input.url, description: input.description || null, eventTypes: input.event_types, secret },
  });
  return { endpoint, secret };
}

export function listEndpoints(db: Db) {
  return db.merchantWebhookEndpoint.findMany({ orderBy: { createdAt: "asc" } });
}

export function findEndpoint(db: Db, id: string) {
  return db.merchantWebhookEndpoint.findUnique({ where: { id } });
}

/** Switching an endpoint on again clears Gerai's notice; deliveries that failed meanwhile stay failed until resent. */
export async function setEndpointEnabled(db: Db, id: string, enabled: boolean) {
  const changed = await db.merchantWebhookEndpoint.updateMany({
    where: { id },
    data: enabled ? { enabled, disabledAt: null, disabledReason: null } : { enabled, disabledAt: new Date(), disabledReason: null },
  });
  return changed.count === 1 ? findEndpoint(db, id) : null;
}

export async function deleteEndpoint(db: Db, id: string): Promise<boolean> {
  return (await db.merchantWebhookEndpoint.deleteMany({ where: { id } })).count === 1;
}

/** The endpoint's deliveries, newest first, each with its attempts. */
export function listDeliveries(db: Db, endpointId: string, limit = 50) {
  return db.merchantWebhookDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { notification: { select: { type: true, orderId: true, createdAt: true } }, attemptLog: { orderBy: { at: "asc" } } },
  });
}

/** Queues a new attempt for one delivery of this endpoint. */
export async function resendDelivery(db: Db, endpointId: string, deliveryId: string, now: Date): Promise<boolean> {
  const delivery = await db.merchantWebhookDelivery.findFirst({ where: { id: deliveryId, endpointId }, select: { id: true } });
  if (!delivery) return false;
  await resendDeliveries(db, [delivery.id], now);
  return true;
}

/** Queues a new attempt for every failed delivery of this endpoint; returns how many. */
export async function resendFailedDeliveries(db: Db, endpointId: string, now: Date): Promise<number> {
  const failed = await db.merchantWebhookDelivery.findMany({ where: { endpointId, status: "failed" }, select: { id: true } });
  return resendDeliveries(db, failed.map((delivery) => delivery.id), now);
}

/** An endpoint as the API shows it (never its secret, except once in the answer that creates it). */
export function endpointResource(endpoint: MerchantWebhookEndpoint): WebhookEndpointResource {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    event_types: endpoint.eventTypes as OrderNotificationType[],
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    disabled_at: endpoint.disabledAt?.toISOString() ?? null,
    created_at: endpoint.createdAt.toISOString(),
  };
}
