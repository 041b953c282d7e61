import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/domain";
import { canChargeMove, CHARGE_STATUSES } from "./charge-status";
import { canOrderMove, canRenewCode, decideChargeChange, judgeAmount, type ChargeChange } from "./order-status";

describe("order status machine", () => {
  it("moves forward only, with the documented ways back", () => {
    const allowed = ORDER_STATUSES.flatMap((from) =>
      ORDER_STATUSES.filter((to) => canOrderMove(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        "pending→paid",
        "pending→underpaid", // less than the code's amount: not fulfilled, the merchant acts
        "expired→underpaid",
        "failed→underpaid",
        "cancelled→underpaid",
        "underpaid→paid", // a full payment on another code: the short one is refunded
        "underpaid→reversed",
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
    decideChargeChange({ order: { status: order }, charge, to, amount: { expected: 10_000, received: 10_000 } });
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
    const settledFirst = decideChargeChange({ order: { status: "pending" }, charge: current, to: "reversed", settledBeforeReversal: true, amount: { expected: 10_000 } });
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

describe("the confirmed amount against the code's", () => {
  const current: ChargeChange["charge"] = { status: "pending", isCurrent: true, paidTheOrder: false };
  const pay = (order: OrderStatus, received: number | undefined, conflict?: string, charge = current) =>
    decideChargeChange({ order: { status: order }, charge, to: "paid", amount: { expected: 50_000, received, conflict } });

  it("judges exact, short, over and conflicting answers", () => {
    expect(judgeAmount({ expected: 50_000, received: 50_000 })).toBe("exact");
    expect(judgeAmount({ expected: 50_000 })).toBe("exact");
    expect(judgeAmount({ expected: 50_000, received: 49_999 })).toBe("short");
    expect(judgeAmount({ expected: 50_000, received: 50_001 })).toBe("over");
    expect(judgeAmount({ expected: 50_000, received: 50_000, conflict: "amount 50000 but amount_str 5000.00" })).toBe("conflict");
  });

  it("pays the order only on the exact amount", () => {
    expect(pay("pending", 50_000)).toMatchObject({ chargeMoves: true, orderTo: "paid", needsAttention: false, amountVerdict: "exact" });
  });

  it("makes a short payment underpaid, flagged, never paid", () => {
    expect(pay("pending", 40_000)).toMatchObject({ chargeMoves: true, orderTo: "underpaid", needsAttention: true, event: "underpaid", amountVerdict: "short" });
    expect(pay("expired", 40_000, undefined, { ...current, status: "expired" })).toMatchObject({ orderTo: "underpaid", needsAttention: true });
  });

  it("pays an overpaid order and flags it for a refund", () => {
    expect(pay("pending", 60_000)).toMatchObject({ chargeMoves: true, orderTo: "paid", needsAttention: true, amountVerdict: "over" });
  });

  it("never pays on an answer whose own amounts disagree, and flags it", () => {
    const decision = pay("pending", 50_000, "amount 5000000 but amount_str 50000.00");
    expect(decision).toMatchObject({ chargeMoves: false, needsAttention: true, event: "amount_conflict" });
    expect(decision.orderTo).toBeUndefined();
    expect(decision.reason).toContain("amount_str");
  });

  it("completes an underpaid order with a full payment on another code, flagged to refund the short one", () => {
    const other = { status: "expired" as const, isCurrent: false, paidTheOrder: false };
    expect(pay("underpaid", 50_000, undefined, other)).toMatchObject({ chargeMoves: true, orderTo: "paid", needsAttention: true });
    const shortAgain = pay("underpaid", 10_000, undefined, other);
    expect(shortAgain).toMatchObject({ chargeMoves: true, needsAttention: true, event: "duplicate_payment" });
    expect(shortAgain.orderTo).toBeUndefined();
  });

  it("reverses an underpaid order when its payment is reversed", () => {
    expect(
      decideChargeChange({ order: { status: "underpaid" }, charge: { status: "paid", isCurrent: true, paidTheOrder: true }, to: "reversed", amount: { expected: 50_000 } }),
    ).toMatchObject({ orderTo: "reversed", needsAttention: true });
  });
});
