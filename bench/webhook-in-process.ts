// Benchmark: the webhook hot path, end to end in one process (adapter → simulator → signed
// notification → verification → status confirmation → transactional apply), on the embedded
// database or on PostgreSQL when TEST_DATABASE_URL is set: what PGlite carries, for the README.
// Prints the figures and writes bench/results/webhook-in-process-<database>.md with a chart; asserts nothing
// but exactly-once (the exit code). bench/webhook-load.ts measures the production build over HTTP.
//
//   npm run bench:in-process                               # PGlite
//   TEST_DATABASE_URL=postgres://… npm run bench:in-process
//
// Compare ratios within one run: this machine is shared and noisy.
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createOrder } from "@/lib/orders/create-order";
import { receiveWebhook } from "@/lib/orders/ingest-webhook";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { createWorld, CUSTOMER, ITEMS } from "@/test/world";
import { barChart } from "./support/bar-chart";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 200);
const DUPLICATES = Number(process.env.BENCH_DUPLICATES ?? 5);

function rate(count: number, ms: number) {
  return `${((count / ms) * 1000).toFixed(1)}/s (${(ms / count).toFixed(2)} ms each)`;
}

async function main() {
  const world = await createWorld(({ simulatorContext, baseUrl, fetch, timeoutMs, credentials }) => [
    {
      provider: createMidtransProvider({ serverKey: credentials.midtransServerKey, baseUrl: baseUrl("midtrans"), timeoutMs: timeoutMs * 50, fetchImpl: fetch }),
      simulator: createMidtransSimulator(simulatorContext, { serverKey: credentials.midtransServerKey }),
    },
  ]);
  const database = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite (in memory)";
  const rssBefore = process.memoryUsage().rss;

  let start = performance.now();
  const orders = [];
  for (let index = 0; index < ORDERS; index++) {
    const result = await createOrder(world.deps, { reference: `BENCH-${Date.now()}-${index}`, store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "api" });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    orders.push(result.value);
  }
  const createMs = performance.now() - start;
  await world.deliverWebhooks(); // the "pending" notices, not measured

  const simulator = world.simulators.get("midtrans")!;
  for (const order of orders) {
    const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { paymentCode: order.paymentCode } });
    await simulator.perform("pay", charge);
  }
  const notices = await world.db.sandboxWebhook.findMany({ where: { status: "pending", event: "settlement" } });
  const half = Math.floor(notices.length / 2);
  const send = (body: string) =>
    receiveWebhook(world.webhookDeps, "midtrans", { rawBody: body, headers: new Headers({ "content-type": "application/json" }), path: "/api/webhooks/midtrans", receivedAt: new Date() });

  // One notification per payment, one after another.
  start = performance.now();
  for (const notice of notices.slice(0, half)) await send(notice.body);
  const sequentialMs = performance.now() - start;

  // A duplicate storm: every notification delivered DUPLICATES times at once.
  start = performance.now();
  for (const notice of notices.slice(half)) await Promise.all(Array.from({ length: DUPLICATES }, () => send(notice.body)));
  const stormMs = performance.now() - start;
  const stormDeliveries = (notices.length - half) * DUPLICATES;

  const paid = await world.db.order.count({ where: { status: "paid", reference: { startsWith: "BENCH-" } } });
  const paidEvents = await world.db.orderEvent.count({ where: { toStatus: "paid" } });
  const rssAfter = process.memoryUsage().rss;
  await world.close();

  console.log(`Webhook ingest benchmark — ${database}, ${ORDERS} orders`);
  console.log(`  create order (adapter + simulator + transaction): ${rate(ORDERS, createMs)}`);
  console.log(`  ingest, one delivery per payment:                 ${rate(half, sequentialMs)}`);
  console.log(`  ingest, ${DUPLICATES}× duplicate storm:                       ${rate(stormDeliveries, stormMs)} per delivery`);
  console.log(`  storm cost per payment vs a single delivery:      ×${(stormMs / (notices.length - half) / (sequentialMs / half)).toFixed(2)}`);
  console.log(`  orders paid: ${paid}/${ORDERS}; "paid" transitions recorded: ${paidEvents} (must equal orders paid)`);
  console.log(`  RSS: ${(rssBefore / 2 ** 20).toFixed(0)} MiB → ${(rssAfter / 2 ** 20).toFixed(0)} MiB`);
  if (paid !== ORDERS || paidEvents !== ORDERS) process.exitCode = 1;

  const perSecond = (count: number, ms: number) => (count / ms) * 1000;
  const rows = [
    { name: "orders created", value: perSecond(ORDERS, createMs) },
    { name: "webhooks ingested, one each", value: perSecond(half, sequentialMs) },
    { name: `deliveries in a ${DUPLICATES}× storm`, value: perSecond(stormDeliveries, stormMs) },
  ];
  const name = `webhook-in-process-${process.env.TEST_DATABASE_URL ? "postgresql" : "pglite"}`;
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    `bench/results/${name}.md`,
    [
      "# Webhook path in one process",
      "",
      `Measured by \`npm run bench:in-process\` on ${database}, ${ORDERS} orders, one after another, ${new Date().toISOString().slice(0, 10)}.`,
      "",
      "| Step | Per second | ms each |",
      "|---|---:|---:|",
      ...rows.map((row) => `| ${row.name} | ${row.value.toFixed(1)} | ${(1000 / row.value).toFixed(2)} |`),
      "",
      `Orders paid: ${paid}/${ORDERS}; "paid" transitions: ${paidEvents}. RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB.`,
      "",
      `![per second](${name}.svg)`,
      "",
    ].join("\n"),
  );
  writeFileSync(
    `bench/results/${name}.svg`,
    barChart(`Webhook path in one process, ${database}: per second`, [{ label: database, color: "#1c7ed6" }], rows.map((row) => ({ name: row.name, values: [row.value] })), undefined, "linear"),
  );
}

void main();
