import "server-only";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import {
  createEndpoint,
  deleteEndpoint,
  endpointInputSchema,
  endpointUrlProblem,
  findEndpoint,
  listDeliveries,
  listEndpoints,
  resendDelivery,
  resendFailedDeliveries,
  setEndpointEnabled,
} from "@/lib/merchant-webhooks/endpoints";
import { fieldErrors } from "@/lib/orders/order-input";
import { requireMember } from "./session";

// The console's webhook pages: every read and change checks the session and role itself. Every
// member reads them; staff resend deliveries; only owners add, switch or delete endpoints.

export async function listWebhookEndpoints(db: Db) {
  await requireMember("orders:read");
  const [endpoints, counts] = await Promise.all([
    listEndpoints(db),
    db.merchantWebhookDelivery.groupBy({ by: ["endpointId", "status"], _count: { _all: true } }),
  ]);
  return endpoints.map((endpoint) => {
    const count = (status: string) => counts.find((row) => row.endpointId === endpoint.id && row.status === status)?._count._all ?? 0;
    return { endpoint, delivered: count("delivered"), pending: count("pending"), failed: count("failed") };
  });
}

export async function getWebhookEndpoint(db: Db, id: string) {
  await requireMember("orders:read");
  const endpoint = await findEndpoint(db, id);
  if (!endpoint) return undefined;
  const [deliveries, failed] = await Promise.all([
    listDeliveries(db, id),
    db.merchantWebhookDelivery.count({ where: { endpointId: id, status: "failed" } }),
  ]);
  return { endpoint, deliveries, failed };
}

export type CreateEndpointResult = { ok: true; url: string; secret: string } | { ok: false; fields: Record<string, string[]> };

export async function createWebhookEndpoint(db: Db, input: unknown): Promise<CreateEndpointResult> {
  await requireMember("settings");
  const parsed = endpointInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const config = env();
  const problem = endpointUrlProblem(parsed.data.url, { production: config.production, allowedHosts: config.webhookAllowedHosts });
  if (problem) return { ok: false, fields: { url: [problem] } };
  const { endpoint, secret } = await createEndpoint(db, parsed.data);
  return { ok: true, url: endpoint.url, secret };
}

export async function switchWebhookEndpoint(db: Db, id: string, enabled: boolean) {
  await requireMember("settings");
  return setEndpointEnabled(db, id, enabled);
}

export async function removeWebhookEndpoint(db: Db, id: string) {
  await requireMember("settings");
  return deleteEndpoint(db, id);
}

export async function resendWebhookDelivery(db: Db, endpointId: string, deliveryId: string) {
  await requireMember("orders:act");
  return resendDelivery(db, endpointId, deliveryId, new Date());
}

export async function resendFailedWebhookDeliveries(db: Db, endpointId: string) {
  await requireMember("orders:act");
  return resendFailedDeliveries(db, endpointId, new Date());
}
