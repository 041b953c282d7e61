import { createHash, timingSafeEqual } from "node:crypto";

// How the simulators read the credentials a merchant's client sends. The sandbox keeps its own
// copy (it must not lean on the adapters' helpers, so that a wrong assumption there shows up here).

/** Equal strings, compared in constant time; hashing first hides the length as well. */
export function sameSecret(received: string, expected: string): boolean {
  const left = createHash("sha256").update(received, "utf8").digest();
  const right = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(left, right) && received.length === expected.length;
}

/** `Authorization: Bearer <token>` → the token. */
export function bearerToken(header: string | null): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "")?.[1];
}

/** `Authorization: Basic base64(user:password)` → its two halves (RFC 7617). */
export function basicCredentials(header: string | null): { user: string; password: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? "")?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
