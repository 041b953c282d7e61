// Crash recovery, tried for real: the production build of the app is killed with SIGKILL in the
// middle of a load of orders and payments, restarted on the same database, and killed again,
// once per provider. The five providers are played by their simulators in this process, with a
// ledger of their own (a separate database): they take the payments at the till and keep
// retrying their signed notifications on their own schedules while the app is down. At the end,
// every payment the providers took must be on a paid order exactly once: 0 lost, 0 doubled; and
// every notification the app verified and stored must end handled, those a kill cut off included.
//
//   npm run test:crash                                   # the app on embedded PGlite (on disk)
//   CRASH_DATABASE_URL=postgres://… npm run test:crash   # the app on PostgreSQL (migrated)
//
// Needs the production build (`npm run build`; `npm test` has made it by the time this runs).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openDatabase, type Db, type OpenedDatabase } from "@/lib/db/client";
import { STORES, type Store } from "@/lib/domain";
import { SWEEP_LEASE } from "@/lib/jobs/queue";
import { QUEUES } from "@/lib/jobs/queues";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { enqueueWebhook } from "@/lib/sandbox/outbox";
import type { ProviderSimulator } from "@/lib/sandbox/types";
import { seededRandom } from "../lib/seeded-random";
import { freshCredentials, productionServerEnv, startProviderSimulators, type ProviderSimulators } from "./provider-simulators";

const ORDERS_PER_CYCLE = Number(process.env.CRASH_ORDERS_PER_CYCLE ?? 24);
const SEED = Number(process.env.CRASH_SEED ?? 20261123);
const APP_PORT = Number(process.env.CRASH_APP_PORT ?? 3190);
const PROVIDERS_PORT = Number(process.env.CRASH_PROVIDERS_PORT ?? 3191);
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
/**
 * Documented retry waits, compressed 200×: Midtrans' 2 minutes become 0.6 s and its whole schedule
 * 100 s, DOKU's first wait 9 s. The app's downtime is not compressed: a restart took 3-23 s on
 * PostgreSQL and 8-31 s on PGlite here (load 2-10), and the ten kills come within a few minutes,
 * the app down for a third of that time or more. To the providers that is a crash loop of a day,
 * longer than Midtrans' schedule: a batch of its notifications refused together at a kill has its
 * few late attempts fall together into later outages (all six refused, 12-16 payments of the
 * first cycle in runs on PostgreSQL and on PGlite, even with the schedule stretched to six times
 * the longest restart). Production's answer to a schedule run out is the reconciliation, which
 * asks the provider about codes quiet for RECONCILE_AFTER_SECONDS; here it runs at its shortest
 * quiet period (10 s against Midtrans' first retry of 0.6 s: still later, compared with the
 * retries, than production's 5 minutes against 2), and the end waits for it as it waits for the
 * retries. What is counted is the same: every payment on its order exactly once, whichever way
 * the app learned of it.
 */
const TIME_SCALE = 0.005;
const RECONCILE_AFTER_SECONDS = 10;
/**
 * A webhook delivery the app stored and a kill cut off before it was handled stays "received"
 * until the reprocess-webhooks sweep (every minute) finds it this old. Production's 5 minutes
 * would outlast the whole crash loop; here 3× the provider timeout (the app refuses less than
 * 2×: a younger delivery may still be waiting for its status call). The end waits for a run of
 * the sweep that finds every delivery this old, so those of the last kill are in the count.
 */
const REPROCESS_WEBHOOKS_AFTER_SECONDS = 15;
const PROVIDER_TIMEOUT_MS = 5000;
const REPROCESS_EVERY_MS = QUEUES["reprocess-webhooks"].every * 1000;
/**
 * How long the end waits, past the moment every delivery is old enough, for a run of the sweep:
 * two of its intervals, and a run the last kill cut off, which holds the sweep until its lease
 * lapses and pg-boss's maintenance (every minute) fails it (SWEEP_LEASE, lib/jobs/queue.ts).
 */
const REPROCESS_WAIT_MS = 2 * REPROCESS_EVERY_MS + (SWEEP_LEASE.seconds + 60) * 1000;
const CONCURRENCY = 4;
/** How long the end may wait for the providers' retries and the reconciliation to catch the app up. */
const DRAIN_LIMIT_MS = 300_000;

