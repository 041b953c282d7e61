import { describe, expect, it } from "vitest";
import { currentChargeOf, paymentTotals } from "./charges";

describe("the order's current charge", () => {
  it("is the newest attempt that got a code, in whatever order the charges come", () => {
    const charges = [
      { attempt: 3, status: "not_issued" },
      { attempt: 1, status: "expired" },
      { attempt: 2, status: "pending" },
    ];
    expect(currentChargeOf(charges)).toEqual({ attempt: 2, status: "pending" });
    expect(currentChargeOf([{ attempt: 1, status: "not_issued" }])).toBeUndefined();
  });
});

describe("what the shopper paid against the order", () => {
  const charge = (status: string, paidAmount: number | null, amount = 100_000) => ({ status, amount, paidAmount });

  it("owes nothing back on an exact payment", () => {
    expect(paymentTotals({ amount: 100_000, status: "paid" }, [charge("paid", 100_000)])).toEqual({ received: 100_000, refundDue: 0 });
  });

  it("counts a code paid without a stated amount as its own amount", () => {
    expect(paymentTotals({ amount: 100_000, status: "paid" }, [charge("paid", null)])).toEqual({ received: 100_000, refundDue: 0 });
  });

  it("owes the difference back on an overpayment", () => {
    expect(paymentTotals({ amount: 100_000, status: "paid" }, [charge("paid", 120_000)])).toEqual({ received: 120_000, refundDue: 20_000 });
  });

  it("keeps a short payment with the merchant until they settle it", () => {
    expect(paymentTotals({ amount: 100_000, status: "underpaid" }, [charge("paid", 60_000), charge("expired", null)])).toEqual({ received: 60_000, refundDue: 0 });
  });

  it("owes the short payment back once another code paid the order in full", () => {
    expect(paymentTotals({ amount: 100_000, status: "paid" }, [charge("paid", 60_000), charge("paid", 100_000)])).toEqual({ received: 160_000, refundDue: 60_000 });
  });
});
