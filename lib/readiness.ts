import { getDatabase } from "@/lib/db/client";
import { unappliedMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { queueState } from "@/lib/jobs/queue-state";
import { isStopping } from "@/lib/shutdown.mjs";

// Whether this instance should be given traffic: the load balancer's readiness probe. Liveness
// (/api/health) only says the process answers; this says it can do its work.

export interface Readiness {
  status: "ready" | "not_ready" | "stopping";
  database: { ok: boolean; kind?: "postgres" | "pglite"; ms?: number; error?: string };
  migrations: { ok: boolean; unapplied?: string[] };
  /** disabled: JOBS_ENABLED=false on this instance; others run the jobs. */
  jobs: { ok: boolean; state: "running" | "starting" | "stopped" | "disabled" | "not_started" };
}

export async function checkReadiness(): Promise<Readiness> {
  const jobsState: Readiness["jobs"]["state"] = env().jobsEnabled ? (queueState() ?? "not_started") : "disabled";
  const jobs = { ok: jobsState === "running" || jobsState === "disabled", state: jobsState };
  const startedAt = performance.now();
  let database: Readiness["database"];
  let migrations: Readiness["migrations"] = { ok: false };
  try {
    const opened = await getDatabase();
    await opened.db.$queryRaw`SELECT 1`;
    database = { ok: true, kind: opened.kind, ms: Math.round(performance.now() - startedAt) };
    const unapplied = await unappliedMigrations(opened);
    migrations = unapplied.length === 0 ? { ok: true } : { ok: false, unapplied };
  } catch (error) {
    database = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const ready = database.ok && migrations.ok && jobs.ok;
  return { status: isStopping() ? "stopping" : ready ? "ready" : "not_ready", database, migrations, jobs };
}
