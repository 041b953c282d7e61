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
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { grossAmountText, notificationSignature } from "@/lib/sandbox/midtrans/wire";
import { sandboxServerEnv } from "@/test/sandbox-server";

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

type Target = "app" | "ceiling";
const targetUrl = (target: Target) => `http://127.0.0.1:${target === "app" ? APP_PORT : CEILING_PORT}/api/webhooks/midtrans`;

// ---- PostgreSQL: a database URL with another port (the counting proxy) ----

function viaPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

/** Calls `each` with the type and body of every message in a PostgreSQL stream after its startup. */
function messageReader(skipStartup: boolean, each: (type: string, body: Buffer) => void) {
  let pending = Buffer.alloc(0);
  let started = !skipStartup;
  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (!started) {
        if (pending.length < 8 || pending.length < pending.readInt32BE(0)) return;
        const code = pending.readInt32BE(4);
        pending = pending.subarray(pending.readInt32BE(0));
        if (code !== 80877103) started = true; // an SSLRequest is followed by the real startup
        continue;
      }
      if (pending.length < 5 || pending.length < pending.readInt32BE(1) + 1) return;
      const length = pending.readInt32BE(1);
      each(String.fromCharCode(pending[0]!), pending.subarray(5, length + 1));
      pending = pending.subarray(length + 1);
    }
  };
}

/**
 * A TCP proxy in front of PostgreSQL that counts what its clients cost: statements (each Execute
 * of the extended protocol or Query of the simple one) and transactions ended (each time the
 * server reports itself idle again after a statement: an autocommit statement or a COMMIT).
 */
function startCountingProxy(port: number, database: URL): Promise<{ server: Server; counts: { statements: number; transactions: number }; reset(): void }> {
  const counts = { statements: 0, transactions: 0 };
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(database.port || 5432), database.hostname === "localhost" ? "127.0.0.1" : database.hostname);
    let statementsSinceIdle = 0;
    const fromClient = messageReader(true, (type) => {
      if (type === "E" || type === "Q") {
        counts.statements += 1;
        statementsSinceIdle += 1;
      }
    });
    const fromServer = messageReader(false, (type, body) => {
      if (type !== "Z" || body[0] !== 0x49 /* I */ || statementsSinceIdle === 0) return;
      counts.transactions += 1;
      statementsSinceIdle = 0;
    });
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      fromClient(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      client.write(chunk);
      fromServer(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve({
        server,
        counts,
        reset() {
          counts.statements = 0;
          counts.transactions = 0;
        },
      }),
    ),
  );
}

// ---- The two servers ----

// Never left running when this run fails.
const children = new Set<ChildProcess>();
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

