import { createHash, createHmac, timingSafeEqual } from "node:crypto";

// DOKU's non-SNAP header signature as its docs describe it, used by the simulator to check the
// merchant's requests and to sign its own answers and notifications:
// Signature = "HMACSHA256=" + base64(HMAC-SHA256(secret key, lines joined by "\n")), the lines
// being Client-Id, Request-Id, Request-Timestamp (Response-Timestamp on answers), Request-Target
// and, for a request with a body, Digest = base64(SHA-256(body)).

export interface SignedLines {
  clientId: string;
  requestId: string;
  timestamp: string;
  timestampHeader?: "Request-Timestamp" | "Response-Timestamp";
  target: string;
  digest?: string;
}

export function bodyDigest(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("base64");
}

export function headerSignature(secretKey: string, lines: SignedLines): string {
  const text = [
    `Client-Id:${lines.clientId}`,
    `Request-Id:${lines.requestId}`,
    `${lines.timestampHeader ?? "Request-Timestamp"}:${lines.timestamp}`,
    `Request-Target:${lines.target}`,
    ...(lines.digest === undefined ? [] : [`Digest:${lines.digest}`]),
  ].join("\n");
  return `HMACSHA256=${createHmac("sha256", secretKey).update(text, "utf8").digest("base64")}`;
}

function sameText(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export function signatureMatches(secretKey: string, lines: SignedLines, received: string): boolean {
  return sameText(headerSignature(secretKey, lines), received.trim());
}

/** A Digest header as merchants send it: bare base64, or "SHA-256=<base64>" as some DOKU samples write it. */
export function digestMatches(header: string, body: string): boolean {
  return sameText(header.trim().replace(/^SHA-256=/i, ""), bodyDigest(body));
}

/** Request-Timestamp / Response-Timestamp: UTC, whole seconds, "2020-09-22T01:51:00Z". */
export function headerTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export const HEADER_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
