import type { Tx } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/queue";
import { checkChargeStatus } from "./check-status";
import type { WebhookDeps } from "./ingest-webhook";

// Re-checks after a verified "paid" notification the status API did not confirm yet. Providers'
// status APIs can lag their notifications (DOKU's check-status guide says to ask at least 60 s
// after payment), and waiting for the provider's next retry can take 30 minutes (DOKU), so we ask
// again ourselves 1, 2 and 5 minutes after the notification. Each re-check is a job in the
// database's queue: it survives a restart, runs on one instance, and queues the next one itself.

/** When the re-checks fall, counted from the notification that asked for them. */
export const RECHECK_OFFSETS_MS = [60_000, 120_000, 300_000] as const;

/**
 * Schedules the first re-check for a charge unless one is already waiting: a repeat of the
 * notification does not push it back (one waiting job per charge). Queued before the
 * notification's delivery is marked handled: should the process die in between, the delivery is
 * still "received" and is handled again (by the provider's retry or reprocess-webhooks).
 */
export async function scheduleRechecks(db: Pick<Tx, "$queryRawUnsafe">, chargeId: string, now: Date): Promise<void> {
  await enqueue(db, "recheck-charge", { chargeId, attempt: 0 }, { singletonKey: chargeId, startAfter: new Date(now.getTime() + RECHECK_OFFSETS_MS[0]) });
}

/**
 * One re-check: asks the provider unless the payment is settled already, and queues the next
 * re-check while the charge is still unconfirmed and the schedule has one left.
 */
export async function recheckCharge(deps: WebhookDeps, job: { chargeId: string; attempt: number }): Promise<{ ran: boolean; next?: Date }> {
  const charge = await deps.db.charge.findUnique({ where: { id: job.chargeId } });
  if (!charge || isSettled(charge.status)) return { ran: false };
  await checkChargeStatus(deps, charge);
  const { status } = await deps.db.charge.findUniqueOrThrow({ where: { id: charge.id }, select: { status: true } });
  const following = RECHECK_OFFSETS_MS[job.attempt + 1];
  if (isSettled(status) || following === undefined) return { ran: true };
  const next = new Date(deps.now().getTime() + following - RECHECK_OFFSETS_MS[job.attempt]!);
  await enqueue(deps.db, "recheck-charge", { chargeId: charge.id, attempt: job.attempt + 1 }, { singletonKey: charge.id, startAfter: next });
  return { ran: true, next };
}

/** Nothing left to confirm: the payment is recorded (or reversed). */
const SETTLED = ["paid", "reversed"] as const;
const isSettled = (status: string) => (SETTLED as readonly string[]).includes(status);
