import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { limitSetting } from "./setting";

describe("a rate limit setting", () => {
  it('reads "<count>/<window>" with the window in s, m, h or d', () => {
    expect(limitSetting.parse("30/10m")).toEqual({ points: 30, durationSeconds: 600 });
    expect(limitSetting.parse(" 600 / 1m ")).toEqual({ points: 600, durationSeconds: 60 });
    expect(limitSetting.parse("5/15s")).toEqual({ points: 5, durationSeconds: 15 });
    expect(limitSetting.parse("100/1h")).toEqual({ points: 100, durationSeconds: 3600 });
    expect(limitSetting.parse("1000/1d")).toEqual({ points: 1000, durationSeconds: 86_400 });
  });

  it("refuses anything else", () => {
    for (const bad of ["30", "30/10", "30/10x", "0/1m", "ten/1m", "30/0s", "30/8d", "-1/1m"]) {
      expect(limitSetting.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("has defaults, and a bad value is reported by name at start-up", () => {
    expect(parseEnv({}).rateLimits).toEqual({
      orders: { points: 60, durationSeconds: 60 },
      checkout: { points: 30, durationSeconds: 600 },
      webhooks: { points: 600, durationSeconds: 60 },
      sandbox: { points: 600, durationSeconds: 60 },
      signInAddress: { points: 5, durationSeconds: 900 },
      signInAccount: { points: 100, durationSeconds: 3600 },
    });
    expect(parseEnv({ RATE_LIMIT_ORDERS: "1000/1s" }).rateLimits.orders).toEqual({ points: 1000, durationSeconds: 1 });
    expect(() => parseEnv({ RATE_LIMIT_CHECKOUT: "lots" })).toThrow(EnvError);
    expect(() => parseEnv({ RATE_LIMIT_CHECKOUT: "lots" })).toThrow(/RATE_LIMIT_CHECKOUT/);
  });
});
