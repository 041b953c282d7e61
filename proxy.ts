import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { hasMalformedPercentEscape } from "@/lib/http/malformed-path";
import { checkServerActionRequest } from "@/lib/http/server-action-request";
import { newNonce, pageContentSecurityPolicy, strictTransportSecurity } from "@/lib/security-headers";

// Runs before routing, for two jobs:
// - requests Next.js itself would answer 500 (addresses with a malformed percent-escape, server
//   action requests it cannot decode) are the sender's mistake: a 4xx here, and they reach nothing;
// - every page gets a fresh CSP nonce (every page is rendered per request, so Next.js can put the
//   nonce on its scripts), and HSTS when APP_URL is https. The other security headers are static,
//   in next.config.ts.
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (hasMalformedPercentEscape(pathname)) {
    return NextResponse.json({ error: "The address has a malformed percent-escape." }, { status: 400 });
  }
  const problem = await checkServerActionRequest(request, pathname);
  if (problem) return NextResponse.json({ error: problem.message }, { status: problem.status });
  if (!isPageRequest(request)) return NextResponse.next();

  const settings = env();
  const policy = pageContentSecurityPolicy(newNonce(), {
    development: process.env.NODE_ENV === "development",
    https: settings.appUrl.startsWith("https://"),
  });
  // Next.js reads the nonce from the request's policy while rendering.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  const hsts = strictTransportSecurity(settings);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

// Pages only: not the JSON APIs and simulators (next.config.ts gives them a static policy), nor
// build assets and public files.
const NOT_A_PAGE = /^\/(?:api\/|sandbox\/(?:midtrans|monxa|doku|fazz|martis)\/|_next\/static\/|_next\/image|icon\.svg|products\/)/;

function isPageRequest(request: NextRequest): boolean {
  if (NOT_A_PAGE.test(request.nextUrl.pathname)) return false;
  // Router prefetches fetch data, not documents.
  return !request.headers.has("next-router-prefetch") && request.headers.get("purpose") !== "prefetch";
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|sandbox/(?:midtrans|monxa|doku|fazz|martis)/|_next/static/|_next/image|icon\\.svg|products/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // Only addresses with a percent sign can hold a malformed escape.
    "/:path(.*%.*)",
    // What Next.js may take for a server action: checkServerActionRequest sorts them out.
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
