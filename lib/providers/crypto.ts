import { createHash, createHmac, timingSafeEqual } from "node:crypto";

// Signature helpers shared by the adapters and the simulators. Comparisons are constant-time so
// that a forged webhook cannot learn a secret byte by byte from response timing.

export function constantTimeEqual(a: string, b: string): boolean {
  // Hash first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export function sha512Hex(text: string): string {
  return createHash("sha512").update(text, "utf8").digest("hex");
}

export function sha256Base64(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

export function hmacSha256(secret: string, text: string, encoding: "hex" | "base64"): string {
  return createHmac("sha256", secret).update(text, "utf8").digest(encoding);
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** Reads an HTTP Basic header into its two halves; undefined when it is not Basic auth. */
export function readBasicAuth(header: string | null): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Reads `Authorization: Bearer <token>`. */
export function readBearer(header: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "");
  return match?.[1];
}
