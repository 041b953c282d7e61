// @ts-check
import { AsyncLocalStorage } from "node:async_hooks";

// The request a piece of work belongs to, so its log lines (and the jobs it queues) carry the
// request's id. Plain JavaScript, because server.mjs opens the context before Next.js sees the
// request; one AsyncLocalStorage on globalThis, because server.mjs and the app's bundles each load
// their own copy of this module and must share it.

const key = Symbol.for("gerai.requestContext");
const holder = /** @type {typeof globalThis & { [key]?: AsyncLocalStorage<{ requestId?: string }> }} */ (globalThis);
const storage = (holder[key] ??= new AsyncLocalStorage());

/** @returns {string | undefined} */
export function currentRequestId() {
  return storage.getStore()?.requestId;
}

/**
 * @template T
 * @param {string | undefined} requestId
 * @param {() => T} fn
 * @returns {T}
 */
export function withRequestId(requestId, fn) {
  return storage.run({ requestId }, fn);
}