// Deterministic choices (when to kill, which payments get a duplicate), from a printed seed.
const random = seededRandom(SEED);
// References new to every run: on a kept PostgreSQL database the ledger of the last run stays
// (its entries are not the orders'), and a payment of a reference it already holds, asked about
// or notified, would be answered from it as a repeat and never reach this run's order.
const REFERENCE_PREFIX = `CRASH-${SEED}-${randomBytes(3).toString("hex")}-`;

// Fresh credentials for every run, shared by the app and the simulators (never the published ones).
const CREDENTIALS = freshCredentials();

// The providers' side: simulators behind a real HTTP server, with their own database.
let providers: ProviderSimulators;
let ledger: OpenedDatabase;
let simulators: Map<ProviderId, ProviderSimulator>;

// ---- The app: the production build, started, killed and started again. ----

let app: ChildProcess | undefined;
let dataDir: string;
let kills = 0;
/** When the app was last killed, while it is not back up; and each outage, kill to healthy. */
let downSince: number | undefined;
const downtimes: number[] = [];
/** When each app process was started: a delivery received before one and handled after it was cut off. */
const spawnedAt: number[] = [];
let appLog = "";
const sandboxMentions: string[] = [];
/** From the app's log: when a webhook was last answered, and each run of the reprocess-webhooks sweep. */
let lastWebhookLoggedAt = 0;
const reprocessRuns: { startedAt: number; reprocessed: number }[] = [];

function noteLogLine(line: string): void {
  let entry: { msg?: unknown; time?: unknown; queue?: unknown; ms?: unknown; result?: { reprocessed?: unknown } };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return; // Next.js' own start-up lines are not JSON
  }
  if (typeof entry.time !== "number") return;
  if (entry.msg === "webhook" || entry.msg === "webhook failed") lastWebhookLoggedAt = Math.max(lastWebhookLoggedAt, entry.time);
  if (entry.msg === "job done" && entry.queue === "reprocess-webhooks" && typeof entry.ms === "number") {
    reprocessRuns.push({ startedAt: entry.time - entry.ms, reprocessed: Number(entry.result?.reprocessed ?? 0) });
  }
}

function appEnv(routing: ProviderId[]): NodeJS.ProcessEnv {
  const database = process.env.CRASH_DATABASE_URL
    ? { DATABASE_URL: process.env.CRASH_DATABASE_URL }
    : { PGLITE_DATA_DIR: join(dataDir, "pglite") };
  return productionServerEnv({
    appUrl: APP_URL,
    credentials: CREDENTIALS,
    simulatorsEnv: providers.appEnv,
    routing: { alfamart: routing, indomaret: routing },
    providerTimeoutMs: PROVIDER_TIMEOUT_MS,
    more: {
      ...database,
      RECONCILE_AFTER_SECONDS: String(RECONCILE_AFTER_SECONDS),
      REPROCESS_WEBHOOKS_AFTER_SECONDS: String(REPROCESS_WEBHOOKS_AFTER_SECONDS),
      // Each job's "job done" line, which the end reads for the reprocess-webhooks sweep's runs.
      LOG_LEVEL: "debug",
    },
  });
}

