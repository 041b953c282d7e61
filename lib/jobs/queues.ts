// The job queues (pg-boss, on the app's own database) and how each behaves. The queues are
// created, with their policies, by the migrations (the one that installs pg-boss,
// prisma/migrations/*_job_queue, and later ones), so every migrated database, PGlite or
// PostgreSQL, can take jobs before any worker runs; a test checks that the migrations and this
// list agree. Retry settings are applied from here when workers start.
//
// Two kinds of queue:
// - "every": a sweep that runs every so many seconds, one run at a time across all instances.
//   Each run queues the next one under one singleton key, and a one-minute cron re-queues it
//   should the chain ever break. Their policy is "stately": one waiting and one active job per
//   key, so a run queued while another is in hand (the cron's, a backlog's "again at once")
//   waits for it, however long it takes and whichever instance polls. A run holds a lease it
//   renews (queue.ts), so one whose instance died is taken over within a minute or two. A
//   stately key has one place for a retry too: a run that fails while another waits for its
//   retry is failed for good (a dead letter), and the chain goes on.
// - the others hold work caused by a change, queued in the transaction that made the change.
// A "short" or "stately" queue keeps one waiting job per singleton key (a repeat is dropped), so
// every job sent to it carries a key; pg-boss counts a job without one under the same empty key,
// and would drop all but one. Queues whose jobs are all distinct are "standard".

export const DEAD_LETTER_QUEUE = "dead-letters";

interface CommonSettings {
  /**
   * A job still in hand this long is failed by its worker and retried (its handler is not
   * stopped): longer than any job should take. It is also how long a job whose worker died
   * stays taken, but for a sweep's run, which holds a shorter lease (SWEEP_LEASE, queue.ts).
   */
  expireInSeconds: number;
  /** Jobs a worker runs at once. */
  concurrency: number;
}

export type QueueSettings =
  | (CommonSettings & {
      policy: "stately";
      /** Runs as a sweep this often (seconds). */
      every: number;
    })
  | (CommonSettings & { policy: "short" | "standard"; every?: undefined });

export const QUEUES = {
  /** Codes past their deadline (lib/orders/expire-overdue.ts). */
  "expire-overdue": { policy: "stately", every: 15, expireInSeconds: 300, concurrency: 1 },
  /** Pending codes nobody has heard about lately (lib/orders/check-status.ts). */
  "reconcile-pending": { policy: "stately", every: 15, expireInSeconds: 300, concurrency: 1 },
  /** Webhook deliveries stored but cut off by a crash before they were handled. */
  "reprocess-webhooks": { policy: "stately", every: 60, expireInSeconds: 300, concurrency: 1 },
  /** Each closed WIB day's payments by whole minute to pay, for the dashboard (lib/orders/payment-minutes.ts). */
  "count-payment-minutes": { policy: "stately", every: 300, expireInSeconds: 300, concurrency: 1 },
  /** Records past their lifetime: Idempotency-Keys after 24 hours. */
  "prune-expired": { policy: "stately", every: 3600, expireInSeconds: 300, concurrency: 1 },
  /** A status re-check after a paid notification the status API did not confirm yet. */
  "recheck-charge": { policy: "short", expireInSeconds: 120, concurrency: 4 },
  /** An order notification, fanned out to the merchant's endpoints that take its type. */
  "order-notification": { policy: "standard", expireInSeconds: 120, concurrency: 2 },
  /** One delivery of one notification to one merchant endpoint. */
  "merchant-webhook": { policy: "standard", expireInSeconds: 120, concurrency: 4 },
  /** One email to a shopper: a new code or a receipt (lib/shopper-emails). */
  "shopper-email": { policy: "standard", expireInSeconds: 120, concurrency: 2 },
  /** The simulators' clocks: codes they expire at their deadline. Sandbox only. */
  "sandbox-expiry": { policy: "stately", every: 5, expireInSeconds: 120, concurrency: 1 },
  /** One attempt at one simulator notification, on the provider's retry schedule. Sandbox only. */
  "sandbox-webhook": { policy: "short", expireInSeconds: 120, concurrency: 4 },
} as const satisfies Record<string, QueueSettings>;

export type QueueName = keyof typeof QUEUES;

/** What each queue's jobs carry (besides the request id that caused them). */
export interface JobData {
  "expire-overdue": Record<string, never>;
  "reconcile-pending": Record<string, never>;
  "reprocess-webhooks": Record<string, never>;
  "count-payment-minutes": Record<string, never>;
  "prune-expired": Record<string, never>;
  "recheck-charge": { chargeId: string; attempt: number };
  "order-notification": { notificationId: string };
  /** manual: a resend, made whenever asked, outside the retry schedule. */
  "merchant-webhook": { deliveryId: string; manual: boolean };
  "shopper-email": { emailId: string };
  "sandbox-expiry": Record<string, never>;
  "sandbox-webhook": { webhookId: string };
}

/**
 * A failing job is retried with exponential backoff (pg-boss adds jitter): 2, 4, 8 … s, about
 * 17 minutes in all. After that it moves to the dead-letter queue the console shows.
 */
export const RETRY = { retryLimit: 9, retryDelay: 2, retryBackoff: true } as const;
/** How long dead letters are kept (minutes): 30 days. */
export const DEAD_LETTER_RETENTION_MINUTES = 30 * 24 * 60;
