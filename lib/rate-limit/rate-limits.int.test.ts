import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { openTestDatabase } from "@/test/database";
import { databaseCounter, databaseLimiter } from "./limiter";
import { createRateLimits } from "./rate-limits";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle";

// The limiters on the real database, as two app instances would share it: on PostgreSQL
// (TEST_DATABASE_URL) two separate clients with their own connection pools; on PGlite, which one
// process holds, two sets of limiters over the one client. Keys are unique per run: the
// PostgreSQL database is shared, and other tests' counts may be in it.

let first: OpenedDatabase;
let second: OpenedDatabase;
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  first = await openTestDatabase();
  const url = process.env.TEST_DATABASE_URL;
  second = url ? await openDatabase({ databaseUrl: url, pgliteDataDir: "memory://" }) : first;
});
afterAll(async () => {
  if (second !== first) await second?.close();
  await first?.close();
});

describe("database rate limits", () => {
  it("are shared: two instances on the same database see the same counts", async () => {
    const setting = { points: 5, durationSeconds: 60 };
    const a = databaseLimiter(first.db, `shared-${run}`, setting);
    const b = databaseLimiter(second.db, `shared-${run}`, setting);
    for (let i = 0; i < 3; i++) expect(await a.consume("client")).toEqual({ allowed: true });
    for (let i = 0; i < 2; i++) expect(await b.consume("client")).toEqual({ allowed: true });
    const refused = await a.consume("client");
    expect(refused).toMatchObject({ allowed: false });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(55);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await b.consume("client")).toMatchObject({ allowed: false });
  });

  it("count every one of a concurrent burst across instances exactly once", async () => {
    const setting = { points: 25, durationSeconds: 60 };
    const a = databaseLimiter(first.db, `burst-${run}`, setting);
    const b = databaseLimiter(second.db, `burst-${run}`, setting);
    const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).consume("client")));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(25);
    const row = await first.db.rateLimit.findUniqueOrThrow({ where: { key: `burst-${run}:client` } });
    // Refusals after the first few are answered from memory and never reach the database.
    expect(row.points).toBeGreaterThanOrEqual(26);
    expect(row.points).toBeLessThanOrEqual(60);
  });

  it("start counting again once a window has ended", async () => {
    const limiter = databaseLimiter(first.db, `window-${run}`, { points: 2, durationSeconds: 1 });
    const other = databaseLimiter(second.db, `window-${run}`, { points: 2, durationSeconds: 1 });
    expect(await limiter.consume("client")).toEqual({ allowed: true });
    expect(await limiter.consume("client")).toEqual({ allowed: true });
    expect(await other.consume("client")).toMatchObject({ allowed: false });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await other.consume("client")).toEqual({ allowed: true });
    const row = await first.db.rateLimit.findUniqueOrThrow({ where: { key: `window-${run}:client` } });
    expect(row.points).toBe(1);
  });

  it("let a provider's legitimate burst through under the default webhook limit", async () => {
    const settings = parseEnv({}).rateLimits;
    const limits = createRateLimits(first.db, settings);
    const key = `midtrans:test-${run}`;
    const burst = await Promise.all(Array.from({ length: 50 }, () => limits.webhooks.consume(key)));
    expect(burst.every((decision) => decision.allowed)).toBe(true);
    const started = Date.now();
    for (let i = 50; i < settings.webhooks.points; i++) expect((await limits.webhooks.consume(key)).allowed).toBe(true);
    console.log(`webhook limit: ${settings.webhooks.points} deliveries counted in ${Date.now() - started} ms (${first.kind})`);
    expect((await limits.webhooks.consume(key)).allowed).toBe(false);
  });
});

describe("sign-in throttling on the database", () => {
  const throttleOn = (opened: OpenedDatabase): SignInThrottle =>
    createSignInThrottle({
      byAddress: databaseCounter(opened.db, `sign-in-address-${run}`, { points: 5, durationSeconds: 900 }, { blockSeconds: 900 }),
      byAccount: databaseCounter(opened.db, `sign-in-account-${run}`, { points: 20, durationSeconds: 3600 }),
    });

  it("an attacker's failures, from many addresses and both instances, do not lock out the owner's address", async () => {
    const instances = [throttleOn(first), throttleOn(second)];
    // One attacker address runs into its own lock; 30 more push the account past its ceiling.
    for (let i = 0; i < 6; i++) {
      const gate = await instances[i % 2]!.begin("merchant", "203.0.113.66");
      if (gate.allowed) await gate.failed();
      expect(gate.allowed).toBe(i < 5);
    }
    for (let i = 1; i <= 30; i++) {
      const gate = await instances[i % 2]!.begin("merchant", `198.51.100.${i}`);
      expect(gate.allowed).toBe(true);
      if (gate.allowed) await gate.failed();
    }
    // Each of those addresses has used its one guess, seen from either instance.
    expect((await instances[0]!.begin("merchant", "198.51.100.7")).allowed).toBe(false);
    expect((await instances[1]!.begin("merchant", "198.51.100.8")).allowed).toBe(false);
    // The owner, from an address that has not failed, signs in.
    const owner = await instances[1]!.begin("merchant", "192.0.2.10");
    expect(owner.allowed).toBe(true);
    if (owner.allowed) await owner.succeeded();
  });
});
