import "server-only";
import { getDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { reconcilePendingCharges } from "@/lib/orders/check-status";
import { getOrderDeps } from "@/lib/orders/deps";
import { expireCodesPastDeadline } from "@/lib/orders/expire-overdue";
import { reprocessInterruptedDeliveries } from "@/lib/orders/ingest-webhook";
import { recheckCharge } from "@/lib/orders/recheck-charges";
import { withRequestId } from "@/lib/request-context";
import { onShutdown } from "@/lib/shutdown";
import { startQueue, type RunningQueue } from "./queue";

// This instance's workers on the shared job queue. Every instance runs them; the queue gives
// each job to one of them:
// - expire codes past their deadline, in batches;
// - ask providers about pending codes nobody has heard of lately (a lost webhook);
// - the re-checks queued after paid notifications the status API did not confirm yet;
// - finish webhook deliveries stored but cut off by a crash or restart before they were handled;
// - in the sandbox, the simulators' own clocks and notifications (lib/sandbox/jobs.ts), loaded
//   only when it is on: without it, none of the sandbox's code runs.

const STOP_TIMEOUT_MS = 15_000;
const QUEUE_STATE = Symbol.for("gerai.jobQueue");
const holder = globalThis as typeof globalThis & { [QUEUE_STATE]?: { running: boolean; queue?: Promise<RunningQueue> } };

export async function startJobs(): Promise<void> {
  if (holder[QUEUE_STATE]) return;
  const state: { running: boolean; queue?: Promise<RunningQueue> } = { running: false };
  holder[QUEUE_STATE] = state;
  const config = env();
  const sandbox = config.sandbox.enabled ? (await import("@/lib/sandbox/jobs")).sandboxJobHandlers() : {};
  state.queue = startQueue(await getDatabase(), {
    handlers: {
      "expire-overdue": async () => expireCodesPastDeadline(await getOrderDeps()),
      "reconcile-pending": async () => reconcilePendingCharges(await getOrderDeps(), { quietForMs: config.reconcileAfterMs }),
      "reprocess-webhooks": async () => reprocessInterruptedDeliveries(await getOrderDeps()),
      "recheck-charge": async (job) => recheckCharge(await getOrderDeps(), job),
      ...sandbox,
    },
    // A job's lines carry the id of the request that queued it, and the job's own.
    around: (job, run) =>
      withRequestId(job.requestId, async () => {
        const startedAt = Date.now();
        try {
          const result = await run();
          log.debug({ queue: job.queue, jobId: job.id, ms: Date.now() - startedAt, result }, "job done");
          return result;
        } catch (error) {
          log.error({ queue: job.queue, jobId: job.id, ms: Date.now() - startedAt, err: error }, "job failed; it will be retried");
          throw error;
        }
      }),
    onError: (error) => log.error({ err: error }, "job queue error"),
  });
  const queue = await state.queue.catch((error: unknown) => {
    holder[QUEUE_STATE] = undefined; // the next start may try again
    throw error;
  });
  state.running = true;
  onShutdown("job queue", async () => {
    state.running = false;
    await queue.stop(STOP_TIMEOUT_MS);
  });
}
