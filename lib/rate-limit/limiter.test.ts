import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { limiterOf, refuseOverLimit, retryAfterSeconds, tooManyRequests } from "./limiter";

// The decision logic over rate-limiter-flexible's in-process counter; the database counter the
// app uses behaves the same (rate-limits.int.test.ts runs these rules on PGlite and PostgreSQL).

beforeEach(() => vi.useFakeTimers({ now: new Date("2026-11-23T03:00:00Z") }));
afterEach(() => vi.useRealTimers());

const limiter = (points: number, duration: number) => limiterOf(new RateLimiterMemory({ keyPrefix: "test", points, duration }));

describe("a limiter", () => {
  it("allows `points` per key in a window, then refuses until the window ends", async () => {
    const limit = limiter(3, 60);
    for (let i = 0; i < 3; i++) expect(await limit.consume("a")).toEqual({ allowed: true });
    vi.advanceTimersByTime(20_000);
    expect(await limit.consume("a")).toEqual({ allowed: false, retryAfterSeconds: 40 });
    vi.advanceTimersByTime(40_000);
    expect(await limit.consume("a")).toEqual({ allowed: true });
  });

  it("counts each key on its own", async () => {
    const limit = limiter(1, 60);
    expect(await limit.consume("a")).toEqual({ allowed: true });
    expect((await limit.consume("a")).allowed).toBe(false);
    expect(await limit.consume("b")).toEqual({ allowed: true });
  });

  it("rethrows a failure that is not a refusal", async () => {
    const broken = new RateLimiterMemory({ points: 1, duration: 60 });
    vi.spyOn(broken, "consume").mockRejectedValue(new Error("store down"));
    await expect(limiterOf(broken).consume("a")).rejects.toThrow("store down");
  });
});

describe("the answer to a refused request", () => {
  it("is a 429 with Retry-After in whole seconds, never 0", async () => {
    expect(retryAfterSeconds({ msBeforeNext: 1 })).toBe(1);
    expect(retryAfterSeconds({ msBeforeNext: 0 })).toBe(1);
    expect(retryAfterSeconds({ msBeforeNext: 59_001 })).toBe(60);
    const response = tooManyRequests(42);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(await response.json()).toEqual({ error: { type: "rate_limited", message: "Too many requests. Retry after 42 seconds." } });
  });

  it("is given only once the limit is used up", async () => {
    const limit = limiter(1, 30);
    expect(await refuseOverLimit(limit, "a")).toBeUndefined();
    const refused = await refuseOverLimit(limit, "a");
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get("retry-after")).toBe("30");
  });
});
