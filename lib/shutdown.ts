// What must be stopped before the process exits (the job queue's workers), kept on globalThis so
// every bundle of the app registers into one list.
const key = Symbol.for("gerai.shutdown");
const holder = globalThis as typeof globalThis & { [key]?: { stopping: boolean; hooks: Map<string, () => Promise<void>> } };
const state = (holder[key] ??= { stopping: false, hooks: new Map() });

export function onShutdown(name: string, hook: () => Promise<void>): void {
  state.hooks.set(name, hook);
}
