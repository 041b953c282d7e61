import type { Db } from "@/lib/db/client";

// Status calls caused by incoming notifications are bounded per charge, so a flood of replayed
// notifications cannot make us hammer a provider. Two layers:
// - across instances, a window in the database: at most NOTIFIED_CALLS_PER_WINDOW calls per charge
//   per NOTIFIED_CALL_WINDOW_MS, claimed with conditional updates on the Charge row;
// - within one instance, one call per charge at a time: notifications arriving while it runs wait
//   for it (and for its answer to be applied, so copies of that event then find it in the ledger)
//   and share one next call. They never share the running call's answer: the provider may have
//   given it before the event they report happened (a settlement notification arriving while the
//   status of the earlier "pending" one is being asked would read "pending" and be refused).
// A notification over the budget is stored and left to the scheduled re-checks (recheck-charges.ts).

export const NOTIFIED_CALL_WINDOW_MS = 60_000;
/** Enough for one charge's distinct events in a minute (e.g. Midtrans pending, settlement, deny). */
export const NOTIFIED_CALLS_PER_WINDOW = 5;

/**
 * Takes one status call from the charge's budget; false when the window's budget is spent. One
 * conditional update (a window that has ended starts again): it runs on every notification.
 */
export async function claimNotifiedStatusCall(db: Db, chargeId: string, now: Date): Promise<boolean> {
  const windowStart = new Date(now.getTime() - NOTIFIED_CALL_WINDOW_MS);
  const claimed = await db.$executeRaw`
    UPDATE "Charge" SET
      "notifiedChecks" = CASE WHEN "notifiedChecksSince" IS NULL OR "notifiedChecksSince" <= ${windowStart} THEN 1 ELSE "notifiedChecks" + 1 END,
      "notifiedChecksSince" = CASE WHEN "notifiedChecksSince" IS NULL OR "notifiedChecksSince" <= ${windowStart} THEN ${now} ELSE "notifiedChecksSince" END,
      "updatedAt" = ${now}
    WHERE id = ${chargeId}
      AND ("notifiedChecksSince" IS NULL OR "notifiedChecksSince" <= ${windowStart} OR "notifiedChecks" < ${NOTIFIED_CALLS_PER_WINDOW})`;
  return claimed === 1;
}

export interface SharedCall<T> {
  answer: Promise<T>;
  /** Set for the notification whose turn it is: it ends the turn once it has applied the answer. */
  release?: () => void;
}

interface Turn<T> {
  started: boolean;
  answer: Promise<T>;
  ended: Promise<void>;
}

/**
 * Status calls per charge, one at a time in this process. The first caller of a turn runs `call`
 * and must `release` once it has applied the answer; callers that arrive before the turn's call
 * starts share it; callers that arrive while it runs get the next turn.
 */
export function createCallSharing<T>() {
  const latest = new Map<string, Turn<T>>();
  return function share(chargeId: string, call: () => Promise<T>): SharedCall<T> {
    const last = latest.get(chargeId);
    if (last && !last.started) return { answer: last.answer };
    let end!: () => void;
    const turn: Turn<T> = { started: false, answer: undefined as unknown as Promise<T>, ended: new Promise<void>((resolve) => (end = resolve)) };
    turn.answer = (last?.ended ?? Promise.resolve()).then(() => {
      turn.started = true;
      return call();
    });
    latest.set(chargeId, turn);
    return {
      answer: turn.answer,
      release: () => {
        end();
        if (latest.get(chargeId) === turn) latest.delete(chargeId);
      },
    };
  };
}
