import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { DEAD_LETTER_QUEUE } from "@/lib/jobs/queues";
import { openTestDatabase } from "@/test/database";
import { merchantCookie, sealedSession as seal, signInAs } from "@/test/merchant-session";
import { listBackgroundJobs } from "./background-jobs";

// The console's page of background work: only a signed-in merchant reads it, and a job that
// failed every retry is listed with its queue and its error.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

let database: OpenedDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.$executeRawUnsafe(`DELETE FROM pgboss.job`);
  // A dead letter as pg-boss writes one: the job's payload, and its last error as output.
  await database.db.$executeRawUnsafe(
    `INSERT INTO pgboss.job (name, data, output) VALUES ($1, $2::jsonb, $3::jsonb)`,
    DEAD_LETTER_QUEUE,
    JSON.stringify({ queue: "recheck-charge", chargeId: "chg_dead", attempt: 2, requestId: "req-1" }),
    JSON.stringify({ name: "Error", message: "DOKU answered 503 ten times" }),
  );
});
afterAll(async () => database?.close());
beforeEach(() => {
  merchantCookie.value = undefined;
});

describe("background jobs in the console", () => {
  it("reads nothing without a merchant session", async () => {
    const spy = vi.spyOn(database.db, "$queryRawUnsafe");
    await expect(listBackgroundJobs(database.db)).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT;replace;/merchant/login;") });
    merchantCookie.value = await seal({ token: (await signInAs(database.db, "owner")).token }, "x".repeat(40));
    await expect(listBackgroundJobs(database.db)).rejects.toMatchObject({ digest: expect.stringContaining("/merchant/login") });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("shows each queue and the jobs that failed every retry, to every member (a viewer too)", async () => {
    await signInAs(database.db, "viewer");
    const jobs = await listBackgroundJobs(database.db);
    expect(jobs.queues.map((queue) => queue.queue)).toContain("expire-overdue");
    expect(jobs.deadLetterCount).toBe(1);
    expect(jobs.deadLetters).toEqual([
      { id: expect.any(String), queue: "recheck-charge", failedAt: expect.any(Date), error: "DOKU answered 503 ten times", data: { chargeId: "chg_dead", attempt: 2 } },
    ]);
  });
});
