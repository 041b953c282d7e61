"use server";

import { headers } from "next/headers";
import { clientKey } from "@/lib/http/client-address";
import { getTranslator } from "@/lib/i18n/server";
import { getOrderDeps } from "@/lib/orders/deps";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";
import { placeShopOrder, type CheckoutState } from "@/lib/shop/checkout";

/** The checkout form's action. Public: placeShopOrder parses everything it is given. */
export async function placeOrderAction(_previous: CheckoutState, form: FormData): Promise<CheckoutState> {
  const [deps, { t }, limits, requestHeaders] = await Promise.all([getOrderDeps(), getTranslator(), getRateLimits(), headers()]);
  return placeShopOrder(deps, Object.fromEntries(form), t, { limiter: limits.checkout, clientKey: clientKey(requestHeaders) });
}
