import { env } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { createOrderFromApi, listOrdersForApi } from "@/lib/merchant-api/orders";
import { getOrderDeps } from "@/lib/orders/deps";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const [deps, limits] = await Promise.all([getOrderDeps(), getRateLimits()]);
  return createOrderFromApi(deps, env().merchantApiKey, request, limits.orders);
}

export async function GET(request: Request) {
  const config = env();
  return listOrdersForApi(await getDb(), config.appUrl, config.merchantApiKey, request);
}
