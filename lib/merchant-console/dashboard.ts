import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/prisma/client";
import { STORES, type Store } from "@/lib/domain";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { jakartaMidnightBefore } from "@/lib/time";
import { requireMember } from "./session";

// The console's dashboard: how the shop did today, over the last 7 or the last 30 WIB days.
//
// Speed: every query is a range scan on one timestamp over an index that holds every column it
// reads, so PostgreSQL answers from the index alone (no table reads) and its work grows with the
// rows in the range, not with the table. The six queries run side by side on the pool:
//   orders created       Order(createdAt)
//   payments by day      Order(status, paidAt, amount)          status = 'paid', paidAt in range
//   codes issued         Charge(createdAt, provider, store, status)
//   time to payment      Charge(paidAt, createdAt, provider)
//   late payments        OrderEvent(type, at)                   type = 'late_payment', at in range
//   rejected webhooks    WebhookDelivery(verified, receivedAt, provider)
// With 1,000,000 orders over a year (~82,000 in 30 days) PostgreSQL spends about 7 ms of CPU on
// today, 35 ms on 7 days and 140 ms on 30 days (70 ms of it the medians); past a few weeks of a
// busy shop, the way to stay fast is a rollup per WIB hour fed in the same transactions.
// Days are WIB days: the range starts at a Jakarta midnight and each bucket is a whole number of
// days (or hours, for today) after it. Jakarta has no daylight saving, so that arithmetic is exact.

export const DASHBOARD_RANGES = ["today", "7d", "30d"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/** The range asked for in the address; anything else shows the last 7 days. */
export const dashboardRangeSchema = z.enum(DASHBOARD_RANGES).catch("7d");

// date_part gives float8; extract(epoch …) gives numeric, whose arithmetic made the medians twice as slow.
const MEDIAN_MINUTES = Prisma.sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', "paidAt" - "createdAt") / 60)`;
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
  // Each bucket's bounds, counted apart over the index: PostgreSQL counts index entries in a range
  // without evaluating anything per row, where grouping by a bucket number computed per row
  // (numeric epoch arithmetic) cost 5 times as much at a month of orders (bench/results/dashboard-at-scale.md).
  const BUCKETS = Prisma.sql`(
    SELECT i AS bucket, ${f}::timestamp + i * make_interval(secs => ${sizeSeconds}) AS "from",
      least(${f}::timestamp + (i + 1) * make_interval(secs => ${sizeSeconds}), ${t}::timestamp) AS "to"
    FROM generate_series(0, ${buckets - 1}::int) AS i)`;

  const [created, paid, codes, [toPay], [late], rejected] = await Promise.all([
    db.$queryRaw<{ bucket: number; count: number }[]>`
      SELECT b.bucket, n.count FROM ${BUCKETS} AS b, LATERAL (
        SELECT count(*)::int AS count FROM "Order" WHERE "createdAt" >= b."from" AND "createdAt" < b."to") AS n`,
    db.$queryRaw<{ bucket: number; count: number; volume: number }[]>`
      SELECT b.bucket, n.count, n.volume FROM ${BUCKETS} AS b, LATERAL (
        SELECT count(*)::int AS count, coalesce(sum(amount), 0)::float8 AS volume
        FROM "Order" WHERE status = 'paid' AND "paidAt" >= b."from" AND "paidAt" < b."to") AS n`,
    db.$queryRaw<{ provider: string | null; store: Store | null; issued: number; paid: number; expired: number }[]>`
      SELECT provider, store::text AS store,
        count(*) FILTER (WHERE status <> 'not_issued')::int AS issued,
        count(*) FILTER (WHERE status = 'paid')::int AS paid,
        count(*) FILTER (WHERE status = 'expired')::int AS expired
      FROM "Charge" WHERE "createdAt" >= ${f}::timestamp AND "createdAt" < ${t}::timestamp
      GROUP BY GROUPING SETS ((provider), (store), ())`,
    // One pass, one aggregate per provider: grouping by provider instead would sort every row
    // first (and spill to disk at a month of payments) before the medians sort them again.
    db.$queryRaw<Record<string, number | null>[]>`
      SELECT ${MEDIAN_MINUTES} AS "all", ${Prisma.join(
        PROVIDER_IDS.map((provider) => Prisma.sql`${MEDIAN_MINUTES} FILTER (WHERE provider = ${provider}) AS ${Prisma.raw(`"${provider}"`)}`),
      )}
      FROM "Charge" WHERE "paidAt" >= ${f}::timestamp AND "paidAt" < ${t}::timestamp`,
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

  const outcomes = <Key extends string>(key: Key, row: { issued: number; paid: number; expired: number } | undefined): CodeOutcomes<Key> => {
    const { issued = 0, paid = 0, expired = 0 } = row ?? {};
    return { key, issued, paid, expired, other: issued - paid - expired, paidRate: paid + expired > 0 ? paid / (paid + expired) : null };
  };
  // GROUPING SETS leaves the other grouping column null: (provider) rows have no store, and so on.
  const codesOf = (provider: string | null, store: string | null) => codes.find((row) => row.provider === provider && row.store === store);

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
      medianMinutesToPay: toPay?.all ?? null,
      latePayments: late?.count ?? 0,
      rejectedWebhooks: sum(rejected.map((row) => row.count)),
      codes: outcomes("all", codesOf(null, null)),
    },
    byStore: STORES.map((store) => outcomes(store, codesOf(null, store))),
    byProvider: PROVIDER_IDS.map((provider) => ({
      ...outcomes(provider, codesOf(provider, null)),
      medianMinutesToPay: toPay?.[provider] ?? null,
      rejectedWebhooks: rejected.find((row) => row.provider === provider)?.count ?? 0,
    })),
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
