import { env } from "@/lib/env";
import { getApiAuth } from "@/lib/merchant-api/api-context";
import { createOrderFromApi, listOrdersForApi } from "@/lib/merchant-api/orders";
import { getOrderDeps } from "@/lib/orders/deps";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const [deps, limits, auth] = await Promise.all([getOrderDeps(), getRateLimits(), getApiAuth()]);
  return createOrderFromApi(deps, auth, request, limits.orders);
}

export async function GET(request: Request) {
  const auth = await getApiAuth();
  return listOrdersForApi(auth.db, env().appUrl, auth, request);
}
