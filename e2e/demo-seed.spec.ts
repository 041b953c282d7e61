import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sandboxServerEnv } from "../test/sandbox-server";
import { expect, test } from "./fixtures";
import { screenshot, signInToConsole } from "./support";

// `npm run demo` seeds a fresh embedded database, and a production server started on it shows
// the week in the merchant console. The suite's own server keeps its in-memory database; this
// one runs beside it on the build the suite has just made.

const ROOT = join(__dirname, "..");
const PORT = Number(process.env.E2E_PORT ?? 3100) + 40;
const DEMO_URL = `http://localhost:${PORT}`;
const DEMO_ORDERS = 60;

let dataDir = "";
let server: ChildProcess | undefined;

/** Runs a command to its end; its output, for the assertion that reads it. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

async function waitUntilReady(url: string, within: number) {
  const until = Date.now() + within;
  for (;;) {
    const ready = await fetch(url).then((response) => response.ok, () => false);
    if (ready) return;
    if (Date.now() > until) throw new Error(`${url} was not ready within ${within / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test.use({ baseURL: DEMO_URL });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dataDir = mkdtempSync(join(tmpdir(), "gerai-demo-"));
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const seeded = await run("npm", ["run", "demo", "--", "--orders", String(DEMO_ORDERS)], {
    ...inherited,
    NODE_ENV: "development",
    APP_URL: DEMO_URL,
    PGLITE_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
  });
  expect(seeded.output).toContain(`Demo week seeded: ${DEMO_ORDERS} orders`);
  expect(seeded.code).toBe(0);

  server = spawn(process.execPath, ["server.mjs", "-p", String(PORT)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...sandboxServerEnv(DEMO_URL), PGLITE_DATA_DIR: dataDir, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
  await waitUntilReady(`${DEMO_URL}/api/ready`, 60_000);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const closed = new Promise((resolve) => server!.once("close", resolve));
    server.kill("SIGTERM");
    await closed;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("the console shows the demo week's orders in every state", async ({ page }, testInfo) => {
  await signInToConsole(page);
  const rows = page.getByRole("row").filter({ hasText: "DEMO-" });
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(10);
  await screenshot(page, testInfo, "demo-console-orders");

  const labels = {
    paid: "Lunas",
    pending: "Menunggu Pembayaran",
    expired: "Kedaluwarsa",
    underpaid: "Kurang Bayar",
    reversed: "Ditolak",
    cancelled: "Dibatalkan",
    failed: "Gagal",
  };
  for (const [status, label] of Object.entries(labels)) {
    await page.goto(`/merchant?status=${status}`);
    const first = page.getByRole("row").filter({ hasText: "DEMO-" }).first();
    await expect(first, status).toBeVisible();
    await expect(first).toContainText(label);
  }
});
