import type { Db } from "@/lib/db/client";

// Status calls caused by incoming notifications are bounded per charge, so a flood of replayed
// notifications cannot make us hammer a provider. Two layers:
// - across instances, a window in the database: at most NOTIFIED_CALLS_PER_WINDOW calls per charge
//   per NOTIFIED_CALL_WINDOW_MS, claimed with conditional updates on the Charge row;
// - within one instance, notifications about a charge whose call is under way share that call's
//   answer, and the charge stays "busy" until the first one has applied it, so its copies then
//   find the event in the ledger instead of calling again.
// A notification over the budget is stored and left to the scheduled re-checks (recheck-charges.ts).

export const NOTIFIED_CALL_WINDOW_MS = 60_000;
/** Enough for one charge's distinct events in a minute (e.g. Midtrans pending, settlement, deny). */
export const NOTIFIED_CALLS_PER_WINDOW = 5;

/** Takes one status call from the charge's budget; false when the window's budget is spent. */
export async function claimNotifiedStatusCall(db: Db, chargeId: string, now: Date): Promise<boolean> {
  const windowStart = new Date(now.getTime() - NOTIFIED_CALL_WINDOW_MS);
  const fresh = await db.charge.updateMany({
    where: { id: chargeId, OR: [{ notifiedChecksSince: null }, { notifiedChecksSince: { lte: windowStart } }] },
    data: { notifiedChecksSince: now, notifiedChecks: 1 },
  });
  if (fresh.count === 1) return true;
  const more = await db.charge.updateMany({
    where: { id: chargeId, notifiedChecksSince: { gt: windowStart }, notifiedChecks: { lt: NOTIFIED_CALLS_PER_WINDOW } },
    data: { notifiedChecks: { increment: 1 } },
  });
  return more.count === 1;
}

export interface SharedCall<T> {
  answer: Promise<T>;
  /** Set for the notification that made the call: it ends the charge's busy time when done. */
  release?: () => void;
}

/**
 * One call per charge at a time in this process: the first caller runs `call` and must `release`
 * once it has applied the answer; callers meanwhile get the same answer.
 */
export function createCallSharing<T>() {
  const busy = new Map<string, Promise<T>>();
  return function share(chargeId: string, call: () => Promise<T>): SharedCall<T> {
    const running = busy.get(chargeId);
    if (running) return { answer: running };
    const answer = call();
    busy.set(chargeId, answer);
    return { answer, release: () => busy.delete(chargeId) };
  };
}
