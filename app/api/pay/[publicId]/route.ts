import { getOrderDeps } from "@/lib/orders/deps";
import { loadPaymentView } from "@/lib/payment-page/load-payment-view";

export const dynamic = "force-dynamic";

/** What the open payment page polls: enough to know whether to refresh, nothing private. */
export async function GET(_request: Request, context: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await context.params;
  const deps = await getOrderDeps();
  const view = await loadPaymentView(deps.db, publicId);
  if (!view) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json(
    { status: view.status, version: view.version, expiresAt: view.code?.expiresAt ?? null, serverTime: deps.now().toISOString() },
    { headers: { "Cache-Control": "no-store" } },
  );
}
