import type { ProviderId } from "@/lib/domain";
import { err, ok, type Result } from "@/lib/result";
import { addMinutes } from "@/lib/time";
import type { OrderDeps } from "./deps";
import { findEarlierCalls, issueCharge, type IssueError } from "./issue-charge";
import { canRenewCode } from "./order-status";
import { recordOrderEvents } from "./timeline";
import { forgetCalls, storeAttempts } from "./create-order";
import { currentChargeOf } from "./charges";

// A shopper whose code expired (or failed) asks for a new one for the same order, or the merchant
// asks for them (the API, the console). The new code is a new charge, issued with the order's own
// code lifetime; the order goes back to pending.

export type RenewError =
  | IssueError
  | { code: "not_found"; message: string }
  | { code: "cannot_renew"; message: string };

/** `actor`: who asked for it (a console member, an API key), named on the code_renewed entry. */
export async function renewPaymentCode(deps: OrderDeps, publicId: string, actor?: string): Promise<Result<{ paymentCode: string }, RenewError>> {
  const order = await deps.db.order.findUnique({
    where: { publicId },
    include: { items: { orderBy: { position: "asc" } }, charges: { orderBy: { attempt: "asc" } } },
  });
  if (!order) return err({ code: "not_found", message: "No such order." });
  if (!canRenewCode(order.status)) {
    return err({ code: "cannot_renew", message: `A ${order.status} order cannot get a new code.` });
  }
  const now = deps.now();
  const lastIssued = currentChargeOf(order.charges);
  const result = await issueCharge(deps, {
    orderReference: order.reference,
    earlier: await findEarlierCalls(deps.db, order.reference),
    firstAttempt: (order.charges.at(-1)?.attempt ?? 0) + 1,
    store: order.store,
    amount: order.amount,
    expiresAt: addMinutes(now, order.expiryMinutes),
    customer: { name: order.customerName, email: order.customerEmail, phone: order.customerPhone },
    items: order.items,
    description: order.description,
    // A code that failed at one provider is better asked of another first.
    exclude: order.status === "failed" && lastIssued ? [lastIssued.provider as ProviderId] : [],
  });
  if (!result.ok) return err(result.error);

  const renewed = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${order.id} FOR UPDATE`;
    const fresh = await tx.order.findUniqueOrThrow({ where: { id: order.id } });
    // A payment may have landed while we were asking for the new code: keep the order as it is.
    if (!canRenewCode(fresh.status)) return false;
    const attempts = await storeAttempts(tx, { orderId: order.id, store: order.store, amount: order.amount, ...result });
    await forgetCalls(tx, order.reference);
    await tx.order.update({ where: { id: order.id }, data: { status: "pending" } });
    await recordOrderEvents(tx, [
      ...attempts,
      {
        orderId: order.id,
        at: now,
        type: "code_renewed",
        fromStatus: fresh.status,
        toStatus: "pending",
        chargeId: result.issued.chargeId,
        params: { previous: fresh.status === "expired" ? "expired" : "failed" },
        actor,
      },
    ]);
    return true;
  });
  if (!renewed) return err({ code: "cannot_renew", message: "The order changed while the new code was issued." });
  return ok({ paymentCode: result.issued.issued.paymentCode });
}
