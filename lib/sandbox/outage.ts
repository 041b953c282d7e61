import type { Db } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";

// A tester can make a simulator fail the way a real provider does, to see failover work:
// - down: every API call answers 503 at once;
// - error: every API call answers 500 with the provider's error body;
// - timeout: the provider does the work but answers after the client has given up.

export const OUTAGE_MODES = ["none", "down", "error", "timeout"] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

export async function getOutage(db: Db, provider: ProviderId): Promise<OutageMode> {
  const row = await db.sandboxProviderState.findUnique({ where: { provider } });
  return (OUTAGE_MODES as readonly string[]).includes(row?.outage ?? "") ? (row!.outage as OutageMode) : "none";
}

export async function setOutage(db: Db, provider: ProviderId, outage: OutageMode): Promise<void> {
  await db.sandboxProviderState.upsert({ where: { provider }, create: { provider, outage }, update: { outage } });
}

export async function listOutages(db: Db): Promise<Partial<Record<ProviderId, OutageMode>>> {
  const rows = await db.sandboxProviderState.findMany();
  return Object.fromEntries(rows.map((row) => [row.provider, row.outage as OutageMode]));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a simulator's API handler with the outage switch. `errorBody` is the provider's own 500
 * answer.
 */
export async function withOutage(
  db: Db,
  provider: ProviderId,
  clientTimeoutMs: number,
  errorBody: () => Response,
  handler: () => Promise<Response>,
): Promise<Response> {
  const outage = await getOutage(db, provider);
  if (outage === "down") {
    return new Response("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", {
      status: 503,
      headers: { "Content-Type": "text/html" },
    });
  }
  if (outage === "error") return errorBody();
  const response = await handler();
  if (outage === "timeout") await sleep(clientTimeoutMs + 1_500);
  return response;
}
