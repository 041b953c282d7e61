// Benchmark: webhook ingestion against its bare ceiling (issue 12), over HTTP on PostgreSQL.
//
//   BENCH_DATABASE_URL=postgresql://postgres@localhost:55440/gerai_bench npm run bench:webhooks
//
// Starts the production build (`node server.mjs`, sandbox on, jobs off so only ingestion is
// measured) and the ceiling (webhook-ceiling.ts: node:http + pg doing the same work), both on
// BENCH_DATABASE_URL (migrated here; builds with `next build` first when there is no build).
// Both confirm each notification with the same status call to the app's Midtrans simulator.
// Seeds pending Midtrans orders for each run (SQL), then sends signed settlement notifications:
// - statement and transaction counts per webhook, through a counting proxy in front of
//   PostgreSQL (a short run of its own, so the proxy's hop is not in the timed runs);
// - throughput at concurrency 1, 8 and 32, app and ceiling runs interleaved, ROUNDS times;
// - a latency run at half of each server's best rate (open loop), p50/p99;
// - every notification of the latency run delivered again, twice at once (a duplicate storm);
// then checks that every seeded order is paid with exactly one paid transition.
// Writes bench/results/webhook-ingest.md and .svg and prints the figures. Only ratios count: the
// machine is shared and noisy. BENCH_CPU_PROF=1 also profiles both servers (--cpu-prof).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { grossAmountText, notificationSignature } from "@/lib/sandbox/midtrans/wire";
import { sandboxServerEnv } from "@/test/sandbox-server";
import { closedLoop, comparedChart, comparedTable, countPerRequest, interleavedRounds, openLoop, TARGETS, type RunFigures, type Send, type Target } from "./support/against-ceiling";
import { prepareDatabaseAndBuild, startBoth, type ServerPair } from "./support/bench-servers";

