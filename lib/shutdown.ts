// TEMPORARY (replaced by the w-ops branch's version on merge).
const key = Symbol.for("gerai.shutdown");
const holder = globalThis as typeof globalThis & { [key]?: { stopping: boolean; hooks: Map<string, () => Promise<void>> } };
const state = (holder[key] ??= { stopping: false, hooks: new Map() });
export function onShutdown(name: string, hook: () => Promise<void>): void {
  state.hooks.set(name, hook);
}
export function isShuttingDown(): boolean {
  return state.stopping;
}
