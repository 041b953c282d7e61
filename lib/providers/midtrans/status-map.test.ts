import { describe, expect, it } from "vitest";
import { mapMidtransStatus } from "./status-map";

describe("Midtrans transaction_status → charge outcome", () => {
  it.each([
    ["pending", undefined, "pending"],
    ["settlement", undefined, "paid"],
    ["settlement", "accept", "paid"],
    ["settlement", "challenge", "pending"],
    ["settlement", "deny", "reversed"],
    ["deny", undefined, "reversed"],
    ["expire", undefined, "expired"],
    ["cancel", undefined, "cancelled"],
    ["failure", undefined, "failed"],
    ["refund", undefined, "ignored"],
    ["SETTLEMENT", "ACCEPT", "paid"],
  ] as const)("%s (fraud %s) is %s", (status, fraud, expected) => {
    expect(mapMidtransStatus(status, fraud)).toBe(expected);
  });
});
