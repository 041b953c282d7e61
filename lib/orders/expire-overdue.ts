import pLimit, { type LimitFunction } from "p-limit";
import type { Charge } from "@/lib/db/generated/prisma/client";
import { applyChargeObservation } from "./apply-charge-outcome";
import { checkChargeStatus } from "./check-status";
import type { WebhookDeps } from "./ingest-webhook";

// Codes past their deadline. The providers expire their codes at the deadline we gave them and
// notify us, so as a rule a code is settled by that notification before this sweep sees it. What
// is left is asked about once (a payment may have landed at the last minute) unless the provider
// has already been asked since the deadline passed; if it still shows the code open, or cannot
// be reached, the code expires on our side, and a payment that arrives later is recorded and
// flagged as late.

/** How long after the deadline a still-pending code waits for the provider's own expiry. */
export const DEADLINE_GRACE_MS = 30_000;
/** Codes read per batch; the next batch starts as soon as this one is done. */
const BATCH_SIZE = 100;
/** Status calls in flight per provider: enough to move through a backlog, not a flood. */
const CALLS_PER_PROVIDER = 4;

export async function expireCodesPastDeadline(deps: WebhookDeps, options: { orderId?: string; limit?: number } = {}): Promise<number> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - (options.orderId ? 0 : DEADLINE_GRACE_MS));
  const limit = options.limit ?? 2000;
  const perProvider = new Map<string, LimitFunction>();
  const inTurn = (provider: string) => perProvider.get(provider) ?? perProvider.set(provider, pLimit(CALLS_PER_PROVIDER)).get(provider)!;
  let expired = 0;
  let seen = 0;
  let after: { expiresAt: Date; id: string } | undefined;
  while (seen < limit) {
    // Walked in (deadline, id) order from where the last batch ended: a code that stays pending
    // (its order changed meanwhile) is not read again in this run.
    const batch = await deps.db.charge.findMany({
      where: {
        status: "pending",
        expiresAt: { lte: cutoff },
        ...(options.orderId ? { orderId: options.orderId } : {}),
        ...(after ? { OR: [{ expiresAt: { gt: after.expiresAt } }, { expiresAt: after.expiresAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      take: Math.min(BATCH_SIZE, limit - seen),
    });
    if (batch.length === 0) break;
    seen += batch.length;
    const last = batch.at(-1)!;
    after = { expiresAt: last.expiresAt!, id: last.id };
    const results = await Promise.all(batch.map((charge) => inTurn(charge.provider)(() => expireOne(deps, charge, now))));
    expired += results.filter(Boolean).length;
    if (batch.length < BATCH_SIZE) break;
  }
  return expired;
}

async function expireOne(deps: WebhookDeps, charge: Charge, now: Date): Promise<boolean> {
  let why: "open_after_deadline" | "still_open" | "unreachable";
  if (charge.checkedAt && charge.expiresAt && charge.checkedAt >= charge.expiresAt) {
    why = "open_after_deadline";
  } else {
    const checked = await checkChargeStatus(deps, charge);
    if (checked.ok && checked.value.result !== "same") return false;
    why = checked.ok ? "still_open" : "unreachable";
  }
  const applied = await applyChargeObservation(
    deps.db,
    {
      chargeId: charge.id,
      outcome: "expired",
      providerStatus: "deadline passed",
      eventKey: `deadline:${charge.id}`,
      source: "deadline",
      note: { key: "deadline_passed", why },
    },
    now,
  );
  return applied.result === "applied";
}
