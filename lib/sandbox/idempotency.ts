import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";

// Stored answers for idempotency keys, for simulators whose provider replays them.

export function hashRequest(body: string): string {
  return createHash("sha256").update(body).digest("hex");
}

export interface StoredAnswer {
  status: number;
  body: string;
  requestHash: string;
}

export async function findStoredAnswer(db: Db, provider: ProviderId, key: string, now: Date): Promise<StoredAnswer | undefined> {
  const row = await db.sandboxIdempotency.findUnique({ where: { provider_key: { provider, key } } });
  if (!row || row.expiresAt <= now) return undefined;
  return { status: row.status, body: row.body, requestHash: row.requestHash };
}

export async function storeAnswer(
  db: Db,
  provider: ProviderId,
  key: string,
  answer: StoredAnswer,
  now: Date,
  lifetimeMs: number,
): Promise<void> {
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db.sandboxIdempotency.upsert({
    where: { provider_key: { provider, key } },
    create: { provider, key, ...answer, expiresAt },
    update: { ...answer, expiresAt, createdAt: now },
  });
}
