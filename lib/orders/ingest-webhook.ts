import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log.mjs";
import { hasUnstorableText, toStorableText, truncateText } from "@/lib/db/storable-text";
import { SECRET_HEADERS, isProviderId, type ProviderId } from "@/lib/providers/catalog";
import { readLimitedText } from "@/lib/http/read-limited-body";
import { newId } from "@/lib/ids";
import { isRupiahCurrency } from "@/lib/money";
import { parseJson } from "@/lib/providers/http";
import type { ChargeSnapshot, IncomingWebhook, NormalisedEvent, PaymentProvider, ProviderError, WebhookOutcome, WebhookRejection } from "@/lib/providers/types";
import type { Result } from "@/lib/result";
import { applyChargeObservation, flagNonRupiah, recordOnce, statusCurrencyKey } from "./apply-charge-outcome";
import { findChargeByProviderIds } from "./charges";
import { RECHECK_OFFSETS_MS, scheduleRechecks } from "./recheck-charges";
import { claimNotifiedStatusCall, createCallSharing } from "./status-call-budget";
import type { OrderEventParams } from "./timeline-events";

// The one use case behind /api/webhooks/<provider>. A delivery is verified the provider's way
// (no database work, so forged traffic costs little), stored raw, parsed into our terms,
// confirmed with the provider's status API, and applied exactly once. It is stored before any
// call or change, so a delivery cut off by a crash is finished later (reprocessInterruptedDeliveries).
//
// What a delivery may cost us is bounded: the body's size (MAX_WEBHOOK_BODY_BYTES, checked by
// the route); a request that fails verification is kept compact, and only a sample of them; a
// verified repeat of an event already handled is counted on the delivery that handled it; the
// status calls notifications cause are bounded per charge (status-call-budget.ts).

export interface WebhookDeps {
  db: Db;
  providers: ReadonlyMap<ProviderId, PaymentProvider>;
  now: () => Date;
}

/** Providers' notifications are a few KB; a body this large is not one of theirs. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
/** What is kept of a request that failed verification: enough to see what was tried. */
export const REJECTED_BODY_KEPT_CHARS = 2048;
const REJECTED_HEADERS_KEPT = 30;
const REJECTED_HEADER_VALUE_KEPT_CHARS = 200;
/** Forged requests naming one order: the first few go on its timeline, later ones do not. */
export const REJECTED_SHOWN_PER_ORDER = 5;
/** Unverified requests not on any order's timeline: the newest are kept per provider. */
export const REJECTED_KEPT_PER_PROVIDER = 200;
/**
 * A delivery still `received` this long after it arrived was cut off (a crash, a restart), unless
 * REPROCESS_WEBHOOKS_AFTER_SECONDS says otherwise.
 */
export const INTERRUPTED_AFTER_MS = 5 * 60_000;

// Secrets never reach the database, even from a request we reject (SECRET_HEADERS: the usual
// ones plus each provider's, from its registration).
function storableHeaders(headers: Headers, compact = false): Record<string, string> {
  const out: Record<string, string> = {};
  let kept = 0;
  headers.forEach((value, name) => {
    if (compact && kept >= REJECTED_HEADERS_KEPT) return;
    kept += 1;
    const shown = SECRET_HEADERS.has(name.toLowerCase()) ? "[redacted]" : toStorableText(value);
    out[name] = compact ? truncateText(shown, REJECTED_HEADER_VALUE_KEPT_CHARS) : shown;
  });
  return out;
}

/**
 * A webhook request as it reaches /api/webhooks/<provider>: the raw body first (size-capped),
 * then receiveWebhook. `appUrl` gives the path as registered with the provider (DOKU signs it),
 * not as a proxy may rewrite it.
 */
export async function receiveWebhookRequest(deps: WebhookDeps, providerName: string, request: Request, appUrl: string): Promise<Response> {
  const body = await readLimitedText(request, MAX_WEBHOOK_BODY_BYTES);
  if (!body.ok) return Response.json({ error: body.error.message }, { status: body.error.status });
  const receivedAt = deps.now();
  try {
    return await receiveWebhook(deps, providerName, {
      rawBody: body.value,
      headers: request.headers,
      path: `${new URL(appUrl).pathname.replace(/\/$/, "")}/api/webhooks/${providerName}`,
      receivedAt,
    });
  } catch (error) {
    // The provider retries a 5xx; a delivery already stored is reprocessed by the jobs.
    log.error({ provider: providerName, err: error }, "webhook failed");
    return Response.json({ error: "temporarily unable to process" }, { status: 500 });
  }
}

