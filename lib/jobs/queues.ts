// The job queues (pg-boss, on the app's own database) and how each behaves. The queues are
// created by the migration that installs pg-boss (prisma/migrations/*_job_queue), so every
// migrated database, PGlite or PostgreSQL, can take jobs before any worker runs; a test checks
// that the migration and this list agree. Retry settings are applied from here when workers start.
//
// Two kinds of queue:
// - "every": a sweep that runs every so many seconds, once across all instances. Each run queues
//   the next one under one singleton key, and a one-minute cron re-queues it should the chain
//   ever break (a worker killed mid-run).
// - the others hold work caused by a change, queued in the transaction that made the change.
// A "short" queue keeps one waiting job per singleton key (a repeat is dropped), so every job sent
// to it carries a key; pg-boss counts a job without one under the same empty key, and would drop
// all but one. Queues whose jobs are all distinct are "standard".

export const DEAD_LETTER_QUEUE = "dead-letters";

export interface QueueSettings {
  policy: "short" | "standard";
  /** Runs as a sweep this often (seconds); absent for queues of caused work. */
  every?: number;
  /** An active job whose worker died (or hangs) is retried after this long. */
  expireInSeconds: number;
  /** Jobs a worker runs at once. */
  concurrency: number;
}

export const QUEUES = {
  /** Codes past their deadline (lib/orders/expire-overdue.ts). */
  "expire-overdue": { policy: "short", every: 15, expireInSeconds: 300, concurrency: 1 },
  /** Pending codes nobody has heard about lately (lib/orders/check-status.ts). */
  "reconcile-pending": { policy: "short", every: 15, expireInSeconds: 300, concurrency: 1 },
  /** Webhook deliveries stored but cut off by a crash before they were handled. */
  "reprocess-webhooks": { policy: "short", every: 60, expireInSeconds: 300, concurrency: 1 },
  /** Each closed WIB day's payments by whole minute to pay, for the dashboard (lib/orders/payment-minutes.ts). */
  "count-payment-minutes": { policy: "short", every: 300, expireInSeconds: 300, concurrency: 1 },
  /** Records past their lifetime: Idempotency-Keys after 24 hours. */
  "prune-expired": { policy: "short", every: 3600, expireInSeconds: 300, concurrency: 1 },
  /** A status re-check after a paid notification the status API did not confirm yet. */
  "recheck-charge": { policy: "short", expireInSeconds: 120, concurrency: 4 },
  /** An order notification, fanned out to the merchant's endpoints that take its type. */
  "order-notification": { policy: "standard", expireInSeconds: 120, concurrency: 2 },
  /** One delivery of one notification to one merchant endpoint. */
  "merchant-webhook": { policy: "standard", expireInSeconds: 120, concurrency: 4 },
  /** One email to a shopper: a new code or a receipt (lib/shopper-emails). */
  "shopper-email": { policy: "standard", expireInSeconds: 120, concurrency: 2 },
  /** The simulators' clocks: codes they expire at their deadline. Sandbox only. */
  "sandbox-expiry": { policy: "short", every: 5, expireInSeconds: 120, concurrency: 1 },
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
