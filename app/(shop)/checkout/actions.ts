"use server";

import { getTranslator } from "@/lib/i18n/server";
import { getOrderDeps } from "@/lib/orders/deps";
import { placeShopOrder, type CheckoutState } from "@/lib/shop/checkout";

/** The checkout form's action. Public: placeShopOrder parses everything it is given. */
export async function placeOrderAction(_previous: CheckoutState, form: FormData): Promise<CheckoutState> {
  const [deps, { t }] = await Promise.all([getOrderDeps(), getTranslator()]);
  return placeShopOrder(deps, Object.fromEntries(form), t);
}