export async function receiveWebhook(deps: WebhookDeps, providerName: string, incoming: IncomingWebhook): Promise<Response> {
  if (!isProviderId(providerName)) return Response.json({ error: `unknown provider "${providerName}"` }, { status: 404 });
  const provider = deps.providers.get(providerName);
  if (!provider) {
    const stored = await deps.db.webhookDelivery.create({
      data: {
        ...newRow(providerName, incoming, true),
        outcome: "rejected",
        rejectionReason: `${providerName} is not configured`,
        processedAt: deps.now(),
      },
      select: { id: true },
    });
    await pruneRejected(deps.db, providerName, stored.id);
    return Response.json({ error: `${providerName} is not configured here` }, { status: 404 });
  }
  const verified = await provider.verifyWebhook(incoming);
  const outcome = verified.ok
    ? await handleVerified(deps, provider, incoming, verified.value)
    : await rejectUnverified(deps, provider, incoming, verified.error);
  log.info({ provider: provider.id, outcome: outcome.kind, reason: "reason" in outcome ? outcome.reason : undefined }, "webhook");
  return provider.acknowledge(outcome);
}

/**
 * Deliveries stored but cut off before they were handled (the process died, the database
 * dropped the connection) go through the same steps again. Safe to repeat: the event ledger
 * applies each event once. Deliveries are verified before they are stored, so their secret
 * headers (redacted in storage) are not needed again.
 */
export async function reprocessInterruptedDeliveries(deps: WebhookDeps, options: { interruptedAfterMs?: number; limit?: number } = {}) {
  const cutoff = new Date(deps.now().getTime() - (options.interruptedAfterMs ?? INTERRUPTED_AFTER_MS));
  const stuck = await deps.db.webhookDelivery.findMany({
    where: { outcome: "received", receivedAt: { lte: cutoff } },
    orderBy: { receivedAt: "asc" },
    take: options.limit ?? 50,
  });
  const outcomes: WebhookOutcome["kind"][] = [];
  for (const delivery of stuck) {
    const provider = deps.providers.get(delivery.provider as ProviderId);
    if (!provider) {
      await finish(deps, delivery.id, "rejected", `${delivery.provider} is no longer configured`);
      continue;
    }
    const incoming: IncomingWebhook = {
      rawBody: delivery.rawBody,
      headers: new Headers(Object.entries(delivery.headers as Record<string, string>)),
      path: delivery.path,
      receivedAt: delivery.receivedAt,
    };
    try {
      // Rows stored before verification came first (earlier versions) are verified now.
      const verified = delivery.verified ? { ok: true as const, value: parseJson(delivery.rawBody) } : await provider.verifyWebhook(incoming);
      const outcome = verified.ok
        ? await handleVerified(deps, provider, incoming, verified.value, delivery.id)
        : await rejectStoredUnverified(deps, delivery.id, verified.error);
      outcomes.push(outcome.kind);
    } catch (error) {
      // Not picked again and again: the provider's own retries and reconciliation remain.
      await finish(deps, delivery.id, "failed", `reprocessing failed: ${error instanceof Error ? error.message : String(error)}`);
      outcomes.push("retry_later");
    }
  }
  return { reprocessed: stuck.length, outcomes };
}

