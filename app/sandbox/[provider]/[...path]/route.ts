import { notFound } from "next/navigation";
import { isStorableText } from "@/lib/db/storable-text";
import { clientKey } from "@/lib/http/client-address";
import { openSandbox } from "@/lib/open-sandbox";
import { refuseOverLimit } from "@/lib/rate-limit/limiter";
import { getRateLimits } from "@/lib/rate-limit/rate-limits";

export const dynamic = "force-dynamic";

// The providers' simulated APIs: /sandbox/<provider>/<the provider's own path>. Absent (404)
// unless the sandbox is enabled. The simulators look ids from the path up in the database, so a
// path PostgreSQL could not store names nothing here (404).
async function handle(request: Request, context: { params: Promise<{ provider: string; path: string[] }> }) {
  const { provider, path } = await context.params;
  const { getSimulators } = await openSandbox();
  const simulator = [...getSimulators().values()].find((candidate) => candidate.id === provider);
  if (!simulator || !path.every(isStorableText)) notFound();
  const tooMany = await refuseOverLimit((await getRateLimits()).sandbox, `${provider}:${clientKey(request.headers)}`);
  return tooMany ?? simulator.handle(request, path);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
