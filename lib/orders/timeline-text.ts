import type { Locale, Translator } from "@/lib/i18n/catalog";
import { STORE_NAMES } from "@/lib/domain";
import { formatRupiah } from "@/lib/money";
import { PROVIDER_NAMES } from "@/lib/providers/catalog";
import { formatWib } from "@/lib/time";
import { readOrderEventFacts, type ChargeNote, type DecisionReason, type OrderEventFacts } from "./timeline-events";

// A timeline entry in the reader's words: worded at render time from its type and facts
// (timeline-events.ts) with the messages in lib/i18n/messages, so the same entry reads in
// Indonesian or English. Rows written before entries carried facts show their stored sentence.

export interface StoredOrderEvent {
  type: string;
  data: unknown;
  /** The sentence of an older row; newer rows have none. */
  message: string | null;
  /** Who did it, when a person did (a console action). */
  actor?: string | null;
}

export function describeOrderEvent(t: Translator, locale: Locale, event: StoredOrderEvent): string {
  const facts = readOrderEventFacts(event.type, event.data);
  const message = facts ? describeFacts(t, locale, facts) : (event.message ?? t("merchant.events.unknown", { type: event.type }));
  return event.actor ? t("merchant.events.by", { message, actor: event.actor }) : message;
}

function describeFacts(t: Translator, locale: Locale, { type, params }: OrderEventFacts): string {
  switch (type) {
    case "order_created":
      return t("merchant.events.order_created", { source: params.source, amount: formatRupiah(params.amount), store: STORE_NAMES[params.store] });
    case "charge_issued":
      return t("merchant.events.charge_issued", {
        provider: PROVIDER_NAMES[params.provider],
        code: params.paymentCode,
        expiresAt: formatWib(new Date(params.expiresAt), locale, { weekday: false }),
      });
    case "charge_attempt_failed":
      return t("merchant.events.charge_attempt_failed", { provider: PROVIDER_NAMES[params.provider], kind: params.kind, detail: params.detail });
    case "issue_note":
      return t("merchant.events.issue_note", { provider: PROVIDER_NAMES[params.provider], detail: params.detail });
    case "code_renewed":
      return t("merchant.events.code_renewed", { previous: params.previous });
    case "recheck_unchanged":
      return t("merchant.events.recheck_unchanged", { provider: PROVIDER_NAMES[params.provider], providerStatus: params.providerStatus });
    case "attention_handled":
      return t("merchant.events.attention_handled", { note: params.note });
    case "webhook_received": {
      const received = t("merchant.events.webhook_received", { provider: PROVIDER_NAMES[params.provider], providerStatus: params.providerStatus });
      const why = params.unconfirmed;
      const message = !why
        ? received
        : why.because === "status_check_failed"
          ? t("merchant.events.unconfirmed.status_check_failed", { received, detail: why.detail })
          : t("merchant.events.unconfirmed.status_still_open", { received, statusNow: why.statusNow });
      return params.recheckMinutes ? t("merchant.events.recheck", { message, minutes: params.recheckMinutes.join(", ") }) : message;
    }
    case "amount_mismatch": {
      const amounts = {
        received: formatRupiah(params.received),
        expected: formatRupiah(params.expected),
        difference: formatRupiah(Math.abs(params.received - params.expected)),
      };
      return params.received < params.expected ? t("merchant.events.amount_mismatch.short", amounts) : t("merchant.events.amount_mismatch.over", amounts);
    }
    case "amount_conflict":
      return t("merchant.events.amount_conflict", {
        provider: PROVIDER_NAMES[params.provider],
        source: t(`merchant.events.sources.${params.source}`),
        providerStatus: params.providerStatus,
        code: params.paymentCode,
        conflict: params.conflict,
      });
    case "transition_refused":
      return t("merchant.events.transition_refused", {
        provider: PROVIDER_NAMES[params.provider],
        source: t(`merchant.events.sources.${params.source}`),
        providerStatus: params.providerStatus,
        reason: describeReason(t, params.reason),
      });
    case "currency_mismatch":
      return t(`merchant.events.currency_mismatch.${params.source}`, {
        provider: PROVIDER_NAMES[params.provider],
        providerStatus: params.providerStatus ?? "",
        currency: params.currency,
      });
    case "charge_updated":
      if ("note" in params) return t("merchant.events.note", { provider: PROVIDER_NAMES[params.provider], note: describeNote(t, params.note) });
      return describeChange(t, params);
    case "status_changed":
    case "late_payment":
    case "duplicate_payment":
    case "payment_reversed":
    case "underpaid":
      return describeChange(t, params);
  }
}

type ChangeParams = Extract<OrderEventFacts, { type: "status_changed" }>["params"];

function describeChange(t: Translator, params: ChangeParams): string {
  const words = {
    reason: describeReason(t, params.reason),
    provider: PROVIDER_NAMES[params.provider],
    providerStatus: params.providerStatus,
    code: params.paymentCode,
  };
  return params.source === "merchant"
    ? t("merchant.events.changeByMerchant", words)
    : t("merchant.events.change", { ...words, source: t(`merchant.events.sources.${params.source}`) });
}

export function describeReason(t: Translator, reason: DecisionReason): string {
  switch (reason.key) {
    case "already":
      return t("merchant.events.reasons.already", { status: t(`merchant.chargeStatus.${reason.status}`) });
    case "cannot_move":
      return t("merchant.events.reasons.cannot_move", { from: t(`merchant.chargeStatus.${reason.from}`), to: t(`merchant.chargeStatus.${reason.to}`) });
    case "code_closed":
    case "older_code_closed":
      return t(`merchant.events.reasons.${reason.key}`, { status: reason.status });
    case "short_paid":
      return t("merchant.events.reasons.short_paid", { after: reason.after ?? "none" });
    case "late_paid":
      return t("merchant.events.reasons.late_paid", { after: reason.after });
    case "second_payment":
      return t("merchant.events.reasons.second_payment", { status: t(`common.status.${reason.status}`) });
    default:
      return t(`merchant.events.reasons.${reason.key}`);
  }
}

function describeNote(t: Translator, note: ChargeNote): string {
  switch (note.key) {
    case "deadline_passed":
      return t("merchant.events.notes.deadline_passed", { why: note.why });
    case "not_voidable":
      return t("merchant.events.notes.not_voidable", { code: note.paymentCode ?? "—" });
    default:
      return t(`merchant.events.notes.${note.key}`);
  }
}
