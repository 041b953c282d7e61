import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { newId, newPublicId } from "@/lib/ids";
import { openTestDatabase } from "@/test/database";
import { merchantCookie, sealedSession as seal, signInAs } from "@/test/merchant-session";
import { getOrderDetail, listOrders } from "./orders";

// The console's data-access functions check the session themselves: without a valid member's
// session they read nothing, whatever page, layout or action calls them.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

let database: OpenedDatabase;
let orderId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  orderId = newId("ord");
  await database.db.order.create({
    data: {
      id: orderId,
      publicId: newPublicId(),
      reference: `AUTH-${Date.now()}`,
      amount: 50_000,
      store: "alfamart",
      source: "api",
      customerName: "Rahasia Pelanggan",
      customerEmail: "rahasia@example.com",
      customerPhone: "081200000000",
      description: "secret order",
      expiryMinutes: 60,
    },
  });
});
afterAll(async () => database?.close());
beforeEach(() => {
  merchantCookie.value = undefined;
});


async function expectSentToSignIn(read: () => Promise<unknown>) {
  const spy = vi.spyOn(database.db.order, "findMany");
  const spyOne = vi.spyOn(database.db.order, "findUnique");
  await expect(read()).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT;replace;/merchant/login;") });
  expect(spy).not.toHaveBeenCalled();
  expect(spyOne).not.toHaveBeenCalled();
  spy.mockRestore();
  spyOne.mockRestore();
}

describe("console data access", () => {
  const reads = {
    "the orders list": () => listOrders(database.db, {}),
    "an order's detail": () => getOrderDetail(database.db, orderId),
  };

  for (const [name, read] of Object.entries(reads)) {
    it(`${name}: no session reads nothing`, async () => {
      await expectSentToSignIn(read);
    });

    it(`${name}: a cookie sealed with another secret reads nothing`, async () => {
      const { token } = await signInAs(database.db, "owner");
      merchantCookie.value = await seal({ token }, "x".repeat(40));
      await expectSentToSignIn(read);
    });

    it(`${name}: a garbage or empty session, or one no row has, reads nothing`, async () => {
      merchantCookie.value = "Fe26.2**not-a-seal";
      await expectSentToSignIn(read);
      merchantCookie.value = await seal({});
      await expectSentToSignIn(read);
      merchantCookie.value = await seal({ token: "a-token-nobody-was-given" });
      await expectSentToSignIn(read);
      // The shared password's cookie from before accounts.
      merchantCookie.value = await seal({ signedInAt: Date.now() });
      await expectSentToSignIn(read);
    });

    it(`${name}: an expired or revoked session, or a disabled member's, reads nothing`, async () => {
      await signInAs(database.db, "owner", new Date(Date.now() - 13 * 3600_000));
      await expectSentToSignIn(read);
      const revoked = await signInAs(database.db, "owner");
      await database.db.consoleSession.updateMany({ where: { memberId: revoked.member.id }, data: { revokedAt: new Date() } });
      await expectSentToSignIn(read);
      const disabled = await signInAs(database.db, "owner");
      await database.db.consoleMember.update({ where: { id: disabled.member.id }, data: { disabledAt: new Date() } });
      await expectSentToSignIn(read);
    });
  }

  it("a signed-in member, a viewer too, reads the orders and the order", async () => {
    await signInAs(database.db, "viewer");
    const { orders } = await listOrders(database.db, {});
    expect(orders.map((order) => order.id)).toContain(orderId);
    const detail = await getOrderDetail(database.db, orderId);
    expect(detail?.order.customerEmail).toBe("rahasia@example.com");
    // An address that cannot name an order finds none, whatever bytes it holds.
    for (const id of ["ord_\u0000", "ord_\ud800aaaaaaaaaaaaaaaaaaa", "../orders", ""]) expect(await getOrderDetail(database.db, id)).toBeNull();
  });

  it("lists an underpaid order under its status and under needs attention, with what was received", async () => {
    await signInAs(database.db, "viewer");
    const underpaidId = newId("ord");
    await database.db.order.create({
      data: {
        id: underpaidId,
        publicId: newPublicId(),
        reference: `SHORT-${Date.now()}`,
        status: "underpaid",
        needsAttention: true,
        amount: 50_000,
        store: "indomaret",
        source: "api",
        customerName: "Budi",
        customerEmail: "budi@example.com",
        customerPhone: "081200000001",
        description: "short payment",
        expiryMinutes: 60,
        charges: {
          create: { id: newId("chg"), attempt: 1, provider: "midtrans", store: "indomaret", reference: `SHORT-${Date.now()}-1`, idempotencyKey: newId("idem"), status: "paid", amount: 50_000, paidAmount: 45_000 },
        },
      },
    });
    expect((await listOrders(database.db, { status: "underpaid" })).orders.map((order) => order.id)).toEqual([underpaidId]);
    expect((await listOrders(database.db, { attention: "1" })).orders.map((order) => order.id)).toContain(underpaidId);
    expect((await getOrderDetail(database.db, underpaidId))?.payments).toEqual({ received: 45_000, refundDue: 0 });
  });
});

