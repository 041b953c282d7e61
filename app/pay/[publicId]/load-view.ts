import "server-only";
import { cache } from "react";
import { getOrderDeps } from "@/lib/orders/deps";
import { loadPaymentView } from "@/lib/payment-page/load-payment-view";

/** The page's view, loaded once per request: the metadata and the page share it. */
export const loadView = cache(async (publicId: string) => {
  const deps = await getOrderDeps();
  return { deps, view: await loadPaymentView(deps.db, publicId) };
});
