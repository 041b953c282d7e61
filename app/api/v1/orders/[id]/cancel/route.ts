import { env } from "@/lib/env";
import { cancelOrderFromApi } from "@/lib/merchant-api/orders";
import { getOrderDeps } from "@/lib/orders/deps";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  return cancelOrderFromApi(await getOrderDeps(), env().merchantApiKey, request, id);
}