const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3330);
const CEILING_PORT = APP_PORT + 1;
const COUNTING_PORT = APP_PORT + 2;
const CONCURRENCY = [1, 8, 32];
const REQUESTS: Record<number, number> = { 1: 60, 8: 160, 32: 240 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LATENCY_SECONDS = 8;
const COUNTED_WEBHOOKS = 40;
const AMOUNT = 150_000;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const SERVER_KEY = sandboxServerEnv(APP_URL).MIDTRANS_SERVER_KEY!;
const RESULTS = join(process.cwd(), "bench", "results");

const targetUrl = (target: Target) => `http://127.0.0.1:${target === "app" ? APP_PORT : CEILING_PORT}/api/webhooks/midtrans`;

const pair: ServerPair = {
  appUrl: APP_URL,
  appEnv: { RATE_LIMIT_WEBHOOKS: "1000000/1m" },
  ceilingScript: "bench/webhook-ceiling.ts",
  ceilingEnv: { STATUS_BASE_URL: `${APP_URL}/sandbox/midtrans`, MIDTRANS_SERVER_KEY: SERVER_KEY, CEILING_PORT: String(CEILING_PORT) },
  ceilingReady: { url: targetUrl("ceiling"), init: { method: "POST", body: "{}" } },
  resultsDir: RESULTS,
};

// ---- Orders and their notifications ----

let batch = 0;
const runTag = Date.now().toString(36).toUpperCase();

/** `count` pending Midtrans orders with their codes, already settled at the simulator. */
async function seedOrders(db: pg.Pool, count: number): Promise<{ prefix: string; bodies: string[] }> {
  batch += 1;
  const prefix = `WHB${runTag}B${batch}X`;
  await db.query(
    `WITH rows AS (
       SELECT i, $1 || i AS ref, lpad($1 || i, 20, '0') AS key, to_char(now() AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI:SS') AS wall
       FROM generate_series(1, $2::int) AS i
     ), orders AS (
       INSERT INTO "Order" (id, "publicId", reference, status, amount, store, source, "customerName", "customerEmail", "customerPhone", description, "expiryMinutes", "updatedAt")
       SELECT 'ord_' || key, 'pub' || key, ref, 'pending', $3, 'indomaret', 'api', 'Budi Santoso', 'budi@example.com', '081234567890', 'Bench order', 1440, now() FROM rows
     ), charges AS (
       INSERT INTO "Charge" (id, "orderId", attempt, provider, store, reference, "idempotencyKey", status, amount, "providerChargeId", "paymentCode", "expiresAt", "providerStatus", "updatedAt")
       SELECT 'chg_' || key, 'ord_' || key, 1, 'midtrans', 'indomaret', ref, 'idem' || key, 'pending', $3, 'txn-' || ref, '99' || key, now() + interval '1 day', 'pending', now() FROM rows
     )
     INSERT INTO "SandboxCharge" (id, provider, "merchantReference", store, amount, "paymentCode", status, "expiresAt", "updatedAt", "paidAt", "merchantName", request, data)
     SELECT 'txn-' || ref, 'midtrans', ref, 'indomaret', $3, '99' || key, 'settlement', now() + interval '1 day', now(), now(), 'Toko Gerai', '{}'::jsonb,
       jsonb_build_object('transactionId', 'txn-' || ref, 'transactionTime', wall, 'settlementTime', wall, 'fraudStatus', 'accept')
     FROM rows`,
    [prefix, count, AMOUNT],
  );
  const wall = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
  const bodies = Array.from({ length: count }, (_, index) => {
    const reference = `${prefix}${index + 1}`;
    const key = reference.padStart(20, "0");
    return JSON.stringify({
      status_code: "200",
      status_message: "midtrans payment notification",
      transaction_id: `txn-${reference}`,
      order_id: reference,
      merchant_id: "G000GERAI",
      gross_amount: grossAmountText(AMOUNT),
      currency: "IDR",
      payment_type: "cstore",
      transaction_time: wall,
      transaction_status: "settlement",
      fraud_status: "accept",
      payment_code: `99${key}`,
      store: "indomaret",
      settlement_time: wall,
      signature_key: notificationSignature(reference, "200", grossAmountText(AMOUNT), SERVER_KEY),
    });
  });
  return { prefix, bodies };
}

// ---- Load ----

/** Answers other than 200 per server; a 500 or 503 is sent again, as Midtrans retries them. */
const retried: Record<Target, number> = { app: 0, ceiling: 0 };

const sendTo =
  (target: Target): Send<string> =>
  async (body) => {
    const start = performance.now();
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(targetUrl(target), { method: "POST", headers: { "content-type": "application/json" }, body });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - start;
      retried[target] += 1;
      if ((response.status !== 500 && response.status !== 503) || attempt === 5) throw new Error(`${target} answered ${response.status} to a settlement notification`);
    }
  };

/** Every seeded order of `prefix`: paid, with exactly one paid transition and one paid ledger row. */
async function exactlyOnce(db: pg.Pool, prefix: string): Promise<{ orders: number; paidOnce: number }> {
  const { rows } = await db.query<{ orders: string; paid_once: string }>(
    `SELECT count(*) AS orders, count(*) FILTER (WHERE o.status = 'paid' AND transitions = 1 AND ledger = 1) AS paid_once
     FROM (SELECT o.status,
             (SELECT count(*) FROM "OrderEvent" e WHERE e."orderId" = o.id AND e."toStatus" = 'paid') AS transitions,
             (SELECT count(*) FROM "PaymentEvent" p JOIN "Charge" c ON c.id = p."chargeId" WHERE c."orderId" = o.id AND p.kind = 'paid') AS ledger
           FROM "Order" o WHERE o.reference LIKE $1 || '%') o`,
    [prefix],
  );
  return { orders: Number(rows[0]!.orders), paidOnce: Number(rows[0]!.paid_once) };
}

// ---- The run ----

