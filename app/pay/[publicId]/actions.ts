"use server";

import { z } from "zod";
import { getOrderDeps } from "@/lib/orders/deps";
import { checkAgain, publicIdSchema, renewCode } from "@/lib/payment-page/shopper-actions";
import { parseActionArgs } from "@/lib/server-action-args";

const argsSchema = z.tuple([publicIdSchema]);

export async function checkAgainAction(publicId: string) {
  const [id] = parseActionArgs(argsSchema, [publicId]);
  return checkAgain(await getOrderDeps(), id);
}

export async function renewCodeAction(publicId: string) {
  const [id] = parseActionArgs(argsSchema, [publicId]);
  return renewCode(await getOrderDeps(), id);
}
