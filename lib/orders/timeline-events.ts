import { z } from "zod";
import { ORDER_STATUSES, STORES } from "@/lib/domain";
import { PROVIDER_IDS } from "@/lib/providers/catalog";
import { CHARGE_STATUSES } from "./charge-status";

// What each kind of timeline entry records: its type and the facts a person needs, never a
// sentence. The console words them in the reader's language (timeline-text.ts); the schemas check
// what is read back, so an entry whose facts do not fit falls back to its stored sentence.

const provider = z.enum(PROVIDER_IDS);
const chargeStatus = z.enum(CHARGE_STATUSES);
const orderStatus = z.enum(ORDER_STATUSES);
const closedStatus = z.enum(["expired", "failed", "cancelled"]);
const rupiah = z.number().int();
/** Who told us: a provider's notification, our status check, the code's deadline, the merchant. */
const source = z.enum(["webhook", "status_check", "deadline", "merchant"]);
/** A provider's status or code, as they wrote it. */
const providerWord = z.string();

/** Why a charge's change did (or did not) move its order (order-status.ts decideChargeChange). */
export const decisionReasonSchema = z.discriminatedUnion("key", [
  z.object({ key: z.literal("already"), status: chargeStatus }),
  z.object({ key: z.literal("cannot_move"), from: chargeStatus, to: chargeStatus }),
  z.object({ key: z.literal("reversed_settled") }),
  z.object({ key: z.literal("reversed_unseen_settlement") }),
  z.object({ key: z.literal("payment_denied") }),
  z.object({ key: z.literal("reversed_replaced_code") }),
  z.object({ key: z.literal("code_waiting") }),
  z.object({ key: z.literal("code_closed"), status: closedStatus }),
  z.object({ key: z.literal("older_code_closed"), status: closedStatus }),
  z.object({ key: z.literal("amounts_disagree") }),
  z.object({ key: z.literal("short_paid"), after: closedStatus.nullable() }),
  z.object({ key: z.literal("late_paid"), after: closedStatus }),
  z.object({ key: z.literal("payment_confirmed") }),
  z.object({ key: z.literal("full_after_underpaid") }),
  z.object({ key: z.literal("second_payment"), status: orderStatus }),
]);
export type DecisionReason = z.infer<typeof decisionReasonSchema>;
export type DecisionReasonKey = DecisionReason["key"];

/** A line about a code's state that is not itself a change of it. */
export const chargeNoteSchema = z.discriminatedUnion("key", [
  /** The provider's own note (lib/providers/types.ts ProviderNote). */
  z.object({ key: z.enum(["funds_available", "not_a_store_payment"]) }),
  /** Expired by our deadline sweep, and how the provider looked when it ran. */
  z.object({ key: z.literal("deadline_passed"), why: z.enum(["open_after_deadline", "still_open", "unreachable"]) }),
  /** Cancelled by the merchant at a provider that has no way to void a code. */
  z.object({ key: z.literal("not_voidable"), paymentCode: z.string().nullable() }),
]);
export type ChargeNote = z.infer<typeof chargeNoteSchema>;

/** A charge's status moved (or a payment on it counted) and, with it maybe, the order's. */
const chargeChange = z.object({
  provider,
  source,
  providerStatus: providerWord,
  paymentCode: providerWord,
  reason: decisionReasonSchema,
});

export const ORDER_EVENT_PARAMS = {
  order_created: z.object({ source: z.enum(["api", "shop"]), amount: rupiah, store: z.enum(STORES) }),
  charge_issued: z.object({ provider, providerChargeId: z.string().nullable(), paymentCode: providerWord, expiresAt: z.iso.datetime() }),
  /** detail: the adapter's own account of the failure (an HTTP status, a timeout), quoted. */
  charge_attempt_failed: z.object({
    provider,
    kind: z.enum(["unavailable", "rejected", "not_found"]),
    httpStatus: z.number().int().nullable(),
    detail: z.string(),
  }),
  /** detail: the adapter's technical note on how the code was issued, quoted. */
  issue_note: z.object({ provider, detail: z.string() }),
  code_renewed: z.object({ previous: z.enum(["expired", "failed"]) }),
  /** A console re-check whose answer changed nothing: the provider's status, as it answered. */
  recheck_unchanged: z.object({ provider, providerStatus: providerWord }),
  /** A person dealt with what flagged the order (a late or short payment, a refund) and said how. */
  attention_handled: z.object({ note: z.string() }),
  /** unconfirmed: verified, but not applied yet; recheckMinutes: when Gerai asks the provider again. */
  webhook_received: z.object({
    provider,
    providerStatus: providerWord,
    unconfirmed: z
      .discriminatedUnion("because", [
        z.object({ because: z.literal("status_check_failed"), detail: z.string() }),
        z.object({ because: z.literal("status_still_open"), statusNow: providerWord }),
      ])
      .nullable(),
    recheckMinutes: z.array(z.number()).nullable(),
  }),
  status_changed: chargeChange,
  late_payment: chargeChange,
  duplicate_payment: chargeChange,
  payment_reversed: chargeChange,
  underpaid: chargeChange,
  charge_updated: z.union([chargeChange, z.object({ provider, note: chargeNoteSchema })]),
  amount_mismatch: z.object({ received: rupiah, expected: rupiah }),
  /** conflict: the adapter's account of the provider's disagreeing amount fields, quoted. */
  amount_conflict: z.object({ provider, source, providerStatus: providerWord, paymentCode: providerWord, conflict: z.string() }),
  transition_refused: z.object({ provider, source, providerStatus: providerWord, reason: decisionReasonSchema }),
  currency_mismatch: z.object({ provider, source: z.enum(["webhook", "status_check"]), providerStatus: providerWord.nullable(), currency: z.string() }),
} as const;

export type OrderEventType = keyof typeof ORDER_EVENT_PARAMS;
export const ORDER_EVENT_TYPES = Object.keys(ORDER_EVENT_PARAMS) as OrderEventType[];
export type OrderEventParams<T extends OrderEventType = OrderEventType> = z.infer<(typeof ORDER_EVENT_PARAMS)[T]>;

/** One entry's type with its parameters, as a discriminated union. */
export type OrderEventFacts = { [T in OrderEventType]: { type: T; params: OrderEventParams<T> } }[OrderEventType];

/** The facts of a stored entry, or null when its type is unknown or its data does not fit (older rows). */
export function readOrderEventFacts(type: string, data: unknown): OrderEventFacts | null {
  if (!(type in ORDER_EVENT_PARAMS)) return null;
  const parsed = ORDER_EVENT_PARAMS[type as OrderEventType].safeParse(data);
  return parsed.success ? ({ type, params: parsed.data } as OrderEventFacts) : null;
}