async function main() {
  if (!DATABASE_URL) throw new Error("BENCH_DATABASE_URL is required: a PostgreSQL database this benchmark may fill");
  prepareDatabaseAndBuild(DATABASE_URL);
  mkdirSync(RESULTS, { recursive: true });
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const prefixes: string[] = [];
  const seed = async (count: number) => {
    const seeded = await seedOrders(db, count);
    prefixes.push(seeded.prefix);
    return seeded.bodies;
  };

  // 1. Statements and transactions per webhook. The simulator answering both sides' status calls
  // runs in the app, through the same proxy: both counts include its statements and transactions.
  const counted = await countPerRequest(pair, DATABASE_URL, COUNTING_PORT, "webhook", COUNTED_WEBHOOKS, seed, sendTo);

  // 2. Throughput, interleaved.
  const servers = await startBoth(pair, DATABASE_URL);
  for (const target of TARGETS) await closedLoop(await seed(40), 4, sendTo(target)); // warm
  const table = await interleavedRounds(ROUNDS, CONCURRENCY, async (target, concurrency) => closedLoop(await seed(REQUESTS[concurrency]!), concurrency, sendTo(target)));

  // 3. Latency at half of each side's best rate, then the same notifications again, twice at once.
  const latency: Partial<Record<Target, RunFigures & { rate: number }>> = {};
  const stormBodies: string[] = [];
  for (const target of TARGETS) {
    const rate = Math.max(...table.map((row) => row[target].perSecond)) / 2;
    const bodies = await seed(Math.round(rate * LATENCY_SECONDS));
    latency[target] = { ...(await openLoop(bodies, rate, sendTo(target))), rate };
    console.log(`latency ${target} at ${rate.toFixed(1)} req/s: p50 ${latency[target]!.p50.toFixed(1)} ms, p99 ${latency[target]!.p99.toFixed(1)} ms`);
    if (target === "app") stormBodies.push(...bodies);
  }
  await closedLoop(stormBodies.flatMap((body) => [body, body]), 32, sendTo("app"));
  await servers.stop();

  // 4. Exactly once.
  let orders = 0;
  let paidOnce = 0;
  for (const prefix of prefixes) {
    const checked = await exactlyOnce(db, prefix);
    orders += checked.orders;
    paidOnce += checked.paidOnce;
  }
  await db.end();

  const target = table.every((row) => row.ratio >= 0.6) && (latency.app?.p99 ?? Infinity) <= 50;
  const markdown = `# Webhook ingestion against its bare ceiling

\`npm run bench:webhooks\` (bench/webhook-load.ts), ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, PostgreSQL.
The app is the production build (\`node server.mjs\`, sandbox on, jobs off); the ceiling is
bench/webhook-ceiling.ts (node:http + pg, the same verification, status call and writes). Both
confirm each notification with the same status call to the app's Midtrans simulator. Runs
interleaved, ${ROUNDS} rounds (the order alternating); each figure is the median over rounds, the
ratio the median of each round's app/ceiling ratio.

${comparedTable(table)}

At half of the best rate (open loop, ${LATENCY_SECONDS} s):

| Server | Rate req/s | p50 ms | p99 ms |
|---|---:|---:|---:|
${TARGETS.map((side) => `| ${side} | ${latency[side]!.rate.toFixed(1)} | ${latency[side]!.p50.toFixed(1)} | ${latency[side]!.p99.toFixed(1)} |`).join("\n")}

Per webhook (${COUNTED_WEBHOOKS} sequential webhooks through a counting proxy; the simulator's
status call, served by the app, is included on both sides):

| Server | Statements | Transactions committed |
|---|---:|---:|
| app | ${counted.app.statements.toFixed(1)} | ${counted.app.transactions.toFixed(1)} |
| ceiling | ${counted.ceiling.statements.toFixed(1)} | ${counted.ceiling.transactions.toFixed(1)} |

Answers other than 200 (a 500 or 503 is sent again, as Midtrans would): app ${retried.app}, ceiling ${retried.ceiling}.

Exactly once: ${paidOnce} of ${orders} seeded orders paid with exactly one paid transition and one
paid ledger row (the latency run's notifications were then each delivered twice more at once).
Target (ratio ≥ 0.6 at every concurrency, app p99 ≤ 50 ms at half load): ${target ? "met" : "not met"}.

![req/s](webhook-ingest.svg)
`;
  writeFileSync(join(RESULTS, "webhook-ingest.md"), markdown);
  writeFileSync(join(RESULTS, "webhook-ingest.svg"), comparedChart("Webhook ingestion, req/s (PostgreSQL)", table));
  console.log(markdown);
  if (paidOnce !== orders) {
    console.error(`exactly-once violated: ${orders - paidOnce} orders not paid exactly once`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
