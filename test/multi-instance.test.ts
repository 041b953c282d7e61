// Many instances on one PostgreSQL, tried for real: three production servers (server.mjs, as
// `npm start` runs them) behind nginx on loopback, one database, the five providers played by
// their simulators in this process (test/provider-simulators.ts) and sending their notifications
// to nginx, so shoppers' API calls and webhooks spread over the instances. Orders are paid at the
// till (the notification confirms them), left to expire (the expiry sweep settles them), or paid
// with the notification withheld (reconciliation finds them). Midway one instance is killed with
// SIGKILL and not restarted. At the end every order's timeline holds each background action
// exactly once, and no payment is lost or doubled.
//
//   MULTI_DATABASE_URL=postgres://… npm run test:multi-instance   (a migrated database; nginx
//   from Debian's package; the production build: `npm run build`; MULTI_BASE_PORT moves its
//   five ports from 3290-3294)
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openDatabase, type OpenedDatabase } from "@/lib/db/client";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { seededRandom } from "../lib/seeded-random";
import { freshCredentials, productionServerEnv, startProviderSimulators, type ProviderSimulators } from "./provider-simulators";

const DATABASE_URL = process.env.MULTI_DATABASE_URL;
const ORDERS = Number(process.env.MULTI_ORDERS ?? 60);
const SEED = Number(process.env.MULTI_SEED ?? 20261124);
const NGINX = "/usr/sbin/nginx";
/** The balancer's port; the instances take the next three, the simulators the one after. */
const BALANCER_PORT = Number(process.env.MULTI_BASE_PORT ?? 3290);
const INSTANCE_PORTS = [1, 2, 3].map((offset) => BALANCER_PORT + offset);
const PROVIDERS_PORT = BALANCER_PORT + 4;
const BALANCER_URL = `http://127.0.0.1:${BALANCER_PORT}`;
/** Documented retry waits compressed 200×, as in the crash suite: Midtrans' 2 minutes become 0.6 s. */
const TIME_SCALE = 0.005;
const CONCURRENCY = 6;
const SETTLE_LIMIT_MS = 240_000;
/** A pending code nobody has heard about for this long is asked about (the default is 300). */
const RECONCILE_AFTER_SECONDS = 15;

// Deterministic choices (which instance dies, and when), from a printed seed.
const random = seededRandom(SEED);

const CREDENTIALS = freshCredentials();
let providers: ProviderSimulators;
let workDir: string;

// ---- The instances and the balancer ----

interface Instance {
  port: number;
  child: ChildProcess;
  log: string;
  lines: Record<string, unknown>[];
  killed: boolean;
}
const instances: Instance[] = [];
let nginx: ChildProcess | undefined;

/**
 * Each instance tries the providers in another order, so that the load reaches all five (in a
 * real deployment every instance has the same settings; routing is not what this measures).
 */
function routingFor(index: number): { alfamart: ProviderId[]; indomaret: ProviderId[] } {
  const rotated = (by: number) => [...PROVIDER_IDS.slice(by % PROVIDER_IDS.length), ...PROVIDER_IDS.slice(0, by % PROVIDER_IDS.length)];
  return { alfamart: rotated(index * 2), indomaret: rotated(index * 2 + 1) };
}

async function startInstance(index: number): Promise<Instance> {
  const port = INSTANCE_PORTS[index]!;
  if (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined)) throw new Error(`something else answers on port ${port}`);
  const routing = routingFor(index);
  const child = spawn(process.execPath, ["server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: productionServerEnv({
      appUrl: BALANCER_URL,
      credentials: CREDENTIALS,
      simulatorsEnv: providers.appEnv,
      routing,
      providerTimeoutMs: 5000,
      more: { DATABASE_URL, DATABASE_POOL_SIZE: "5", LOG_LEVEL: "debug", RECONCILE_AFTER_SECONDS: String(RECONCILE_AFTER_SECONDS) },
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const instance: Instance = { port, child, log: "", lines: [], killed: false };
  let partial = "";
  const keep = (chunk: Buffer) => {
    instance.log = (instance.log + chunk.toString()).slice(-20_000);
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        instance.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Next.js' own start-up lines are not JSON.
      }
    }
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  instances.push(instance);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance ${port} exited on start:\n${instance.log}`);
    if ((await fetch(`http://127.0.0.1:${port}/api/ready`).catch(() => undefined))?.ok) return instance;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`instance ${port} did not become ready:\n${instance.log}`);
}

