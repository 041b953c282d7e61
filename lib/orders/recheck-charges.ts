import type { Db } from "@/lib/db/client";
import { checkChargeStatus } from "./check-status";
import type { WebhookDeps } from "./ingest-webhook";

// Re-checks after a verified "paid" notification the status API did not confirm yet. Providers'
// status APIs can lag their notifications (DOKU's check-status guide says to ask at least 60 s
// after payment), and waiting for the provider's next retry can take 30 minutes (DOKU), so we ask
// again ourselves 1, 2 and 5 minutes after the notification. The schedule is on the Charge row:
// every instance sees it, and it survives a restart.

/** When the re-checks fall, counted from the notification that asked for them. */
export const RECHECK_OFFSETS_MS = [60_000, 120_000, 300_000] as const;

/**
 * Schedules the re-checks for a charge unless some are already due: a repeat of the
 * notification does not push them back.
 */
export async function scheduleRechecks(db: Db, chargeId: string, now: Date): Promise<void> {
  await db.charge.updateMany({
    where: { id: chargeId, recheckAt: null },
    data: { recheckAt: new Date(now.getTime() + RECHECK_OFFSETS_MS[0]), rechecksDone: 0 },
  });
}

/**
 * Runs the re-checks that are due. Each is claimed by moving the charge's schedule on in one
 * conditional update, so two instances never run the same one; a charge the provider has settled
 * (paid or reversed) has its schedule cleared.
 */
export async function runDueRechecks(deps: WebhookDeps, options: { limit?: number } = {}) {
  const now = deps.now();
  const due = await deps.db.charge.findMany({
    where: { recheckAt: { lte: now } },
    orderBy: { recheckAt: "asc" },
    take: options.limit ?? 50,
  });
  let ran = 0;
  for (const charge of due) {
    const done = charge.rechecksDone;
    const next = done + 1 < RECHECK_OFFSETS_MS.length ? new Date(charge.recheckAt!.getTime() + RECHECK_OFFSETS_MS[done + 1]! - RECHECK_OFFSETS_MS[done]!) : null;
    const claimed = await deps.db.charge.updateMany({
      where: { id: charge.id, recheckAt: charge.recheckAt, rechecksDone: done },
      data: { recheckAt: next, rechecksDone: done + 1 },
    });
    if (claimed.count !== 1) continue;
    if (!isSettled(charge.status)) {
      ran += 1;
      await checkChargeStatus(deps, charge);
    }
    // Settled now (by this check or before it): nothing is left to confirm.
    await deps.db.charge.updateMany({ where: { id: charge.id, status: { in: [...SETTLED] } }, data: { recheckAt: null } });
  }
  return { due: due.length, ran };
}

/** Nothing left to confirm: the payment is recorded (or reversed). */
const SETTLED = ["paid", "reversed"] as const;
const isSettled = (status: string) => (SETTLED as readonly string[]).includes(status);
