import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { EndpointApiContext } from "./webhook-endpoints";

export async function getEndpointApiContext(): Promise<EndpointApiContext> {
  const config = env();
  return { db: await getDb(), apiKey: config.merchantApiKey, production: config.production, allowedHosts: config.webhookAllowedHosts };
}
