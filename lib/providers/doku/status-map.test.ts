import { describe, expect, it } from "vitest";
import { mapDokuStatus } from "./status-map";

describe("DOKU transaction.status → charge outcome", () => {
  it.each([
    ["PENDING", "pending"],
    ["SUCCESS", "paid"],
    ["FAILED", "failed"],
    ["EXPIRED", "expired"],
    ["TIMEOUT", "pending"],
    ["REDIRECT", "pending"],
    ["REFUNDED", "ignored"],
    ["success", "paid"],
  ] as const)("%s is %s", (status, expected) => {
    expect(mapDokuStatus(status)).toBe(expected);
  });
});
