import { appUrlProblem, instanceId } from "@/lib/start-up/app-url-check";

export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers. Nothing else is checked, so a database outage does not get
 * every instance restarted; /api/ready says whether the instance can do its work. It names the
 * app and this process (the start-up check of APP_URL reads them) and says when APP_URL does not
 * reach this app (lib/start-up/app-url-check.ts).
 */
export function GET() {
  const problem = appUrlProblem();
  return Response.json(
    { status: "ok", app: "gerai", instance: instanceId(), uptimeSeconds: Math.round(process.uptime()), ...(problem && { problems: [problem] }) },
    { headers: { "Cache-Control": "no-store" } },
  );
}
