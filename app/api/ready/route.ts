import { checkReadiness } from "@/lib/readiness";

export const dynamic = "force-dynamic";

/** Readiness: 200 when this instance can take traffic, 503 while it cannot (or is stopping). */
export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