async function startBalancer(): Promise<void> {
  const conf = join(workDir, "nginx.conf");
  // nginx passes a request to the next instance when the connection to one fails; a POST already
  // sent is not passed on (nginx's default for non-idempotent methods): the client retries it,
  // as shoppers and providers do, and the app answers a retry as the same request.
  writeFileSync(
    conf,
    `daemon off;
master_process on;
worker_processes 1;
pid ${workDir}/nginx.pid;
error_log ${workDir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${workDir}/client-body;
  proxy_temp_path ${workDir}/proxy;
  fastcgi_temp_path ${workDir}/fastcgi;
  uwsgi_temp_path ${workDir}/uwsgi;
  scgi_temp_path ${workDir}/scgi;
  upstream gerai {
${INSTANCE_PORTS.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join("\n")}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${BALANCER_PORT};
    location / {
      proxy_pass http://gerai;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
  );
  nginx = spawn(NGINX, ["-c", conf, "-p", workDir], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  nginx.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${output}`);
    if ((await fetch(`${BALANCER_URL}/api/health`).catch(() => undefined))?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not answer: ${output}`);
}

async function kill(instance: Instance): Promise<void> {
  const exited = new Promise((resolve) => instance.child.once("exit", resolve));
  instance.child.kill("SIGKILL");
  await exited;
  instance.killed = true;
}

// ---- The load ----

type Kind = "paid" | "expired" | "reconciled";
interface PlacedOrder {
  reference: string;
  kind: Kind;
  store: "alfamart" | "indomaret";
  amount: number;
  id?: string;
  paymentCode?: string;
  provider?: ProviderId;
  settledAt?: number;
  placedAt?: number;
}

const orders: PlacedOrder[] = [];
/** Instances that answered our API calls, by nginx's X-Upstream. */
const answeredBy = new Map<string, number>();
let createRetries = 0;
/** Sandbox charges whose notifications the provider never sends (reconciliation must find them). */
const withheld = new Set<string>();

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${BALANCER_URL}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${CREDENTIALS.merchantApiKey}`, "Content-Type": "application/json", ...init.headers },
  });
  const upstream = response.headers.get("x-upstream");
  if (upstream) answeredBy.set(upstream, (answeredBy.get(upstream) ?? 0) + 1);
  return response;
}

async function create(order: PlacedOrder): Promise<void> {
  const body = JSON.stringify({
    reference: order.reference,
    store: order.store,
    customer: { name: "Dewi Lestari", email: "dewi@example.com", phone: "081298765432" },
    items: [{ sku: "kopi", name: "Kopi Arabika Gayo", unit_price: order.amount, quantity: 1 }],
    expires_in_minutes: order.kind === "expired" ? 1 : 120,
  });
  // An instance killed with the request in hand cuts the answer off; the same request again is
  // answered with the same order (the reference is the idempotency key).
  for (let attempt = 1; attempt <= 8; attempt += 1) {
    const response = await api("/api/v1/orders", { method: "POST", body }).catch(() => undefined);
    const answer = response
      ? ((await response.json().catch(() => ({}))) as { id?: string; payment_code?: string; provider?: ProviderId; expires_at?: string })
      : {};
    if (response && (response.status === 201 || response.status === 200) && answer.id && answer.payment_code && answer.provider) {
      Object.assign(order, { id: answer.id, paymentCode: answer.payment_code, provider: answer.provider, placedAt: Date.now() });
      // Monxa sets its codes' deadline itself (two days): such an order is paid instead.
      if (order.kind === "expired" && Date.parse(answer.expires_at ?? "") > Date.now() + 5 * 60_000) order.kind = "paid";
      return;
    }
    assert.ok(!response || response.status >= 500 || response.status === 409, `creating ${order.reference}: ${response?.status} ${JSON.stringify(answer)}`);
    createRetries += 1;
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
  }
  assert.fail(`${order.reference} could not be created`);
}

