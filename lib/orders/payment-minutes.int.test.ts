import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db, OpenedDatabase } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { medianMinutesToPay } from "@/lib/merchant-console/dashboard";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { seededRandom } from "@/lib/seeded-random";
import { openTestDatabase } from "@/test/database";
import { merchantCookie, signInAs } from "@/test/merchant-session";
import { applyChargeObservation } from "./apply-charge-outcome";
import { countPaymentMinutes } from "./payment-minutes";

// The dashboard's medians from the per-day counts against PostgreSQL's percentile_cont over the
// same payments' whole minutes: before any day is counted, after, over ranges of 1, 7 and 30
// days, and after a payment that arrives later for a counted day. Charges are written straight
// into the tables, many at a time; the late payment goes through the writer. The medians are
// merchant data: read by a signed-in viewer, and refused to nobody signed in.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

const wib = (text: string) => new Date(`${text}+07:00`);
const NOW = wib("2026-11-24T10:00:00");
const MINUTE = 60_000;
const RANGES = [wib("2026-10-26T00:00:00"), wib("2026-11-18T00:00:00"), wib("2026-11-24T00:00:00")];

let database: OpenedDatabase;
let db: Db;
let made = 0;

async function charges(provider: ProviderId, rows: { paidAt: Date | null; minutes: number }[]) {
  const ids = rows.map((row) => ({ ...row, n: (made += 1), orderId: newId("ord"), chargeId: newId("chg") }));
  const createdAt = (row: (typeof ids)[number]) => new Date((row.paidAt ?? NOW).getTime() - Math.round(row.minutes * MINUTE));
  await db.order.createMany({
    data: ids.map((row) => ({
      id: row.orderId,
      publicId: newId("pub"),
      reference: `PMIN-${row.n}`,
      status: row.paidAt ? ("paid" as const) : ("pending" as const),
      amount: 10_000,
      store: "alfamart" as const,
      source: "api",
      customerName: "Ani",
      customerEmail: "ani@example.com",
      customerPhone: "+6281234567890",
      description: "minutes",
      expiryMinutes: 24 * 60,
      paidAt: row.paidAt,
      createdAt: createdAt(row),
    })),
  });
  await db.charge.createMany({
    data: ids.map((row) => ({
      id: row.chargeId,
      orderId: row.orderId,
      attempt: 1,
      provider,
      store: "alfamart" as const,
      reference: `PMIN-${row.n}-1`,
      idempotencyKey: row.chargeId,
      status: row.paidAt ? ("paid" as const) : ("pending" as const),
      amount: 10_000,
      paidAmount: row.paidAt ? 10_000 : null,
      paidAt: row.paidAt,
      createdAt: createdAt(row),
    })),
  });
  return ids.map((row) => row.chargeId);
}

/** PostgreSQL's percentile_cont(0.5) over whole minutes to pay, for one provider or all. */
async function percentileCont(from: Date, provider?: ProviderId): Promise<number | null> {
  const [row] = await db.$queryRaw<{ minutes: number | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(date_part('epoch', "paidAt" - "createdAt") / 60)) AS minutes FROM "Charge"
    WHERE (${provider ?? null}::text IS NULL OR provider = ${provider ?? null}) AND "paidAt" >= ${from.toISOString()}::timestamp AND "paidAt" < ${NOW.toISOString()}::timestamp`;
  return row?.minutes ?? null;
}

async function expectPostgresMedians() {
  for (const from of RANGES) {
    const medians = await medianMinutesToPay(db, from, NOW);
    expect(medians.all, `all from ${from.toISOString()}`).toBe(await percentileCont(from));
    for (const provider of PROVIDER_IDS) expect(medians[provider], `${provider} from ${from.toISOString()}`).toBe(await percentileCont(from, provider));
  }
}

const countedDays = async () => db.paymentMinutesDay.count();

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await signInAs(db, "viewer");
  const random = seededRandom(11);
  // 40 days of payments up to now, each provider at its own pace; martis has none.
  for (const [index, provider] of PROVIDER_IDS.filter((id) => id !== "martis").entries()) {
    await charges(
      provider,
      Array.from({ length: 120 + index * 37 }, () => ({
        paidAt: new Date(NOW.getTime() - Math.floor(random() * 40 * 24 * 60) * MINUTE - 1_000),
        minutes: (index + 1) * 45 * random(),
      })),
    );
  }
});
afterAll(async () => database?.close());

describe("the dashboard's medians of minutes to pay", () => {
  it("are counted live before any day is counted, the same as PostgreSQL's", async () => {
    await expectPostgresMedians();
  });

  it("come from the counts of the 31 closed days once the job ran, still the same", async () => {
    expect(await countPaymentMinutes(db, NOW)).toEqual({ days: 31 });
    expect(await countPaymentMinutes(db, NOW)).toEqual({ days: 0 });
    await expectPostgresMedians();
  });

  it("are right after a payment arrives for a counted day: that day and the later ones are counted again", async () => {
    const [late] = await charges("martis", [{ paidAt: null, minutes: 600 }]);
    const paidAt = wib("2026-11-20T15:00:00"); // the provider's own payment time, days ago
    const applied = await applyChargeObservation(db, { chargeId: late!, outcome: "paid", providerStatus: "success", eventKey: `late-${late}`, source: "status_check", paidAt, amount: 10_000 }, NOW);
    expect(applied.result).toBe("applied");
    // The 20th to the 23rd are forgotten.
    expect(await countedDays()).toBe(27);
    await expectPostgresMedians();
    expect(await countPaymentMinutes(db, NOW)).toEqual({ days: 4 });
    await expectPostgresMedians();
  });

  it("are not read without a merchant session", async () => {
    const signedIn = merchantCookie.value;
    merchantCookie.value = undefined;
    const spy = vi.spyOn(db, "$queryRaw");
    try {
      await expect(medianMinutesToPay(db, RANGES[0]!, NOW)).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT;replace;/merchant/login;") });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      merchantCookie.value = signedIn;
    }
  });
});
