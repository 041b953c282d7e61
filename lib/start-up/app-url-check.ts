import { randomUUID } from "node:crypto";

// Whether the app's own address (APP_URL) reaches this app. Everything that calls the app back is
// built from it: the simulators' base URLs and their webhooks, links in emails, the payment page's
// address. When it names another port or another program, every checkout fails with a connection
// error that says nothing about the cause, so each instance asks its own /api/health through it
// once it has started and says in one line what is wrong and how to fix it.
//
// Held on globalThis: instrumentation.ts runs the check, the health route reports it, and they
// are separate bundles.

const key = Symbol.for("gerai.appUrlCheck");
const holder = globalThis as typeof globalThis & { [key]?: { instance: string; problem?: string } };

function state() {
  return (holder[key] ??= { instance: randomUUID() });
}

/** This process, as its /api/health names it, so the check knows it reached itself. */
export function instanceId(): string {
  return state().instance;
}

/** The check's finding, once it has one: undefined while APP_URL reaches this app (or is unchecked). */
export function appUrlProblem(): string | undefined {
  return state().problem;
}

export interface AppUrlCheckOptions {
  appUrl: string;
  /** Whether APP_URL was set (rather than followed from the port). */
  configured: boolean;
  /** Production may sit behind a load balancer: any Gerai instance answering is right. */
  production: boolean;
  /** The port this server listens on, for the fix. */
  port: number;
  instance: string;
  fetch?: typeof fetch;
  /** Connection failures are tried again, since the server may not be listening yet. */
  attempts?: number;
  retryMs?: number;
  /** A development server compiles the route on its first request. */
  timeoutMs?: number;
}

/** Asks APP_URL/api/health who answers; resolves to the problem in one line, or undefined. */
export async function checkAppUrl(options: AppUrlCheckOptions): Promise<string | undefined> {
  const { appUrl, instance, attempts = 10, retryMs = 1_000, timeoutMs = 30_000 } = options;
  const fetcher = options.fetch ?? fetch;
  const fix = options.production
    ? "set APP_URL to the address that reaches this app"
    : options.configured
      ? `unset APP_URL to follow the port this server listens on, or set APP_URL=http://localhost:${options.port}`
      : "set APP_URL to the address this server is reached at";
  let unreachable = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetcher(new URL("/api/health", appUrl), { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
      const body = (await response.json().catch(() => undefined)) as { app?: unknown; instance?: unknown } | undefined;
      if (body?.app !== "gerai") return `APP_URL ${appUrl} answers, but not as Gerai (HTTP ${response.status}): ${fix}.`;
      if (!options.production && body.instance !== instance) return `APP_URL ${appUrl} reaches another Gerai server, not this one: ${fix}.`;
      return undefined;
    } catch (error) {
      unreachable = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
  return `APP_URL ${appUrl} does not reach this app (${unreachable}): ${fix}.`;
}

/** Runs the check for this instance and keeps its finding for /api/health. */
export async function checkOwnAppUrl(options: Omit<AppUrlCheckOptions, "instance">): Promise<string | undefined> {
  const problem = await checkAppUrl({ ...options, instance: instanceId() });
  state().problem = problem;
  return problem;
}