describe("search, filters and pages", () => {
  let sequence = 0;
  async function makeOrder(fields: { reference: string; customerName?: string; customerEmail?: string; customerPhone?: string; createdAt?: Date; codes?: { provider: string; paymentCode: string | null; status: "pending" | "expired" | "not_issued" }[] }) {
    const id = newId("ord");
    sequence++;
    await database.db.order.create({
      data: {
        id,
        publicId: newPublicId(),
        reference: fields.reference,
        amount: 25_000,
        store: "alfamart",
        source: "api",
        customerName: fields.customerName ?? "Pembeli Biasa",
        customerEmail: fields.customerEmail ?? `pembeli${sequence}@example.com`,
        customerPhone: fields.customerPhone ?? "081100000000",
        description: "search",
        expiryMinutes: 60,
        createdAt: fields.createdAt,
        charges: {
          create: (fields.codes ?? []).map((code, index) => ({
            id: newId("chg"),
            attempt: index + 1,
            provider: code.provider,
            store: "alfamart" as const,
            reference: `${fields.reference}-${index + 1}`,
            idempotencyKey: newId("idem"),
            status: code.status,
            amount: 25_000,
            paymentCode: code.paymentCode,
          })),
        },
      },
    });
    return id;
  }
  const ids = async (filters: Parameters<typeof listOrders>[1]) => (await listOrders(database.db, filters)).orders.map((order) => order.id);

  it("finds an order by any part of its reference, name, email, phone as typed, or any of its payment codes, in any case", async () => {
    await signInAs(database.db, "viewer");
    const siti = await makeOrder({
      reference: "SRCH-ALPHA-12345",
      customerName: "Siti Rahayu",
      customerEmail: "siti.r@example.com",
      customerPhone: "081234567890",
      codes: [
        { provider: "midtrans", paymentCode: "77770000111122", status: "expired" },
        { provider: "doku", paymentCode: "8888123412341234", status: "pending" },
      ],
    });
    const budi = await makeOrder({ reference: "SRCH-BETA-2", customerName: "Budi Santoso", customerEmail: "budi.s@example.com", customerPhone: "085711112222", codes: [{ provider: "fazz", paymentCode: "ABCD9999EFGH", status: "pending" }] });
    const cases: [string, string[]][] = [
      ["alpha-1", [siti]],
      ["srch-alpha-12345", [siti]],
      ["SRCH-BETA-12345", []], // its number is in Siti's reference, the whole text in none
      ["budi.s@example", [budi]],
      ["srch-", [budi, siti]],
      ["siti rah", [siti]],
      ["RAHAYU", [siti]],
      ["SITI.R@", [siti]],
      ["+62 812-3456", [siti]],
      ["62812345", [siti]],
      ["0857 1111", [budi]],
      ["(0857) 1111-2222", [budi]],
      ["abcd 9999", [budi]],
      ["1234 1234", [siti]],
      ["77770000", [siti]], // an earlier code of the order, not only the current one
      ["zz-nobody", []],
      ["%", []],
      ["SRCH_", []], // LIKE's wildcards are searched as the characters they are
    ];
    for (const [q, expected] of cases) expect([q, await ids({ q })]).toEqual([q, expected]);
    expect(await ids({ q: "santoso", provider: "fazz" })).toEqual([budi]);
    expect(await ids({ q: "santoso", provider: "doku" })).toEqual([]);
  });

  it("filters by the provider of the current code, not of an earlier attempt", async () => {
    await signInAs(database.db, "viewer");
    const failedOver = await makeOrder({
      reference: "PROV-FAILOVER",
      codes: [
        { provider: "monxa", paymentCode: "MONXA0001", status: "expired" },
        { provider: "martis", paymentCode: "MARTIS0001", status: "pending" },
        { provider: "doku", paymentCode: null, status: "not_issued" },
      ],
    });
    expect(await ids({ provider: "martis" })).toContain(failedOver);
    expect(await ids({ provider: "monxa" })).not.toContain(failedOver);
    expect(await ids({ provider: "doku" })).not.toContain(failedOver);
  });

  it("pages a search newest first with the cursor, every match once", async () => {
    await signInAs(database.db, "viewer");
    const start = Date.UTC(2026, 0, 1);
    const made: string[] = [];
    for (let index = 0; index < 30; index++) {
      made.push(await makeOrder({ reference: `PAGE-${index}`, customerName: `Kursor Pembeli ${index}`, createdAt: new Date(start + index * 60_000) }));
    }
    const first = await listOrders(database.db, { q: "kursor" });
    expect(first.orders).toHaveLength(25);
    expect(first.nextBefore).not.toBeNull();
    const second = await listOrders(database.db, { q: "kursor", before: first.nextBefore! });
    expect(second.nextBefore).toBeNull();
    expect([...first.orders, ...second.orders].map((order) => order.id)).toEqual(made.toReversed());
  });
});
