import type { WebhookOutcome } from "./types";

// How we answer a provider's webhook. Every provider here retries whatever is not 2xx, so only a
// handled delivery (applied, duplicate, or nothing to do) gets one; an unknown charge (404) and
// an unconfirmed status (503) are answered so that the provider tries again later. Providers
// differ only in the body they expect.

export interface AnswerBodies {
  ok: unknown;
  /** The error body; `{ error: reason }` unless the provider has its own shape. */
  error?: (reason: string, status: number) => unknown;
}

export function answerWebhook(outcome: WebhookOutcome, bodies: AnswerBodies): Response {
  const error = bodies.error ?? ((reason: string) => ({ error: reason }));
  switch (outcome.kind) {
    case "applied":
    case "duplicate":
    case "ignored":
      return Response.json(bodies.ok, { status: 200 });
    case "rejected":
      return Response.json(error(outcome.reason, outcome.status), { status: outcome.status });
    case "unknown_charge":
      return Response.json(error(outcome.reason, 404), { status: 404 });
    case "retry_later":
      return Response.json(error(outcome.reason, 503), { status: 503 });
  }
}
