"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import {
  createWebhookEndpoint,
  removeWebhookEndpoint,
  resendFailedWebhookDeliveries,
  resendWebhookDelivery,
  switchWebhookEndpoint,
  type CreateEndpointResult,
} from "@/lib/merchant-console/webhook-endpoints";
import { requireMember } from "@/lib/merchant-console/session";
import { parseActionArgs } from "@/lib/server-action-args";

const id = z.string().regex(/^[A-Za-z0-9_]{1,64}$/);
const form = z.instanceof(FormData);

/** The add form (useActionState): (previous result, form data). */
export async function createEndpointAction(...args: unknown[]): Promise<CreateEndpointResult | undefined> {
  await requireMember("settings");
  const [, data] = parseActionArgs(z.tuple([z.unknown(), form]), args);
  const result = await createWebhookEndpoint(await getDb(), {
    url: data.get("url"),
    description: data.get("description") || undefined,
    event_types: data.getAll("event_types"),
  });
  if (result.ok) revalidatePath("/merchant/webhooks");
  return result;
}

/** Switch off / on, bound to (endpoint id, enabled). */
export async function switchEndpointAction(...args: unknown[]) {
  await requireMember("settings");
  const [endpointId, enabled] = parseActionArgs(z.tuple([id, z.boolean()]).rest(form), args);
  await switchWebhookEndpoint(await getDb(), endpointId, enabled);
  revalidatePath("/merchant/webhooks");
}

/** Delete, bound to the endpoint's id. */
export async function deleteEndpointAction(...args: unknown[]) {
  await requireMember("settings");
  const [endpointId] = parseActionArgs(z.tuple([id]).rest(form), args);
  await removeWebhookEndpoint(await getDb(), endpointId);
  revalidatePath("/merchant/webhooks");
}

/** "Resend", bound to (endpoint id, delivery id). */
export async function resendDeliveryAction(...args: unknown[]) {
  await requireMember("orders:act");
  const [endpointId, deliveryId] = parseActionArgs(z.tuple([id, id]).rest(form), args);
  await resendWebhookDelivery(await getDb(), endpointId, deliveryId);
  revalidatePath(`/merchant/webhooks/${endpointId}`);
}

/** "Resend all failed", bound to the endpoint's id. */
export async function resendFailedAction(...args: unknown[]) {
  await requireMember("orders:act");
  const [endpointId] = parseActionArgs(z.tuple([id]).rest(form), args);
  await resendFailedWebhookDeliveries(await getDb(), endpointId);
  revalidatePath(`/merchant/webhooks/${endpointId}`);
}
