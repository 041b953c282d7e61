import { describe, expect, it } from "vitest";
import { notificationsFor, shopperEmailFor } from "./order-notifications";

describe("what a timeline entry tells the merchant and the shopper", () => {
  it("maps order changes to notification types", () => {
    expect(notificationsFor({ type: "status_changed", toStatus: "paid" })).toEqual(["order.paid"]);
    expect(notificationsFor({ type: "late_payment", toStatus: "paid" })).toEqual(["order.late_payment", "order.paid"]);
    expect(notificationsFor({ type: "underpaid", toStatus: "underpaid" })).toEqual(["order.underpaid"]);
    expect(notificationsFor({ type: "status_changed", toStatus: "expired" })).toEqual(["order.expired"]);
    expect(notificationsFor({ type: "status_changed", toStatus: "reversed" })).toEqual(["order.reversed"]);
    expect(notificationsFor({ type: "code_renewed", toStatus: "pending" })).toEqual(["order.code_renewed"]);
    expect(notificationsFor({ type: "webhook_received" })).toEqual([]);
    expect(notificationsFor({ type: "charge_issued" })).toEqual([]);
  });

  it("emails the shopper each code issued and the receipt", () => {
    expect(shopperEmailFor({ type: "charge_issued" })).toBe("code");
    expect(shopperEmailFor({ type: "code_renewed", toStatus: "pending" })).toBeUndefined();
    expect(shopperEmailFor({ type: "late_payment", toStatus: "paid" })).toBe("paid");
    expect(shopperEmailFor({ type: "status_changed", toStatus: "expired" })).toBeUndefined();
  });
});
