import "server-only";
import { getDb } from "@/lib/db/client";
import { deliverDueWebhooks } from "./outbox";
import { getSimulators } from "./registry";

/** The simulators' own clocks, as the providers run them: expire their codes, send and retry webhooks. */
export function sandboxJobs(): { name: string; pattern: string; run: () => Promise<unknown> }[] {
  const simulators = getSimulators();
  if (simulators.size === 0) return [];
  return [
    {
      name: "sandbox-expiry",
      pattern: "*/5 * * * * *",
      run: async () => {
        const now = new Date();
        for (const simulator of simulators.values()) await simulator.expireOverdue(now);
      },
    },
    { name: "sandbox-webhooks", pattern: "* * * * * *", run: async () => deliverDueWebhooks(await getDb(), simulators, new Date()) },
  ];
}
