import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";

// `Idempotency-Key` on POST /api/v1/orders, as payment APIs do it: the first answer to a key is
// kept for 24 hours, and the same request under the same key gets it again (with
// `Idempotent-Replayed: true`) instead of running twice; another request under the key is
// refused. A request still in hand answers 409 to its repeats. A 5xx is not kept: our side
// failed, so the repeat runs again (the order's reference keeps that safe).

export const KEY_LIFETIME_MS = 24 * 3_600_000;
/** A first request that has not answered by then is taken to have died with its process. */
const IN_HAND_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyRefusal = { status: 400 | 409 | 422; type: "invalid_request" | "idempotency_key_in_use" | "request_in_progress"; message: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/** The request as parsed JSON with its keys in order, so spacing and key order do not make it another request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** What makes a request under a key the same request again (the ceiling bench computes it too). */
export function idempotencyRequestHash(text: string): string {
  try {
    return sha256(canonical(JSON.parse(text)));
  } catch {
    return sha256(text);
  }
}

/**
 * Runs `handle` once per key and request: returns its answer, the kept answer to the same
 * request, or a refusal. `scope` keeps one API key's keys apart from another's.
 */
export async function withIdempotencyKey(
  db: Db,
  options: { scope: string; key: string | null; requestText: string; now: Date },
  handle: () => Promise<Response>,
  refuse: (refusal: IdempotencyRefusal) => Response,
): Promise<Response> {
  const { key, now } = options;
  if (key === null) return handle();
  if (!KEY_PATTERN.test(key)) return refuse({ status: 400, type: "invalid_request", message: "Idempotency-Key must be 1 to 255 visible ASCII characters." });
  const id = sha256(`${options.scope}:${key}`);
  const hash = idempotencyRequestHash(options.requestText);

  const claimed = await claim(db, id, hash, now);
  if (claimed !== "claimed") {
    if (claimed.requestHash !== hash) {
      return refuse({ status: 409, type: "idempotency_key_in_use", message: "This Idempotency-Key was used with another request in the last 24 hours." });
    }
    if (claimed.status !== null) {
      return new Response(claimed.body, { status: claimed.status, headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" } });
    }
    return refuse({ status: 409, type: "request_in_progress", message: "The first request with this Idempotency-Key is still being handled; try again shortly." });
  }

  let answer: Response;
  try {
    answer = await handle();
  } catch (error) {
    await db.apiIdempotencyKey.deleteMany({ where: { id, status: null } });
    throw error;
  }
  if (answer.status >= 500) {
    await db.apiIdempotencyKey.deleteMany({ where: { id, status: null } });
    return answer;
  }
  // Raw, like the claim: both run on every keyed order, and the update returns nothing.
  await db.$executeRaw`UPDATE "ApiIdempotencyKey" SET status = ${answer.status}, body = ${await answer.clone().text()} WHERE id = ${id}`;
  return answer;
}

type Stored = { requestHash: string; status: number | null; body: string | null };

/** Takes the key for this request, or returns what holds it. */
async function claim(db: Db, id: string, hash: string, now: Date): Promise<"claimed" | Stored> {
  for (let tries = 0; tries < 3; tries += 1) {
    const inserted = await db.$executeRaw`
      INSERT INTO "ApiIdempotencyKey" (id, "requestHash", "lockedUntil", "expiresAt")
      VALUES (${id}, ${hash}, ${new Date(now.getTime() + IN_HAND_MS)}, ${new Date(now.getTime() + KEY_LIFETIME_MS)})
      ON CONFLICT (id) DO NOTHING`;
    if (inserted === 1) return "claimed";
    const held = await db.apiIdempotencyKey.findUnique({ where: { id } });
    if (!held) continue; // deleted meanwhile (a 5xx): try again
    if (held.expiresAt <= now) {
      await db.apiIdempotencyKey.deleteMany({ where: { id, expiresAt: { lte: now } } });
      continue;
    }
    // The first request's process died before answering: this one takes its place.
    if (held.status === null && held.lockedUntil <= now && held.requestHash === hash) {
      const taken = await db.apiIdempotencyKey.updateMany({
        where: { id, status: null, lockedUntil: { lte: now } },
        data: { lockedUntil: new Date(now.getTime() + IN_HAND_MS) },
      });
      if (taken.count === 1) return "claimed";
      continue;
    }
    return held;
  }
  return { requestHash: hash, status: null, body: null };
}

/** The `prune-expired` sweep's part: keys past their 24 hours. */
export async function pruneExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  return (await db.apiIdempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
