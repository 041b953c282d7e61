import { notFound } from "next/navigation";
import { isProviderId } from "@/lib/domain";
import { getSimulators } from "@/lib/sandbox/registry";
import { isStorableText } from "@/lib/storable-text";

export const dynamic = "force-dynamic";

// The providers' simulated APIs: /sandbox/<provider>/<the provider's own path>. Absent (404)
// unless the sandbox is enabled. The simulators look ids from the path up in the database, so a
// path PostgreSQL could not store names nothing here (404).
async function handle(request: Request, context: { params: Promise<{ provider: string; path: string[] }> }) {
  const { provider, path } = await context.params;
  const simulator = isProviderId(provider) ? getSimulators().get(provider) : undefined;
  if (!simulator || !path.every(isStorableText)) notFound();
  return simulator.handle(request, path);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
