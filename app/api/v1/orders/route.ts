import { env } from "@/lib/env";
import { createOrderFromApi } from "@/lib/merchant-api/orders";
import { getOrderDeps } from "@/lib/orders/deps";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return createOrderFromApi(await getOrderDeps(), env().merchantApiKey, request);
}
