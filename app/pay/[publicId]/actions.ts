"use server";

import { getOrderDeps } from "@/lib/orders/deps";
import { checkAgain, renewCode } from "@/lib/payment-page/shopper-actions";

export async function checkAgainAction(publicId: string) {
  return checkAgain(await getOrderDeps(), publicId);
}

export async function renewCodeAction(publicId: string) {
  return renewCode(await getOrderDeps(), publicId);
}
