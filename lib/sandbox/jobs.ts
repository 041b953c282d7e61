import "server-only";
import { getDb } from "@/lib/db/client";
import type { WorkerHandlers } from "@/lib/jobs/queue";
import { deliverQueuedWebhook } from "./outbox";
import { getSimulators } from "./registry";

/** The simulators' own clocks, as the providers run them: expire their codes, send and retry webhooks. */
export function sandboxJobHandlers(): WorkerHandlers["handlers"] {
  const simulators = getSimulators();
  if (simulators.size === 0) return {};
  return {
    "sandbox-expiry": async () => {
      const now = new Date();
      for (const simulator of simulators.values()) await simulator.expireOverdue(now);
    },
    "sandbox-webhook": async ({ webhookId }) => deliverQueuedWebhook(await getDb(), simulators, webhookId, new Date()),
  };
}
