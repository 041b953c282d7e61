import { getDatabase } from "@/lib/db/client";
import { consoleEventStream } from "@/lib/merchant-console/console-events";
import { getOrderChangeFeed } from "@/lib/orders/order-changes";

export const dynamic = "force-dynamic";

/** The open console's events: which order changed, as each change commits (lib/merchant-console/console-events.ts). */
export async function GET(request: Request) {
  const feed = await getOrderChangeFeed(getDatabase);
  return consoleEventStream(feed, request.signal);
}