/** A verified delivery, new (`storedId` undefined) or stored before an interruption. */
async function handleVerified(
  deps: WebhookDeps,
  provider: PaymentProvider,
  incoming: IncomingWebhook,
  payload: unknown,
  storedId?: string,
): Promise<WebhookOutcome> {
  const { db } = deps;
  if (hasUnstorableText(payload)) {
    return rejectVerified(deps, provider, incoming, storedId, { status: 400, reason: "body holds NUL or unpaired surrogate characters" });
  }
  const parsed = provider.parseWebhook(payload);
  if (!parsed.ok) return rejectVerified(deps, provider, incoming, storedId, parsed.error);
  const event = parsed.value;

  // An event already handled is answered from our own ledger: no status call, nothing stored again.
  const { handled, charge } = await findEventAndCharge(db, provider.id, event);
  if (handled) return recordRepeat(deps, provider, incoming, event.eventKey, handled.deliveryId, storedId);

  const linked = { verified: true, eventKey: event.eventKey, chargeId: charge?.id ?? null, orderId: charge?.orderId ?? null };
  const deliveryId = storedId ?? newId("whd");
  if (storedId) {
    await db.webhookDelivery.update({ where: { id: storedId }, data: linked, select: { id: true } });
  } else {
    // Stored (and committed) before the status call, so a crash leaves it to be finished later.
    // Raw: the hot path's one insert outside the apply transaction.
    const row = newRow(provider.id, incoming, false, deliveryId);
    await db.$executeRaw`
      INSERT INTO "WebhookDelivery" (id, provider, "receivedAt", path, headers, "rawBody", verified, "eventKey", "chargeId", "orderId", outcome)
      VALUES (${row.id}, ${row.provider}, ${row.receivedAt}, ${row.path}, ${JSON.stringify(row.headers)}::jsonb, ${row.rawBody}, true, ${linked.eventKey}, ${linked.chargeId}, ${linked.orderId}, 'received')`;
  }

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

  if (event.currency !== undefined && !isRupiahCurrency(event.currency)) {
    const reason = `the notification is in ${event.currency}, not IDR`;
    await flagNonRupiah(
      db,
      {
        chargeId: charge.id,
        eventKey: `currency:${event.eventKey}`,
        deliveryId,
        params: { provider: provider.id, source: "webhook", providerStatus: event.providerStatus, currency: event.currency },
      },
      deps.now(),
    );
    return rejectVerified(deps, provider, incoming, deliveryId, { status: 400, reason });
  }

  const notification = { providerStatus: event.providerStatus };
  if (event.kind === "ignored") {
    await recordOnce(
      db,
      {
        chargeId: charge.id,
        eventKey: event.eventKey,
        kind: "ignored",
        source: "webhook",
        deliveryId,
        type: "webhook_received",
        params: { provider: provider.id, providerStatus: event.providerStatus, unconfirmed: null, recheckMinutes: null },
      },
      deps.now(),
    );
    await finish(deps, deliveryId, "ignored", `status "${event.providerStatus}" does not change a store payment`);
    return { kind: "ignored" };
  }

  // Never trust a notification alone: the status API has the last word. The call is shared with
  // notifications about the same charge arriving meanwhile, and taken from the charge's budget.
  // A charge whose create timed out has no provider id yet; the notification carries it.
  const call = shareStatusCall(charge.id, async () =>
    (await claimNotifiedStatusCall(db, charge.id, deps.now()))
      ? provider.getCharge({ reference: charge.reference, providerChargeId: charge.providerChargeId ?? event.providerChargeId ?? null })
      : null,
  );
  try {
    return await confirmAndApply(deps, provider, incoming, { charge, event, deliveryId, notification }, await call.answer);
  } finally {
    call.release?.();
  }
}

/** Every instance's notifications share one budget (the database); this process's share calls. */
const shareStatusCall = createCallSharing<Result<ChargeSnapshot, ProviderError> | null>();