async function startApp(routing: ProviderId[]): Promise<void> {
  // Another server on the port would answer for ours (a leftover from an interrupted run).
  if (await fetch(`${APP_URL}/api/health`).catch(() => undefined)) throw new Error(`something else answers on ${APP_URL}`);
  // As production runs it: `npm start` is server.mjs.
  spawnedAt.push(Date.now());
  const child = spawn(process.execPath, ["server.mjs", "-p", String(APP_PORT), "-H", "127.0.0.1"], {
    env: appEnv(routing),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let partial = "";
  const keep = (chunk: Buffer) => {
    appLog = (appLog + chunk.toString()).slice(-20_000);
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop()!;
    // Apart from the access lines of requests this test sends to /sandbox paths.
    sandboxMentions.push(...lines.filter((line) => /sandbox/i.test(line) && !line.includes('"msg":"request"')));
    lines.forEach(noteLogLine);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  app = child;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`the app exited (${child.exitCode ?? child.signalCode}) on start:\n${appLog}`);
    const health = await fetch(`${APP_URL}/api/health`).catch(() => undefined);
    if (health?.ok) {
      if (downSince !== undefined) downtimes.push(Date.now() - downSince);
      downSince = undefined;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not become healthy:\n${appLog}`);
}

/** Ended by itself (exit code) or by a signal (then the exit code stays null). */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Ends the app with `signal` and waits for it: SIGKILL is the crash, SIGTERM the orderly stop. */
async function signalApp(signal: "SIGKILL" | "SIGTERM"): Promise<void> {
  const child = app;
  if (!child || hasExited(child)) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  if (signal === "SIGKILL") downSince = Date.now();
  await exited;
  if (signal === "SIGKILL") kills += 1;
}
const killApp = () => signalApp("SIGKILL");
const stopApp = () => signalApp("SIGTERM");

// ---- The load: orders through the merchant API, paid at the till. ----

interface PlacedOrder {
  reference: string;
  id?: string;
  paymentCode?: string;
  provider?: ProviderId;
  store: Store;
  amount: number;
  paid?: boolean;
}

const placed: PlacedOrder[] = [];
const paidAtTill = new Set<string>();
let duplicatesQueued = 0;
let createRetries = 0;
/** One answer per status that did not give a code (a crash cuts answers off; anything else is a finding). */
const createFailures = new Map<number, string>();

async function createOnce(order: PlacedOrder): Promise<"created" | "failed"> {
  const response = await fetch(`${APP_URL}/api/v1/orders`, {
    method: "POST",
    headers: { Authorization: `Bearer ${CREDENTIALS.merchantApiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      reference: order.reference,
      store: order.store,
      customer: { name: "Dewi Lestari", email: "dewi@example.com", phone: "081298765432" },
      items: [{ sku: "kopi", name: "Kopi Arabika Gayo", unit_price: order.amount, quantity: 1 }],
      expires_in_minutes: 120,
    }),
  }).catch(() => undefined);
  if (!response) return "failed";
  const text = await response.text().catch(() => "");
  const body = (() => {
    try {
      return JSON.parse(text) as { id?: string; payment_code?: string; provider?: ProviderId };
    } catch {
      return {};
    }
  })();
  // 201: a new order; 200: the same request again after its answer was lost, answered with the
  // order and code already made. An answer cut off mid-body counts as no answer.
  if ((response.status === 201 || response.status === 200) && body.id && body.payment_code && body.provider) {
    Object.assign(order, { id: body.id, paymentCode: body.payment_code, provider: body.provider });
    return "created";
  }
  createFailures.set(response.status, text.slice(0, 300));
  return "failed";
}

/** The shopper pays the code at the till; now and then the provider sends its notice twice. */
async function payAtTill(order: PlacedOrder): Promise<void> {
  const charge = await ledger.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider!, paymentCode: order.paymentCode! } });
  const simulator = simulators.get(order.provider!);
  assert.ok(simulator, `no simulator for ${JSON.stringify(order)} (simulators: ${[...simulators.keys()]})`);
  const result = await simulator.perform("pay", charge);
  assert.deepEqual(result, { ok: true }, `paying ${order.reference} at ${order.provider}`);
  paidAtTill.add(`${order.provider}:${charge.merchantReference}`);
  order.paid = true;
  if (random() < 0.25) {
    const sent = await ledger.db.sandboxWebhook.findFirst({ where: { chargeId: charge.id }, orderBy: { createdAt: "desc" } });
    if (sent) {
      await enqueueWebhook(ledger.db, { provider: order.provider!, chargeId: charge.id, event: sent.event, url: sent.url, body: sent.body }, new Date());
      duplicatesQueued += 1;
    }
  }
}

async function placeAndPay(order: PlacedOrder): Promise<void> {
  if ((await createOnce(order)) === "created") await payAtTill(order);
}

async function runPool<T>(items: T[], work: (item: T) => Promise<void>, onDone: () => void): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await work(item);
        onDone();
      }
    }),
  );
}

/** One cycle: a load of orders routed first to `provider`, with the app killed in the middle. */
async function crashCycle(cycle: number, provider: ProviderId): Promise<void> {
  const routing = [provider, ...PROVIDER_IDS.filter((id) => id !== provider)];
  await startApp(routing);
  const orders: PlacedOrder[] = Array.from({ length: ORDERS_PER_CYCLE }, (_, index) => ({
    reference: `${REFERENCE_PREFIX}${cycle}-${index}`,
    store: STORES[index % STORES.length]!,
    amount: 20_000 + Math.floor(random() * 200) * 1_000,
  }));
  placed.push(...orders);
  let done = 0;
  const killAfter = Math.max(1, Math.floor(ORDERS_PER_CYCLE * (0.3 + random() * 0.4)));
  const killDelayMs = Math.floor(random() * 400);
  let killing: Promise<void> | undefined;
  await runPool(
    orders,
    placeAndPay,
    () => {
      done += 1;
      if (done === killAfter) killing = new Promise((resolve) => setTimeout(resolve, killDelayMs)).then(killApp);
    },
  );
  await killing;
  // Back up on the same database: finish what the crash cut off, then crash again at the end of
  // the cycle, with notifications still in flight.
  await startApp(routing);
  for (const order of orders.filter((candidate) => !candidate.id)) {
    createRetries += 1;
    await placeAndPay(order);
  }
  await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 500)));
  await killApp();
}

