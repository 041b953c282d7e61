import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getOrderForApi } from "@/lib/merchant-api/orders";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const config = env();
  return getOrderForApi(await getDb(), config.appUrl, config.merchantApiKey, request, id);
}
