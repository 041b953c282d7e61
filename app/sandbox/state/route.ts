import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { summarizeState } from "@/lib/sandbox/state-summary";

export const dynamic = "force-dynamic";

/**
 * Row counts, for the e2e bad-input suite to prove that nothing changed: its server runs on an
 * in-memory database the test cannot open. Sandbox only (404 otherwise), read-only, no content.
 */
export async function GET() {
  if (!env().sandbox.enabled) notFound();
  return Response.json(await summarizeState(await getDb()), { headers: { "Cache-Control": "no-store" } });
}
