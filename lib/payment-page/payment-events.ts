import type { Db } from "@/lib/db/client";
import { eventStreamResponse } from "@/lib/http/event-stream";
import type { OrderChangeFeed } from "@/lib/orders/order-changes";
import { getPaymentVersion } from "@/lib/orders/payment-view";
import { loadPaymentView } from "./load-payment-view";

// The open payment page's stream of events (Server-Sent Events): the page's version now, then
// again each time a committed change of the order alters it, so "paid" or "expired" reaches the
// shopper within moments of the change, on whichever instance it happened. It only reads. The
// page's slow poll stays as a backstop.

export async function paymentEventStream(db: Db, feed: OrderChangeFeed, publicId: string, signal: AbortSignal): Promise<Response> {
  const view = await loadPaymentView(db, publicId);
  if (!view) return Response.json({ error: "not found" }, { status: 404 });

  return eventStreamResponse(signal, (send) => {
    let sent = view.version;
    let open = true;
    // One read at a time; a change heard during a read is read again after it.
    let reading: Promise<void> | undefined;
    let again = false;
    const reread = () => {
      if (reading) {
        again = true;
        return;
      }
      reading = (async () => {
        do {
          again = false;
          const fresh = await getPaymentVersion(db, view.orderId);
          if (fresh && fresh.version !== sent) {
            sent = fresh.version;
            send("version", fresh);
          }
        } while (again && open);
      })()
        .catch(() => undefined) // the next change, or the page's poll, tries again
        .finally(() => (reading = undefined));
    };

    send("version", { version: view.version, status: view.status });
    const unwatch = feed.watch(view.orderId, reread);
    // A change committed between the read above and the watch started would go unheard.
    reread();
    return () => {
      open = false;
      unwatch();
    };
  });
}
