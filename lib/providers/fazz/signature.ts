import { hmacSha256 } from "@/lib/providers/crypto";

/** The callback header Fazz signs with; some of its pages spell it with an `X-` prefix. */
export const FAZZ_SIGNATURE_HEADER = "Xfers-Signature";
export const FAZZ_SIGNATURE_HEADER_ALIAS = "X-Xfers-Signature";

/** Fazz's callback signature: hex HMAC-SHA256 of the raw body bytes with the signing secret (`ss_…`). */
export function fazzSignature(rawBody: string, signingSecret: string): string {
  return hmacSha256(signingSecret, rawBody, "hex");
}
