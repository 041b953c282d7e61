import { performance } from "node:perf_hooks";
import { barChart } from "./bar-chart";
import { startBoth, type ServerPair } from "./bench-servers";
import { startCountingProxy, viaPort, type PerRequest } from "./counting-proxy";
import { percentile } from "./timing";

// Load against a bare ceiling: closed and open loops over HTTP, app and ceiling runs interleaved
// round by round, and the table and chart of their figures. Each round's app and ceiling runs are
// neighbours in time, so their ratio is the honest one on a shared machine.

export type Target = "app" | "ceiling";
export const TARGETS: readonly Target[] = ["app", "ceiling"];

export interface RunFigures {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Sends one request and answers its latency in ms. */
export type Send<T> = (item: T) => Promise<number>;

function figures(latencies: number[], seconds: number): RunFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, seconds, perSecond: latencies.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Closed loop: `concurrency` senders, each sending its next item when answered. */
export async function closedLoop<T>(items: readonly T[], concurrency: number, send: Send<T>): Promise<RunFigures> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) latencies.push(await send(items[next++]!));
    }),
  );
  return figures(latencies, (performance.now() - start) / 1000);
}

/** Open loop: items at a steady `rate` per second whatever the answers take. */
export async function openLoop<T>(items: readonly T[], rate: number, send: Send<T>): Promise<RunFigures> {
  const latencies: number[] = [];
  const start = performance.now();
  const sends = items.map(async (item, index) => {
    const due = start + (index * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    latencies.push(await send(item));
  });
  await Promise.all(sends);
  return figures(latencies, (performance.now() - start) / 1000);
}

export interface ComparedRow {
  concurrency: number;
  app: Omit<RunFigures, "requests" | "seconds">;
  ceiling: Omit<RunFigures, "requests" | "seconds">;
  /** The median of each round's app/ceiling throughput. */
  ratio: number;
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * `rounds` rounds of a closed loop at each concurrency, app and ceiling in turn (who goes first
 * alternating); `run` makes the round's items and sends them. Answers the median over rounds.
 */
export async function interleavedRounds(
  rounds: number,
  concurrencies: readonly number[],
  run: (target: Target, concurrency: number) => Promise<RunFigures>,
): Promise<ComparedRow[]> {
  const runs: Record<Target, Record<number, RunFigures[]>> = { app: {}, ceiling: {} };
  for (let round = 0; round < rounds; round++) {
    for (const concurrency of concurrencies) {
      for (const target of round % 2 === 0 ? TARGETS : [...TARGETS].reverse()) {
        const result = await run(target, concurrency);
        (runs[target][concurrency] ??= []).push(result);
        console.log(`round ${round + 1} ${target.padEnd(7)} c=${String(concurrency).padStart(2)}: ${result.perSecond.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
      }
    }
  }
  const summary = (list: RunFigures[]) => ({ perSecond: median(list.map((one) => one.perSecond)), p50: median(list.map((one) => one.p50)), p99: median(list.map((one) => one.p99)) });
  return concurrencies.map((concurrency) => {
    const app = runs.app[concurrency]!;
    const ceiling = runs.ceiling[concurrency]!;
    return { concurrency, app: summary(app), ceiling: summary(ceiling), ratio: median(app.map((one, round) => one.perSecond / ceiling[round]!.perSecond)) };
  });
}

/** The results file's main table. */
export function comparedTable(rows: readonly ComparedRow[]): string {
  return [
    "| Concurrency | App req/s | Ceiling req/s | Ratio | App p50 / p99 ms | Ceiling p50 / p99 ms |",
    "|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.concurrency} | ${row.app.perSecond.toFixed(1)} | ${row.ceiling.perSecond.toFixed(1)} | ${row.ratio.toFixed(2)} | ${row.app.p50.toFixed(1)} / ${row.app.p99.toFixed(1)} | ${row.ceiling.p50.toFixed(1)} / ${row.ceiling.p99.toFixed(1)} |`,
    ),
  ].join("\n");
}

/** Requests per second of app and ceiling at each concurrency, with the ratio in the row's name. */
export function comparedChart(title: string, rows: readonly ComparedRow[]): string {
  return barChart(
    title,
    [
      { label: "app", color: "#2563eb" },
      { label: "bare ceiling", color: "#9ca3af" },
    ],
    rows.map((row) => ({ name: `concurrency ${row.concurrency} (ratio ${row.ratio.toFixed(2)})`, values: [row.app.perSecond, row.ceiling.perSecond] })),
    undefined,
    "linear",
  );
}

/** What one request sent to a server cost: its statements and transactions, and the CPU time each server process spent on it (ms). */
export type Counted = PerRequest & { cpuMs: Record<Target, number> };

/**
 * Statements and transactions per request of each server, through a counting proxy in front of
 * PostgreSQL: both servers started on it, 10 warm-up requests each, then `counted` sequential ones
 * (a short run of its own, so the proxy's hop stays out of the timed runs), with the CPU time of
 * both processes (the app's serves the simulator both sides call). `what` names a request.
 */
export async function countPerRequest<T>(
  pair: ServerPair,
  databaseUrl: string,
  proxyPort: number,
  what: string,
  counted: number,
  make: (count: number) => Promise<T[]>,
  sendTo: (target: Target) => Send<T>,
): Promise<Record<Target, Counted>> {
  const proxy = await startCountingProxy(proxyPort, new URL(databaseUrl));
  const servers = await startBoth(pair, viaPort(databaseUrl, proxyPort));
  const figures = {} as Record<Target, Counted>;
  for (const target of TARGETS) {
    await closedLoop(await make(10), 1, sendTo(target)); // warm
    await new Promise((resolve) => setTimeout(resolve, 500));
    const items = await make(counted);
    const before = servers.cpuMs();
    const perRequest = await proxy.perRequest(counted, () => closedLoop(items, 1, sendTo(target)));
    const after = servers.cpuMs();
    figures[target] = { ...perRequest, cpuMs: { app: (after.app - before.app) / counted, ceiling: (after.ceiling - before.ceiling) / counted } };
  }
  await servers.stop();
  proxy.server.close();
  console.log(
    TARGETS.map((target) => `per ${what} to the ${target}: ${figures[target].statements.toFixed(1)} statements, ${figures[target].transactions.toFixed(1)} transactions, CPU ms app ${figures[target].cpuMs.app.toFixed(1)} ceiling ${figures[target].cpuMs.ceiling.toFixed(1)}`).join("; "),
  );
  return figures;
}
