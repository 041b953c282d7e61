import "server-only";
import { getDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log.mjs";
import { pruneExpiredIdempotencyKeys } from "@/lib/merchant-api/idempotency-key";
import { attemptDelivery, fanOutNotification, type DeliveryDeps } from "@/lib/merchant-webhooks/deliveries";
import { reconcilePendingCharges } from "@/lib/orders/check-status";
import { getOrderDeps } from "@/lib/orders/deps";
import { countPaymentMinutes } from "@/lib/orders/payment-minutes";
import { sweepCodesPastDeadline } from "@/lib/orders/expire-overdue";
import { reprocessInterruptedDeliveries } from "@/lib/orders/ingest-webhook";
import { recheckCharge } from "@/lib/orders/recheck-charges";
import { withRequestId } from "@/lib/request-context.mjs";
import { sendShopperEmail, type ShopperEmailDeps } from "@/lib/shopper-emails/shopper-emails";
import { smtpSender } from "@/lib/shopper-emails/smtp-sender";
import { onShutdown } from "@/lib/shutdown.mjs";
import { enqueue, startQueue } from "./queue";
import { queueState, setQueueState } from "./queue-state";

// This instance's workers on the shared job queue. Every instance runs them; the queue gives
// each job to one of them:
// - expire codes past their deadline, a backlog without pause until it is gone;
// - ask providers about pending codes nobody has heard of lately (a lost webhook), a backlog
//   without pause too;
// - the re-checks queued after paid notifications the status API did not confirm yet;
// - finish webhook deliveries stored but cut off by a crash or restart before they were handled;
// - tell the merchant's endpoints about order changes, and retry them on their schedule;
// - email shoppers their codes and receipts;
// - count each closed day's payments by whole minute to pay, for the dashboard's medians;
// - delete records past their lifetime (Idempotency-Keys after a day);
// - in the sandbox, the simulators' own clocks and notifications (lib/sandbox/jobs.ts), loaded
//   only when it is on: without it, none of the sandbox's code runs.

/**
 * How long one run of the deadline sweep, or of the reconciliation, reads new codes; a run that
 * stops with codes left queues the next at once. Well inside the queue's expireInSeconds
 * (queues.ts), past which its worker fails a run as hung and the next may start beside it.
 */
const SWEEP_BUDGET_MS = 120_000;

export async function startJobs(): Promise<void> {
  if (queueState()) return;
  setQueueState("starting");
  const queue = await startWorkers().catch((error: unknown) => {
    setQueueState(undefined); // the next start may try again
    throw error;
  });
  setQueueState("running");
  onShutdown("job queue", async (remainingMs) => {
    setQueueState("stopped");
    // Jobs in hand get the time left, less a second to close the database after them.
    await queue.stop(Math.max(1_000, remainingMs - 1_000));
  });
}

async function deliveryDeps(): Promise<DeliveryDeps> {
  const config = env();
  return { db: (await getDatabase()).db, appUrl: config.appUrl, allowedHosts: config.webhookAllowedHosts, now: () => new Date() };
}

async function startWorkers() {
  const config = env();
  const sandbox = config.sandbox.enabled ? (await import("@/lib/sandbox/jobs")).sandboxJobHandlers() : {};
  const database = await getDatabase();
  const { db } = database;
  const emailDeps: ShopperEmailDeps = {
    db,
    appUrl: config.appUrl,
    merchantName: config.merchantName,
    from: config.mail.from,
    send: config.mail.smtpUrl ? smtpSender(config.mail.smtpUrl) : undefined,
    keepCopy: config.sandbox.enabled ? (await import("@/lib/sandbox/mailbox")).sandboxMailKeeper(db) : undefined,
    now: () => new Date(),
  };
  if (!emailDeps.send && emailDeps.keepCopy) log.info("SMTP_URL is not set: shopper emails are kept in the sandbox mailbox (/sandbox/mail)");
  else if (!emailDeps.send) log.warn("SMTP_URL is not set: shoppers get no emails");
  return startQueue(database, {
    handlers: {
      "expire-overdue": async () => {
        const report = await sweepCodesPastDeadline(await getOrderDeps(), { budgetMs: SWEEP_BUDGET_MS, callsPerProvider: config.statusCallsPerProvider });
        // A backlog is swept on at once rather than at the next tick.
        if (report.more) await enqueue(db, "expire-overdue", {}, { singletonKey: "every" });
        return report;
      },
      "reconcile-pending": async () => {
        // The same bound of status calls per provider as the deadline sweep's: the same status APIs.
        const options = { quietForMs: config.reconcileAfterMs, budgetMs: SWEEP_BUDGET_MS, callsPerProvider: config.statusCallsPerProvider };
        const report = await reconcilePendingCharges(await getOrderDeps(), options);
        if (report.more) await enqueue(db, "reconcile-pending", {}, { singletonKey: "every" });
        return report;
      },
      "reprocess-webhooks": async () => reprocessInterruptedDeliveries(await getOrderDeps(), { interruptedAfterMs: config.reprocessWebhooksAfterMs }),
      "recheck-charge": async (job) => recheckCharge(await getOrderDeps(), job),
      "count-payment-minutes": async () => countPaymentMinutes(db, new Date()),
      "prune-expired": async () => ({ idempotencyKeys: await pruneExpiredIdempotencyKeys(db, new Date()) }),
      "order-notification": async ({ notificationId }) => fanOutNotification(await deliveryDeps(), notificationId),
      "merchant-webhook": async (job) => attemptDelivery(await deliveryDeps(), job),
      "shopper-email": async (job) => sendShopperEmail(emailDeps, job),
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
}