// ---- Counting: the providers' ledger against the app's database. ----

async function openAppDatabase(): Promise<OpenedDatabase> {
  return process.env.CRASH_DATABASE_URL
    ? openDatabase({ databaseUrl: process.env.CRASH_DATABASE_URL, pgliteDataDir: "memory://" })
    : openDatabase({ pgliteDataDir: join(dataDir, "pglite") });
}

async function pendingNotifications(): Promise<number> {
  return ledger.db.sandboxWebhook.count({ where: { status: "pending" } });
}

/** Through the merchant API, as the merchant's systems would see them. */
async function paidOrdersSeenByApp(orders: PlacedOrder[]): Promise<number> {
  let paid = 0;
  for (const order of orders) {
    const response = await fetch(`${APP_URL}/api/v1/orders/${order.id}`, { headers: { Authorization: `Bearer ${CREDENTIALS.merchantApiKey}` } });
    const body = (await response.json()) as { status?: string };
    if (body.status === "paid") paid += 1;
  }
  return paid;
}

// The app runs without the sandbox, as production does: it must not need the sandbox's tables,
// so they are hidden from it for the whole run (renamed, and named back afterwards for the next
// run of the migrations on a kept PostgreSQL database).
const SANDBOX_TABLES = ["SandboxCharge", "SandboxIdempotency", "SandboxWebhook", "SandboxProviderState"];

async function renameSandboxTables(from: (table: string) => string, to: (table: string) => string): Promise<void> {
  const opened = await openAppDatabase();
  try {
    for (const table of SANDBOX_TABLES) await opened.db.$executeRawUnsafe(`ALTER TABLE IF EXISTS "${from(table)}" RENAME TO "${to(table)}"`);
  } finally {
    await opened.close();
  }
}
const hidden = (table: string) => `${table}_hidden_from_crash_suite`;

before(async () => {
  assert.ok(existsSync(".next/BUILD_ID"), "run `npm run build` first: this suite starts the production build");
  dataDir = mkdtempSync(join(tmpdir(), "gerai-crash-"));
  if (process.env.CRASH_DATABASE_URL) {
    const opened = await openAppDatabase();
    await opened.db.$executeRawUnsafe(`DELETE FROM "Order" WHERE reference LIKE 'CRASH-%'`);
    await opened.close();
  }
  await renameSandboxTables((table) => table, hidden);
  providers = await startProviderSimulators({ port: PROVIDERS_PORT, credentials: CREDENTIALS, webhookBaseUrl: APP_URL, timeScale: TIME_SCALE });
  ({ ledger, simulators } = providers);
});

