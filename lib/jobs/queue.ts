import PgBoss from "pg-boss";
import type { OpenedDatabase, Tx } from "@/lib/db/client";
import { currentRequestId } from "@/lib/request-context.mjs";
import { DEAD_LETTER_QUEUE, DEAD_LETTER_RETENTION_MINUTES, QUEUES, RETRY, type JobData, type QueueName, type QueueSettings } from "./queues";

// The app's PostgreSQL job queue: pg-boss, in the app's own database (schema "pgboss"), so the
// same code runs on the embedded PGlite and on a PostgreSQL server shared by many instances.
// Workers fetch with FOR UPDATE SKIP LOCKED, so each job runs on one instance; a job whose worker
// died is retried once it expires; a job that keeps failing goes to the dead-letter queue.
// A sweep's run (an "every" queue, queues.ts) is one at a time across instances: the queue's
// "stately" policy lets no second job of its key become active while one is, and the run holds a
// short lease, so one whose instance died blocks the sweep for a minute or two, not for the
// queue's expireInSeconds.

/**
 * A sweep's run is renewed this often and lapses this long after its last renewal
 * (`started_on + expire_in` of its row, the deadline by which pg-boss's maintenance, every 60 s
 * on one of the instances, fails an active job and queues its retry). An instance killed mid-run
 * renews nothing, so its run is failed within lease + 60 s and the sweep goes on elsewhere; a live
 * run keeps renewing up to its queue's expireInSeconds, where its own worker fails it.
 */
export const SWEEP_LEASE = { seconds: 30, renewEverySeconds: 10 } as const;

/** How pg-boss reaches the database: one function that runs a statement. */
type Executor = PgBoss.Db;

/**
 * The job's payload plus its queue (a dead letter keeps only the payload) and the request that
 * caused it, so its log lines carry that request's id.
 */
export type QueuedJob<Q extends QueueName> = JobData[Q] & { queue: Q; requestId?: string };

const payload = <Q extends QueueName>(queue: Q, data: JobData[Q]): QueuedJob<Q> => ({ ...data, queue, requestId: currentRequestId() });

export interface EnqueueOptions {
  /** Not before this time. */
  startAfter?: Date;
  /** At most one waiting job per key in the queue: a repeat is dropped. */
  singletonKey?: string;
}

