import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";

// Percentiles of repeated calls, and the machine's load beside them: on a shared machine a p95
// means little without it.

export interface Timing {
  p50: number;
  p95: number;
}

/** The p-th percentile of sorted values (nearest rank); NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
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

/** Figures kept in a JSON file to be shown beside a later run's ("before"). */
export interface RecordedFigures {
  measured: string;
  runs: number;
  /** machineLoad() at the start and at the end of the run */
  load?: string[];
  figures: Record<string, Timing>;
}

export function writeRecorded(file: string, runs: number, load: string[], figures: Record<string, Timing>): void {
  const recorded: RecordedFigures = { measured: new Date().toISOString(), runs, load, figures };
  writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
  console.log(`  wrote ${file}`);
}

export function readRecorded(file: string): RecordedFigures | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as RecordedFigures) : undefined;
}

/** A table cell in ms, or a dash when there is no figure. */
export const msCell = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(1));

/** The verdict line of a results file: the slowest p95 against the target. */
export function slowestP95(figures: Record<string, Timing>, targetMs: number): string {
  const slowest = Math.max(...Object.values(figures).map((figure) => figure.p95));
  return `Slowest p95: ${slowest.toFixed(1)} ms against a target of ≤ ${targetMs} ms (${slowest <= targetMs ? "met" : "not met"}).`;
}
