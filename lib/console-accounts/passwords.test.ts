import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords";

describe("console passwords", () => {
  it("hashes with argon2id and verifies only the same password", async () => {
    const stored = await hashPassword("Rendang-Padang-Pedas-88");
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain("Rendang");
    expect(await verifyPassword(stored, "Rendang-Padang-Pedas-88")).toBe(true);
    expect(await verifyPassword(stored, "rendang-padang-pedas-88")).toBe(false);
    // Two hashes of one password differ (their salts do).
    expect(await hashPassword("Rendang-Padang-Pedas-88")).not.toBe(stored);
  });

  it("answers false, not an error, for a stored value that is not a hash", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("refuses short, long and easily guessed passwords", () => {
    expect(passwordProblem("Pendek-1")).toBe("too_short");
    expect(passwordProblem("x".repeat(201))).toBe("too_long");
    expect(passwordProblem("password1234")).toBe("too_weak");
    expect(passwordProblem("Rendang-Padang-Pedas-88")).toBeUndefined();
  });
});
