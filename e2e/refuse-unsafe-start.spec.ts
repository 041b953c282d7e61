import { expect, test } from "./fixtures";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// Production refuses an unsafe configuration: `next start` on the build the suite just made
// must exit non-zero with the problems listed, never listen and answer 500s.

const NEXT_BIN = require.resolve("next/dist/bin/next");
// Beside the suite's own server, on a port nothing should ever answer on.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;

// The settings .env.example sets (not the commented-out ones): what a careless deploy copies.
const ENV_EXAMPLE = Object.fromEntries(
  [...readFileSync(join(__dirname, "..", ".env.example"), "utf8").matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(
    ([, name, value]) => [name!, value!.trim()],
  ),
);

async function startProduction(settings: Record<string, string>) {
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(PORT)], {
    env: { PATH: process.env.PATH, NEXT_TELEMETRY_DISABLED: "1", ...settings, NODE_ENV: "production", PGLITE_DATA_DIR: "memory://" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  // A server that stays up is the failure; this bounds the wait for it, it measures nothing.
  const stillRunning = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", (exitCode) => resolve(exitCode)));
  clearTimeout(stillRunning);
  return { code, output };
}

test("production with .env.example's published secrets exits and says why", async () => {
  expect(ENV_EXAMPLE.SESSION_SECRET).toBeTruthy();
  const { code, output } = await startProduction(ENV_EXAMPLE);
  expect(output).toContain("Gerai refuses to start.");
  expect(output).toContain("MERCHANT_API_KEY is the published sandbox value");
  expect(output).toContain("MERCHANT_CONSOLE_PASSWORD is only the sandbox demo owner's password");
  expect(output).toContain("SESSION_SECRET is the published sandbox value");
  expect(output).toContain("No payment provider is configured");
  expect(code).toBe(1);
});

const OWN_SECRETS = {
  APP_URL: "https://toko.example.id",
  MERCHANT_API_KEY: "gm_live_Qm7vT2xK9pL4sW8zR1nC6bY3hD5fJ0aE",
  SESSION_SECRET: "vX3kP9mQ2wL7sT4zR8nB1cY6hJ5dF0gA-eU",
};

test("production with strong secrets but no provider exits and says why", async () => {
  const { code, output } = await startProduction(OWN_SECRETS);
  expect(output).toContain("No payment provider is configured");
  expect(output).not.toContain("MERCHANT_API_KEY");
  expect(code).toBe(1);
});

test("production with a provider's test key or test host as its live one exits and says why", async () => {
  const { code, output } = await startProduction({
    ...OWN_SECRETS,
    MIDTRANS_SERVER_KEY: "SB-Mid-server-r8Kd2LwQ9xVb4TzM7pNc",
    FAZZ_API_KEY: "fz_api_Qm7vT2xK9pL4sW8z",
    FAZZ_SECRET_KEY: "fz_secret_R1nC6bY3hD5fJ0aE",
    FAZZ_SIGNING_SECRET: "ss_vX3kP9mQ2wL7sT4zR8nB1cY6",
    FAZZ_LIVE_URL: "https://sandbox-id.xfers.com/api/v4",
  });
  expect(output).toContain("MIDTRANS_SERVER_KEY is a sandbox key but Midtrans points at its live host");
  expect(output).toContain("FAZZ_LIVE_URL (https://sandbox-id.xfers.com/api/v4) is a test host");
  expect(code).toBe(1);
});

test("production with SANDBOX_ENABLED=true does not fall back to the sandbox's credentials", async () => {
  const { code, output } = await startProduction({ ...OWN_SECRETS, SANDBOX_ENABLED: "true" });
  expect(output).toContain("No payment provider is configured");
  expect(code).toBe(1);
});
