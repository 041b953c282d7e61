import { env } from "@/lib/env";
import { getOrderDeps } from "@/lib/orders/deps";
import { receiveWebhookRequest } from "@/lib/orders/ingest-webhook";
import { refuseWebhookOverLimit } from "@/lib/rate-limit/rate-limits";

export const dynamic = "force-dynamic";

/** One route for every provider, over the shared use case. */
export async function POST(request: Request, context: { params: Promise<{ provider: string }> }) {
  const tooMany = await refuseWebhookOverLimit(request, context.params); // the provider retries a 429
  if (tooMany) return tooMany;
  const { provider } = await context.params;
  return receiveWebhookRequest(await getOrderDeps(), provider, request, env().appUrl);
}
