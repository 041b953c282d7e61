import { checkChargeStatus } from "@/lib/orders/check-status";
import { findCurrentCharge } from "@/lib/orders/charges";
import type { OrderDeps } from "@/lib/orders/deps";
import { renewPaymentCode } from "@/lib/orders/renew-code";
import { publicIdSchema } from "./load-payment-view";

// What the shopper can ask from the payment page: "I have paid, check again" and "get a new
// code". The public id arrives from the browser, so it is parsed here.

/** A shopper pressing "check again" repeatedly must not hammer the provider. */
const CHECK_AGAIN_INTERVAL_MS = 10_000;

export async function checkAgain(deps: OrderDeps, publicId: unknown): Promise<"changed" | "unchanged" | "failed"> {
  const parsed = publicIdSchema.safeParse(publicId);
  if (!parsed.success) return "failed";
  const order = await deps.db.order.findUnique({ where: { publicId: parsed.data }, select: { id: true } });
  if (!order) return "failed";
  const charge = await findCurrentCharge(deps.db, order.id);
  if (!charge) return "failed";
  if (charge.checkedAt && deps.now().getTime() - charge.checkedAt.getTime() < CHECK_AGAIN_INTERVAL_MS) return "unchanged";
  const result = await checkChargeStatus(deps, charge);
  if (!result.ok) return "failed";
  return result.value.result === "applied" ? "changed" : "unchanged";
}

export async function renewCode(deps: OrderDeps, publicId: unknown): Promise<{ ok: boolean }> {
  const parsed = publicIdSchema.safeParse(publicId);
  if (!parsed.success) return { ok: false };
  const result = await renewPaymentCode(deps, parsed.data);
  return { ok: result.ok };
}
