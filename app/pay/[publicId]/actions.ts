"use server";

import { z } from "zod";
import { getOrderDeps } from "@/lib/orders/deps";
import { publicIdSchema } from "@/lib/payment-page/load-payment-view";
import { checkAgain, renewCode } from "@/lib/payment-page/shopper-requests";
import { parseActionArgs } from "@/lib/server-action-args";

const argsSchema = z.tuple([publicIdSchema]);

/** Bound to the page's public id: (publicId). */
export async function checkAgainAction(...args: unknown[]) {
  const [id] = parseActionArgs(argsSchema, args);
  return checkAgain(await getOrderDeps(), id);
}

/** Bound to the page's public id: (publicId). */
export async function renewCodeAction(...args: unknown[]) {
  const [id] = parseActionArgs(argsSchema, args);
  return renewCode(await getOrderDeps(), id);
}