/** A verified notification about a known charge, with the status API's answer (null: over budget). */
async function confirmAndApply(
  deps: WebhookDeps,
  provider: PaymentProvider,
  incoming: IncomingWebhook,
  { charge, event, deliveryId, notification }: { charge: { id: string; reference: string }; event: NormalisedEvent; deliveryId: string; notification: { providerStatus: string } },
  confirmed: Result<ChargeSnapshot, ProviderError> | null,
): Promise<WebhookOutcome> {
  const { db } = deps;
  if (confirmed === null) return deferred(deps, provider, { chargeId: charge.id, deliveryId, event });
  if (!confirmed.ok) {
    // A concurrent copy of this delivery may have been confirmed and applied meanwhile.
    const appliedMeanwhile = await findHandled(db, provider.id, event.eventKey);
    if (appliedMeanwhile) return recordRepeat(deps, provider, incoming, event.eventKey, appliedMeanwhile.deliveryId, deliveryId);
    return unconfirmed(
      deps,
      provider,
      { chargeId: charge.id, deliveryId, event },
      { because: "status_check_failed", detail: confirmed.error.message },
      `status check failed: ${confirmed.error.message}`,
      "could not confirm with the status API",
    );
  }
  const snapshot = confirmed.value;
  if (snapshot.currency !== undefined && !isRupiahCurrency(snapshot.currency)) {
    const reason = `the status API answers in ${snapshot.currency}, not IDR`;
    await flagNonRupiah(
      db,
      {
        chargeId: charge.id,
        eventKey: statusCurrencyKey(charge.reference, snapshot.currency),
        deliveryId,
        params: { provider: provider.id, source: "status_check", providerStatus: snapshot.providerStatus, currency: snapshot.currency },
      },
      deps.now(),
    );
    await finish(deps, deliveryId, "unconfirmed", reason);
    return { kind: "retry_later", reason };
  }
  if (snapshot.status === "pending" && event.kind !== "pending") {
    const detail = `the status API still says "${snapshot.providerStatus}"`;
    return unconfirmed(
      deps,
      provider,
      { chargeId: charge.id, deliveryId, event },
      { because: "status_still_open", statusNow: snapshot.providerStatus },
      detail,
      "the status API does not confirm this yet",
    );
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
      // The status API's word on the amount is the one that counts; the notification's only
      // when the answer names no amount.
      amountConflict: snapshot.amountConflict ?? (snapshot.amount === undefined ? event.amountConflict : undefined),
      note: event.note ? { key: event.note } : undefined,
      settledBeforeReversal: snapshot.settledBeforeReversal,
      notification,
      checkedAt: deps.now(),
      finishesDelivery: true,
    },
    deps.now(),
  );
  if (applied.result === "duplicate") {
    // The same event, applied meanwhile by a concurrent delivery.
    const first = await findHandled(db, provider.id, event.eventKey);
    return recordRepeat(deps, provider, incoming, event.eventKey, first?.deliveryId ?? null, deliveryId);
  }
  return { kind: applied.result === "unchanged" ? "ignored" : "applied" };
}

/**
 * A verified notification the status API does not confirm (yet): the provider is asked to retry
 * (503), a payment is re-checked by us 1, 2 and 5 minutes on (recheck-charges.ts), and the
 * merchant's timeline says so once per event, however often it is retried.
 */
async function unconfirmed(
  deps: WebhookDeps,
  provider: PaymentProvider,
  at: { chargeId: string; deliveryId: string; event: NormalisedEvent },
  why: NonNullable<OrderEventParams<"webhook_received">["unconfirmed"]>,
  detail: string,
  reason: string,
): Promise<WebhookOutcome> {
  const recheck = at.event.kind === "paid";
  if (recheck) await scheduleRechecks(deps.db, at.chargeId, deps.now());
  await recordOnce(
    deps.db,
    {
      chargeId: at.chargeId,
      eventKey: `unconfirmed:${at.event.eventKey}`,
      kind: "unconfirmed",
      source: "webhook",
      deliveryId: at.deliveryId,
      type: "webhook_received",
      params: {
        provider: provider.id,
        providerStatus: at.event.providerStatus,
        unconfirmed: why,
        recheckMinutes: recheck ? RECHECK_OFFSETS_MS.map((ms) => ms / 60_000) : null,
      },
    },
    deps.now(),
  );
  if (!(await countOnEarlierDelivery(deps, provider, at.event.eventKey, at.deliveryId))) await finish(deps, at.deliveryId, "unconfirmed", detail);
  return { kind: "retry_later", reason };
}

/**
 * A verified notification over its charge's budget of status calls: not confirmed now. It is
 * counted on an earlier delivery of the same event when there is one (a replay adds no rows),
 * a payment is left to the scheduled re-checks, and the provider is asked to retry.
 */
async function deferred(deps: WebhookDeps, provider: PaymentProvider, at: { chargeId: string; deliveryId: string; event: NormalisedEvent }): Promise<WebhookOutcome> {
  const { db } = deps;
  const reason = "too many status calls for this charge just now; confirmed by a later re-check";
  if (at.event.kind !== "pending") await scheduleRechecks(db, at.chargeId, deps.now());
  if (!(await countOnEarlierDelivery(deps, provider, at.event.eventKey, at.deliveryId))) await finish(deps, at.deliveryId, "deferred", reason);
  return { kind: "retry_later", reason };
}

/**
 * A repeat of an event still waiting for confirmation is counted on the event's earliest
 * delivery and its own row removed, so replays do not grow the table. False when it is the first.
 */
