import { DEMO_OWNER } from "@/lib/console-accounts/demo-owner";
import { env } from "@/lib/env";
import { log } from "@/lib/log.mjs";
import { checkOwnAppUrl } from "./app-url-check";

// What a developer needs after `npm run dev`: where everything is, and, when the app's own
// address does not reach it, why every checkout would fail. Production logs its addresses as one
// line and never prints a secret.

type Config = ReturnType<typeof env>;

/** The lines printed when a development (or sandbox) server has started. */
export function startUpLines(config: Config, problem: string | undefined): string[] {
  const at = (path: string) => `${config.appUrl}${path}`;
  const row = (label: string, value: string) => `  ${label.padEnd(18)}${value}`;
  const lines = [
    "",
    `Gerai is running at ${config.appUrl}`,
    row("Shop", at("/")),
    row(
      "Merchant console",
      config.sandbox.enabled
        ? `${at("/merchant")}   (demo owner: ${DEMO_OWNER.email}, password: ${config.consolePassword})`
        : `${at("/merchant")}   (accounts: npm run console:owner)`,
    ),
  ];
  if (config.sandbox.enabled) {
    lines.push(
      row("Sandbox", `${at("/sandbox")}   (simulators, outage switches)`),
      row("Sandbox cashier", at("/sandbox/cashier")),
      row("Shopper emails", at("/sandbox/mail")),
    );
  }
  lines.push(
    row("API docs", at("/docs/api")),
    row("API key", config.merchantApiKey),
    `    curl -H "Authorization: Bearer ${config.merchantApiKey}" ${at("/api/v1/orders")}`,
  );
  if (problem) lines.push("", `  ✗ ${problem}`);
  lines.push("");
  return lines;
}

/** Checks APP_URL once the server answers, then says where everything is. Never throws. */
export async function announceStartUp(): Promise<void> {
  const config = env();
  const problem = await checkOwnAppUrl({
    appUrl: config.appUrl,
    configured: config.appUrlConfigured,
    production: config.production,
    port: config.port,
  }).catch((error: unknown) => `APP_URL ${config.appUrl} could not be checked: ${error instanceof Error ? error.message : String(error)}`);
  if (problem) log.error({ appUrl: config.appUrl }, problem);
  if (config.production) {
    // Without the sandbox, production's log never names it (test/crash-recovery.test.ts checks).
    const sandbox = config.sandbox.enabled ? { sandbox: `${config.appUrl}/sandbox` } : {};
    log.info({ shop: config.appUrl, console: `${config.appUrl}/merchant`, docs: `${config.appUrl}/docs/api`, ...sandbox }, "Gerai's addresses");
    return;
  }
  process.stdout.write(`${startUpLines(config, problem).join("\n")}\n`);
}
