import { constantTimeEqual, hmacSha256, sha256Base64 } from "@/lib/providers/crypto";

// DOKU's non-SNAP request signature, used alike for requests, DOKU's responses and its HTTP
// notifications: "HMACSHA256=" + base64 HMAC-SHA256(secret key, components), where the components
// are header-like lines joined by "\n" with no trailing newline. GET requests have no Digest line.

export interface DokuSignatureComponents {
  clientId: string;
  requestId: string;
  /** Request-Timestamp, or Response-Timestamp when DOKU signs its answer. */
  timestamp: string;
  timestampHeader?: "Request-Timestamp" | "Response-Timestamp";
  /** The path only, e.g. /indomaret-online-to-offline/v2/payment-code or our notification path. */
  target: string;
  /** base64 SHA-256 of the exact body; absent for GET. */
  digest?: string;
}

export const DOKU_SIGNATURE_PREFIX = "HMACSHA256=";

/** base64(SHA-256(body)), over the exact bytes sent. */
export function dokuDigest(body: string): string {
  return sha256Base64(body);
}

function dokuStringToSign(components: DokuSignatureComponents): string {
  const lines = [
    `Client-Id:${components.clientId}`,
    `Request-Id:${components.requestId}`,
    `${components.timestampHeader ?? "Request-Timestamp"}:${components.timestamp}`,
    `Request-Target:${components.target}`,
  ];
  if (components.digest !== undefined) lines.push(`Digest:${components.digest}`);
  return lines.join("\n");
}

export function dokuSignature(secretKey: string, components: DokuSignatureComponents): string {
  return `${DOKU_SIGNATURE_PREFIX}${hmacSha256(secretKey, dokuStringToSign(components), "base64")}`;
}

export function dokuSignatureMatches(secretKey: string, components: DokuSignatureComponents, received: string): boolean {
  return constantTimeEqual(dokuSignature(secretKey, components), received.trim());
}

/** A Digest header as sent: bare base64, or "SHA-256=<base64>" as some DOKU samples write it. */
export function digestHeaderMatches(header: string, body: string): boolean {
  return constantTimeEqual(header.trim().replace(/^SHA-256=/i, ""), dokuDigest(body));
}

/** "2020-09-22T01:51:00Z": UTC, whole seconds, the only form DOKU documents. */
export function dokuTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export const DOKU_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
