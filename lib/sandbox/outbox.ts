import type { Db } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";
import { enqueue } from "@/lib/jobs/queue";
import type { ProviderSimulator } from "./types";

// The simulators' webhook outbox. A provider event is stored with a job to send it, in one
// transaction; the job delivers it right away, and again on the provider's documented retry
// schedule while our app does not answer 2xx. Each attempt is signed at the moment it is sent.

const DELIVERY_TIMEOUT_MS = 15_000; // Midtrans waits 15 s; the others publish less.
const LEASE_MS = 60_000; // a claimed row is retried after this if its sender died

export interface QueuedWebhook {
  provider: ProviderId;
  chargeId: string;
  event: string;
  url: string;
  body: string;
}

export async function enqueueWebhook(db: Db, webhook: QueuedWebhook, now: Date): Promise<string> {
  return db.$transaction(async (tx) => {
    const row = await tx.sandboxWebhook.create({ data: { ...webhook, nextAttemptAt: now } });
    await enqueue(tx, "sandbox-webhook", { webhookId: row.id }, { singletonKey: row.id, startAfter: now });
    return row.id;
  });
}

/**
 * The job for one queued notification: sends it if it is due (the cashier's screen may have sent
 * it already), then queues the next attempt at the time the provider's schedule gives.
 */
export async function deliverQueuedWebhook(db: Db, simulators: ReadonlyMap<ProviderId, ProviderSimulator>, webhookId: string, now: Date): Promise<DeliveryReport | undefined> {
  const [report] = await deliverDueWebhooks(db, simulators, now, { onlyIds: [webhookId] });
  const row = await db.sandboxWebhook.findUnique({ where: { id: webhookId }, select: { status: true, nextAttemptAt: true } });
  if (row?.status === "pending") await enqueue(db, "sandbox-webhook", { webhookId }, { singletonKey: webhookId, startAfter: row.nextAttemptAt });
  return report;
}

export interface DeliveryReport {
  id: string;
  status?: number;
  error?: string;
  delivered: boolean;
}

/** Sends every queued webhook that is due (or only `onlyIds`), oldest first. */
export async function deliverDueWebhooks(
  db: Db,
  simulators: ReadonlyMap<ProviderId, ProviderSimulator>,
  now: Date,
  options: { onlyIds?: string[]; limit?: number; fetchImpl?: typeof fetch } = {},
): Promise<DeliveryReport[]> {
  const due = await db.sandboxWebhook.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: now },
      ...(options.onlyIds ? { id: { in: options.onlyIds } } : {}),
    },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 25,
  });
  const reports: DeliveryReport[] = [];
  for (const row of due) {
    const simulator = simulators.get(row.provider as ProviderId);
    if (!simulator) continue;
    // Claim the row with a lease, so that two workers never send the same attempt.
    const claimed = await db.sandboxWebhook.updateMany({
      where: { id: row.id, status: "pending", nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
    });
    if (claimed.count !== 1) continue;
    reports.push(await attempt(db, simulator, row, now, options.fetchImpl ?? fetch));
  }
  return reports;
}

async function attempt(
  db: Db,
  simulator: ProviderSimulator,
  row: { id: string; url: string; body: string; attempts: number },
  sentAt: Date,
  fetchImpl: typeof fetch,
): Promise<DeliveryReport> {
  let status: number | undefined;
  let error: string | undefined;
  try {
    const target = new URL(row.url);
    const response = await fetchImpl(target, {
      method: "POST",
      headers: simulator.signWebhook(row.body, target, sentAt),
      body: row.body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      redirect: "manual",
    });
    status = response.status;
    await response.text().catch(() => "");
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  const attempts = row.attempts + 1;
  const delivered = status !== undefined && status >= 200 && status < 300;
  if (delivered) {
    await db.sandboxWebhook.update({
      where: { id: row.id },
      data: { attempts, status: "delivered", lastStatus: status, lastError: null, deliveredAt: sentAt },
    });
    return { id: row.id, status, delivered };
  }
  const delay = simulator.nextRetryDelayMs(attempts, status);
  await db.sandboxWebhook.update({
    where: { id: row.id },
    data: {
      attempts,
      lastStatus: status ?? null,
      lastError: error ?? `answered ${status}`,
      ...(delay === undefined
        ? { status: "exhausted" }
        : { nextAttemptAt: new Date(sentAt.getTime() + delay) }),
    },
  });
  return { id: row.id, status, error, delivered };
}

/** Scales a documented schedule of waits (in minutes) by the sandbox time scale. */
export function scheduledDelay(scheduleMinutes: readonly number[], retryIndex: number, timeScale: number): number | undefined {
  const minutes = scheduleMinutes[retryIndex];
  return minutes === undefined ? undefined : Math.max(50, Math.round(minutes * 60_000 * timeScale));
}
