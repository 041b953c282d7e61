"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** A burst of changes (a payment writes several) becomes one refresh. */
const SETTLE_MS = 300;

/**
 * Keeps a console page current: when an order changes (the console's event stream), the page
 * renders again on the server, keeping what is typed and scrolled. `orderId`: only that order's
 * changes count. The stream ends every few minutes and EventSource reconnects by itself.
 */
export function LiveRefresh({ orderId }: { orderId?: string }) {
  const router = useRouter();
  useEffect(() => {
    const events = new EventSource("/api/merchant/events");
    let pending: ReturnType<typeof setTimeout> | undefined;
    events.addEventListener("changed", (event) => {
      const changed = (JSON.parse((event as MessageEvent<string>).data) as { orderId: string | null }).orderId;
      // null: changes may have been missed (the server's listener reconnected), so look again.
      if (orderId && changed && changed !== orderId) return;
      pending ??= setTimeout(() => {
        pending = undefined;
        router.refresh();
      }, SETTLE_MS);
    });
    return () => {
      clearTimeout(pending);
      events.close();
    };
  }, [orderId, router]);
  return null;
}
