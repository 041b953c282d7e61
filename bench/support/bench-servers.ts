import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxServerEnv } from "@/test/sandbox-server";

// The two servers a load benchmark compares: the app's production build and a bare ceiling
// (node:http + pg, bench/*-ceiling.ts), both on the benchmark's PostgreSQL database.

/** The database migrated, and a production build there (`next build` when there is none). */
export function prepareDatabaseAndBuild(databaseUrl: string): void {
  const migrate = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "inherit" });
  if (migrate.status !== 0) throw new Error("prisma migrate deploy failed");
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
}

// Never left running when this run fails.
const children = new Set<ChildProcess>();
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

/** BENCH_CPU_PROF=1: each server writes a CPU profile (.cpuprofile) into `resultsDir`/profiles when it stops. */
const profiling = (resultsDir: string) => (process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${join(resultsDir, "profiles")}`] : []);

export interface ServerPair {
  appUrl: string;
  /** The production build's environment beyond the sandbox's (rate limits, routing…). */
  appEnv: Record<string, string>;
  /** e.g. bench/webhook-ceiling.ts */
  ceilingScript: string;
  ceilingEnv: Record<string, string>;
  /** A request the ceiling answers (any status below 500) once it listens. */
  ceilingReady: { url: string; init?: RequestInit };
  resultsDir: string;
}

function startApp(pair: ServerPair, databaseUrl: string): ChildProcess {
  const { hostname, port } = new URL(pair.appUrl);
  return spawn(process.execPath, [...profiling(pair.resultsDir), "server.mjs", "-p", port, "-H", hostname], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      ...sandboxServerEnv(pair.appUrl),
      PGLITE_DATA_DIR: "",
      DATABASE_URL: databaseUrl,
      // Only the request itself is measured: no job runs beside it.
      JOBS_ENABLED: "false",
      LOG_LEVEL: "warn",
      RATE_LIMIT_SANDBOX: "1000000/1m",
      // A loaded 2-core machine can take seconds to answer a provider call; this measures speed, not timeouts.
      PROVIDER_TIMEOUT_MS: "30000",
      ...pair.appEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

function startCeiling(pair: ServerPair, databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [...profiling(pair.resultsDir), "--import", "tsx", "--conditions=react-server", pair.ceilingScript], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PROVIDER_TIMEOUT_MS: "30000",
      ...pair.ceilingEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function waitFor(url: string, init?: RequestInit) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(url, init);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux's 100 ticks a second). */
function cpuMs(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface RunningPair {
  /** CPU time each server process has used so far, in ms. */
  cpuMs(): { app: number; ceiling: number };
  stop(): Promise<void>;
}

/** Both servers on `databaseUrl`, once both answer; stop() ends them (SIGTERM, so profiles are written). */
export async function startBoth(pair: ServerPair, databaseUrl: string): Promise<RunningPair> {
  const app = startApp(pair, databaseUrl);
  const ceiling = startCeiling(pair, databaseUrl);
  children.add(app).add(ceiling);
  await waitFor(`${pair.appUrl}/api/ready`);
  await waitFor(pair.ceilingReady.url, pair.ceilingReady.init);
  return {
    cpuMs: () => ({ app: cpuMs(app), ceiling: cpuMs(ceiling) }),
    async stop() {
      await Promise.all([app, ceiling].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM"))))));
      children.delete(app);
      children.delete(ceiling);
    },
  };
}
