-- The sweeps ("every" queues of lib/jobs/queues.ts) run one at a time across instances: "stately"
-- (one waiting and one active job per singleton key) instead of "short" (one waiting, any number
-- active), under which a run queued while another was in hand (the one-minute cron's) was taken
-- at once by another instance's worker.
UPDATE pgboss.queue SET policy = 'stately', updated_on = now()
WHERE name IN ('expire-overdue', 'reconcile-pending', 'reprocess-webhooks', 'count-payment-minutes', 'prune-expired', 'sandbox-expiry');

-- A job keeps the policy it was queued under. The waiting run (one per key, as "short" allowed)
-- becomes stately; runs waiting for a retry, of which "short" allowed several, are cancelled:
-- they carry nothing, and the waiting run or the cron sweeps as they would have. Runs in hand
-- keep "short" and end as they would have.
UPDATE pgboss.job SET policy = 'stately'
WHERE name IN ('expire-overdue', 'reconcile-pending', 'reprocess-webhooks', 'count-payment-minutes', 'prune-expired', 'sandbox-expiry')
  AND state = 'created';
UPDATE pgboss.job SET state = 'cancelled', completed_on = now()
WHERE name IN ('expire-overdue', 'reconcile-pending', 'reprocess-webhooks', 'count-payment-minutes', 'prune-expired', 'sandbox-expiry')
  AND state = 'retry';
