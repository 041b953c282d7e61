import { AsyncLocalStorage } from "node:async_hooks";

// The request a piece of work belongs to, so its log lines (and the jobs it queues) carry the
// request's id. One AsyncLocalStorage on globalThis: Next.js loads this module in more than one
// bundle, and they must share it.

const key = Symbol.for("gerai.requestContext");
const holder = globalThis as typeof globalThis & { [key]?: AsyncLocalStorage<{ requestId?: string }> };
const storage = (holder[key] ??= new AsyncLocalStorage());

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return storage.run({ requestId }, fn);
}