async function countOnEarlierDelivery(deps: WebhookDeps, provider: PaymentProvider, eventKey: string, deliveryId: string): Promise<boolean> {
  // Strictly earlier in (receivedAt, id) order: two copies handled at once never both go.
  const mine = await deps.db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { receivedAt: true } });
  const earlier = await deps.db.webhookDelivery.findFirst({
    where: {
      provider: provider.id,
      eventKey,
      OR: [{ receivedAt: { lt: mine.receivedAt } }, { receivedAt: mine.receivedAt, id: { lt: deliveryId } }],
    },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (!earlier) return false;
  const counted = await deps.db.webhookDelivery.updateMany({
    where: { id: earlier.id },
    data: { duplicateCount: { increment: 1 }, lastDuplicateAt: deps.now() },
  });
  if (counted.count === 0) return false;
  await deps.db.webhookDelivery.delete({ where: { id: deliveryId }, select: { id: true } });
  return true;
}

/**
 * The ledger's word on the event (handled: a row, whose delivery may be gone or never was) and
 * the charge it names, by our reference or the provider's id, in one round trip.
 */
async function findEventAndCharge(db: Db, provider: ProviderId, event: NormalisedEvent) {
  const [row] = await db.$queryRaw<{ handled: boolean; handledBy: string | null; id: string | null; orderId: string; reference: string; providerChargeId: string | null }[]>`
    SELECT EXISTS (SELECT 1 FROM "PaymentEvent" WHERE provider = ${provider} AND "eventKey" = ${event.eventKey}) AS handled,
      (SELECT "deliveryId" FROM "PaymentEvent" WHERE provider = ${provider} AND "eventKey" = ${event.eventKey}) AS "handledBy",
      c.id, c."orderId", c.reference, c."providerChargeId"
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (
      SELECT id, "orderId", reference, "providerChargeId" FROM "Charge"
      WHERE provider = ${provider} AND (reference = ${event.reference ?? null} OR "providerChargeId" = ${event.providerChargeId ?? null})
      LIMIT 1
    ) AS c ON true`;
  return {
    handled: row!.handled ? { deliveryId: row!.handledBy } : null,
    charge: row!.id ? { id: row!.id, orderId: row!.orderId, reference: row!.reference, providerChargeId: row!.providerChargeId } : null,
  };
}

function findHandled(db: Db, provider: ProviderId, eventKey: string) {
  return db.paymentEvent.findUnique({ where: { provider_eventKey: { provider, eventKey } }, select: { deliveryId: true } });
}

/**
 * A verified repeat of an event already handled is counted on the delivery that handled it and
 * not kept: its news is applied already, and a storm of repeats (or a replayed capture) must not
 * grow the database or the order's page. `storedId`: this repeat's own row, when it has one.
 */
async function recordRepeat(
  deps: WebhookDeps,
  provider: PaymentProvider,
  incoming: IncomingWebhook,
  eventKey: string,
  firstDeliveryId: string | null,
  storedId?: string,
): Promise<WebhookOutcome> {
  const { db } = deps;
  if (storedId && firstDeliveryId === storedId) {
    // This very delivery applied the event before it was cut off (see reprocessInterruptedDeliveries).
    await finish(deps, storedId, "applied", `event ${eventKey} was applied before an interruption`);
    return { kind: "applied" };
  }
  if (firstDeliveryId) {
    const counted = await db.webhookDelivery.updateMany({
      where: { id: firstDeliveryId },
      data: { duplicateCount: { increment: 1 }, lastDuplicateAt: incoming.receivedAt },
    });
    if (counted.count === 1) {
      if (storedId) await db.webhookDelivery.delete({ where: { id: storedId }, select: { id: true } });
      return { kind: "duplicate" };
    }
  }
  // The event came from a status check, or its delivery is gone: keep this one, compact.
  const duplicate = { verified: true, eventKey, outcome: "duplicate", outcomeDetail: `event ${eventKey} was already handled`, processedAt: deps.now() };
  if (storedId) await db.webhookDelivery.update({ where: { id: storedId }, data: duplicate, select: { id: true } });
  else await db.webhookDelivery.create({ data: { ...newRow(provider.id, incoming, true), ...duplicate }, select: { id: true } });
  return { kind: "duplicate" };
}

/** A verified request we cannot use: kept whole (it is the provider's own) with the reason. */
async function rejectVerified(
  deps: WebhookDeps,
  provider: PaymentProvider,
  incoming: IncomingWebhook,
  storedId: string | undefined,
  rejection: WebhookRejection,
): Promise<WebhookOutcome> {
  const rejected = { verified: true, outcome: "rejected", rejectionReason: rejection.reason, processedAt: deps.now() };
  if (storedId) await deps.db.webhookDelivery.update({ where: { id: storedId }, data: rejected, select: { id: true } });
  else await deps.db.webhookDelivery.create({ data: { ...newRow(provider.id, incoming, false), ...rejected }, select: { id: true } });
  return { kind: "rejected", ...rejection };
}

async function rejectStoredUnverified(deps: WebhookDeps, storedId: string, rejection: WebhookRejection): Promise<WebhookOutcome> {
  await deps.db.webhookDelivery.update({
    where: { id: storedId },
    data: { outcome: "rejected", rejectionReason: rejection.reason, processedAt: deps.now() },
    select: { id: true },
  });
  return { kind: "rejected", ...rejection };
}

/**
 * A request that is not the provider's: kept compact, shown on the order it names only while
 * that order lists few of them, and older ones pruned, so forged traffic cannot grow either.
 */
async function rejectUnverified(deps: WebhookDeps, provider: PaymentProvider, incoming: IncomingWebhook, rejection: WebhookRejection): Promise<WebhookOutcome> {
  const { db } = deps;
  const claimed = await claimedCharge(db, provider, incoming.rawBody);
  const shown = claimed ? await db.webhookDelivery.count({ where: { orderId: claimed.orderId, verified: false } }) : 0;
  const attach = claimed !== null && shown < REJECTED_SHOWN_PER_ORDER;
  const stored = await db.webhookDelivery.create({
    select: { id: true },
    data: {
      ...newRow(provider.id, incoming, true),
      outcome: "rejected",
      rejectionReason: rejection.reason,
      processedAt: deps.now(),
      chargeId: attach ? claimed.id : null,
      orderId: attach ? claimed.orderId : null,
      outcomeDetail: claimed && !attach ? `names order ${claimed.orderId}, whose timeline already shows ${shown} rejected requests` : null,
    },
  });
  if (!attach) await pruneRejected(db, provider.id, stored.id);
  return { kind: "rejected", ...rejection };
}

/** A delivery row as received; `compact` for requests we keep only as a sample. */
function newRow(provider: string, incoming: IncomingWebhook, compact: boolean, id = newId("whd")) {
  const body = toStorableText(incoming.rawBody);
  return {
    id,
    provider,
    receivedAt: incoming.receivedAt,
    path: incoming.path,
    rawBody: compact ? truncateText(body, REJECTED_BODY_KEPT_CHARS) : body,
    headers: storableHeaders(incoming.headers, compact),
    verified: false,
  };
}

/**
 * Keeps the newest REJECTED_KEPT_PER_PROVIDER unverified requests that are on no timeline: the
 * one just stored (`keptId`) and the newest others.
 */
async function pruneRejected(db: Db, provider: string, keptId: string) {
  const older = await db.webhookDelivery.findMany({
    where: { provider, verified: false, outcome: "rejected", orderId: null, id: { not: keptId } },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    skip: REJECTED_KEPT_PER_PROVIDER - 1,
    take: 100,
    select: { id: true },
  });
  if (older.length) await db.webhookDelivery.deleteMany({ where: { id: { in: older.map((row) => row.id) } } });
}

/**
 * The charge a rejected request claims to be about, so the merchant sees forged or mis-signed
 * requests on that order's timeline. Informational only: nothing unverified changes any state.
 */
async function claimedCharge(db: Db, provider: PaymentProvider, rawBody: string) {
  const payload = parseJson(rawBody);
  if (payload === undefined || hasUnstorableText(payload)) return null;
  const parsed = provider.parseWebhook(payload);
  if (!parsed.ok) return null;
  return findChargeByProviderIds(db, provider.id, parsed.value);
}

async function finish(deps: WebhookDeps, deliveryId: string, outcome: string, detail: string) {
  await deps.db.webhookDelivery.update({
    where: { id: deliveryId },
    data: { outcome, outcomeDetail: detail, processedAt: deps.now() },
    select: { id: true },
  });
}
