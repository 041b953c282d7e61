// Whether this instance's workers take jobs, for the readiness check. On globalThis, because
// instrumentation.ts (which starts them) and the route handlers are separate bundles.

export type QueueState = "starting" | "running" | "stopped";

const key = Symbol.for("gerai.jobQueue");
const holder = globalThis as typeof globalThis & { [key]?: QueueState };

/** undefined: this instance never started its workers (JOBS_ENABLED=false, or not yet). */
export function queueState(): QueueState | undefined {
  return holder[key];
}

export function setQueueState(state: QueueState | undefined): void {
  holder[key] = state;
}
