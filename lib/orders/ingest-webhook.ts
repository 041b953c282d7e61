import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { PROVIDER_NAMES, isProviderId, type ProviderId } from "@/lib/domain";
import { newId } from "@/lib/ids";
import type { IncomingWebhook, PaymentProvider, WebhookOutcome } from "@/lib/providers/types";
import { applyChargeObservation } from "./apply-charge-outcome";
import { recordOrderEvent } from "./timeline";

// The one use case behind /api/webhooks/<provider>. Every delivery is stored raw before anything
// else, so nothing a provider sends is ever lost; then it is verified the provider's way, parsed
// into our terms, confirmed with the provider's status API, and applied exactly once.

export interface WebhookDeps {
  db: Db;
  providers: ReadonlyMap<ProviderId, PaymentProvider>;
  now: () => Date;
}

// Secrets never reach the database, even from a request we reject.
const REDACTED_HEADERS = new Set(["authorization", "cookie", "x-callback-token"]);

function storableHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = REDACTED_HEADERS.has(name.toLowerCase()) ? "[redacted]" : value;
  });
  return out;
}

export async function receiveWebhook(deps: WebhookDeps, providerName: string, incoming: IncomingWebhook): Promise<Response> {
  if (!isProviderId(providerName)) return Response.json({ error: `unknown provider "${providerName}"` }, { status: 404 });
  const provider = deps.providers.get(providerName);
  const deliveryId = newId("whd");
  await deps.db.webhookDelivery.create({
    data: {
      id: deliveryId,
      provider: providerName,
      receivedAt: incoming.receivedAt,
      path: incoming.path,
      headers: storableHeaders(incoming.headers),
      rawBody: incoming.rawBody,
      verified: false,
      outcome: "received",
    },
  });
  if (!provider) {
    await finish(deps, deliveryId, "rejected", `${providerName} is not configured`);
    return Response.json({ error: `${providerName} is not configured here` }, { status: 404 });
  }
  const outcome = await process(deps, provider, deliveryId, incoming);
  return provider.acknowledge(outcome);
}

async function process(deps: WebhookDeps, provider: PaymentProvider, deliveryId: string, incoming: IncomingWebhook): Promise<WebhookOutcome> {
  const { db } = deps;
  const verified = await provider.verifyWebhook(incoming);
  if (!verified.ok) {
    const claimed = await claimedCharge(deps, provider, incoming.rawBody);
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        outcome: "rejected",
        rejectionReason: verified.error.reason,
        processedAt: deps.now(),
        chargeId: claimed?.id,
        orderId: claimed?.orderId,
      },
    });
    return { kind: "rejected", ...verified.error };
  }
  const parsed = provider.parseWebhook(verified.value);
  if (!parsed.ok) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { verified: true, outcome: "rejected", rejectionReason: parsed.error.reason, processedAt: deps.now() },
    });
    return { kind: "rejected", ...parsed.error };
  }
  const event = parsed.value;
  const charge = await db.charge.findFirst({
    where: {
      provider: provider.id,
      OR: [
        ...(event.reference ? [{ reference: event.reference }] : []),
        ...(event.providerChargeId ? [{ providerChargeId: event.providerChargeId }] : []),
      ],
    },
  });
  await db.webhookDelivery.update({
    where: { id: deliveryId },
    data: { verified: true, eventKey: event.eventKey, chargeId: charge?.id, orderId: charge?.orderId },
  });

  const name = PROVIDER_NAMES[provider.id];
  if (!charge) {
    // Nothing to do for news about a code we never showed, unless it moved money: then the
    // provider must retry until we know the charge (it may still be committing) or a person looks.
    if (event.kind === "pending" || event.kind === "ignored") {
      await finish(deps, deliveryId, "ignored", "no matching charge; nothing to do for this status");
      return { kind: "ignored" };
    }
    await finish(deps, deliveryId, "unknown_charge", `no charge matches ${event.reference ?? event.providerChargeId}`);
    return { kind: "unknown_charge", reason: "no such charge" };
  }

  await recordOrderEvent(db, {
      orderId: charge.orderId,
      chargeId: charge.id,
      deliveryId,
      at: incoming.receivedAt,
      type: "webhook_received",
      message: `${name} notification received and verified: "${event.providerStatus}"`,
      data: { eventKey: event.eventKey } as Prisma.InputJsonValue,
  });

  if (event.kind === "ignored") {
    await finish(deps, deliveryId, "ignored", `status "${event.providerStatus}" does not change a store payment`);
    return { kind: "ignored" };
  }

  // Never trust a notification alone: the status API has the last word.
  // A charge whose create timed out has no provider id yet; the notification carries it.
  const confirmed = await provider.getCharge({
    reference: charge.reference,
    providerChargeId: charge.providerChargeId ?? event.providerChargeId ?? null,
  });
  if (!confirmed.ok) {
    await finish(deps, deliveryId, "unconfirmed", `status check failed: ${confirmed.error.message}`);
    return { kind: "retry_later", reason: "could not confirm with the status API" };
  }
  const snapshot = confirmed.value;
  if (snapshot.status === "pending" && event.kind !== "pending") {
    await finish(deps, deliveryId, "unconfirmed", `notification said ${event.providerStatus}, status API still says ${snapshot.providerStatus}`);
    return { kind: "retry_later", reason: "the status API does not confirm this yet" };
  }

  const applied = await applyChargeObservation(
    db,
    {
      chargeId: charge.id,
      outcome: snapshot.status,
      providerStatus: snapshot.providerStatus,
      eventKey: event.eventKey,
      source: "webhook",
      deliveryId,
      paidAt: snapshot.paidAt ?? event.occurredAt,
      amount: snapshot.amount ?? event.amount,
      note: event.note,
    },
    deps.now(),
  );
  await db.charge.update({ where: { id: charge.id }, data: { checkedAt: deps.now() } });
  if (applied.result === "duplicate") {
    await finish(deps, deliveryId, "duplicate", `event ${event.eventKey} was already applied`);
    return { kind: "duplicate" };
  }
  if (applied.result === "unchanged") {
    await finish(deps, deliveryId, "ignored", applied.reason);
    return { kind: "ignored" };
  }
  await finish(deps, deliveryId, "applied", `order is ${applied.orderStatus}`);
  return { kind: "applied" };
}

/**
 * The charge a rejected request claims to be about, so the merchant sees forged or mis-signed
 * requests on that order's timeline. Informational only: nothing unverified changes any state.
 */
async function claimedCharge(deps: WebhookDeps, provider: PaymentProvider, rawBody: string) {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return null;
  }
  const parsed = provider.parseWebhook(payload);
  if (!parsed.ok || (!parsed.value.reference && !parsed.value.providerChargeId)) return null;
  return deps.db.charge.findFirst({
    where: {
      provider: provider.id,
      OR: [
        ...(parsed.value.reference ? [{ reference: parsed.value.reference }] : []),
        ...(parsed.value.providerChargeId ? [{ providerChargeId: parsed.value.providerChargeId }] : []),
      ],
    },
    select: { id: true, orderId: true },
  });
}

async function finish(deps: WebhookDeps, deliveryId: string, outcome: string, detail: string) {
  await deps.db.webhookDelivery.update({
    where: { id: deliveryId },
    data: { outcome, outcomeDetail: detail, processedAt: deps.now() },
  });
}