/** BENCH_CPU_PROF=1: each server writes a CPU profile (.cpuprofile) into bench/results/profiles when it stops. */
const profiling = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${join(RESULTS, "profiles")}`] : [];

function startApp(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [...profiling, "server.mjs", "-p", String(APP_PORT), "-H", "127.0.0.1"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      ...sandboxServerEnv(APP_URL),
      PGLITE_DATA_DIR: "",
      DATABASE_URL: databaseUrl,
      JOBS_ENABLED: "false",
      LOG_LEVEL: "warn",
      RATE_LIMIT_WEBHOOKS: "1000000/1m",
      RATE_LIMIT_SANDBOX: "1000000/1m",
      // A loaded 2-core machine can take seconds to answer a status call; this measures speed, not timeouts.
      PROVIDER_TIMEOUT_MS: "30000",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

function startCeiling(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [...profiling, "--import", "tsx", "--conditions=react-server", "bench/webhook-ceiling.ts"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      STATUS_BASE_URL: `${APP_URL}/sandbox/midtrans`,
      MIDTRANS_SERVER_KEY: SERVER_KEY,
      CEILING_PORT: String(CEILING_PORT),
      PROVIDER_TIMEOUT_MS: "30000",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function waitFor(url: string, init?: RequestInit) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(url, init);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function startBoth(databaseUrl: string) {
  const app = startApp(databaseUrl);
  const ceiling = startCeiling(databaseUrl);
  children.add(app).add(ceiling);
  await waitFor(`${APP_URL}/api/ready`);
  await waitFor(targetUrl("ceiling"), { method: "POST", body: "{}" });
  return {
    async stop() {
      await Promise.all([app, ceiling].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM"))))));
      children.delete(app);
      children.delete(ceiling);
    },
  };
}

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

interface RunFigures {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Answers other than 200 per server; a 500 or 503 is sent again, as Midtrans retries them. */
const retried: Record<Target, number> = { app: 0, ceiling: 0 };

async function send(target: Target, body: string): Promise<number> {
  const start = performance.now();
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(targetUrl(target), { method: "POST", headers: { "content-type": "application/json" }, body });
    await response.arrayBuffer();
    if (response.status === 200) return performance.now() - start;
    retried[target] += 1;
    if ((response.status !== 500 && response.status !== 503) || attempt === 5) throw new Error(`${target} answered ${response.status} to a settlement notification`);
  }
}

function figures(latencies: number[], seconds: number): RunFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, seconds, perSecond: latencies.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Closed loop: `concurrency` senders, each sending its next notification when answered. */
async function closedLoop(target: Target, bodies: string[], concurrency: number): Promise<RunFigures> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) latencies.push(await send(target, bodies[next++]!));
    }),
  );
  return figures(latencies, (performance.now() - start) / 1000);
}

/** Open loop: notifications at a steady `rate` per second whatever the answers take. */
async function openLoop(target: Target, bodies: string[], rate: number): Promise<RunFigures> {
  const latencies: number[] = [];
  const start = performance.now();
  const sends = bodies.map(async (body, index) => {
    const due = start + (index * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    latencies.push(await send(target, body));
  });
  await Promise.all(sends);
  return figures(latencies, (performance.now() - start) / 1000);
}

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

// ---- Report ----

function chart(rows: { concurrency: number; app: number; ceiling: number; ratio: number }[]): string {
  const width = 560;
  const height = 300;
  const left = 60;
  const bottom = 250;
  const top = 30;
  const max = Math.max(...rows.flatMap((row) => [row.app, row.ceiling])) * 1.1;
  const y = (value: number) => bottom - ((bottom - top) * value) / max;
  const group = (width - left - 20) / rows.length;
  const bars = rows
    .map((row, index) => {
      const x = left + index * group + group * 0.15;
      const bar = group * 0.3;
      return [
        `<rect x="${x}" y="${y(row.app)}" width="${bar}" height="${bottom - y(row.app)}" fill="#2563eb"/>`,
        `<rect x="${x + bar}" y="${y(row.ceiling)}" width="${bar}" height="${bottom - y(row.ceiling)}" fill="#9ca3af"/>`,
        `<text x="${x + bar}" y="${bottom + 18}" text-anchor="middle">concurrency ${row.concurrency}</text>`,
        `<text x="${x + bar / 2}" y="${y(row.app) - 4}" text-anchor="middle">${row.app.toFixed(0)}</text>`,
        `<text x="${x + bar * 1.5}" y="${y(row.ceiling) - 4}" text-anchor="middle">${row.ceiling.toFixed(0)}</text>`,
        `<text x="${x + bar}" y="${bottom + 34}" text-anchor="middle">ratio ${row.ratio.toFixed(2)}</text>`,
      ].join("");
    })
    .join("\n  ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
  <text x="${left}" y="18" font-weight="bold">Webhook ingestion, req/s (PostgreSQL)</text>
  <rect x="${width - 170}" y="8" width="10" height="10" fill="#2563eb"/><text x="${width - 155}" y="17">app</text>
  <rect x="${width - 110}" y="8" width="10" height="10" fill="#9ca3af"/><text x="${width - 95}" y="17">bare ceiling</text>
  <line x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#111"/>
  <line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#111"/>
  <text x="${left - 6}" y="${top + 4}" text-anchor="end">${max.toFixed(0)}</text><text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>
  ${bars}
</svg>
`;
}

// ---- The run ----

