import { describe, expect, it } from "vitest";
import { mapMonxaEvent, mapMonxaStatus } from "./status-map";

describe("Monxa charge status → charge outcome", () => {
  it.each([
    ["pending", "pending"],
    ["PENDING", "pending"],
    ["succeeded", "paid"],
    ["SUCCEEDED", "paid"],
    ["completed", "paid"],
    ["failed", "failed"],
    ["FAILED", "failed"],
    ["expired", "expired"],
    ["EXPIRED", "expired"],
    ["cancelled", "cancelled"],
    ["refunded", "ignored"],
  ] as const)("%s is %s", (status, expected) => {
    expect(mapMonxaStatus(status)).toBe(expected);
  });
});

describe("Monxa webhook event type → charge outcome", () => {
  it.each([
    ["charge.succeeded", "paid"],
    ["charge.completed", "paid"],
    ["Charge.Succeeded", "paid"],
    ["charge.failed", "failed"],
    ["charge.expired", "expired"],
    ["charge.cancelled", "cancelled"],
    ["charge.created", "ignored"],
    ["payout.succeeded", "ignored"],
  ] as const)("%s is %s", (type, expected) => {
    expect(mapMonxaEvent(type)).toBe(expected);
  });
});
