"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { clientKey } from "@/lib/http/client-address";
import { getTranslator } from "@/lib/i18n/server";
import { getOrderDeps } from "@/lib/orders/deps";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";
import { parseActionArgs } from "@/lib/server-action-args";
import { placeShopOrder, type CheckoutState } from "@/lib/shop/checkout";

// (previous state, form): the state is React's and not read; placeShopOrder parses the fields.
const argsSchema = z.tuple([z.unknown(), z.instanceof(FormData)]);

/** The checkout form's action. Public: placeShopOrder parses everything it is given. */
export async function placeOrderAction(...args: unknown[]): Promise<CheckoutState> {
  const [, fields] = parseActionArgs(argsSchema, args);
  const [deps, shopper, limits, requestHeaders] = await Promise.all([getOrderDeps(), getTranslator(), getRateLimits(), headers()]);
  return placeShopOrder(deps, Object.fromEntries(fields), shopper, { limiter: limits.checkout, clientKey: clientKey(requestHeaders) });
}
