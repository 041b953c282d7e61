import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/prisma/client";
import { STORES, type Store } from "@/lib/domain";
import { MINUTE_TO_PAY, storedDay } from "@/lib/orders/payment-minutes";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { jakartaMidnightBefore } from "@/lib/time";
import { requireMember } from "./session";

// The console's dashboard: how the shop did today, over the last 7 or the last 30 WIB days.
//
// Speed: every query reads ranges of an index that holds every column it reads, so PostgreSQL
// answers from the index alone (no table reads) and its work grows with the rows in the range, not
// with the table. Counts are taken per range (a bucket; a provider, store and status) rather than
// grouped by a value computed per row, so the six queries share the cores side by side on the
// pool. The medians are to the minute, from counts a job keeps per closed day, and today's:
//   orders created       Order(createdAt)                        per bucket
//   payments by day      Order(status, paidAt, amount)           per bucket, status = 'paid'
//   codes issued         Charge(provider, store, status, createdAt)  per provider, store, status
//   time to payment      PaymentMinutesUpTo, two days' rows; Charge(paidAt, createdAt, provider) for today
//   late payments        OrderEvent(type, at)                    type = 'late_payment', at in range
//   rejected webhooks    WebhookDelivery(verified, receivedAt, provider)
// Figures at 1,000,000 orders: bench/results/dashboard-at-scale.md (`npm run bench:dashboard`).
// Days are WIB days: the range starts at a Jakarta midnight and each bucket is a whole number of
// days (or hours, for today) after it. Jakarta has no daylight saving, so that arithmetic is exact.

