// Next.js calls register() once when the server starts: the place to refuse a bad configuration
// and to start background jobs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { exitOnInvalidConfiguration } = await import("./lib/exit-on-invalid-configuration");
  exitOnInvalidConfiguration();
  const { env } = await import("./lib/env");
  // Not awaited: its check of APP_URL waits for the server to answer, after register() returns.
  const { announceStartUp } = await import("./lib/start-up/announce-start-up");
  void announceStartUp();
  if (!env().jobsEnabled) return;
  const { startJobs } = await import("./lib/jobs/workers");
  await startJobs();
}
