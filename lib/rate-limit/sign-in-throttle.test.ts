import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSignInThrottle, type SignInGate, type SignInThrottle } from "./sign-in-throttle";

// The throttle's rules over rate-limiter-flexible's in-process counters (the app's are in the
// database: rate-limits.int.test.ts runs the same attack there).

const ADDRESS_LIMIT = { points: 5, duration: 15 * 60 };
const ACCOUNT_LIMIT = { points: 20, duration: 60 * 60 };

let throttle: SignInThrottle;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-11-23T03:00:00Z") });
  throttle = createSignInThrottle({
    byAddress: new RateLimiterMemory({ keyPrefix: "address", ...ADDRESS_LIMIT, blockDuration: ADDRESS_LIMIT.duration }),
    byAccount: new RateLimiterMemory({ keyPrefix: "account", ...ACCOUNT_LIMIT }),
  });
});
afterEach(() => vi.useRealTimers());

/** One sign-in with the right or a wrong password; what the throttle said. */
async function attempt(address: string, correct: boolean): Promise<SignInGate> {
  const gate = await throttle.begin("merchant", address);
  if (gate.allowed) await (correct ? gate.succeeded() : gate.failed());
  return gate;
}

describe("sign-in throttling", () => {
  it("locks an address out for a window after 5 failures", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt("203.0.113.9", false)).allowed).toBe(true);
    expect(await attempt("203.0.113.9", true)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    vi.advanceTimersByTime(15 * 60_000);
    expect((await attempt("203.0.113.9", true)).allowed).toBe(true);
  });

  it("does not let an attacker's failures from other addresses lock the owner out", async () => {
    for (let i = 0; i < 10; i++) await attempt("198.51.100.66", false);
    expect((await attempt("198.51.100.66", true)).allowed).toBe(false);
    expect((await attempt("192.0.2.10", true)).allowed).toBe(true);
  });

  it("forgets an address's failures when it signs in", async () => {
    for (let i = 0; i < 4; i++) await attempt("192.0.2.10", false);
    await attempt("192.0.2.10", true);
    for (let i = 0; i < 5; i++) expect((await attempt("192.0.2.10", false)).allowed).toBe(true);
  });

  it("lets a burst of parallel guesses from one address test at most 5 passwords", async () => {
    const gates = await Promise.all(Array.from({ length: 30 }, () => throttle.begin("merchant", "203.0.113.9")));
    expect(gates.filter((gate) => gate.allowed)).toHaveLength(5);
  });

  it("under a distributed attack, gives each failing address one guess per window, and the owner's clean address still signs in", async () => {
    // 20 addresses fail once each: the account's ceiling is reached.
    for (let i = 1; i <= 20; i++) expect((await attempt(`198.51.100.${i}`, false)).allowed).toBe(true);
    // An address that has failed is refused now, though it has had only one try.
    const refused = await attempt("198.51.100.1", false);
    expect(refused.allowed).toBe(false);
    // A fresh address still gets its one guess; after failing it is refused too.
    expect((await attempt("198.51.100.200", false)).allowed).toBe(true);
    expect((await attempt("198.51.100.200", false)).allowed).toBe(false);
    // The owner, from an address with no failures, signs in.
    expect((await attempt("192.0.2.10", true)).allowed).toBe(true);
    // A refused address learns when to come back: when its own window ends at the latest.
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });
});
