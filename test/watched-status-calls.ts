import type { ProviderId } from "@/lib/domain";

/**
 * The providers' status calls (GETs), watched for tests of asking many at once: how many were
 * made, the most in flight to each provider, and providers made unreachable on demand. Each
 * call takes a moment, so calls overlap when they may. `wrapFetch` goes to fiveProviders.
 */
export function watchedStatusCalls() {
  const inFlight = new Map<ProviderId, number>();
  const watched = {
    /** Status calls that reached a provider. */
    calls: 0,
    mostInFlight: new Map<ProviderId, number>(),
    unreachable: new Set<ProviderId>(),
    wrapFetch: (id: ProviderId, fetch: typeof globalThis.fetch) =>
      (async (input: RequestInfo | URL, init?: RequestInit) => {
        if ((init?.method ?? "GET").toUpperCase() !== "GET") return fetch(input, init);
        if (watched.unreachable.has(id)) throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
        watched.calls += 1;
        inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
        watched.mostInFlight.set(id, Math.max(watched.mostInFlight.get(id) ?? 0, inFlight.get(id)!));
        try {
          await new Promise((resolve) => setTimeout(resolve, 15));
          return await fetch(input, init);
        } finally {
          inFlight.set(id, inFlight.get(id)! - 1);
        }
      }) as typeof globalThis.fetch,
  };
  return watched;
}
