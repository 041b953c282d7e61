import type { Db } from "@/lib/db/client";
import type { ProviderId, Store } from "@/lib/domain";
import { deliverDueWebhooks, type DeliveryReport } from "./outbox";
import type { CashierAction, CashierCharge, ProviderSimulator } from "./types";

// The store till, shared by every simulator: find a code at a store, and press what a cashier
// (or the provider's test dashboard) can press. The provider's notification goes out at once.

function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

export async function lookupCode(
  db: Db,
  simulators: ReadonlyMap<ProviderId, ProviderSimulator>,
  query: { store: Store; code: string; provider?: ProviderId },
  now: Date,
): Promise<CashierCharge[]> {
  const code = normaliseCode(query.code);
  if (!code) return [];
  const rows = await db.sandboxCharge.findMany({
    where: { store: query.store, paymentCode: code, ...(query.provider ? { provider: query.provider } : {}) },
    orderBy: { createdAt: "desc" },
  });
  return rows.flatMap((row) => {
    const simulator = simulators.get(row.provider as ProviderId);
    return simulator ? [simulator.describe(row, now)] : [];
  });
}

export type CashierResult = { ok: true; deliveries: DeliveryReport[] } | { ok: false; error: string };

export async function performCashierAction(
  db: Db,
  simulators: ReadonlyMap<ProviderId, ProviderSimulator>,
  request: { provider: ProviderId; chargeId: string; action: CashierAction },
  now: Date,
  fetchImpl?: typeof fetch,
): Promise<CashierResult> {
  const simulator = simulators.get(request.provider);
  const charge = await db.sandboxCharge.findFirst({ where: { id: request.chargeId, provider: request.provider } });
  if (!simulator || !charge) return { ok: false, error: "No such code at this provider." };
  if (!simulator.describe(charge, now).actions.includes(request.action)) {
    return { ok: false, error: `"${request.action}" is not possible for this code now.` };
  }
  const result = await simulator.perform(request.action, charge);
  if (!result.ok) return result;
  const queued = await db.sandboxWebhook.findMany({
    where: { chargeId: charge.id, status: "pending" },
    select: { id: true },
  });
  const deliveries = await deliverDueWebhooks(db, simulators, new Date(Math.max(now.getTime(), Date.now())), {
    onlyIds: queued.map((row) => row.id),
    fetchImpl,
  });
  return { ok: true, deliveries };
}

export async function recentDeliveries(db: Db, chargeId: string) {
  return db.sandboxWebhook.findMany({ where: { chargeId }, orderBy: { createdAt: "desc" }, take: 10 });
}
