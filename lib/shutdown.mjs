// @ts-check

// An orderly stop: server.mjs marks the instance as stopping when SIGTERM arrives (readiness then
// answers 503 so the balancer drains it), and once its requests are done, runs what the app
// registered here (the job queue's workers, then the database), the last registered first. On globalThis, because server.mjs and every bundle of
// the app load their own copy of this module and must share one list.

const key = Symbol.for("gerai.shutdown");
/** @typedef {(remainingMs: number) => Promise<void>} ShutdownHook */
/** @typedef {{ stopping: boolean; hooks: Map<string, ShutdownHook>; onStopping: Set<() => void> }} ShutdownState */
const holder = /** @type {typeof globalThis & { [key]?: ShutdownState }} */ (globalThis);
const state = (holder[key] ??= { stopping: false, hooks: new Map(), onStopping: new Set() });

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
  if (state.stopping) return;
  state.stopping = true;
  for (const listener of state.onStopping) listener();
}

/**
 * Calls `listener` the moment the instance begins to stop, before it waits for the requests in
 * hand: a request that would never end by itself (a stream of events) ends then, and its client
 * reconnects to another instance. Returns a function that takes the listener back.
 * @param {() => void} listener
 * @returns {() => void}
 */
export function whenStopping(listener) {
  state.onStopping.add(listener);
  return () => state.onStopping.delete(listener);
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
