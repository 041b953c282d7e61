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
