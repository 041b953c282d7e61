export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers. Nothing else is checked, so a database outage does not get
 * every instance restarted; /api/ready says whether the instance can do its work.
 */
export function GET() {
  return Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } });
}
