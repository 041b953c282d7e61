"use server";

import { z } from "zod";
import { getTranslator } from "@/lib/i18n/server";
import { getOrderDeps } from "@/lib/orders/deps";
import { parseActionArgs } from "@/lib/server-action-args";
import { placeShopOrder, type CheckoutState } from "@/lib/shop/checkout";

// The previous state is React's; only the form is read, and placeShopOrder parses its fields.
const argsSchema = z.tuple([z.unknown(), z.instanceof(FormData)]);

/** The checkout form's action. Public: placeShopOrder parses everything it is given. */
export async function placeOrderAction(previous: CheckoutState, form: FormData): Promise<CheckoutState> {
  const [, fields] = parseActionArgs(argsSchema, [previous, form]);
  const [deps, { t }] = await Promise.all([getOrderDeps(), getTranslator()]);
  return placeShopOrder(deps, Object.fromEntries(fields), t);
}