/** A statement run by Prisma, inside the caller's transaction when given one. */
function prismaExecutor(tx: Pick<Tx, "$queryRawUnsafe">): Executor {
  return { executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}

/** PGlite runs one statement at a time; a script of several (pg-boss's maintenance) goes to exec. */
function pgliteExecutor(pglite: Extract<OpenedDatabase, { kind: "pglite" }>["pglite"]): Executor {
  return {
    executeSql: async (text, values) => {
      if (values?.length) return pglite.query(text, values);
      const results = await pglite.exec(text);
      return results.findLast((result) => result.fields.length > 0) ?? results.at(-1) ?? { rows: [] };
    },
  };
}

// Only builds statements: every send passes the database to run them on.
let sender: PgBoss | undefined;
const statementBuilder = () => (sender ??= new PgBoss({ db: { executeSql: () => Promise.reject(new Error("the sender runs no statements of its own")) } }));

/**
 * Queues a job in the caller's transaction (or as its own statement): it exists exactly when the
 * change that caused it is committed. Returns the job's id, or null when a waiting job with the
 * same singleton key already stands for it.
 */
export async function enqueue<Q extends QueueName>(
  tx: Pick<Tx, "$queryRawUnsafe">,
  queue: Q,
  data: JobData[Q],
  options: EnqueueOptions = {},
): Promise<string | null> {
  if (QUEUES[queue].policy !== "standard" && !options.singletonKey) throw new Error(`${queue} keeps one waiting job per singleton key: give each job one`);
  return statementBuilder().send(queue, payload(queue, data), { ...options, db: prismaExecutor(tx) });
}

/** One job of several queued at once (enqueueMany). */
export interface JobRequest<Q extends QueueName = QueueName> {
  queue: Q;
  data: JobData[Q];
  /** Not before this time. */
  startAfter?: Date;
}

/**
 * Queues several jobs in one statement, in the caller's transaction, on the same terms as
 * `enqueue`: they exist exactly when the change that caused them is committed. For queues that
 * keep every job (a singleton key's "one waiting job" answer is enqueue's).
 */
export async function enqueueMany(tx: Pick<Tx, "$queryRawUnsafe">, jobs: JobRequest[]): Promise<void> {
  if (jobs.length === 0) return;
  for (const { queue } of jobs) if (QUEUES[queue].policy !== "standard") throw new Error(`${queue} keeps one waiting job per singleton key: queue it with enqueue`);
  await statementBuilder().insert(
    jobs.map(({ queue, data, startAfter }) => ({ name: queue, data: payload(queue, data), startAfter })),
    { db: prismaExecutor(tx) },
  );
}

export interface WorkerHandlers {
  handlers: Partial<{ [Q in QueueName]: (data: QueuedJob<Q>, job: { id: string }) => Promise<unknown> }>;
  /** Runs each job (e.g. with its request id on every log line). */
  around?: <T>(job: { id: string; queue: QueueName; requestId?: string }, run: () => Promise<T>) => Promise<T>;
  onError?: (error: unknown) => void;
}

export interface RunningQueue {
  boss: PgBoss;
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Starts pg-boss on the database and a worker for each handled queue; sweeps are set going.
 * The schema and queues are already there (the migration); this checks the version and applies
 * the retry settings of queues.ts.
 */
export async function startQueue(database: OpenedDatabase, { handlers, around = (_job, run) => run(), onError }: WorkerHandlers): Promise<RunningQueue> {
  const connection = database.kind === "postgres" ? { connectionString: database.databaseUrl, max: 4 } : { db: pgliteExecutor(database.pglite) };
  const boss = new PgBoss({
    ...connection,
    schema: "pgboss",
    migrate: false,
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: 60,
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 7,
  });
  if (onError) boss.on("error", onError);
  await boss.start();

  await boss.updateQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, policy: "standard", retentionMinutes: DEAD_LETTER_RETENTION_MINUTES });
  for (const [queue, settings] of Object.entries(QUEUES) as [QueueName, QueueSettings][]) {
    await boss.updateQueue(queue, { name: queue, policy: settings.policy, ...RETRY, expireInSeconds: settings.expireInSeconds, deadLetter: DEAD_LETTER_QUEUE });
    const handler = handlers[queue] as ((data: QueuedJob<typeof queue>, job: { id: string }) => Promise<unknown>) | undefined;
    if (!handler) continue;
    const { every } = settings;
    const work = async ([job]: PgBoss.Job<QueuedJob<typeof queue>>[]) => {
      if (!job) return;
      let lease: Lease | undefined;
      try {
        if (every) lease = await holdLease(boss.getDb(), queue, job.id, onError);
        await around({ id: job.id, queue, requestId: job.data.requestId }, () => handler(job.data, { id: job.id }));
      } finally {
        lease?.release();
        // The next run of a sweep, whatever became of this one (a failure is retried on its own).
        // Queued while this one is still active: it waits for it (stately), and when a run is
        // already waiting (the cron's, a backlog's) it stands for this one.
        if (every) await boss.send(queue, payload(queue, {}), { singletonKey: "every", startAfter: every });
      }
    };
    for (let i = 0; i < settings.concurrency; i += 1) await boss.work(queue, { pollingIntervalSeconds: 1, batchSize: 1 }, work);
    if (every) {
      await boss.send(queue, payload(queue, {}), { singletonKey: "every" });
      await boss.schedule(queue, "* * * * *", payload(queue, {}), { singletonKey: "every" });
    }
  }

  return {
    boss,
    // Stops fetching, waits for the jobs in hand (up to the bound), then closes its connections;
    // a job still running then is failed and retried elsewhere.
    stop: (timeoutMs) => boss.stop({ graceful: true, wait: true, timeout: timeoutMs }),
  };
}

interface Lease {
  release(): void;
}

/**
 * Holds a sweep's run: its row's deadline is moved to SWEEP_LEASE.seconds from now, and again
 * every SWEEP_LEASE.renewEverySeconds until released. The worker's own bound (the
 * expireInSeconds it read when it fetched the job) is not touched. A renewal that fails is
 * reported and the run goes on; should they fail for the whole lease (the database out of reach
 * from here alone), another instance may start a run beside it.
 */
async function holdLease(db: Executor, queue: QueueName, jobId: string, onError: (error: unknown) => void = () => undefined): Promise<Lease> {
  const renew = () =>
    db.executeSql(
      `UPDATE pgboss.job SET expire_in = now() - started_on + $3::int * interval '1 second' WHERE name = $1 AND id = $2::uuid AND state = 'active'`,
      [queue, jobId, SWEEP_LEASE.seconds],
    );
  await renew();
  const timer = setInterval(() => void renew().catch(onError), SWEEP_LEASE.renewEverySeconds * 1000);
  return { release: () => clearInterval(timer) };
}
