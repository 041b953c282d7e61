import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { ORDER_ID_PATTERN } from "@/lib/ids";
import { openSandbox } from "@/lib/open-sandbox";

export const dynamic = "force-dynamic";

const orderIdsSchema = z.array(z.string().regex(ORDER_ID_PATTERN)).max(50);

/**
 * Row counts, for the e2e bad-input suite to prove that nothing changed: its server runs on an
 * in-memory database the test cannot open. `?order=<id>` (repeatable) adds the same for those
 * orders alone. Sandbox only (404 otherwise), read-only, counts and timestamps, no content.
 */
export async function GET(request: Request) {
  const { summarizeState } = await openSandbox();
  const orderIds = orderIdsSchema.safeParse(new URL(request.url).searchParams.getAll("order"));
  if (!orderIds.success) return Response.json({ error: "order must be order ids (at most 50)" }, { status: 400 });
  const summary = await summarizeState(await getDb(), orderIds.data.length ? { orderIds: orderIds.data } : {});
  return Response.json(summary, { headers: { "Cache-Control": "no-store" } });
}
