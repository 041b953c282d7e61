import "server-only";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkOrderStatus } from "@/lib/orders/check-status";
import type { OrderDeps } from "@/lib/orders/deps";
import { markAttentionHandled } from "@/lib/orders/mark-handled";
import { renewPaymentCode } from "@/lib/orders/renew-code";
import { err } from "@/lib/result";
import { actorName, requireMember } from "./session";

// What staff do to an order from the console. Each checks the session and role itself, and names
// the member on whatever it writes to the order's timeline.

/** "Re-check with provider": asks the provider's status API about the order's current code. */
export async function recheckOrder(deps: OrderDeps, id: string) {
  const member = await requireMember("orders:act");
  return checkOrderStatus(deps, { id }, actorName(member));
}

/** "Cancel the code": cancels a pending order, voiding its code at the provider where it can. */
export async function cancelOrderCode(deps: OrderDeps, id: string) {
  const member = await requireMember("orders:act");
  return cancelOrder(deps, id, actorName(member));
}

/** "Issue a new code" for an expired or failed order. */
export async function issueNewCode(deps: OrderDeps, id: string) {
  const member = await requireMember("orders:act");
  const order = await deps.db.order.findUnique({ where: { id }, select: { publicId: true } });
  if (!order) return err({ code: "not_found" as const, message: `No order ${id}.` });
  return renewPaymentCode(deps, order.publicId, actorName(member));
}

/** "Mark handled": clears the order's attention flag with the member's note. */
export async function markOrderHandled(deps: OrderDeps, id: string, note: string) {
  const member = await requireMember("orders:act");
  return markAttentionHandled(deps.db, { orderId: id, note, actor: actorName(member) }, deps.now());
}
