import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/domain";
import { canChargeMove, CHARGE_STATUSES } from "./charge-status";
import { canOrderMove, canRenewCode, decideChargeChange } from "./order-status";

describe("order status machine", () => {
  it("moves forward only, with the documented ways back", () => {
    const allowed = ORDER_STATUSES.flatMap((from) =>
      ORDER_STATUSES.filter((to) => canOrderMove(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        "pending→paid",
        "pending→expired",
        "pending→cancelled",
        "pending→failed",
        "pending→reversed",
        "expired→pending", // a renewed code
        "expired→paid", // paid from an old screenshot: recorded, flagged
        "failed→pending",
        "failed→paid",
        "cancelled→paid",
        "paid→reversed", // Midtrans settlement → deny
      ].sort(),
    );
  });

  it("lets a shopper renew only an expired or failed code", () => {
    expect(ORDER_STATUSES.filter(canRenewCode)).toEqual(["expired", "failed"]);
  });
});

describe("charge status machine", () => {
  it("never lets a paid code expire or go back to pending", () => {
    expect(canChargeMove("paid", "expired")).toBe(false);
    expect(canChargeMove("paid", "pending")).toBe(false);
    expect(canChargeMove("paid", "reversed")).toBe(true);
    expect(canChargeMove("reversed", "paid")).toBe(false);
    for (const status of CHARGE_STATUSES) expect(canChargeMove(status, "not_issued")).toBe(false);
  });
});

describe("what a charge change does to its order", () => {
  const decide = (order: OrderStatus, charge: Parameters<typeof decideChargeChange>[0]["charge"], to: Parameters<typeof decideChargeChange>[0]["to"]) =>
    decideChargeChange({ order: { status: order }, charge, to });
  const current = { status: "pending" as const, isCurrent: true, paidTheOrder: false };

  it("marks a pending order paid", () => {
    expect(decide("pending", current, "paid")).toMatchObject({ chargeMoves: true, orderTo: "paid", needsAttention: false, event: "status_changed" });
  });

  it("records a payment after expiry as paid and flags it", () => {
    expect(decide("expired", { ...current, status: "expired" }, "paid")).toMatchObject({
      chargeMoves: true,
      orderTo: "paid",
      needsAttention: true,
      event: "late_payment",
    });
  });

  it("keeps a second payment on a paid order, flagged for a refund", () => {
    const older = { status: "expired" as const, isCurrent: false, paidTheOrder: false };
    const decision = decide("paid", older, "paid");
    expect(decision).toMatchObject({ chargeMoves: true, needsAttention: true, event: "duplicate_payment" });
    expect(decision.orderTo).toBeUndefined();
  });

  it("reverses a settled payment when the provider denies it", () => {
    expect(decide("paid", { status: "paid", isCurrent: true, paidTheOrder: true }, "reversed")).toMatchObject({
      orderTo: "reversed",
      needsAttention: true,
      event: "payment_reversed",
    });
  });

  it("flags a reversal whose settlement we never saw, and a plain deny not", () => {
    const settledFirst = decideChargeChange({ order: { status: "pending" }, charge: current, to: "reversed", settledBeforeReversal: true });
    expect(settledFirst).toMatchObject({ orderTo: "reversed", needsAttention: true, event: "payment_reversed" });
    expect(decide("pending", current, "reversed")).toMatchObject({ orderTo: "reversed", needsAttention: false, event: "status_changed" });
  });

  it("ignores an expiry that arrives after the payment (out of order)", () => {
    expect(decide("paid", { status: "paid", isCurrent: true, paidTheOrder: true }, "expired")).toMatchObject({
      chargeMoves: false,
      event: "transition_refused",
    });
  });

  it("lets only the current code expire the order", () => {
    expect(decide("pending", current, "expired")).toMatchObject({ orderTo: "expired" });
    const older = decide("pending", { ...current, isCurrent: false }, "expired");
    expect(older.chargeMoves).toBe(true);
    expect(older.orderTo).toBeUndefined();
  });

  it("does nothing for a status the charge already has", () => {
    expect(decide("paid", { status: "paid", isCurrent: true, paidTheOrder: true }, "paid")).toMatchObject({ chargeMoves: false });
  });
});
