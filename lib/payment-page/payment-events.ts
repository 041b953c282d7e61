import type { Db } from "@/lib/db/client";
import type { OrderChangeFeed } from "@/lib/orders/order-changes";
import { whenStopping } from "@/lib/shutdown.mjs";
import { getPaymentVersion } from "@/lib/orders/payment-view";
import { loadPaymentView } from "./load-payment-view";

// The open payment page's stream of events (Server-Sent Events): the page's version now, then
// again each time a committed change of the order alters it, so "paid" or "expired" reaches the
// shopper within moments of the change, on whichever instance it happened. It only reads. A
// stream lasts a few minutes and ends when the instance stops; the browser's EventSource
// connects again by itself (to any instance), and the page's slow poll stays as a backstop.

const KEEP_ALIVE_MS = 20_000;
const STREAM_LIFETIME_MS = 5 * 60_000;
/** How soon the browser reconnects after a stream ends. */
const RECONNECT_MS = 1_000;

export async function paymentEventStream(db: Db, feed: OrderChangeFeed, publicId: string, signal: AbortSignal): Promise<Response> {
  const view = await loadPaymentView(db, publicId);
  if (!view) return Response.json({ error: "not found" }, { status: 404 });
  const encoder = new TextEncoder();
  let end = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let sent = view.version;
      let open = true;
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const sendVersion = (version: string, status: string) => send(`event: version\ndata: ${JSON.stringify({ version, status })}\n\n`);

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
              sendVersion(fresh.version, fresh.status);
            }
          } while (again && open);
        })()
          .catch(() => undefined) // the next change, or the page's poll, tries again
          .finally(() => (reading = undefined));
      };

      const unwatch = feed.watch(view.orderId, reread);
      const keepAlive = setInterval(() => send(": keep-alive\n\n"), KEEP_ALIVE_MS);
      const lifetime = setTimeout(() => end(), STREAM_LIFETIME_MS);
      const forgetStop = whenStopping(() => end());
      end = () => {
        if (!open) return;
        open = false;
        unwatch();
        clearInterval(keepAlive);
        clearTimeout(lifetime);
        forgetStop();
        signal.removeEventListener("abort", end);
        controller.close();
      };
      signal.addEventListener("abort", end);

      send(`retry: ${RECONNECT_MS}\n\n`);
      sendVersion(view.version, view.status);
      // A change committed between the read above and the watch started would go unheard.
      reread();
    },
    cancel() {
      end();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // nginx and other proxies would hold the events back in a buffer.
      "X-Accel-Buffering": "no",
    },
  });
}
