import "server-only";
import type { Db } from "@/lib/db/client";
import { DEAD_LETTER_QUEUE, QUEUES, type QueueName } from "@/lib/jobs/queues";
import { requireMember } from "./session";

// What the console shows of the background work: how many jobs each queue holds, by state, and
// the dead letters, jobs that kept failing through every retry. Read from pg-boss's tables.

const DEAD_LETTERS_SHOWN = 50;

export interface QueueCounts {
  queue: QueueName;
  waiting: number;
  running: number;
  retrying: number;
}

export interface DeadLetter {
  id: string;
  queue: string;
  failedAt: Date;
  error: string;
  /** What the job was about, without the bookkeeping fields. */
  data: Record<string, unknown>;
}

export async function listBackgroundJobs(db: Db): Promise<{ queues: QueueCounts[]; deadLetters: DeadLetter[]; deadLetterCount: number }> {
  await requireMember("orders:read");
  const [counts, deadLetters, [total]] = await Promise.all([
    db.$queryRawUnsafe<{ name: string; state: string; count: number }[]>(
      `SELECT name, state::text AS state, count(*)::int AS count FROM pgboss.job
       WHERE state IN ('created', 'active', 'retry') AND name <> $1 GROUP BY name, state`,
      DEAD_LETTER_QUEUE,
    ),
    db.$queryRawUnsafe<{ id: string; data: Record<string, unknown> | null; output: { message?: unknown } | null; failedAt: Date }[]>(
      `SELECT id::text AS id, data, output, created_on AS "failedAt" FROM pgboss.job
       WHERE name = $1 AND state = 'created' ORDER BY created_on DESC LIMIT ${DEAD_LETTERS_SHOWN}`,
      DEAD_LETTER_QUEUE,
    ),
    db.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND state = 'created'`, DEAD_LETTER_QUEUE),
  ]);
  const count = (queue: string, state: string) => counts.find((row) => row.name === queue && row.state === state)?.count ?? 0;
  return {
    queues: (Object.keys(QUEUES) as QueueName[]).map((queue) => ({
      queue,
      waiting: count(queue, "created"),
      running: count(queue, "active"),
      retrying: count(queue, "retry"),
    })),
    deadLetters: deadLetters.map(({ id, data, output, failedAt }) => {
      const { queue, requestId: _requestId, ...rest } = data ?? {};
      return {
        id,
        queue: typeof queue === "string" ? queue : "unknown",
        failedAt,
        error: typeof output?.message === "string" ? output.message : JSON.stringify(output ?? null),
        data: rest,
      };
    }),
    deadLetterCount: total?.count ?? 0,
  };
}
