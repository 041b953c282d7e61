import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "@/lib/db/client";
import type { LimitSetting } from "./setting";

// Rate limits count in the database (the RateLimit table, through rate-limiter-flexible's
// RateLimiterPrisma), so every instance of the app sees the same counts, on PGlite and
// PostgreSQL alike.

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface Limiter {
  /** Counts one request for `key`, or refuses it when the key has used up its window. */
  consume(key: string): Promise<LimitDecision>;
}

interface CounterOptions {
  /** Once over the limit, the key is refused for this long from then on (else: to the window's end). */
  blockSeconds?: number;
  /** Once a key is refused, this process refuses it from memory until its wait ends. */
  refuseFromMemory?: boolean;
}

/**
 * RateLimiterPrisma counting in one statement. Its own count is two autocommitted statements
 * (expired rows deleted, then an upsert that increments) on every request let through, the
 * webhook route's hot path among them. This is the same rule (an expired window, or a forced
 * expiry (a block), starts the count again; every concurrent request is counted) as the one
 * INSERT … ON CONFLICT that rate-limiter-flexible's RateLimiterPostgres runs, on our RateLimit
 * table. _upsert is the store's write hook (RateLimiterStoreAbstract), not in its typings.
 */
class RateLimiterPrismaOneStatement extends RateLimiterPrisma {
  readonly #db: Db;

  constructor(options: ConstructorParameters<typeof RateLimiterPrisma>[0], db: Db) {
    super(options);
    this.#db = db;
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<{ points: number; expire: Date | null }> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    const [row] = await this.#db.$queryRaw<{ points: number; expire: Date | null }[]>`
      INSERT INTO "RateLimit" (key, points, expire) VALUES (${key}, ${points}, ${expire})
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN ${forceExpire} OR "RateLimit".expire <= ${now} THEN EXCLUDED.points ELSE "RateLimit".points + EXCLUDED.points END,
        expire = CASE WHEN ${forceExpire} OR "RateLimit".expire <= ${now} THEN EXCLUDED.expire ELSE "RateLimit".expire END
      RETURNING points, expire`;
    return row!;
  }
}

/** A counter of `setting.points` per key per window, named `name`, kept in the database. */
export function databaseCounter(db: Db, name: string, setting: LimitSetting, options: CounterOptions = {}): RateLimiterPrisma {
  const window = { keyPrefix: name, points: setting.points, duration: setting.durationSeconds, blockDuration: options.blockSeconds ?? 0 };
  return new RateLimiterPrismaOneStatement({
    ...window,
    storeClient: db,
    tableName: "rateLimit",
    inMemoryBlockOnConsumed: options.refuseFromMemory ? setting.points + 1 : 0,
    // Should the database fail, this process counts on its own rather than let every request
    // through or refuse them all.
    insuranceLimiter: new RateLimiterMemory(window),
  }, db);
}

/** A request limit. A flood over it is refused from memory, which keeps it off the database. */
export function databaseLimiter(db: Db, name: string, setting: LimitSetting): Limiter {
  return limiterOf(databaseCounter(db, name, setting, { refuseFromMemory: true }));
}

export function limiterOf(counter: RateLimiterAbstract): Limiter {
  return {
    async consume(key) {
      try {
        await counter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        return { allowed: false, retryAfterSeconds: retryAfterSeconds(refusal(rejection)) };
      }
    },
  };
}

/** The wait a refusal carries; anything else (a failure, not a refusal) is thrown on. */
export function refusal(rejection: unknown): RateLimiterRes {
  if (rejection instanceof RateLimiterRes) return rejection;
  throw rejection;
}

/** Whole seconds, never 0: "Retry-After: 0" would invite an immediate retry that fails again. */
export function retryAfterSeconds(refused: { msBeforeNext: number }): number {
  return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
}

/** The 429 every rate-limited HTTP endpoint answers, shaped like the merchant API's errors. */
export function tooManyRequests(retryAfter: number): Response {
  return Response.json(
    { error: { type: "rate_limited", message: `Too many requests. Retry after ${retryAfter} seconds.` } },
    { status: 429, headers: { "Retry-After": String(retryAfter) } },
  );
}

/** undefined when the request may go on; otherwise the 429 to answer. */
export async function refuseOverLimit(limiter: Limiter, key: string): Promise<Response | undefined> {
  const decision = await limiter.consume(key);
  return decision.allowed ? undefined : tooManyRequests(decision.retryAfterSeconds);
}
