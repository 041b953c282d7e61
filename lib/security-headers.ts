// The security headers of every response. Static ones are set in next.config.ts; the page's
// Content-Security-Policy carries a fresh nonce per request and HSTS depends on APP_URL at run
// time, so proxy.ts sets those. No imports: next.config.ts and proxy.ts both load this file.

/** Browser features Gerai never uses; a page injected into cannot use them either. */
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/** Headers for every response, pages and APIs alike. */
export const COMMON_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
];

/** JSON and images are never documents that run anything: they get the tightest policy. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export interface PagePolicyOptions {
  /** `next dev` needs eval (React's error overlays) and injects styles without a nonce. */
  development: boolean;
  /** Served over HTTPS (APP_URL): ask browsers to upgrade any stray http:// sub-resource. */
  https: boolean;
}

/**
 * The pages' policy. Scripts run only with this response's nonce (Next.js puts it on its own
 * scripts) or when loaded by such a script ('strict-dynamic'). Style attributes stay allowed:
 * the payment code's size is set inline, and an attribute cannot run code.
 */
export function pageContentSecurityPolicy(nonce: string, { development, https }: PagePolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // The payment page must never be framed (clickjacking a shopper into paying someone else).
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** HSTS only where it means something: a production app behind an https APP_URL. */
export function strictTransportSecurity({ production, appUrl }: { production: boolean; appUrl: string }): string | undefined {
  if (!production || !appUrl.startsWith("https://")) return undefined;
  // Two years, the preload list's minimum; not includeSubDomains: the merchant's other hosts
  // under the same domain are not ours to bind.
  return "max-age=63072000";
}

/** 128 random bits, base64: what CSP nonces should be. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
