import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { openTestDatabase } from "@/test/database";
import { waitingJobs } from "@/test/jobs";
import { enqueue, startQueue, SWEEP_LEASE, type RunningQueue } from "./queue";
import { DEAD_LETTER_QUEUE, QUEUES } from "./queues";

// The job queue on the test database (PGlite, or PostgreSQL with TEST_DATABASE_URL): jobs exist
// only with the transaction that queued them, each runs once however many workers poll, a
// failing job is retried and then dead-lettered, each sweep has one waiting run, and one run at
// a time across instances however long a run takes, on a lease it renews.

let database: OpenedDatabase;
const running: RunningQueue[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  // Jobs left by earlier files on a shared PostgreSQL would be run by these workers.
  await database.db.$executeRawUnsafe(`DELETE FROM pgboss.job`);
});
afterAll(async () => {
  for (const queue of running) await queue.stop(2_000);
  await database.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const until = async (check: () => Promise<boolean> | boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe("the job queue", () => {
  it("has every queue of queues.ts, created by the migration with its policy", async () => {
    // pg-boss's own cron queue (__pgboss__send-it) is made by any start of it: on a PostgreSQL
    // database a worker ever ran on, it is there too.
    const rows = await database.db.$queryRawUnsafe<{ name: string; policy: string }[]>(
      `SELECT name, policy FROM pgboss.queue WHERE name NOT LIKE '\\_\\_pgboss\\_\\_%' ORDER BY name`,
    );
    expect(rows).toEqual(
      [
        { name: DEAD_LETTER_QUEUE, policy: "standard" },
        ...Object.entries(QUEUES).map(([name, settings]) => ({ name, policy: settings.policy })),
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it("keeps a job only when the transaction that queued it commits", async () => {
    await expect(
      database.db.$transaction(async (tx) => {
        await enqueue(tx, "recheck-charge", { chargeId: "rolled-back", attempt: 0 }, { singletonKey: "rolled-back" });
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    expect(await waitingJobs(database.db, "recheck-charge", "rolled-back")).toEqual([]);

    await database.db.$transaction(async (tx) => {
      await enqueue(tx, "recheck-charge", { chargeId: "committed", attempt: 0 }, { singletonKey: "committed", startAfter: new Date(Date.now() + 3_600_000) });
    });
    const [job] = await waitingJobs(database.db, "recheck-charge", "committed");
    expect(job?.data).toMatchObject({ chargeId: "committed", attempt: 0 });
    // One waiting job per key: a repeat is dropped.
    expect(await enqueue(database.db, "recheck-charge", { chargeId: "committed", attempt: 0 }, { singletonKey: "committed" })).toBeNull();
    await database.db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE singleton_key = 'committed'`);
  });

  it("runs each job once across two instances' workers, retries a failing one and then dead-letters it", { timeout: 60_000 }, async () => {
    const runs = new Map<string, number>();
    const failures: string[] = [];
    const handlers = {
      "recheck-charge": async ({ chargeId }: { chargeId: string }) => {
        runs.set(chargeId, (runs.get(chargeId) ?? 0) + 1);
        if (chargeId === "always-fails") {
          failures.push(chargeId);
          throw new Error("the provider is down");
        }
      },
    };
    for (let i = 0; i < 2; i += 1) running.push(await startQueue(database, { handlers }));
    // Retried quickly here: the queue's own settings would take 17 minutes to give up.
    await database.db.$executeRawUnsafe(`UPDATE pgboss.queue SET retry_limit = 2, retry_delay = 0, retry_backoff = false WHERE name = 'recheck-charge'`);

    const ids = Array.from({ length: 30 }, (_, i) => `charge-${i}`);
    for (const chargeId of ids) await enqueue(database.db, "recheck-charge", { chargeId, attempt: 0 }, { singletonKey: chargeId });
    await enqueue(database.db, "recheck-charge", { chargeId: "always-fails", attempt: 0 }, { singletonKey: "always-fails" });

    await until(() => ids.every((id) => runs.has(id)) && failures.length === 3);
    await until(async () => (await waitingJobs(database.db, DEAD_LETTER_QUEUE as never)).length === 1);
    expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
    expect(runs.get("always-fails")).toBe(3); // the first run and two retries
    const [dead] = await waitingJobs(database.db, DEAD_LETTER_QUEUE as never);
    expect(dead?.data).toMatchObject({ chargeId: "always-fails" });
  });

  it("keeps one waiting run of each sweep however many instances start", async () => {
    // The two instances above started no sweeps (no handlers for them); two more that run them.
    const noop = async () => undefined;
    const handlers = { "expire-overdue": noop, "reconcile-pending": noop };
    for (let i = 0; i < 2; i += 1) running.push(await startQueue(database, { handlers }));
    for (const queue of ["expire-overdue", "reconcile-pending"] as const) {
      await until(async () => (await waitingJobs(database.db, queue)).some((job) => job.startAfter.getTime() > Date.now()));
      const waiting = await waitingJobs(database.db, queue);
      expect(waiting).toHaveLength(1);
      expect(waiting[0]!.singletonKey).toBe("every");
    }
  });

  it("runs a sweep once at a time across two instances, the run queued meanwhile waiting for the one in hand", { timeout: 60_000 }, async () => {
    // prune-expired, which no instance above runs: its next run is an hour away, so the only runs
    // are the one queued when the instances start and the one the cron queues here.
    const queue = "prune-expired";
    let runs = 0;
    let inHand = 0;
    let mostInHand = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const handlers = {
      [queue]: async () => {
        runs += 1;
        inHand += 1;
        mostInHand = Math.max(mostInHand, inHand);
        try {
          if (runs === 1) await held; // a run that outlasts the cron's minute, as a long backlog's may
        } finally {
          inHand -= 1;
        }
      },
    };
    for (let i = 0; i < 2; i += 1) running.push(await startQueue(database, { handlers }));
    await until(() => runs === 1);
    const leaseLeft = async () => {
      const [row] = await database.db.$queryRawUnsafe<{ seconds: number }[]>(
        `SELECT extract(epoch FROM started_on + expire_in - now())::float8 AS seconds FROM pgboss.job WHERE name = $1 AND state = 'active'`,
        queue,
      );
      return row?.seconds;
    };
    // The run's row lapses a lease from now, not the queue's expireInSeconds from its start.
    expect(await leaseLeft()).toBeGreaterThan(SWEEP_LEASE.seconds - 2);
    expect(await leaseLeft()).toBeLessThanOrEqual(SWEEP_LEASE.seconds);

    // The cron's minute passes: it queues the next run while this one is in hand (unless the
    // second instance's start queued one already), and neither instance's worker, polling every
    // second, starts it.
    await enqueue(database.db, queue, {}, { singletonKey: "every" });
    expect(await waitingJobs(database.db, queue)).toHaveLength(1);
    await sleep((SWEEP_LEASE.renewEverySeconds + 2) * 1000);
    expect(runs).toBe(1);
    expect(await waitingJobs(database.db, queue)).toHaveLength(1);
    // Renewed meanwhile: without it, the lease would have SWEEP_LEASE.renewEverySeconds + 2 s less.
    expect(await leaseLeft()).toBeGreaterThan(SWEEP_LEASE.seconds - SWEEP_LEASE.renewEverySeconds);

    // Once the run is done, the waiting one runs.
    release();
    await until(() => runs === 2);
    expect(mostInHand).toBe(1);
  });
});
