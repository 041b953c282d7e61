import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { type OrderStatus } from "@/lib/domain";
import type { ProviderId } from "@/lib/providers/catalog";
import type { ChargeOutcome, ChargeStatus } from "./charge-status";
import { findCurrentCharge } from "./charges";
import { decideChargeChange } from "./order-status";
import { recordOrderEvent } from "./timeline";
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
  try {
    return await db.$transaction(async (tx) => {
      const { orderId, provider } = await tx.charge.findUniqueOrThrow({
        where: { id: observation.chargeId },
        select: { orderId: true, provider: true },
      });
      await tx.paymentEvent.create({
        data: {
          provider,
          eventKey,
          chargeId: observation.chargeId,
          kind: conflict ? "flagged" : observation.outcome,
          source: observation.source,
          deliveryId: observation.deliveryId,
        },
      });
      // Serialise every change to one order: read it and its charges only under the lock.
      await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${orderId} FOR UPDATE`;
      const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
      const charge = await tx.charge.findUniqueOrThrow({ where: { id: observation.chargeId } });
      const current = await findCurrentCharge(tx, orderId);
      const providerId = provider as ProviderId;
      const common = { orderId, chargeId: charge.id, deliveryId: observation.deliveryId, at: now, actor: observation.actor };
      if (observation.notification) {
        await recordOrderEvent(tx, {
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
          status: charge.status as ChargeStatus,
          isCurrent: current?.id === charge.id,
          paidTheOrder: charge.status === "paid",
        },
        to: observation.outcome,
        settledBeforeReversal: observation.settledBeforeReversal,
        amount: { expected: charge.amount, received: observation.amount, conflict },
      });

      if (!decision.chargeMoves) {
        if (observation.note) {
          await recordOrderEvent(tx, { ...common, type: "charge_updated", params: { provider: providerId, note: observation.note } });
        }
        if (decision.event === "amount_conflict") {
          if (!order.needsAttention) await tx.order.update({ where: { id: orderId }, data: { needsAttention: true } });
          await recordOrderEvent(tx, {
            ...common,
            type: "amount_conflict",
            params: { ...said, paymentCode: code, conflict: conflict ?? "" },
          });
        }
        if (decision.event === "transition_refused") {
          await recordOrderEvent(tx, {
            ...common,
            type: "transition_refused",
            params: { ...said, reason: decision.because },
          });
        }
        return { result: "unchanged" as const, orderStatus: order.status, reason: decision.reason };
      }

      const paid = observation.outcome === "paid";
      await tx.charge.update({
        where: { id: charge.id },
        data: {
          status: observation.outcome,
          providerStatus: observation.providerStatus,
          ...(paid ? { paidAt: observation.paidAt ?? now, paidAmount: observation.amount ?? charge.amount } : {}),
        },
      });

      const orderTo = decision.orderTo;
      const needsAttention = order.needsAttention || decision.needsAttention;
      if (orderTo || needsAttention !== order.needsAttention) {
        await tx.order.update({
          where: { id: orderId },
          data: {
            ...(orderTo ? { status: orderTo } : {}),
            ...(orderTo === "paid" ? { paidAt: observation.paidAt ?? now } : {}),
            needsAttention,
          },
        });
      }

      await recordOrderEvent(tx, {
        ...common,
        type: decision.event as ChargeChangeEvent,
        fromStatus: orderTo ? order.status : undefined,
        toStatus: orderTo,
        params: { ...said, paymentCode: code, reason: decision.because },
      });
      if (paid && (decision.amountVerdict === "short" || decision.amountVerdict === "over")) {
        const received = observation.amount ?? charge.amount;
        await recordOrderEvent(tx, {
          ...common,
          type: "amount_mismatch",
          params: { received, expected: charge.amount },
        });
      }
      if (observation.note) {
        await recordOrderEvent(tx, { ...common, type: "charge_updated", params: { provider: providerId, note: observation.note } });
      }
      return { result: "applied" as const, orderStatus: orderTo ?? order.status, orderChanged: Boolean(orderTo) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { result: "duplicate" };
    throw error;
  }
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
