import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { ApiAuth } from "./api-keys";
import type { EndpointApiContext } from "./webhook-endpoints";

/** The API's keys, and whether this deployment's providers are simulators (test) or real (live). */
export async function getApiAuth(): Promise<ApiAuth> {
  const config = env();
  const environments = Object.values(config.providers).flatMap((provider) => (provider ? [provider.environment] : []));
  return {
    db: await getDb(),
    configuredKey: config.merchantApiKey,
    deploymentMode: environments.length > 0 && environments.every((environment) => environment === "simulator") ? "test" : "live",
  };
}

export async function getEndpointApiContext(): Promise<EndpointApiContext> {
  const config = env();
  const auth = await getApiAuth();
  return { db: auth.db, auth, production: config.production, allowedHosts: config.webhookAllowedHosts };
}
