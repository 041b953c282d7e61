import { describe, expect, it } from "vitest";
import { notificationsFor } from "./order-notifications";

describe("what a timeline entry tells the merchant's systems", () => {
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
});
