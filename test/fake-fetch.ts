// A stand-in for fetch in adapter unit tests: records each request exactly as sent and answers
// with whatever the test says the provider answers.

export interface CapturedRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The body exactly as sent (signatures and digests are computed over this). */
  text: string | undefined;
  /** The body parsed as JSON, when it is JSON. */
  body: unknown;
}

export function fakeFetch(reply: (request: CapturedRequest) => Response | Promise<Response>) {
  const calls: CapturedRequest[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const text = init?.body === undefined || init.body === null ? undefined : String(init.body);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const captured: CapturedRequest = { url: String(input), method: init?.method ?? "GET", headers: new Headers(init?.headers), text, body };
    calls.push(captured);
    return reply(captured);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

/** A provider whose host refuses the connection. */
export const refusedFetch = (async () => {
  throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
}) as unknown as typeof fetch;

/** A provider that never answers: the request only ends when the caller's deadline aborts it. */
export const hangingFetch = ((_url: unknown, init?: RequestInit) =>
  new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)))) as typeof fetch;
