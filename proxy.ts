import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { newNonce, pageContentSecurityPolicy, strictTransportSecurity } from "@/lib/security-headers";

// Runs before every page: a fresh CSP nonce per response (every page is rendered per request,
// so Next.js can put the nonce on its scripts), and HSTS when APP_URL is https. The other
// security headers are static, in next.config.ts.
export function proxy(request: NextRequest) {
  const settings = env();
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce, {
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

export const config = {
  matcher: [
    {
      // Pages only: not the JSON APIs and simulators (next.config.ts gives them a static
      // policy), nor build assets and public files.
      source: "/((?!api/|sandbox/(?:midtrans|monxa|doku|fazz|martis)/|_next/static/|_next/image|icon\\.svg|products/).*)",
      // Router prefetches fetch data, not documents.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
