import type { Db } from "@/lib/db/client";
import type { QueuedJob } from "@/lib/jobs/queue";
import type { QueueName } from "@/lib/jobs/queues";

// The job queue as tests see it: the test plays the worker on its own clock, reading pg-boss's
// table directly (a worker fetches the same rows: waiting, and due by start_after).

export interface WaitingJob<Q extends QueueName> {
  id: string;
  data: QueuedJob<Q>;
  startAfter: Date;
  singletonKey: string | null;
}

/** Jobs waiting in `queue` (for one singleton key, when given), soonest first. */
export async function waitingJobs<Q extends QueueName>(db: Db, queue: Q, singletonKey?: string): Promise<WaitingJob<Q>[]> {
  return db.$queryRawUnsafe<WaitingJob<Q>[]>(
    `SELECT id::text AS id, data, start_after AS "startAfter", singleton_key AS "singletonKey" FROM pgboss.job
     WHERE name = $1 AND state = 'created' AND ($2::text IS NULL OR singleton_key = $2::text) ORDER BY start_after, created_on`,
    queue,
    singletonKey ?? null,
  );
}

/** Takes the jobs due at `now` out of the queue, as a worker would, and returns them. */
export async function takeDueJobs<Q extends QueueName>(db: Db, queue: Q, now: Date, singletonKey?: string): Promise<WaitingJob<Q>[]> {
  return db.$queryRawUnsafe<WaitingJob<Q>[]>(
    `UPDATE pgboss.job SET state = 'completed', completed_on = now()
     WHERE name = $1 AND state = 'created' AND start_after <= $2::timestamptz AND ($3::text IS NULL OR singleton_key = $3::text)
     RETURNING id::text AS id, data, start_after AS "startAfter", singleton_key AS "singletonKey"`,
    queue,
    now,
    singletonKey ?? null,
  );
}
