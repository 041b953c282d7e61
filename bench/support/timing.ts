import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";

// Percentiles of repeated calls, and the machine's load beside them: on a shared machine a p95
// means little without it.

export interface Timing {
  p50: number;
  p95: number;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `run(i)` `runs` times after two warm-ups; each run gets its own input through i. */
export async function measure(runs: number, run: (i: number) => Promise<unknown>): Promise<Timing> {
  await run(runs);
  await run(runs + 1);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** The 1, 5 and 15-minute load averages and the core count, as one line for a results file. */
export function machineLoad(): string {
  const [one, five, fifteen] = loadavg().map((value) => value.toFixed(2));
  return `load average ${one} / ${five} / ${fifteen} (1 / 5 / 15 min) on ${availableParallelism()} cores`;
}
