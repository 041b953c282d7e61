import "server-only";
import { Cron } from "croner";
import { getDb } from "@/lib/db/client";
import { expireCodesPastDeadline, reconcilePendingCharges } from "@/lib/orders/check-status";
import { getOrderDeps } from "@/lib/orders/deps";
import { reprocessInterruptedDeliveries } from "@/lib/orders/ingest-webhook";
import { runDueRechecks } from "@/lib/orders/recheck-charges";
import { deliverDueWebhooks } from "@/lib/sandbox/outbox";
import { getSimulators } from "@/lib/sandbox/registry";

// The app's background work, in-process (croner), each job protected from overlapping itself:
// - expire codes past their deadline (asking the provider first);
// - ask providers about pending codes nobody has heard of lately (a lost webhook);
// - run the re-checks due after paid notifications the status API did not confirm yet (the
//   schedule is in the database; each re-check is claimed there, so instances never share one);
// - finish webhook deliveries stored but cut off by a crash or restart before they were handled;
// - in the sandbox, the simulators' own clocks: expire their codes, deliver and retry webhooks.

const holder = globalThis as typeof globalThis & { __geraiJobs?: Cron[] };

function job(name: string, pattern: string, run: () => Promise<unknown>): Cron {
  return new Cron(pattern, { name, protect: true, catch: (error) => console.error(`job ${name} failed`, error) }, async () => {
    await run();
  });
}

export function startJobs(): void {
  if (holder.__geraiJobs) return;
  const simulators = getSimulators();
  holder.__geraiJobs = [
    job("expire-overdue", "*/15 * * * * *", async () => expireCodesPastDeadline(await getOrderDeps())),
    job("reconcile-pending", "0 * * * * *", async () => reconcilePendingCharges(await getOrderDeps())),
    job("due-rechecks", "*/10 * * * * *", async () => runDueRechecks(await getOrderDeps())),
    job("reprocess-webhooks", "30 * * * * *", async () => reprocessInterruptedDeliveries(await getOrderDeps())),
    ...(simulators.size
      ? [
          job("sandbox-expiry", "*/5 * * * * *", async () => {
            const now = new Date();
            for (const simulator of simulators.values()) await simulator.expireOverdue(now);
          }),
          job("sandbox-webhooks", "* * * * * *", async () => deliverDueWebhooks(await getDb(), simulators, new Date())),
        ]
      : []),
  ];
}

export function stopJobs(): void {
  holder.__geraiJobs?.forEach((cron) => cron.stop());
  holder.__geraiJobs = undefined;
}