after(async () => {
  await stopApp().catch(() => {});
  await renameSandboxTables(hidden, (table) => table).catch((error) => console.error("could not name the sandbox tables back", error));
  await providers?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("SIGKILL under load, once per provider: every payment the providers took is on its order exactly once, every notification stored is handled", { timeout: 15 * 60_000 }, async () => {
  const started = Date.now();
  const stopNotifier = providers.startNotifier();
  try {
    for (const [cycle, provider] of PROVIDER_IDS.entries()) await crashCycle(cycle, provider);

    // The last start: the app comes back, the providers' retries catch it up, and its
    // reconciliation asks about the codes whose notifications ran out.
    await startApp([...PROVIDER_IDS]);
    const drainStarted = Date.now();
    const paidOrders = placed.filter((order) => order.paid);
    while ((await pendingNotifications()) > 0 && Date.now() - drainStarted < DRAIN_LIMIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    while ((await paidOrdersSeenByApp(paidOrders)) < paidOrders.length && Date.now() - drainStarted < DRAIN_LIMIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    const caughtUpMs = Date.now() - drainStarted;
    // The notifications a kill cut off after they were stored are finished by the reprocess-webhooks
    // sweep, not by the retries or the reconciliation waited for above: wait for a run of it that
    // started once every delivery was old enough for it (each arrived before the last start or
    // before the app's last answer to a webhook; nothing is sent any more).
    const reprocessWaitStarted = Date.now();
    const everyDeliveryOldEnoughAt = () => Math.max(spawnedAt.at(-1)!, lastWebhookLoggedAt) + REPROCESS_WEBHOOKS_AFTER_SECONDS * 1000;
    const lateEnoughRun = () => reprocessRuns.find((run) => run.startedAt >= everyDeliveryOldEnoughAt());
    while (!lateEnoughRun() && Date.now() < everyDeliveryOldEnoughAt() + REPROCESS_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const reprocessWaitMs = Date.now() - reprocessWaitStarted;
    const reprocessRanLateEnough = lateEnoughRun() !== undefined;
    const stillPending = await pendingNotifications();
    const exhaustedRows = await ledger.db.sandboxWebhook.findMany({ where: { status: "exhausted" } });
    for (const row of exhaustedRows) {
      const charge = await ledger.db.sandboxCharge.findUnique({ where: { id: row.chargeId } });
      console.error(`exhausted: ${row.provider} ${charge?.merchantReference} ${row.event} after ${row.attempts} attempts, last ${row.lastStatus ?? row.lastError}`);
    }
    const exhausted = exhaustedRows.length;
    const seenPaid = await paidOrdersSeenByApp(paidOrders);
    // Without the sandbox none of its pages, APIs or jobs exist.
    for (const path of ["/sandbox", "/sandbox/cashier", "/sandbox/state", "/sandbox/midtrans/v2/charge"]) {
      assert.equal((await fetch(`${APP_URL}${path}`)).status, 404, `${path} answers without the sandbox`);
    }
    assert.deepEqual(sandboxMentions, [], "the app's log mentions the sandbox");
    await stopApp();
    await stopNotifier();

    const appDb = await openAppDatabase();
    try {
      const ledgerPaid = (await ledger.db.sandboxCharge.findMany()).filter((charge) => {
        const simulator = simulators.get(charge.provider as ProviderId)!;
        return simulator.describe(charge, new Date()).state === "paid";
      });
      let lost = 0;
      for (const charge of ledgerPaid) {
        const ours = await appDb.db.charge.findFirst({ where: { provider: charge.provider, reference: charge.merchantReference }, include: { order: true } });
        if (ours?.status !== "paid" || ours.order.status !== "paid") {
          lost += 1;
          console.error(`lost: ${charge.provider} ${charge.merchantReference} (app: charge ${ours?.status}, order ${ours?.order.status})`);
        }
      }
      const transitions = await paidTransitions(appDb.db);
      const doubled = [...transitions.values()].filter((count) => count > 1).length;
      const flagged = await appDb.db.order.count({ where: { reference: { startsWith: REFERENCE_PREFIX }, needsAttention: true } });
      const deliveries = await ledger.db.sandboxWebhook.aggregate({ _sum: { attempts: true }, _count: true });
      const learnedBy = await paymentsLearnedBy(appDb.db);
      const webhooks = await verifiedDeliveries(appDb.db, new Date(started));
      for (const delivery of webhooks.unhandled) {
        console.error(`unhandled: ${delivery.provider} delivery ${delivery.id} received ${delivery.receivedAt.toISOString()}, ${delivery.outcome} ${delivery.outcomeDetail ?? ""}`);
      }

      console.log(
        [
          `crash recovery (${process.env.CRASH_DATABASE_URL ? "PostgreSQL" : "PGlite on disk"}), seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s`,
          `  orders placed ${placed.length}, codes shown ${placed.filter((order) => order.id).length}, creates retried after a crash ${createRetries}`,
          `  SIGKILLs ${kills}, payments at the till ${paidAtTill.size}, duplicate notices queued ${duplicatesQueued}`,
          `  downtimes (kill to healthy) ${downtimes.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s; caught up ${(caughtUpMs / 1000).toFixed(1)} s after the last start`,
          `  notifications ${deliveries._count}, delivery attempts ${deliveries._sum.attempts ?? 0}, still pending ${stillPending}, exhausted ${exhausted}`,
          `  paid at the providers ${ledgerPaid.length}, paid orders via the API ${seenPaid}, paid transitions ${[...transitions.values()].reduce((a, b) => a + b, 0)}`,
          `  payments learned from a notification ${learnedBy.webhook ?? 0}, by asking (reconciliation, re-checks) ${learnedBy.status_check ?? 0}`,
          `  verified deliveries ${webhooks.total}: handled at once ${webhooks.handledAtOnce}, cut off by a kill and reprocessed ${webhooks.reprocessedAfterKill}, unhandled ${webhooks.unhandled.length}`,
          `  reprocess-webhooks runs ${reprocessRuns.length}, deliveries they took up ${reprocessRuns.reduce((sum, run) => sum + run.reprocessed, 0)} (one whose event a retry applied first is counted on the retry's row and its own removed); waited ${(reprocessWaitMs / 1000).toFixed(1)} s for the last`,
          `  lost ${lost}, doubled ${doubled}, flagged for attention ${flagged}`,
          ...[...createFailures].map(([status, text]) => `  a create answered ${status} without a code: ${text || "(cut off)"}`),
        ].join("\n"),
      );

      assert.ok(kills >= PROVIDER_IDS.length * 2, `only ${kills} kills happened`);
      assert.equal(ledgerPaid.length, paidAtTill.size, "the providers' ledger holds every payment taken at the till");
      assert.equal(stillPending, 0, "every notification was delivered in the end");
      assert.ok(reprocessRanLateEnough, `no reprocess-webhooks run started once every delivery was ${REPROCESS_WEBHOOKS_AFTER_SECONDS} s old (${reprocessRuns.length} runs logged)`);
      assert.equal(webhooks.unhandled.length, 0, "verified webhook deliveries left unhandled: cut off by a kill and not finished by reprocess-webhooks");
      assert.equal(lost, 0, "payments lost");
      assert.equal(doubled, 0, "orders paid twice");
      assert.equal(flagged, 0, "orders flagged for attention");
      assert.equal(seenPaid, paidOrders.length, "the merchant API shows every paid order as paid");
      for (const provider of PROVIDER_IDS) {
        assert.ok(ledgerPaid.some((charge) => charge.provider === provider), `no payment went through ${provider}`);
      }
    } finally {
      await appDb.close();
    }
  } finally {
    await stopNotifier();
  }
});

/** How the app learned of each payment: the source of its order's change to paid (webhook, status_check). */
async function paymentsLearnedBy(db: Db): Promise<Record<string, number>> {
  const rows = await db.orderEvent.findMany({
    where: { toStatus: "paid", type: "status_changed", order: { reference: { startsWith: REFERENCE_PREFIX } } },
    select: { data: true },
  });
  const counts: Record<string, number> = {};
  for (const { data } of rows) {
    const source = (data as { source?: string } | null)?.source ?? "unknown";
    counts[source] = (counts[source] ?? 0) + 1;
  }
  return counts;
}

/**
 * The verified webhook deliveries since `since`, and how each was handled. One still "received"
 * is in hand: stored, then cut off before it was handled and not reprocessed; one "failed" is
 * one whose reprocessing threw. A delivery received before an app process started and finished
 * after was finished by a later process than the one it reached: the reprocess-webhooks sweep.
 */
async function verifiedDeliveries(db: Db, since: Date) {
  const rows = await db.webhookDelivery.findMany({
    where: { verified: true, receivedAt: { gte: since } },
    select: { id: true, provider: true, outcome: true, outcomeDetail: true, receivedAt: true, processedAt: true },
  });
  const unhandled = rows.filter((row) => row.outcome === "received" || row.outcome === "failed");
  const handled = rows.filter((row) => !unhandled.includes(row));
  const cutOff = ({ receivedAt, processedAt }: (typeof rows)[number]) =>
    processedAt !== null && spawnedAt.some((at) => receivedAt.getTime() < at && at <= processedAt.getTime());
  const reprocessedAfterKill = handled.filter(cutOff).length;
  return { total: rows.length, unhandled, reprocessedAfterKill, handledAtOnce: handled.length - reprocessedAfterKill };
}

async function paidTransitions(db: Db): Promise<Map<string, number>> {
  const rows = await db.orderEvent.findMany({
    where: { toStatus: "paid", type: "status_changed", order: { reference: { startsWith: REFERENCE_PREFIX } } },
    select: { orderId: true },
  });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.orderId, (counts.get(row.orderId) ?? 0) + 1);
  return counts;
}
