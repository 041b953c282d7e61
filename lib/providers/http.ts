import type { ProviderId } from "@/lib/domain";
import { err, ok, type Result } from "@/lib/result";
import type { ProviderError } from "./types";

// One way to call a provider over HTTP: a deadline on every request, the body read as text
// first (providers send JSON, HTML error pages and empty bodies), and transport failures turned
// into `unavailable` errors that routing may fail over from.

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface ProviderRequest {
  provider: ProviderId;
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export function unavailable(provider: ProviderId, message: string, httpStatus?: number): ProviderError {
  return { provider, kind: "unavailable", httpStatus, message, shopper: "provider_unavailable" };
}

export async function callProvider(request: ProviderRequest): Promise<Result<ProviderResponse, ProviderError>> {
  const fetchImpl = request.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      cache: "no-store",
      redirect: "manual",
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    const message =
      name === "TimeoutError" || name === "AbortError"
        ? `no answer within ${request.timeoutMs} ms`
        : `could not connect: ${describeFetchError(error)}`;
    return err(unavailable(request.provider, `${request.method} ${new URL(request.url).pathname}: ${message}`));
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return err(unavailable(request.provider, `reading the response failed: ${describeFetchError(error)}`, response.status));
  }
  return ok({ status: response.status, headers: response.headers, text, json: parseJson(text) });
}

export function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/** JSON in, JSON out, with the provider's authorization and any extra headers. */
export function jsonHeaders(authorization: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Accept: "application/json", "Content-Type": "application/json", Authorization: authorization, ...extra };
}

/** Server errors and rate limits are the provider's trouble, not the request's. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