export const DASHBOARD_RANGES = ["today", "7d", "30d"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/** The range asked for in the address; anything else shows the last 7 days. */
export const dashboardRangeSchema = z.enum(DASHBOARD_RANGES).catch("7d");

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DashboardBucket {
  /** The bucket's first instant (a WIB midnight, or a WIB hour for today). */
  start: Date;
  ordersCreated: number;
  ordersPaid: number;
  /** Rupiah of the orders paid in the bucket. */
  paidVolume: number;
}

/** What happened to the codes issued in the range, for one store or one provider. */
export interface CodeOutcomes<Key extends string> {
  key: Key;
  issued: number;
  paid: number;
  expired: number;
  /** Codes still open, cancelled, failed or reversed. */
  other: number;
  /** paid / (paid + expired): of the codes that came to an end by payment or deadline; null when none did. */
  paidRate: number | null;
}

export interface ProviderFigures extends CodeOutcomes<ProviderId> {
  /** Median minutes from a code issued to its payment, for payments in the range; null without any. */
  medianMinutesToPay: number | null;
  rejectedWebhooks: number;
}

export interface DashboardFigures {
  range: DashboardRange;
  from: Date;
  to: Date;
  bucket: "hour" | "day";
  series: DashboardBucket[];
  totals: {
    ordersCreated: number;
    ordersPaid: number;
    paidVolume: number;
    medianMinutesToPay: number | null;
    latePayments: number;
    rejectedWebhooks: number;
    codes: CodeOutcomes<"all">;
  };
  byStore: CodeOutcomes<Store>[];
  byProvider: ProviderFigures[];
}

/** Where the range starts and how it is cut: today by WIB hour, 7 and 30 days by WIB day. */
export function dashboardWindow(range: DashboardRange, now: Date) {
  const midnight = jakartaMidnightBefore(now);
  const days = range === "today" ? 1 : range === "7d" ? 7 : 30;
  const from = new Date(midnight.getTime() - (days - 1) * DAY_MS);
  const bucket: "hour" | "day" = range === "today" ? "hour" : "day";
  const size = bucket === "hour" ? HOUR_MS : DAY_MS;
  const buckets = Math.floor((now.getTime() - from.getTime()) / size) + 1;
  return { from, to: now, bucket, size, buckets };
}

export async function getDashboard(db: Db, range: DashboardRange, now: Date = new Date()): Promise<DashboardFigures> {
  await requireMember("orders:read");
  const { from, to, bucket, size, buckets } = dashboardWindow(range, now);
  // Timestamps are stored as UTC without a zone; ISO text cast to `timestamp` compares the same
  // on every server whatever its TimeZone setting.
  const f = from.toISOString();
  const t = to.toISOString();
  const sizeSeconds = size / 1000;
  // Each bucket's bounds, counted apart over the index: PostgreSQL counts the index entries of a
  // range without evaluating anything per row. Grouping by a bucket number computed per row
  // (numeric epoch arithmetic) cost several times as much (bench/results/dashboard-at-scale.md).
  const bucketRanges = Prisma.sql`(
    SELECT i AS bucket, ${f}::timestamp + i * make_interval(secs => ${sizeSeconds}) AS "from",
      least(${f}::timestamp + (i + 1) * make_interval(secs => ${sizeSeconds}), ${t}::timestamp) AS "to"
    FROM generate_series(0, ${buckets - 1}::int) AS i)`;

  const [created, paid, codes, toPay, [late], rejected] = await Promise.all([
    db.$queryRaw<{ bucket: number; count: number }[]>`
      SELECT b.bucket, n.count FROM ${bucketRanges} AS b, LATERAL (
        SELECT count(*)::int AS count FROM "Order" WHERE "createdAt" >= b."from" AND "createdAt" < b."to") AS n`,
    db.$queryRaw<{ bucket: number; count: number; volume: number }[]>`
      SELECT b.bucket, n.count, n.volume FROM ${bucketRanges} AS b, LATERAL (
        SELECT count(*)::int AS count, coalesce(sum(amount), 0)::float8 AS volume
        FROM "Order" WHERE status = 'paid' AND "paidAt" >= b."from" AND "paidAt" < b."to") AS n`,
    // Every provider × store × status, each counted over its own index range. Charges are only
    // ever made at a catalog provider (lib/providers/catalog.ts), so the sums are every code.
    db.$queryRaw<{ provider: ProviderId; store: Store; status: string; count: number }[]>`
      SELECT p.provider, s.store::text AS store, st.status::text AS status, n.count
      FROM unnest(${[...PROVIDER_IDS]}::text[]) AS p(provider)
        CROSS JOIN unnest(enum_range(NULL::"Store")) AS s(store)
        CROSS JOIN unnest(enum_range(NULL::"ChargeStatus")) AS st(status),
        LATERAL (SELECT count(*)::int AS count FROM "Charge" c
          WHERE c.provider = p.provider AND c.store = s.store AND c.status = st.status
            AND c."createdAt" >= ${f}::timestamp AND c."createdAt" < ${t}::timestamp) AS n
      WHERE n.count > 0`,
    // To the minute, from counts kept per closed day (lib/orders/payment-minutes.ts): no sort
    // of the range's payments (below).
    medianMinutesToPay(db, from, to),
    db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "OrderEvent" WHERE type = 'late_payment' AND at >= ${f}::timestamp AND at < ${t}::timestamp`,
    db.$queryRaw<{ provider: string; count: number }[]>`
      SELECT provider, count(*)::int AS count FROM "WebhookDelivery"
      WHERE verified = false AND "receivedAt" >= ${f}::timestamp AND "receivedAt" < ${t}::timestamp
      GROUP BY provider`,
  ]);

  const series: DashboardBucket[] = Array.from({ length: buckets }, (_, index) => ({
    start: new Date(from.getTime() + index * size),
    ordersCreated: 0,
    ordersPaid: 0,
    paidVolume: 0,
  }));
  for (const row of created) if (series[row.bucket]) series[row.bucket]!.ordersCreated = row.count;
  for (const row of paid) {
    const slot = series[row.bucket];
    if (slot) Object.assign(slot, { ordersPaid: row.count, paidVolume: row.volume });
  }

  const outcomes = <Key extends string>(key: Key, rows: typeof codes): CodeOutcomes<Key> => {
    const count = (status?: string) => sum(rows.filter((row) => (status ? row.status === status : row.status !== "not_issued")).map((row) => row.count));
    const [issued, paid, expired] = [count(), count("paid"), count("expired")];
    return { key, issued, paid, expired, other: issued - paid - expired, paidRate: paid + expired > 0 ? paid / (paid + expired) : null };
  };

  return {
    range,
    from,
    to,
    bucket,
    series,
    totals: {
      ordersCreated: sum(series.map((slot) => slot.ordersCreated)),
      ordersPaid: sum(series.map((slot) => slot.ordersPaid)),
      paidVolume: sum(series.map((slot) => slot.paidVolume)),
      medianMinutesToPay: toPay.all,
      latePayments: late?.count ?? 0,
      rejectedWebhooks: sum(rejected.map((row) => row.count)),
      codes: outcomes("all", codes),
    },
    byStore: STORES.map((store) => outcomes(store, codes.filter((row) => row.store === store))),
    byProvider: PROVIDER_IDS.map((provider) => ({
      ...outcomes(provider, codes.filter((row) => row.provider === provider)),
      medianMinutesToPay: toPay[provider],
      rejectedWebhooks: rejected.find((row) => row.provider === provider)?.count ?? 0,
    })),
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The median minutes to pay of the payments made in [from, to), per provider and for all, with
 * percentile_cont(0.5)'s arithmetic over whole minutes; null where there are none. `from` is a
 * Jakarta midnight. Whole closed days come from the counts when both ends are counted; the rest
 * of the range is counted live.
 */
export async function medianMinutesToPay(db: Db, from: Date, to: Date): Promise<Record<ProviderId | "all", number | null>> {
  await requireMember("orders:read");
  const today = jakartaMidnightBefore(to);
  const before = storedDay(new Date(from.getTime() - DAY_MS));
  const lastClosed = storedDay(new Date(today.getTime() - DAY_MS));
  const [ends] = await db.$queryRaw<{ counted: number }[]>`
    SELECT count(*)::int AS counted FROM "PaymentMinutesDay" WHERE day IN (${before}::date, ${lastClosed}::date)`;
  const fromCounts = today.getTime() > from.getTime() && ends?.counted === 2;
  const liveFrom = fromCounts ? today : from;
  const rows = await db.$queryRaw<{ scope: string; lower: number | null; upper: number | null }[]>`
    WITH counts AS (
      SELECT provider, minute, CASE WHEN day = ${lastClosed}::date THEN payments ELSE -payments END AS payments
      FROM "PaymentMinutesUpTo" WHERE ${fromCounts} AND day IN (${before}::date, ${lastClosed}::date)
      UNION ALL
      SELECT provider, ${MINUTE_TO_PAY}, count(*)::int FROM "Charge"
      WHERE "paidAt" >= ${liveFrom.toISOString()}::timestamp AND "paidAt" < ${to.toISOString()}::timestamp GROUP BY 1, 2
    ), buckets AS (
      SELECT coalesce(provider, 'all') AS scope, minute, sum(payments) AS payments FROM counts
      GROUP BY GROUPING SETS ((provider, minute), (minute))
    ), running AS (
      SELECT scope, minute, sum(payments) OVER (PARTITION BY scope ORDER BY minute) AS upto, sum(payments) OVER (PARTITION BY scope) AS n
      FROM buckets WHERE payments > 0
    )
    -- 0-based, the middle payments of n are at (n - 1) / 2 rounded down and up.
    SELECT scope, min(minute) FILTER (WHERE upto > floor((n - 1) / 2.0)) AS lower, min(minute) FILTER (WHERE upto > ceil((n - 1) / 2.0)) AS upper
    FROM running GROUP BY scope`;
  const medians = Object.fromEntries([...PROVIDER_IDS, "all"].map((scope) => [scope, null])) as Record<ProviderId | "all", number | null>;
  for (const row of rows) {
    if (row.lower === null || row.upper === null || !(row.scope in medians)) continue;
    medians[row.scope as ProviderId | "all"] = row.lower + (row.upper - row.lower) * 0.5;
  }
  return medians;
}
