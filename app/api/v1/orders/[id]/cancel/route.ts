import { getApiAuth } from "@/lib/merchant-api/api-context";
import { cancelOrderFromApi } from "@/lib/merchant-api/orders";
import { getOrderDeps } from "@/lib/orders/deps";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const [deps, auth] = await Promise.all([getOrderDeps(), getApiAuth()]);
  return cancelOrderFromApi(deps, auth, request, id);
}
