import { getDb } from "@/lib/db/client";
import { ordersCsvResponse } from "@/lib/merchant-console/order-export";

export const dynamic = "force-dynamic";

/** The orders list as CSV, with the list's filters, streamed (lib/merchant-console/order-export.ts). */
export async function GET(request: Request) {
  return ordersCsvResponse(getDb, new URL(request.url));
}