async function payAtTill(order: PlacedOrder): Promise<void> {
  const charge = await providers.ledger.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider!, paymentCode: order.paymentCode! } });
  assert.deepEqual(await providers.simulators.get(order.provider!)!.perform("pay", charge), { ok: true }, `paying ${order.reference}`);
}

async function place(order: PlacedOrder): Promise<void> {
  // Every notification of a reconciled order is lost, its "pending" one too: a status call made
  // to confirm that one would find the payment, and it would not be the reconciliation's.
  if (order.kind === "reconciled") withheld.add(order.reference);
  await create(order);
  if (order.kind !== "expired") await payAtTill(order);
}

const EXPECTED: Record<Kind, string> = { paid: "paid", expired: "expired", reconciled: "paid" };

async function waitUntilSettled(started: number): Promise<PlacedOrder[]> {
  let open = orders.filter((order) => !order.settledAt);
  while (open.length > 0 && Date.now() - started < SETTLE_LIMIT_MS) {
    for (const order of open) {
      const response = await api(`/api/v1/orders/${order.id}`).catch(() => undefined);
      const body = response?.ok ? ((await response.json()) as { status?: string }) : {};
      if (body.status === EXPECTED[order.kind]) order.settledAt = Date.now();
    }
    open = orders.filter((order) => !order.settledAt);
    if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return open;
}

// ---- Counting ----

let database: OpenedDatabase | undefined;

before(async () => {
  assert.ok(DATABASE_URL, "set MULTI_DATABASE_URL to a PostgreSQL database migrated with `prisma migrate deploy` (.ci/run shows how)");
  assert.ok(existsSync(".next/BUILD_ID"), "run `npm run build` first: this suite starts the production build");
  assert.ok(existsSync(NGINX), `nginx is missing: apt-get install -y nginx`);
  workDir = mkdtempSync(join(tmpdir(), "gerai-multi-"));
  database = await openDatabase({ databaseUrl: DATABASE_URL, pgliteDataDir: "memory://" });
  await database.db.$executeRawUnsafe(`DELETE FROM "Order" WHERE reference LIKE 'MULTI-%'`);
  providers = await startProviderSimulators({ port: PROVIDERS_PORT, credentials: CREDENTIALS, webhookBaseUrl: BALANCER_URL, timeScale: TIME_SCALE });
});

after(async () => {
  for (const instance of instances) if (instance.child.exitCode === null && !instance.killed) instance.child.kill("SIGKILL");
  nginx?.kill("SIGTERM");
  await providers?.close();
  await database?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("three instances behind nginx on one PostgreSQL, one killed under load: every background action once, no payment lost or doubled", { timeout: 10 * 60_000 }, async () => {
  const started = Date.now();
  for (const index of INSTANCE_PORTS.keys()) await startInstance(index);
  await startBalancer();
  const stopNotifier = providers.startNotifier({ withheld });
  try {
    const kinds: Kind[] = ["paid", "expired", "reconciled"];
    for (let index = 0; index < ORDERS; index += 1) {
      orders.push({
        reference: `MULTI-${SEED}-${index}`,
        kind: kinds[index % kinds.length]!,
        store: index % 2 === 0 ? "alfamart" : "indomaret",
        amount: 20_000 + Math.floor(random() * 200) * 1_000,
      });
    }
    const victim = instances[Math.floor(random() * instances.length)]!;
    const killAfter = Math.floor(ORDERS * (0.4 + random() * 0.2));
    let killedAt: number | undefined;
    let next = 0;
    let killing: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < orders.length) {
          const order = orders[next++]!;
          await place(order);
          if (next >= killAfter && !killing) {
            killedAt = Date.now() - started;
            killing = kill(victim);
          }
        }
      }),
    );
    await killing;
    const loadEnded = Date.now();
    const unsettled = await waitUntilSettled(loadEnded);
    if (unsettled.length > 0) {
      for (const instance of instances) console.error(`---- instance ${instance.port} ----\n${instance.log.slice(-4_000)}`);
      assert.fail(`not settled in ${SETTLE_LIMIT_MS / 1000} s: ${unsettled.map((order) => `${order.reference} (${order.kind}, ${order.provider})`).join(", ")}`);
    }
    await stopNotifier();

    const db = database!.db;
    const ours = await db.order.findMany({
      where: { reference: { startsWith: `MULTI-${SEED}-` } },
      include: { events: true, charges: true },
    });
    const paymentEvents = await db.paymentEvent.findMany({ where: { chargeId: { in: ours.flatMap((order) => order.charges.map((charge) => charge.id)) } } });
    const problems: string[] = [];
    const sources = new Map<string, number>();
    for (const placed of orders) {
      const order = ours.find((candidate) => candidate.reference === placed.reference);
      if (!order) {
        problems.push(`${placed.reference}: not in the database`);
        continue;
      }
      const transitions = order.events.filter((event) => event.type === "status_changed");
      const into = (status: string) => transitions.filter((event) => event.toStatus === status).length;
      const expected = EXPECTED[placed.kind];
      if (order.status !== expected) problems.push(`${placed.reference} (${placed.kind}): ${order.status}`);
      if (into(expected) !== 1) problems.push(`${placed.reference} (${placed.kind}): ${into(expected)} transitions to ${expected}`);
      if (transitions.length !== 1) problems.push(`${placed.reference} (${placed.kind}): transitions ${transitions.map((event) => event.toStatus).join(", ")}`);
      // Each thing that happened to the order is on its timeline once: a sweep or a re-check done
      // twice, or one notification handled by two instances, would show as a repeated entry.
      const seen = new Set<string>();
      for (const event of order.events) {
        // An entry is its type and facts (lib/orders/timeline-events.ts); older rows had a sentence.
        const facts = JSON.stringify(event.data ?? event.message);
        const key = `${event.type}|${event.chargeId}|${facts}`;
        if (seen.has(key)) problems.push(`${placed.reference} (${placed.kind}): ${event.type} ${facts} twice on the timeline`);
        seen.add(key);
      }
      // The ledger may hold more than one event of the kind (Midtrans' "expire" notification after
      // the sweep's status call found it expired); the first is the one that moved the order.
      const chargeIds = new Set(order.charges.map((charge) => charge.id));
      const settling = paymentEvents
        .filter((event) => chargeIds.has(event.chargeId) && event.kind === expected)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      const cause = settling[0];
      if (cause) sources.set(`${placed.kind} by ${cause.source}`, (sources.get(`${placed.kind} by ${cause.source}`) ?? 0) + 1);
      // A withheld notification was never sent: only the reconciliation's status call can have paid it.
      if (placed.kind === "reconciled" && settling.some((event) => event.source !== "status_check")) problems.push(`${placed.reference}: paid by ${settling.map((event) => event.source)}`);
      if (order.needsAttention) problems.push(`${placed.reference} (${placed.kind}): flagged for attention`);
    }

    // Every payment the providers took is on a paid order: none lost.
    const ledgerPaid = (await providers.ledger.db.sandboxCharge.findMany()).filter(
      (charge) => providers.simulators.get(charge.provider as ProviderId)!.describe(charge, new Date()).state === "paid",
    );
    const lost = ledgerPaid.filter((charge) => !ours.some((order) => order.status === "paid" && order.charges.some((ourCharge) => ourCharge.reference === charge.merchantReference)));
    const deadLetters = await db.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM pgboss.job WHERE name = 'dead-letters'`);
    const failedJobs = await db.$queryRawUnsafe<{ name: string; count: bigint }[]>(
      `SELECT name, count(*) AS count FROM pgboss.job WHERE state = 'failed' GROUP BY name ORDER BY name`,
    );

    const perInstance = instances.map((instance) => {
      const requests = instance.lines.filter((line) => line.msg === "request");
      return {
        port: instance.port,
        killed: instance.killed,
        api: requests.filter((line) => String(line.path).startsWith("/api/v1/")).length,
        webhooks: requests.filter((line) => String(line.path).startsWith("/api/webhooks/")).length,
        jobs: instance.lines.filter((line) => line.msg === "job done").length,
        sweeps: instance.lines.filter((line) => line.msg === "job done" && ["expire-overdue", "reconcile-pending"].includes(String(line.queue))).length,
      };
    });
    const settleSeconds = (kind: Kind) => {
      const times = orders.filter((order) => order.kind === kind).map((order) => (order.settledAt! - order.placedAt!) / 1000);
      return `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} s`;
    };
    console.log(
      [
        `many instances on PostgreSQL: 3 behind nginx, seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s`,
        `  orders ${orders.length} (${kinds.map((kind) => `${orders.filter((order) => order.kind === kind).length} ${kind}`).join(", ")}), creates retried ${createRetries}`,
        `  providers: ${PROVIDER_IDS.map((id) => `${id} ${orders.filter((order) => order.provider === id).length}`).join(", ")}`,
        `  instance on ${victim.port} killed with SIGKILL at ${Math.round((killedAt ?? 0) / 1000)} s, after ${killAfter} orders`,
        ...perInstance.map(
          (row) => `  instance ${row.port}${row.killed ? " (killed)" : ""}: API requests ${row.api}, webhooks ${row.webhooks}, jobs run ${row.jobs} (sweeps ${row.sweeps})`,
        ),
        `  API answers by upstream: ${[...answeredBy].map(([upstream, count]) => `${upstream} ${count}`).join(", ")}`,
        `  settled after placing: paid ${settleSeconds("paid")}, expired ${settleSeconds("expired")}, reconciled ${settleSeconds("reconciled")}`,
        `  settled by: ${[...sources].map(([source, count]) => `${source} ${count}`).join(", ")}`,
        `  paid at the providers ${ledgerPaid.length}, lost ${lost.length}, dead letters ${deadLetters[0]?.count ?? 0}, failed jobs ${failedJobs.map((row) => `${row.name} ${row.count}`).join(", ") || "0"}`,
      ].join("\n"),
    );

    assert.deepEqual(problems, [], "every order settled once, as expected");
    assert.deepEqual(lost.map((charge) => charge.merchantReference), [], "payments lost");
    assert.equal(Number(deadLetters[0]?.count ?? 0), 0, "jobs in the dead-letter queue");
    for (const row of perInstance) {
      assert.ok(row.api > 0, `instance ${row.port} served no API calls`);
      if (!row.killed) assert.ok(row.webhooks > 0, `instance ${row.port} served no webhooks`);
    }
    // Which instance runs a job is the queue's choice (whoever polls first), so one may run
    // none; after the kill the survivors must have carried the sweeps on.
    const sweepsAfterKill = instances
      .filter((instance) => !instance.killed)
      .flatMap((instance) => instance.lines)
      .filter((line) => line.msg === "job done" && line.queue === "expire-overdue" && Number(line.time) > started + (killedAt ?? 0));
    assert.ok(sweepsAfterKill.length >= 2, `the survivors ran ${sweepsAfterKill.length} expiry sweeps after the kill`);
    for (const provider of PROVIDER_IDS) assert.ok(orders.some((order) => order.provider === provider), `no order went to ${provider}`);
    assert.ok(victim.killed);
  } finally {
    await stopNotifier();
  }
});
