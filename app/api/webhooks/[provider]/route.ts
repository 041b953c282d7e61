import { env } from "@/lib/env";
import { getOrderDeps } from "@/lib/orders/deps";
import { receiveWebhook } from "@/lib/orders/ingest-webhook";
import { refuseWebhookOverLimit } from "@/lib/rate-limit/rate-limits";

export const dynamic = "force-dynamic";

/** One route for every provider: the raw body first, then the shared use case does the rest. */
export async function POST(request: Request, context: { params: Promise<{ provider: string }> }) {
  const tooMany = await refuseWebhookOverLimit(request, context.params); // the provider retries a 429
  if (tooMany) return tooMany;
  const rawBody = await request.text();
  const receivedAt = new Date();
  const { provider } = await context.params;
  try {
    return await receiveWebhook(await getOrderDeps(), provider, {
      rawBody,
      headers: request.headers,
      // The path as registered with the provider (DOKU signs it), not as a proxy may rewrite it.
      path: `${new URL(env().appUrl).pathname.replace(/\/$/, "")}/api/webhooks/${provider}`,
      receivedAt,
    });
  } catch (error) {
    // The provider retries a 5xx; the raw delivery is already stored when the database is up.
    console.error(`webhook from ${provider} failed`, error);
    return Response.json({ error: "temporarily unable to process" }, { status: 500 });
  }
}
