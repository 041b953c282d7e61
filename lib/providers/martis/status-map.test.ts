import { describe, expect, it } from "vitest";
import { mapMartisStatus } from "./status-map";

describe("Martis charge status → charge outcome", () => {
  const deadline = new Date("2026-11-23T02:30:00Z");
  const before = new Date("2026-11-23T02:29:59Z");

  it.each([
    ["pending", {}, "pending"],
    ["success", {}, "paid"],
    ["SUCCESS", {}, "paid"],
    ["failed", { expiresAt: deadline, failedAt: before }, "failed"],
    ["failed", { expiresAt: deadline, failedAt: deadline }, "expired"],
    ["failed", { expiresAt: deadline, failedAt: new Date("2026-11-24T00:00:00Z") }, "expired"],
    // Without both instants nothing says it was the deadline: a plain failure.
    ["failed", { expiresAt: deadline }, "failed"],
    ["refunded", {}, "ignored"],
  ] as const)("%s %o is %s", (status, times, expected) => {
    expect(mapMartisStatus(status, times)).toBe(expected);
  });
});