async function main() {
  if (!DATABASE_URL) throw new Error("BENCH_DATABASE_URL is required: a PostgreSQL database this benchmark may fill");
  const migrate = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL }, stdio: "inherit" });
  if (migrate.status !== 0) throw new Error("prisma migrate deploy failed");
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  mkdirSync(RESULTS, { recursive: true });
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const prefixes: string[] = [];
  const seed = async (count: number) => {
    const seeded = await seedOrders(db, count);
    prefixes.push(seeded.prefix);
    return seeded.bodies;
  };

  // 1. Statements and transactions per webhook, through the counting proxy.
  const proxy = await startCountingProxy(COUNTING_PORT, new URL(DATABASE_URL));
  let servers = await startBoth(viaPort(DATABASE_URL, COUNTING_PORT));
  const counted: Record<Target, { statements: number; commits: number }> = { app: { statements: 0, commits: 0 }, ceiling: { statements: 0, commits: 0 } };
  for (const target of ["app", "ceiling"] as const) {
    await closedLoop(target, await seed(10), 1); // warm
    await new Promise((resolve) => setTimeout(resolve, 500));
    const bodies = await seed(COUNTED_WEBHOOKS);
    proxy.reset();
    await closedLoop(target, bodies, 1);
    counted[target] = { statements: proxy.counts.statements / COUNTED_WEBHOOKS, commits: proxy.counts.transactions / COUNTED_WEBHOOKS };
  }
  await servers.stop();
  proxy.server.close();
  // The simulator answering both sides' status calls runs in the app, through the same proxy:
  // both counts include its statements and transactions.
  console.log(
    `per webhook: app ${counted.app.statements.toFixed(1)} statements, ${counted.app.commits.toFixed(1)} transactions; ` +
      `ceiling ${counted.ceiling.statements.toFixed(1)} statements, ${counted.ceiling.commits.toFixed(1)} transactions (the simulator's status call included in both)`,
  );

  // 2. Throughput, interleaved.
  servers = await startBoth(DATABASE_URL);
  for (const target of ["app", "ceiling"] as const) await closedLoop(target, await seed(40), 4); // warm
  const runs: Record<Target, Record<number, RunFigures[]>> = { app: {}, ceiling: {} };
  for (let round = 0; round < ROUNDS; round++) {
    for (const concurrency of CONCURRENCY) {
      for (const target of round % 2 === 0 ? (["app", "ceiling"] as const) : (["ceiling", "app"] as const)) {
        const result = await closedLoop(target, await seed(REQUESTS[concurrency]!), concurrency);
        (runs[target][concurrency] ??= []).push(result);
        console.log(`round ${round + 1} ${target.padEnd(7)} c=${String(concurrency).padStart(2)}: ${result.perSecond.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
      }
    }
  }
  // Each round's app and ceiling runs are neighbours in time: their ratio is the honest one on a
  // shared machine. The table gives the median over rounds of each figure and of the ratios.
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const summary = (list: RunFigures[]) => ({ perSecond: median(list.map((run) => run.perSecond)), p50: median(list.map((run) => run.p50)), p99: median(list.map((run) => run.p99)) });
  const table = CONCURRENCY.map((concurrency) => {
    const app = runs.app[concurrency]!;
    const ceiling = runs.ceiling[concurrency]!;
    return { concurrency, app: summary(app), ceiling: summary(ceiling), ratio: median(app.map((run, round) => run.perSecond / ceiling[round]!.perSecond)) };
  });

  // 3. Latency at half of each side's best rate, then the same notifications again, twice at once.
  const latency: Partial<Record<Target, RunFigures & { rate: number }>> = {};
  const stormBodies: string[] = [];
  for (const target of ["app", "ceiling"] as const) {
    const rate = Math.max(...table.map((row) => row[target].perSecond)) / 2;
    const bodies = await seed(Math.round(rate * LATENCY_SECONDS));
    latency[target] = { ...(await openLoop(target, bodies, rate)), rate };
    console.log(`latency ${target} at ${rate.toFixed(1)} req/s: p50 ${latency[target]!.p50.toFixed(1)} ms, p99 ${latency[target]!.p99.toFixed(1)} ms`);
    if (target === "app") stormBodies.push(...bodies);
  }
  await closedLoop("app", stormBodies.flatMap((body) => [body, body]), 32);
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

| Concurrency | App req/s | Ceiling req/s | Ratio | App p50 / p99 ms | Ceiling p50 / p99 ms |
|---:|---:|---:|---:|---:|---:|
${table.map((row) => `| ${row.concurrency} | ${row.app.perSecond.toFixed(1)} | ${row.ceiling.perSecond.toFixed(1)} | ${row.ratio.toFixed(2)} | ${row.app.p50.toFixed(1)} / ${row.app.p99.toFixed(1)} | ${row.ceiling.p50.toFixed(1)} / ${row.ceiling.p99.toFixed(1)} |`).join("\n")}

At half of the best rate (open loop, ${LATENCY_SECONDS} s):

| Server | Rate req/s | p50 ms | p99 ms |
|---|---:|---:|---:|
${(["app", "ceiling"] as const).map((side) => `| ${side} | ${latency[side]!.rate.toFixed(1)} | ${latency[side]!.p50.toFixed(1)} | ${latency[side]!.p99.toFixed(1)} |`).join("\n")}

Per webhook (${COUNTED_WEBHOOKS} sequential webhooks through a counting proxy; the simulator's
status call, served by the app, is included on both sides):

| Server | Statements | Transactions committed |
|---|---:|---:|
| app | ${counted.app.statements.toFixed(1)} | ${counted.app.commits.toFixed(1)} |
| ceiling | ${counted.ceiling.statements.toFixed(1)} | ${counted.ceiling.commits.toFixed(1)} |

Answers other than 200 (a 500 or 503 is sent again, as Midtrans would): app ${retried.app}, ceiling ${retried.ceiling}.

Exactly once: ${paidOnce} of ${orders} seeded orders paid with exactly one paid transition and one
paid ledger row (the latency run's notifications were then each delivered twice more at once).
Target (ratio ≥ 0.6 at every concurrency, app p99 ≤ 50 ms at half load): ${target ? "met" : "not met"}.

![req/s](webhook-ingest.svg)
`;
  writeFileSync(join(RESULTS, "webhook-ingest.md"), markdown);
  writeFileSync(join(RESULTS, "webhook-ingest.svg"), chart(table.map((row) => ({ concurrency: row.concurrency, app: row.app.perSecond, ceiling: row.ceiling.perSecond, ratio: row.ratio }))));
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
