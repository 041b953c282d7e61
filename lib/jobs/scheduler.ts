import "server-only";
import { Cron } from "croner";
import { env } from "@/lib/env";
import { expireCodesPastDeadline, reconcilePendingCharges } from "@/lib/orders/check-status";
import { getOrderDeps } from "@/lib/orders/deps";
import { reprocessInterruptedDeliveries } from "@/lib/orders/ingest-webhook";
import { runDueRechecks } from "@/lib/orders/recheck-charges";

// The app's background work, in-process (croner), each job protected from overlapping itself:
// - expire codes past their deadline (asking the provider first);
// - ask providers about pending codes nobody has heard of lately (a lost webhook);
// - run the re-checks due after paid notifications the status API did not confirm yet (the
//   schedule is in the database; each re-check is claimed there, so instances never share one);
// - finish webhook deliveries stored but cut off by a crash or restart before they were handled;
// - in the sandbox, the simulators' own clocks (lib/sandbox/jobs.ts), loaded only when it is on:
//   without it, none of the sandbox's code runs.

const holder = globalThis as typeof globalThis & { __geraiJobs?: Cron[] };

function job(name: string, pattern: string, run: () => Promise<unknown>): Cron {
  return new Cron(pattern, { name, protect: true, catch: (error) => console.error(`job ${name} failed`, error) }, async () => {
    await run();
  });
}

export async function startJobs(): Promise<void> {
  if (holder.__geraiJobs) return;
  const sandbox = env().sandbox.enabled ? (await import("@/lib/sandbox/jobs")).sandboxJobs() : [];
  holder.__geraiJobs = [
    job("expire-overdue", "*/15 * * * * *", async () => expireCodesPastDeadline(await getOrderDeps())),
    job("reconcile-pending", "0 * * * * *", async () => reconcilePendingCharges(await getOrderDeps())),
    job("due-rechecks", "*/10 * * * * *", async () => runDueRechecks(await getOrderDeps())),
    job("reprocess-webhooks", "30 * * * * *", async () => reprocessInterruptedDeliveries(await getOrderDeps())),
    ...sandbox.map(({ name, pattern, run }) => job(name, pattern, run)),
  ];
}

export function stopJobs(): void {
  holder.__geraiJobs?.forEach((cron) => cron.stop());
  holder.__geraiJobs = undefined;
}
