import type { Db, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/prisma/client";
import { jakartaMidnightBefore } from "@/lib/time";

// What the dashboard's medians of time to pay are read from (medianMinutesToPay in
// lib/merchant-console/dashboard.ts), to the minute, without sorting a month of payments when a
// page is read. An exact median must see every
// payment of its range; over 30 days (61,000 payments at a million orders) that was a sort of
// 15–18 ms of one core on every read. Counted by whole minute instead, the payments before the
// end of each WIB day are a few thousand numbers (PaymentMinutesUpTo), written once by a job; a
// range of closed days is the difference of two days' counts, and today is counted live.
//
// A day's counts can change after the day: a late webhook carries the provider's own payment
// time, which can fall on a day already counted, and that day's counts and every later day's
// then miss it. The single writer deletes them in the same transaction (forgetCountedDays) and
// the job counts them again. The two take one advisory lock, the writers shared and the job
// exclusive, so the job never counts while such a payment is being written.

const DAY_MS = 86_400_000;
const WIB_MS = 7 * 3_600_000;
/** The advisory lock the job and the late payments share. */
const LOCK = Prisma.sql`${0x706d696e}::int, 0`; // "pmin"
/** A day is counted this long after it ends, so payments written just after midnight are in it. */
const COUNT_AFTER_MS = 60 * 60_000;
/** How far back days are kept: the dashboard's longest range, and a day to spare. */
const KEEP_DAYS = 31;

/** Whole minutes from code to payment, rounded down: the unit of the counts. */
export const MINUTE_TO_PAY = Prisma.sql`floor(date_part('epoch', "paidAt" - "createdAt") / 60)::int`;

/** A WIB day as stored: a DATE holds the Jakarta calendar date. `midnight` is a Jakarta midnight. */
export const storedDay = (midnight: Date) => new Date(midnight.getTime() + WIB_MS);

/**
 * In the writer's transaction, when a charge is marked paid at `paidAt`, replacing `before`: the
 * counts of the days over that this changes are deleted, from the earliest on.
 */
export async function forgetCountedDays(tx: Tx, paidAts: (Date | null | undefined)[], now: Date): Promise<void> {
  const today = jakartaMidnightBefore(now).getTime();
  const earliest = Math.min(...paidAts.flatMap((at) => (at && at.getTime() < today ? [jakartaMidnightBefore(at).getTime()] : [])));
  if (!Number.isFinite(earliest)) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${LOCK})`;
  await tx.$executeRaw`DELETE FROM "PaymentMinutesDay" WHERE day >= ${storedDay(new Date(earliest))}::date`;
  await tx.$executeRaw`DELETE FROM "PaymentMinutesUpTo" WHERE day >= ${storedDay(new Date(earliest))}::date`;
}

/** Counts each closed day of the last KEEP_DAYS not counted yet, oldest first; drops older days. */
export async function countPaymentMinutes(db: Db, now: Date): Promise<{ days: number }> {
  const lastClosed = jakartaMidnightBefore(new Date(now.getTime() - COUNT_AFTER_MS)).getTime() - DAY_MS;
  const oldest = lastClosed - (KEEP_DAYS - 1) * DAY_MS;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK})`;
      await tx.$executeRaw`DELETE FROM "PaymentMinutesDay" WHERE day < ${storedDay(new Date(oldest))}::date`;
      await tx.$executeRaw`DELETE FROM "PaymentMinutesUpTo" WHERE day < ${storedDay(new Date(oldest))}::date`;
      const counted = new Set((await tx.paymentMinutesDay.findMany({ select: { day: true } })).map((row) => row.day.getTime()));
      let days = 0;
      for (let midnight = oldest; midnight <= lastClosed; midnight += DAY_MS) {
        const day = storedDay(new Date(midnight));
        if (counted.has(day.getTime())) continue;
        const end = new Date(midnight + DAY_MS).toISOString();
        const previous = storedDay(new Date(midnight - DAY_MS));
        // The day before's counts plus this day's payments, or every payment before its end.
        const addOnto = counted.has(previous.getTime());
        await tx.$executeRaw`
          INSERT INTO "PaymentMinutesUpTo" (day, provider, minute, payments)
          SELECT ${day}::date, provider, minute, sum(payments)::int FROM (
            SELECT provider, minute, payments FROM "PaymentMinutesUpTo" WHERE ${addOnto} AND day = ${previous}::date
            UNION ALL
            SELECT provider, ${MINUTE_TO_PAY}, count(*) FROM "Charge"
            WHERE "paidAt" < ${end}::timestamp AND (NOT ${addOnto} OR "paidAt" >= ${new Date(midnight).toISOString()}::timestamp)
            GROUP BY 1, 2) AS counts
          GROUP BY provider, minute`;
        await tx.$executeRaw`INSERT INTO "PaymentMinutesDay" (day) VALUES (${day}::date)`;
        counted.add(day.getTime());
        days += 1;
      }
      return { days };
    },
    { timeout: 120_000 },
  );
}
