import { env } from "@/lib/env";
import { readLimitedText } from "@/lib/http/read-limited-body";
import { getOrderDeps } from "@/lib/orders/deps";
import { MAX_WEBHOOK_BODY_BYTES, receiveWebhook } from "@/lib/orders/ingest-webhook";
import { refuseWebhookOverLimit } from "@/lib/rate-limit/rate-limits";

export const dynamic = "force-dynamic";

/** One route for every provider: the raw body first (size-capped), then the shared use case. */
export async function POST(request: Request, context: { params: Promise<{ provider: string }> }) {
  const tooMany = await refuseWebhookOverLimit(request, context.params); // the provider retries a 429
  if (tooMany) return tooMany;
  const { provider } = await context.params;
  const body = await readLimitedText(request, MAX_WEBHOOK_BODY_BYTES);
  if (!body.ok) return Response.json({ error: body.error.message }, { status: body.error.status });
  const receivedAt = new Date();
  try {
    return await receiveWebhook(await getOrderDeps(), provider, {
      rawBody: body.value,
      headers: request.headers,
      // The path as registered with the provider (DOKU signs it), not as a proxy may rewrite it.
      path: `${new URL(env().appUrl).pathname.replace(/\/$/, "")}/api/webhooks/${provider}`,
      receivedAt,
    });
  } catch (error) {
    // The provider retries a 5xx; a delivery already stored is reprocessed by the jobs.
    console.error(`webhook from ${provider} failed`, error);
    return Response.json({ error: "temporarily unable to process" }, { status: 500 });
  }
}
