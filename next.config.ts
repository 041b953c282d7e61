import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, COMMON_HEADERS } from "./lib/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Keeps the dev overlay's badge out of the payment slip and its screenshots.
  devIndicators: false,
  // forbidden(): a console page the member's role may not see answers 403 with its own page
  // (app/merchant/(console)/forbidden.tsx) rather than redirecting (lib/merchant-console/session.ts).
  experimental: { authInterrupts: true },
  // Loaded from node_modules at run time rather than bundled: PGlite reads its WebAssembly and
  // data files next to its own module, and the database drivers are Node-only.
  // The embedded database applies these at start-up (lib/db/migrations.ts).
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "@prisma/adapter-pg",
    "@xmldom/xmldom",
    // zxcvbn's dictionaries (2 MB) stay in node_modules rather than in every server bundle.
    "@zxcvbn-ts/core",
    "@zxcvbn-ts/language-common",
  ],
  async headers() {
    // The pages' Content-Security-Policy (with its nonce) and HSTS are set per request in proxy.ts.
    // A later entry overrides an earlier one for the same header.
    return [
      { source: "/:path*", headers: COMMON_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      // Webhook acknowledgements and the simulators' API answers are a few hundred bytes that are
      // never cached. Next.js gzips any streamed answer the client accepts gzip for, whatever its
      // size: CPU on every delivery for no gain. The compression middleware skips no-transform.
      { source: "/api/webhooks/:path*", headers: [{ key: "Cache-Control", value: "no-store, no-transform" }] },
      {
        source: "/sandbox/:provider(midtrans|monxa|doku|fazz|martis)/:path*",
        headers: [
          { key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY },
          { key: "Cache-Control", value: "no-store, no-transform" },
        ],
      },
      {
        // The payment page address is the shopper's key to the order: keep it out of referrers
        // and search engines.
        source: "/pay/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      },
    ];
  },
};

export default nextConfig;
