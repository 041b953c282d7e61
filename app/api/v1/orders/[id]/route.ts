import { env } from "@/lib/env";
import { getApiAuth } from "@/lib/merchant-api/api-context";
import { getOrderForApi } from "@/lib/merchant-api/orders";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const auth = await getApiAuth();
  return getOrderForApi(auth.db, env().appUrl, auth, request, id);
}
