import { describe, expect, it } from "vitest";
import { fazzStatusNote, mapFazzStatus } from "./status-map";

describe("Fazz payment status → charge outcome", () => {
  it.each([
    ["pending", "pending"],
    ["processing", "pending"],
    ["paid", "paid"],
    ["completed", "paid"],
    ["expired", "expired"],
    ["cancelled", "cancelled"],
    ["failed", "failed"],
    ["refunded", "ignored"],
    ["PAID", "paid"],
  ] as const)("%s is %s", (status, expected) => {
    expect(mapFazzStatus(status)).toBe(expected);
  });

  it("notes only completed, where the funds become available", () => {
    expect(fazzStatusNote("completed")).toBe("funds_available");
    expect(fazzStatusNote("paid")).toBeUndefined();
  });
});
