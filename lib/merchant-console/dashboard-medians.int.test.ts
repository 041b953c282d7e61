import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db, OpenedDatabase } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";
import { newId } from "@/lib/ids";
import { PROVIDER_IDS } from "@/lib/providers/catalog";
import { seededRandom } from "@/lib/seeded-random";
import { openTestDatabase } from "@/test/database";
import { signInAs } from "@/test/merchant-session";
import { getDashboard } from "./dashboard";

// The dashboard's medians of time to payment against PostgreSQL's own percentile_cont over the
// same payments, to the last bit: the median of all payments is found from the providers' middles
// and a band between them (dashboard.ts), never by sorting them all. The payments are written
// straight into the tables, many at a time, with times to pay chosen to make the band narrow or
// wide, even and odd counts, ties, and providers with one payment or none.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

const NOW = new Date("2026-11-24T03:00:00Z");
const MINUTE = 60_000;

let database: OpenedDatabase;
let db: Db;
let made = 0;

/** Paid codes of `provider`, paid within the last 30 days, each taking the minutes given. */
async function payments(provider: ProviderId, minutesToPay: number[]) {
  const random = seededRandom(made + 1);
  const rows = minutesToPay.map((minutes) => {
    made += 1;
    const paidAt = new Date(NOW.getTime() - Math.floor(random() * 28 * 24 * 60) * MINUTE - 1_000);
    const createdAt = new Date(paidAt.getTime() - Math.round(minutes * MINUTE));
    return { orderId: newId("ord"), chargeId: newId("chg"), reference: `MED-${made}`, paidAt, createdAt };
  });
  await db.order.createMany({
    data: rows.map((row) => ({
      id: row.orderId,
      publicId: newId("pub"),
      reference: row.reference,
      status: "paid" as const,
      amount: 10_000,
      store: "alfamart" as const,
      source: "api",
      customerName: "Ani",
      customerEmail: "ani@example.com",
      customerPhone: "+6281234567890",
      description: "median",
      expiryMinutes: 24 * 60,
      paidAt: row.paidAt,
      createdAt: row.createdAt,
    })),
  });
  await db.charge.createMany({
    data: rows.map((row) => ({
      id: row.chargeId,
      orderId: row.orderId,
      attempt: 1,
      provider,
      store: "alfamart" as const,
      reference: `${row.reference}-1`,
      idempotencyKey: row.chargeId,
      status: "paid" as const,
      amount: 10_000,
      paidAmount: 10_000,
      paidAt: row.paidAt,
      createdAt: row.createdAt,
    })),
  });
}

/** PostgreSQL's percentile_cont(0.5) over the dashboard's 30 days, for one provider or all. */
async function percentileCont(provider?: ProviderId): Promise<number | null> {
  const from = new Date(NOW.getTime() - 40 * 24 * 60 * MINUTE);
  const [row] = await db.$queryRaw<{ minutes: number | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', "paidAt" - "createdAt") / 60) AS minutes
    FROM "Charge" WHERE (${provider ?? null}::text IS NULL OR provider = ${provider ?? null}) AND "paidAt" >= ${from} AND "paidAt" < ${NOW}`;
  return row?.minutes ?? null;
}

async function expectPostgresMedians() {
  const figures = await getDashboard(db, "30d", NOW);
  expect(figures.totals.medianMinutesToPay).toBe(await percentileCont());
  for (const provider of PROVIDER_IDS) {
    expect(figures.byProvider.find((row) => row.key === provider)?.medianMinutesToPay, provider).toBe(await percentileCont(provider));
  }
}

const spread = (count: number, low: number, high: number, seed: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => low + random() * (high - low));
};

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await signInAs(db, "viewer");
});
afterAll(async () => database?.close());

describe("the dashboard's medians of time to payment", () => {
  it("are none without payments", async () => {
    const figures = await getDashboard(db, "30d", NOW);
    expect(figures.totals.medianMinutesToPay).toBeNull();
  });

  it("match PostgreSQL's percentile_cont with one payment, then one more (odd, then even)", async () => {
    await payments("fazz", [42.5]);
    await expectPostgresMedians();
    await payments("doku", [7.25]);
    await expectPostgresMedians();
  });

  it("match it when the providers' middles are far apart (a wide band), odd and even", async () => {
    await payments("midtrans", spread(301, 1, 20, 11));
    await payments("doku", spread(250, 600, 1400, 12));
    await payments("monxa", spread(180, 30, 240, 13));
    await expectPostgresMedians();
    await payments("monxa", spread(1, 30, 240, 14));
    await expectPostgresMedians();
  });

  it("match it when the providers' middles are close (a narrow band) and many times tie", async () => {
    // Whole minutes, so many payments share one time and the middle sits inside a run of ties.
    await payments("martis", spread(400, 700, 760, 21).map(Math.round));
    await payments("fazz", spread(399, 700, 760, 22).map(Math.round));
    await payments("midtrans", Array.from({ length: 120 }, () => 725));
    await expectPostgresMedians();
    await payments("martis", [725]);
    await expectPostgresMedians();
  });
});
