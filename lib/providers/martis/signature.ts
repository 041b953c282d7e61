import { hmacSha256 } from "@/lib/providers/crypto";

// Martis signs each webhook with "a Unix timestamp header plus an HMAC-SHA256 signature" but
// publishes neither the header names nor the string to sign. Both are configuration
// (MARTIS_TIMESTAMP_HEADER, MARTIS_SIGNATURE_HEADER, MARTIS_SIGNED_PAYLOAD); the default string
// is "{timestamp}.{body}", the signature lower-case hex, optionally written as "sha256=<hex>".

/**
 * Fills the configured template in one pass, so that a body that happens to contain the text
 * "{timestamp}" is signed exactly as received.
 */
export function martisSignedPayload(template: string, timestamp: string, rawBody: string): string {
  return template.replace(/\{timestamp\}|\{body\}/g, (placeholder) => (placeholder === "{body}" ? rawBody : timestamp));
}

export function martisSignature(secret: string, template: string, timestamp: string, rawBody: string): string {
  return hmacSha256(secret, martisSignedPayload(template, timestamp, rawBody), "hex");
}

/** "sha256=ABC…" or "abc…" → "abc…"; undefined when the header is not a hex digest. */
export function readMartisSignature(header: string | null): string | undefined {
  const match = /^(?:sha256=)?([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  return match?.[1]?.toLowerCase();
}
