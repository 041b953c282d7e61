import { env, EnvError } from "./env";
import { log } from "./log.mjs";

/**
 * Stops the process when the configuration is refused, listing every problem. Called from
 * instrumentation.ts register(), which runs whenever a Next.js server starts (`next start`,
 * `next dev`, a custom server, standalone). Throwing is not enough there: Next.js 16 logs
 * "Failed to prepare server", keeps listening and answers every request with 500.
 */
export function exitOnInvalidConfiguration(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    log.fatal(`Gerai refuses to start. ${error.message}`);
    process.exit(1);
  }
}
