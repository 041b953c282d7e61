import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { expect, test } from "./fixtures";
import { addToCart, cashier, checkout, placeOrder } from "./support";

// A newcomer's `npm run dev` with port 3000 already taken: `next dev` moves to the next port and
// the app follows it (the simulators, their webhooks, the links), says where everything is, and a
// checkout and a payment go through. `next dev` moves only from its default port, so this takes
// 3000 itself (or finds it taken already) and expects 3001 to be free.

const TAKEN_PORT = 3000;
const DEV_URL = `http://localhost:${TAKEN_PORT + 1}`;
const NEXT_BIN = require.resolve("next/dist/bin/next");

test.use({ baseURL: DEV_URL });

let squatter: Server;
let dev: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  squatter = createServer((_request, response) => response.end("another program"));
  await new Promise<void>((resolve, reject) =>
    squatter
      .once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve() : reject(error)))
      .listen(TAKEN_PORT, resolve),
  );
  // As a fresh machine runs it: no APP_URL, nothing configured but an in-memory database.
  const { APP_URL: _appUrl, PORT: _port, ...inherited } = process.env;
  const child = spawn(process.execPath, [NEXT_BIN, "dev"], {
    env: { ...inherited, NODE_ENV: "development", PGLITE_DATA_DIR: "memory://", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  dev = child;
});

test.afterAll(async () => {
  if (dev?.pid && dev.exitCode === null) process.kill(-dev.pid, "SIGTERM");
  if (squatter.listening) await new Promise((resolve) => squatter.close(resolve));
});

test("npm run dev with port 3000 taken: the app follows the port it got, and a checkout is paid", async ({ page, context }) => {
  test.setTimeout(300_000);
  await expect.poll(() => output, { timeout: 120_000, message: "the dev server's start-up lines" }).toContain(`Gerai is running at ${DEV_URL}`);
  expect(output).toContain(`Port ${TAKEN_PORT} is in use`);
  expect(output).toContain(`Merchant console  ${DEV_URL}/merchant   (demo owner: demo@gerai.test, password: gerai-sandbox)`);
  expect(output).toContain(`Sandbox cashier   ${DEV_URL}/sandbox/cashier`);
  expect(output).not.toContain("✗");
  const health = (await (await page.request.get("/api/health")).json()) as { problems?: string[] };
  expect(health.problems).toBeUndefined();

  // A development server compiles each page on its first visit: slower, not different.
  await addToCart(page, ["Kopi Arabika Gayo 250 g"]);
  await checkout(page, { store: "Indomaret" });
  await placeOrder(page);
  await expect(page.getByTestId("amount")).toBeVisible();
  await cashier(context, page, "Terima pembayaran");
  await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 60_000 });
});
