import { getDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getProviders } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

export async function GET() {
  const config = env();
  const startedAt = Date.now();
  try {
    const database = await getDatabase();
    await database.db.$queryRaw`SELECT 1`;
    return Response.json({
      status: "ok",
      database: { kind: database.kind, latencyMs: Date.now() - startedAt },
      providers: [...getProviders().keys()],
      sandbox: config.sandbox.enabled,
      time: new Date().toISOString(),
    });
  } catch (error) {
    return Response.json(
      { status: "error", database: { error: error instanceof Error ? error.message : String(error) } },
      { status: 503 },
    );
  }
}
