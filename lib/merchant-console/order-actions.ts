import "server-only";
import { checkOrderStatus } from "@/lib/orders/check-status";
import type { OrderDeps } from "@/lib/orders/deps";
import { actorName, requireMember } from "./session";

// What staff do to an order from the console. Each checks the session and role itself, and names
// the member on whatever it writes to the order's timeline.

/** "Re-check with provider": asks the provider's status API about the order's current code. */
export async function recheckOrder(deps: OrderDeps, id: string) {
  const member = await requireMember("orders:act");
  return checkOrderStatus(deps, { id }, actorName(member));
}
