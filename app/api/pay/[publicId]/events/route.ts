import { getDatabase } from "@/lib/db/client";
import { getOrderChangeFeed } from "@/lib/orders/order-changes";
import { paymentEventStream } from "@/lib/payment-page/payment-events";

export const dynamic = "force-dynamic";

/** The open payment page's events: its version now and after each change (lib/payment-page/payment-events.ts). */
export async function GET(request: Request, context: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await context.params;
  const [{ db }, feed] = await Promise.all([getDatabase(), getOrderChangeFeed(getDatabase)]);
  return paymentEventStream(db, feed, publicId, request.signal);
}
