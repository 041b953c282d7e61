import "server-only";
import { eventStreamResponse } from "@/lib/http/event-stream";
import type { OrderChangeFeed } from "@/lib/orders/order-changes";
import { memberForRoute } from "./session";

// The open console's stream of events (Server-Sent Events): the id of each order as soon as a
// change of it commits, on whichever instance, so the list and the order page show a payment
// within moments without a reload. Each event says only which order changed; the page reads the
// rest itself, through its own checks. Members who may read orders only.

export async function consoleEventStream(feed: OrderChangeFeed, signal: AbortSignal): Promise<Response> {
  const member = await memberForRoute("orders:read");
  if (member instanceof Response) return member;
  return eventStreamResponse(signal, (send) => feed.watchAll((orderId) => send("changed", { orderId: orderId ?? null })));
}
