import { getApiAuth } from "@/lib/merchant-api/api-context";
import { renewOrderFromApi } from "@/lib/merchant-api/orders";
import { getOrderDeps } from "@/lib/orders/deps";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const [deps, auth] = await Promise.all([getOrderDeps(), getApiAuth()]);
  return renewOrderFromApi(deps, auth, request, id);
}
