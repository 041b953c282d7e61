import { NextResponse, type NextRequest } from "next/server";
import { hasMalformedPercentEscape } from "@/lib/http/malformed-path";
import { checkServerActionRequest } from "@/lib/http/server-action-request";

// Runs before routing, for the requests Next.js itself would answer 500: addresses with a
// malformed percent-escape, and server action requests it cannot decode. Both are the sender's
// mistake, so they get a 4xx here and reach nothing.
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (hasMalformedPercentEscape(pathname)) {
    return NextResponse.json({ error: "The address has a malformed percent-escape." }, { status: 400 });
  }
  const problem = await checkServerActionRequest(request, pathname);
  if (problem) return NextResponse.json({ error: problem.message }, { status: problem.status });
  return NextResponse.next();
}

export const config = {
  matcher: [
    // Only addresses with a percent sign can hold a malformed escape.
    "/:path(.*%.*)",
    // What Next.js may take for a server action: checkServerActionRequest sorts them out.
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
