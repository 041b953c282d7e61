// @ts-check

// An orderly stop: server.mjs marks the instance as stopping when SIGTERM arrives (readiness then
// answers 503 so the balancer drains it), and once its requests are done, runs what the app
// registered here (the job queue's workers, then the database), the last registered first. On globalThis, because server.mjs and every bundle of
// the app load their own copy of this module and must share one list.

const key = Symbol.for("gerai.shutdown");
/** @typedef {(remainingMs: number) => Promise<void>} ShutdownHook */
/** @typedef {{ stopping: boolean; hooks: Map<string, ShutdownHook> }} ShutdownState */
const holder = /** @type {typeof globalThis & { [key]?: ShutdownState }} */ (globalThis);
const state = (holder[key] ??= { stopping: false, hooks: new Map() });

/**
 * Registers what must be stopped before the process exits; a second hook under one name replaces
 * the first. The hook is given the time left before the process exits regardless.
 * @param {string} name
 * @param {ShutdownHook} hook
 */
export function onShutdown(name, hook) {
  state.hooks.set(name, hook);
}

/** True once the instance has begun to stop. */
export function isStopping() {
  return state.stopping;
}

export function markStopping() {
  state.stopping = true;
}

/**
 * Runs the hooks one after another, the last registered first (what was started on top of
 * something stops before it); resolves with those that failed.
 * @param {number} remainingMs
 * @returns {Promise<{ name: string; error: unknown }[]>}
 */
export async function runShutdownHooks(remainingMs) {
  const deadline = Date.now() + remainingMs;
  const failures = [];
  for (const [name, hook] of [...state.hooks].reverse()) {
    try {
      await hook(Math.max(0, deadline - Date.now()));
    } catch (error) {
      failures.push({ name, error });
    }
  }
  return failures;
}
