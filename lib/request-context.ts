import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

// TEMPORARY (replaced by the w-ops branch's version on merge).
const key = Symbol.for("gerai.requestContext");
const holder = globalThis as typeof globalThis & { [key]?: AsyncLocalStorage<{ requestId?: string }> };
const storage = (holder[key] ??= new AsyncLocalStorage());

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return storage.run({ requestId }, fn);
}
export function newRequestId(): string {
  return randomBytes(8).toString("hex");
}
