import type { Db, Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { newId } from "@/lib/ids";
import { type OrderStatus } from "@/lib/domain";
import type { ProviderId } from "@/lib/providers/catalog";
import type { ChargeOutcome, ChargeStatus } from "./charge-status";
import { forgetCountedDays } from "./payment-minutes";
import { decideChargeChange } from "./order-status";
import { recordOrderEvent, recordOrderEvents, type OrderEventInput } from "./timeline";
import type { ChargeNote, OrderEventFacts, OrderEventParams } from "./timeline-events";

// The single place where a charge's status, and through it the order's, changes after issue.
// Webhooks, status checks, deadlines and reconciliation all come through here. Idempotency is in
// the database: the event key is inserted in the same transaction as the change, so the same
// event applied twice — concurrently or a day apart — changes things once.

export interface ChargeObservation {
  chargeId: string;
  outcome: ChargeOutcome;
  /** The provider's own word for it, as received. */
  providerStatus: string;
  /** Unique per provider; duplicates of one event share it. */
  eventKey: string;
  /** merchant: the merchant cancelled the order (cancel-order.ts). */
  source: "webhook" | "status_check" | "deadline" | "merchant";
  deliveryId?: string;
  paidAt?: Date;
  /** The amount the provider confirmed; the code's amount decides what it does (order-status.ts). */
  amount?: number;
  /** The provider's own amount fields disagree: never paid on this answer, flagged with this text. */
  amountConflict?: string;
  /** A line for the timeline about the code beside its change. */
  note?: ChargeNote;
  /** The provider shows the charge settled before it was reversed (see ChargeSnapshot). */
  settledBeforeReversal?: boolean;
  /** The console member who asked (a re-check or a cancellation from the console), for the timeline. */
  actor?: string;
  /** When the provider was asked: the charge's checkedAt, written in the same transaction. */
  checkedAt?: Date;
  /** The delivery (deliveryId) is marked handled in the same transaction: "applied" or "ignored". */
  finishesDelivery?: boolean;
  /**
   * The notification's own line on the timeline (the provider's status, as received). Written
   * with the ledger row, so a duplicate of the event adds nothing to the order's page.
   */
  notification?: { providerStatus: string };
}

/** The entries a charge's change writes (order-status.ts TimelineEventType, less the refusals). */
type ChargeChangeEvent = "status_changed" | "late_payment" | "duplicate_payment" | "payment_reversed" | "underpaid" | "charge_updated";

export type ApplyResult =
  | { result: "applied"; orderStatus: OrderStatus; orderChanged: boolean }
  | { result: "unchanged"; orderStatus: OrderStatus; reason: string }
  | { result: "duplicate" };

export async function applyChargeObservation(db: Db, observation: ChargeObservation, now: Date): Promise<ApplyResult> {
  // A payment whose amounts disagree is flagged under its own key: a later clean answer about
  // the same provider state is still applied.
  const conflict = observation.outcome === "paid" ? observation.amountConflict : undefined;
  const eventKey = conflict ? `amount-conflict:${observation.eventKey}` : observation.eventKey;
  return db.$transaction(async (tx) => {
    // The ledger row first, and the lock that serialises every change to one order, in one
    // round trip with the charge they are about. A key already there (a concurrent or earlier
    // copy of the event) inserts nothing and takes no lock: nothing else is done.
    const [ledger] = await tx.$queryRaw<{ orderId: string; provider: string; inserted: boolean }[]>`
      WITH charge AS (SELECT "orderId", provider FROM "Charge" WHERE id = ${observation.chargeId}),
      entry AS (
        INSERT INTO "PaymentEvent" (id, provider, "eventKey", "chargeId", kind, source, "deliveryId")
        SELECT ${newId("pev")}, provider, ${eventKey}, ${observation.chargeId}, ${conflict ? "flagged" : observation.outcome}, ${observation.source}, ${observation.deliveryId ?? null}
        FROM charge
        ON CONFLICT (provider, "eventKey") DO NOTHING
        RETURNING 1
      ),
      locked AS (SELECT id FROM "Order" WHERE id = (SELECT "orderId" FROM charge) AND EXISTS (SELECT 1 FROM entry) FOR UPDATE)
      SELECT "orderId", provider, EXISTS (SELECT 1 FROM locked) AS inserted FROM charge`;
    if (!ledger) throw new Error(`charge ${observation.chargeId} does not exist`);
    if (!ledger.inserted) return { result: "duplicate" as const };
    const { orderId, provider } = ledger;
    // Read under the lock, in a statement of its own: it sees what the previous holder committed.
    const [state] = await readLocked(tx, [observation.chargeId]);
    const order = { status: state!.orderStatus, needsAttention: state!.needsAttention };
    const charge = { id: observation.chargeId, status: state!.chargeStatus, amount: state!.amount, paymentCode: state!.paymentCode, reference: state!.reference };
    const providerId = provider as ProviderId;
    const common = { orderId, chargeId: charge.id, deliveryId: observation.deliveryId, at: now, actor: observation.actor };
    // The timeline entries this causes, written together at the end: one statement per kind of row.
    const entries: OrderEventInput[] = [];
    if (observation.notification) {
      entries.push({
        ...common,
        type: "webhook_received",
        params: { provider: providerId, providerStatus: observation.notification.providerStatus, unconfirmed: null, recheckMinutes: null },
      });
    }
    const said = { provider: providerId, source: observation.source, providerStatus: observation.providerStatus };
    const code = charge.paymentCode ?? charge.reference;

    const decision = decideChargeChange({
      order: { status: order.status },
      charge: {
        status: charge.status,
        isCurrent: state!.currentChargeId === charge.id,
        paidTheOrder: charge.status === "paid",
      },
      to: observation.outcome,
      settledBeforeReversal: observation.settledBeforeReversal,
      amount: { expected: charge.amount, received: observation.amount, conflict },
    });

    if (!decision.chargeMoves) {
      if (observation.checkedAt) await tx.$executeRaw`UPDATE "Charge" SET "checkedAt" = ${observation.checkedAt}, "updatedAt" = ${now} WHERE id = ${charge.id}`;
      if (observation.note) entries.push({ ...common, type: "charge_updated", params: { provider: providerId, note: observation.note } });
      if (decision.event === "amount_conflict") {
        if (!order.needsAttention) await tx.$executeRaw`UPDATE "Order" SET "needsAttention" = true, "updatedAt" = ${now} WHERE id = ${orderId}`;
        entries.push({ ...common, type: "amount_conflict", params: { ...said, paymentCode: code, conflict: conflict ?? "" } });
      }
      if (decision.event === "transition_refused") entries.push({ ...common, type: "transition_refused", params: { ...said, reason: decision.because } });
      await recordOrderEvents(tx, entries);
      await finishDelivery(tx, observation, "ignored", decision.reason, now);
      return { result: "unchanged" as const, orderStatus: order.status, reason: decision.reason };
    }

    const paid = observation.outcome === "paid";
    const paidAt = paid ? (observation.paidAt ?? now) : null;
    const orderTo = decision.orderTo;
    const needsAttention = order.needsAttention || decision.needsAttention;
    const orderMoves = Boolean(orderTo) || needsAttention !== order.needsAttention;
    const finishing = observation.finishesDelivery ? (observation.deliveryId ?? null) : null;
    // A payment time on a day already over changes the dashboard's counts from that day on.
    if (paid) await forgetCountedDays(tx, [paidAt, state!.paidAt], now);
    // The charge, the order (when it moves) and the delivery (when this finishes it) in one
    // round trip: this is every payment's hot path.
    await tx.$executeRaw`
      WITH charge AS (
        UPDATE "Charge" SET status = ${observation.outcome}::"ChargeStatus", "providerStatus" = ${observation.providerStatus},
          "paidAt" = CASE WHEN ${paid} THEN ${paidAt} ELSE "paidAt" END,
          "paidAmount" = CASE WHEN ${paid} THEN ${observation.amount ?? charge.amount} ELSE "paidAmount" END,
          "checkedAt" = coalesce(${observation.checkedAt ?? null}, "checkedAt"), "updatedAt" = ${now}
        WHERE id = ${charge.id}
        RETURNING 1
      ), moved AS (
        UPDATE "Order" SET status = coalesce(${orderTo ?? null}::"OrderStatus", status),
          "paidAt" = CASE WHEN ${orderTo === "paid"} THEN ${observation.paidAt ?? now} ELSE "paidAt" END,
          "needsAttention" = ${needsAttention}, "updatedAt" = ${now}
        WHERE id = ${orderId} AND ${orderMoves}
        RETURNING 1
      ), finished AS (
        UPDATE "WebhookDelivery" SET outcome = 'applied', "outcomeDetail" = ${`order is ${orderTo ?? order.status}`}, "processedAt" = ${now}
        WHERE id = ${finishing}
        RETURNING 1
      )
      SELECT 1`;

    entries.push({
      ...common,
      type: decision.event as ChargeChangeEvent,
      fromStatus: orderTo ? order.status : undefined,
      toStatus: orderTo,
      params: { ...said, paymentCode: code, reason: decision.because },
    } as OrderEventInput);
    if (paid && (decision.amountVerdict === "short" || decision.amountVerdict === "over")) {
      entries.push({ ...common, type: "amount_mismatch", params: { received: observation.amount ?? charge.amount, expected: charge.amount } });
    }
    if (observation.note) entries.push({ ...common, type: "charge_updated", params: { provider: providerId, note: observation.note } });
    await recordOrderEvents(tx, entries);
    return { result: "applied" as const, orderStatus: orderTo ?? order.status, orderChanged: Boolean(orderTo) };
  });
}

async function finishDelivery(tx: Tx, observation: ChargeObservation, outcome: "applied" | "ignored", detail: string, now: Date) {
  if (!observation.finishesDelivery || !observation.deliveryId) return;
  await tx.$executeRaw`UPDATE "WebhookDelivery" SET outcome = ${outcome}, "outcomeDetail" = ${detail}, "processedAt" = ${now} WHERE id = ${observation.deliveryId}`;
}

/** The order and the charge as read under the order's lock. */
interface LockedState {
  chargeId: string;
  orderId: string;
  provider: string;
  orderStatus: OrderStatus;
  needsAttention: boolean;
  chargeStatus: ChargeStatus;
  /** When the code was paid, if it was (a payment time replaced changes that day's kept times). */
  paidAt: Date | null;
  amount: number;
  paymentCode: string | null;
  reference: string;
  currentChargeId: string | null;
}

/** Charges and their orders, read under the orders' locks (taken by the caller). */
function readLocked(tx: Tx, chargeIds: string[]): Promise<LockedState[]> {
  return tx.$queryRaw<LockedState[]>`
    SELECT c.id AS "chargeId", o.id AS "orderId", c.provider, o.status AS "orderStatus", o."needsAttention", c.status AS "chargeStatus",
      c."paidAt", c.amount, c."paymentCode", c.reference,
      (SELECT id FROM "Charge" WHERE "orderId" = o.id AND status <> 'not_issued' ORDER BY attempt DESC LIMIT 1) AS "currentChargeId"
    FROM "Charge" c JOIN "Order" o ON o.id = c."orderId"
    WHERE c.id = ANY(${chargeIds}::text[])`;
}

/** A code's expiry: by its deadline (source "deadline") or as its provider says (a status answer). */
export type Expiry = Pick<ChargeObservation, "chargeId" | "providerStatus" | "eventKey" | "note" | "checkedAt"> & {
  outcome: "expired";
  source: "deadline" | "status_check";
};

/**
 * Codes expire, many in one transaction (the deadline sweep): what applyChargeObservation does
 * for each, as one statement per kind of row. The same decision (decideChargeChange), ledger keys,
 * locks and timeline entries; a code whose expiry is not a plain move under the lock (paid
 * meanwhile, two codes of one order in one batch, …) goes through applyChargeObservation on its
 * own afterwards. Answers the charges that expired.
 */
export async function applyExpiries(db: Db, expiries: Expiry[], now: Date): Promise<string[]> {
  if (expiries.length === 0) return [];
  const byCharge = new Map(expiries.map((expiry) => [expiry.chargeId, expiry]));
  const { expired, alone } = await db.$transaction(async (tx) => {
    // Orders in id order, as every batch takes them: two batches never wait on each other in a cycle.
    await tx.$queryRaw`
      SELECT id FROM "Order" WHERE id IN (SELECT "orderId" FROM "Charge" WHERE id = ANY(${[...byCharge.keys()]}::text[]))
      ORDER BY id FOR UPDATE`;
    const moves: { state: LockedState; expiry: Expiry; decision: ReturnType<typeof decideChargeChange> }[] = [];
    const alone: Expiry[] = [];
    const ordersSeen = new Set<string>();
    for (const state of await readLocked(tx, [...byCharge.keys()])) {
      const expiry = byCharge.get(state.chargeId)!;
      const decision = decideChargeChange({
        order: { status: state.orderStatus },
        charge: { status: state.chargeStatus, isCurrent: state.currentChargeId === state.chargeId, paidTheOrder: state.chargeStatus === "paid" },
        to: "expired",
        amount: { expected: state.amount },
      });
      // One code per order in a batch: each decision is made on the order as it is.
      if (decision.chargeMoves && !ordersSeen.has(state.orderId)) moves.push({ state, expiry, decision });
      else alone.push(expiry);
      ordersSeen.add(state.orderId);
    }
    if (moves.length === 0) return { expired: [], alone };
    // A key already in the ledger (a sweep that ran at the same time, a webhook with the same
    // news, a sweep cut off after it committed) is a change already made: nothing more is done.
    const column = <T>(pick: (move: (typeof moves)[number]) => T) => moves.map(pick);
    const inserted = new Set(
      (
        await tx.$queryRaw<{ chargeId: string }[]>`
          INSERT INTO "PaymentEvent" (id, provider, "eventKey", "chargeId", kind, source)
          SELECT id, provider, "eventKey", "chargeId", 'expired', source
          FROM unnest(${column(() => newId("pev"))}::text[], ${column((move) => move.state.provider)}::text[],
            ${column((move) => move.expiry.eventKey)}::text[], ${column((move) => move.state.chargeId)}::text[], ${column((move) => move.expiry.source)}::text[])
            AS t(id, provider, "eventKey", "chargeId", source)
          ON CONFLICT (provider, "eventKey") DO NOTHING
          RETURNING "chargeId"`
      ).map((row) => row.chargeId),
    );
    const applied = moves.filter(({ state }) => inserted.has(state.chargeId));
    if (applied.length === 0) return { expired: [], alone };
    await tx.$executeRaw`
      UPDATE "Charge" c SET status = 'expired', "providerStatus" = t."providerStatus", "checkedAt" = coalesce(t."checkedAt", c."checkedAt"), "updatedAt" = ${now}
      FROM unnest(${applied.map((move) => move.state.chargeId)}::text[], ${applied.map((move) => move.expiry.providerStatus)}::text[],
        ${applied.map((move) => move.expiry.checkedAt ?? null)}::timestamp[]) AS t(id, "providerStatus", "checkedAt")
      WHERE c.id = t.id`;
    const orders = applied.filter(({ state, decision }) => decision.orderTo || (decision.needsAttention && !state.needsAttention));
    if (orders.length > 0) {
      await tx.$executeRaw`
        UPDATE "Order" o SET status = coalesce(t.status::"OrderStatus", o.status), "needsAttention" = o."needsAttention" OR t.flag, "updatedAt" = ${now}
        FROM unnest(${orders.map((move) => move.state.orderId)}::text[], ${orders.map((move) => move.decision.orderTo ?? null)}::text[],
          ${orders.map((move) => move.decision.needsAttention)}::boolean[]) AS t(id, status, flag)
        WHERE o.id = t.id`;
    }
    await recordOrderEvents(
      tx,
      applied.flatMap(({ state, expiry, decision }): OrderEventInput[] => {
        const common = { orderId: state.orderId, chargeId: state.chargeId, at: now };
        const provider = state.provider as ProviderId;
        const change = {
          ...common,
          type: decision.event as ChargeChangeEvent,
          fromStatus: decision.orderTo ? state.orderStatus : undefined,
          toStatus: decision.orderTo,
          params: { provider, source: expiry.source, providerStatus: expiry.providerStatus, paymentCode: state.paymentCode ?? state.reference, reason: decision.because },
        } as OrderEventInput;
        return expiry.note ? [change, { ...common, type: "charge_updated", params: { provider, note: expiry.note } }] : [change];
      }),
    );
    return { expired: applied.map((move) => move.state.chargeId), alone };
  });
  for (const expiry of alone) if ((await applyChargeObservation(db, expiry, now)).result === "applied") expired.push(expiry.chargeId);
  return expired;
}

export type OneTimeEntry = OrderEventFacts & {
  chargeId: string;
  /** Ledger key: the entry is written once however often its cause is seen. */
  eventKey: string;
  /** What the ledger calls it (e.g. "ignored", "flagged"). */
  kind: string;
  source: ChargeObservation["source"];
  deliveryId?: string;
  /** Flags the order for a person. */
  needsAttention?: boolean;
};

/**
 * A timeline entry (and maybe a flag) that changes no money state, written once per ledger key:
 * news that changes nothing, or a problem for a person. A repeat returns "duplicate".
 */
export async function recordOnce(db: Db, entry: OneTimeEntry, now: Date): Promise<"recorded" | "duplicate"> {
  try {
    return await db.$transaction(async (tx) => {
      const { orderId, provider } = await tx.charge.findUniqueOrThrow({ where: { id: entry.chargeId }, select: { orderId: true, provider: true } });
      await tx.paymentEvent.create({
        data: { provider, eventKey: entry.eventKey, chargeId: entry.chargeId, kind: entry.kind, source: entry.source, deliveryId: entry.deliveryId },
      });
      if (entry.needsAttention) await tx.order.update({ where: { id: orderId }, data: { needsAttention: true } });
      const { type, params } = entry;
      await recordOrderEvent(tx, { orderId, chargeId: entry.chargeId, deliveryId: entry.deliveryId, at: now, ...({ type, params } as OrderEventFacts) });
      return "recorded" as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

/**
 * A notification or status answer that is not in rupiah: the order is flagged and the timeline
 * says why, once per cause (`eventKey`); no money state changes.
 */
export function flagNonRupiah(
  db: Db,
  entry: { chargeId: string; eventKey: string; deliveryId?: string; params: OrderEventParams<"currency_mismatch"> },
  now: Date,
): Promise<"recorded" | "duplicate"> {
  return recordOnce(db, { ...entry, source: entry.params.source, kind: "flagged", type: "currency_mismatch", needsAttention: true }, now);
}

/** The ledger key of a status answer in `currency` about a charge: one flag per charge and currency. */
export function statusCurrencyKey(chargeReference: string, currency: string): string {
  return `currency:status:${chargeReference}:${currency}`;
}
