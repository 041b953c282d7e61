// The production server (server.mjs) as an operator sees it: request ids that follow a request
// into its log lines and jobs, JSON logs, liveness and readiness, and an orderly stop on SIGTERM
// that finishes the request in hand, or gives up at SHUTDOWN_TIMEOUT_MS.
//
//   npm run test:server     (needs the production build: `npm run build`; `npm test` has made it)
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { after, test } from "node:test";
import { sandboxServerEnv } from "./sandbox-server";

const PORT = Number(process.env.SERVER_TEST_PORT ?? 3195);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const API_KEY = "sk_sandbox_gerai_merchant_0001";

interface Started {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
  /** The JSON lines printed so far (anything else is not a log line). */
  lines: () => Record<string, unknown>[];
}

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill("SIGKILL");
});

async function startServer(extraEnv: Record<string, string> = {}): Promise<Started> {
  if (await fetch(`${BASE_URL}/api/health`).catch(() => undefined)) throw new Error(`something else answers on ${BASE_URL}`);
  const child = spawn(process.execPath, ["server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...sandboxServerEnv(BASE_URL), ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const lines = () =>
    output.split("\n").flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited on start:\n${output}`);
    const ready = await fetch(`${BASE_URL}/api/ready`).catch(() => undefined);
    if (ready?.ok) return { child, exited, output: () => output, lines };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`the server did not become ready:\n${output}`);
}

async function waitFor(what: string, check: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A raw HTTP/1.1 connection: what it receives, and when the server closes it. */
async function rawConnection() {
  const socket: Socket = connect(PORT, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => {});
  return { socket, received: () => received, closed };
}

test("liveness answers without the database; readiness reports database, migrations and job queue", async () => {
  const server = await startServer();
  try {
    const health = await fetch(`${BASE_URL}/api/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, "ok");
    const ready = await fetch(`${BASE_URL}/api/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(
      { ...((await ready.json()) as Record<string, unknown>), database: "…" },
      { status: "ready", database: "…", migrations: { ok: true }, jobs: { ok: true, state: "running" } },
    );
  } finally {
    server.child.kill("SIGKILL");
    await server.exited;
  }
});

test("a request's id is echoed, is on its access line and on the lines of the work it causes, jobs included", async () => {
  const server = await startServer({ LOG_LEVEL: "debug", ROUTING_INDOMARET: "midtrans" });
  try {
    // A trusted proxy's id (loopback is trusted by default) is kept; one that could forge a line is not.
    const kept = await fetch(`${BASE_URL}/api/health`, { headers: { "X-Request-Id": "lb-7f3a.1" } });
    assert.equal(kept.headers.get("x-request-id"), "lb-7f3a.1");
    const replaced = await fetch(`${BASE_URL}/api/health`, { headers: { "X-Request-Id": 'x"} {"forged":1' } });
    assert.match(replaced.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);

    const requestId = `order-${Date.now()}`;
    const created = await fetch(`${BASE_URL}/api/v1/orders`, {
      method: "POST",
      headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/json", "X-Request-Id": requestId },
      body: JSON.stringify({
        reference: requestId,
        store: "indomaret",
        customer: { name: "Dewi Lestari", email: "dewi@example.com", phone: "081298765432" },
        items: [{ name: "Kopi Arabika Gayo", unit_price: 85_000, quantity: 1 }],
      }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    assert.equal(created.headers.get("x-request-id"), requestId);
    // The access line is written once the answer has gone out, so it may arrive after the answer.
    await waitFor("the access line", () => server.lines().some((line) => line.msg === "request" && line.requestId === requestId));
    const mine = server.lines().filter((line) => line.requestId === requestId);
    assert.ok(mine.some((line) => line.msg === "order created"), JSON.stringify(mine));
    assert.ok(mine.some((line) => line.msg === "request" && line.path === "/api/v1/orders" && line.status === 201), JSON.stringify(mine));

    // A request whose work goes on in a job: the Midtrans simulator queues its "pending"
    // notification when it makes a code; the job's lines carry the request's id.
    const chargeRequestId = `charge-${Date.now()}`;
    const charged = await fetch(`${BASE_URL}/sandbox/midtrans/v2/charge`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${sandboxServerEnv(BASE_URL).MIDTRANS_SERVER_KEY}:`).toString("base64")}`,
        "Content-Type": "application/json",
        "X-Request-Id": chargeRequestId,
      },
      body: JSON.stringify({ payment_type: "cstore", transaction_details: { order_id: chargeRequestId, gross_amount: 50_000 }, cstore: { store: "indomaret" } }),
    });
    assert.equal(charged.status, 200, await charged.clone().text());
    await waitFor("the notification job's line", () =>
      server.lines().some((line) => line.msg === "job done" && line.queue === "sandbox-webhook" && line.requestId === chargeRequestId),
    );
    for (const line of server.lines()) {
      assert.equal(typeof line.level, "number");
      assert.equal(typeof line.time, "number");
    }
    assert.ok(!server.output().includes(API_KEY), "the API key is in the log");
  } finally {
    server.child.kill("SIGKILL");
    await server.exited;
  }
});

test("SIGTERM: no new connections, the request in hand is answered, readiness says stopping, exit 0", async () => {
  const server = await startServer();
  // A webhook whose body is still arriving when the signal comes.
  const body = JSON.stringify({ order_id: "ORD-NONE", transaction_status: "settlement" });
  const slow = await rawConnection();
  slow.socket.write(
    `POST /api/webhooks/midtrans HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.child.kill("SIGTERM");
  await waitFor("the stopping line", () => server.lines().some((line) => typeof line.msg === "string" && line.msg.startsWith("stopping")));
  await assert.rejects(fetch(`${BASE_URL}/api/health`), "a new connection was accepted while stopping");

  // The rest of the body, and a readiness probe behind it on the same connection.
  slow.socket.write(`${body.slice(10)}GET /api/ready HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\n\r\n`);
  await slow.closed;
  const [webhookAnswer, readyAnswer] = slow.received().split(/(?=HTTP\/1\.1 )/);
  assert.match(webhookAnswer ?? "", /^HTTP\/1\.1 4\d\d /, slow.received()); // unsigned: refused, but answered
  assert.match(readyAnswer ?? "", /^HTTP\/1\.1 503 /, slow.received());
  assert.match(readyAnswer ?? "", /"status":"stopping"/);
  assert.match(readyAnswer ?? "", /connection: close/i);

  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.ok(server.lines().some((line) => line.msg === "stopped"), server.output());
});

test("SIGTERM with a request that never ends: exit 1 at SHUTDOWN_TIMEOUT_MS, saying so", async () => {
  const server = await startServer({ SHUTDOWN_TIMEOUT_MS: "2000" });
  const stuck = await rawConnection();
  stuck.socket.write(`POST /api/webhooks/midtrans HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"order`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.child.kill("SIGTERM");
  assert.deepEqual(await server.exited, { code: 1, signal: null });
  assert.ok(server.lines().some((line) => line.level === 50 && String(line.msg).includes("SHUTDOWN_TIMEOUT_MS")), server.output());
  stuck.socket.destroy();
});

test("an invalid SHUTDOWN_TIMEOUT_MS or LOG_LEVEL refuses to start", async () => {
  for (const [name, value] of [
    ["SHUTDOWN_TIMEOUT_MS", "soon"],
    ["LOG_LEVEL", "verbose"],
  ] as const) {
    const child = spawn(process.execPath, ["server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: { PATH: process.env.PATH, NODE_ENV: "production", ...sandboxServerEnv(BASE_URL), [name]: value },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    running.delete(child);
    assert.equal(code, 1, output);
    assert.match(output, /Gerai refuses to start/);
    assert.match(output, new RegExp(name));
  }
});
