import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import { LOCALES, MESSAGES, type Locale, type Translator } from "@/lib/i18n/catalog";
import {
  ORDER_EVENT_PARAMS,
  ORDER_EVENT_TYPES,
  readOrderEventFacts,
  type ChargeNote,
  type DecisionReason,
  type DecisionReasonKey,
  type OrderEventParams,
  type OrderEventType,
} from "./timeline-events";
import { describeOrderEvent } from "./timeline-text";

// Every kind of entry, every reason and every note is worded in both languages: a type, reason or
// note added without its messages fails here (the tables are typed over the unions, so one left out
// of a table does not compile).

const REASONS: { [K in DecisionReasonKey]: Extract<DecisionReason, { key: K }> } = {
  already: { key: "already", status: "paid" },
  cannot_move: { key: "cannot_move", from: "paid", to: "expired" },
  reversed_settled: { key: "reversed_settled" },
  reversed_unseen_settlement: { key: "reversed_unseen_settlement" },
  payment_denied: { key: "payment_denied" },
  reversed_replaced_code: { key: "reversed_replaced_code" },
  code_waiting: { key: "code_waiting" },
  code_closed: { key: "code_closed", status: "expired" },
  older_code_closed: { key: "older_code_closed", status: "cancelled" },
  amounts_disagree: { key: "amounts_disagree" },
  short_paid: { key: "short_paid", after: null },
  late_paid: { key: "late_paid", after: "expired" },
  payment_confirmed: { key: "payment_confirmed" },
  full_after_underpaid: { key: "full_after_underpaid" },
  second_payment: { key: "second_payment", status: "paid" },
};

const NOTES: { [K in ChargeNote["key"]]: ChargeNote & { key: K } } = {
  funds_available: { key: "funds_available" },
  not_a_store_payment: { key: "not_a_store_payment" },
  deadline_passed: { key: "deadline_passed", why: "unreachable" },
  not_voidable: { key: "not_voidable", paymentCode: "AB12CD34" },
};

const change = (reason: DecisionReason, source: "webhook" | "merchant" = "webhook") =>
  ({ provider: "midtrans", source, providerStatus: "settlement", paymentCode: "AB12CD34", reason }) as const;

const SAMPLES: { [T in OrderEventType]: OrderEventParams<T>[] } = {
  order_created: [{ source: "api", amount: 125_000, store: "alfamart" }],
  charge_issued: [{ provider: "monxa", providerChargeId: "mx_1", paymentCode: "AB12CD34", expiresAt: "2026-12-06T17:05:07.000Z" }],
  charge_attempt_failed: [
    { provider: "midtrans", kind: "unavailable", httpStatus: 503, detail: "Midtrans answered 503" },
    { provider: "midtrans", kind: "rejected", httpStatus: 400, detail: "bad request" },
    { provider: "midtrans", kind: "not_found", httpStatus: 404, detail: "not found" },
  ],
  issue_note: [{ provider: "doku", detail: "the response signature did not match" }],
  code_renewed: [{ previous: "expired" }, { previous: "failed" }],
  recheck_unchanged: [{ provider: "doku", providerStatus: "PENDING" }],
  attention_handled: [{ note: "Kelebihan Rp 6.000 sudah ditransfer balik ke pembeli" }],
  webhook_received: [
    { provider: "fazz", providerStatus: "paid", unconfirmed: null, recheckMinutes: null },
    { provider: "fazz", providerStatus: "paid", unconfirmed: { because: "status_check_failed", detail: "timeout" }, recheckMinutes: [1, 2, 5] },
    { provider: "fazz", providerStatus: "paid", unconfirmed: { because: "status_still_open", statusNow: "pending" }, recheckMinutes: null },
  ],
  status_changed: Object.values(REASONS).map((reason) => change(reason)),
  late_payment: [change(REASONS.late_paid)],
  duplicate_payment: [change(REASONS.second_payment)],
  payment_reversed: [change(REASONS.reversed_settled)],
  underpaid: [change({ key: "short_paid", after: "cancelled" })],
  charge_updated: [change(REASONS.code_closed, "merchant"), ...Object.values(NOTES).map((note) => ({ provider: "fazz" as const, note }))],
  amount_mismatch: [
    { received: 100_000, expected: 106_000 },
    { received: 112_000, expected: 106_000 },
  ],
  amount_conflict: [{ provider: "monxa", source: "status_check", providerStatus: "PAID", paymentCode: "AB12CD34", conflict: "amount_str is 1.5" }],
  transition_refused: [{ provider: "midtrans", source: "deadline", providerStatus: "expire", reason: REASONS.cannot_move }],
  currency_mismatch: [
    { provider: "martis", source: "webhook", providerStatus: "paid", currency: "USD" },
    { provider: "martis", source: "status_check", providerStatus: null, currency: "USD" },
  ],
};

function strictTranslator(locale: Locale): Translator {
  return createTranslator({
    locale,
    messages: MESSAGES[locale],
    timeZone: "Asia/Jakarta",
    onError: (error) => {
      throw error;
    },
  }) as Translator;
}

describe.each(LOCALES)("timeline entries in %s", (locale) => {
  const t = strictTranslator(locale);

  it.each(ORDER_EVENT_TYPES)("words every %s entry from its facts", (type) => {
    expect(SAMPLES[type].length).toBeGreaterThan(0);
    for (const params of SAMPLES[type]) {
      expect(ORDER_EVENT_PARAMS[type].safeParse(params).success).toBe(true);
      const text = describeOrderEvent(t, locale, { type, data: params, message: null });
      expect(text).not.toMatch(/[{}]|merchant\.events/);
      expect(text.length).toBeGreaterThan(10);
    }
  });
});

describe("timeline wording", () => {
  const id = strictTranslator("id");
  const en = strictTranslator("en");
  const paid = { type: "status_changed", data: change(REASONS.payment_confirmed), message: null };

  it("reads the same entry in the reader's language", () => {
    expect(describeOrderEvent(id, "id", paid)).toBe('Pembayaran terkonfirmasi — notifikasi Midtrans: "settlement" pada kode AB12CD34');
    expect(describeOrderEvent(en, "en", paid)).toBe('Payment confirmed — Midtrans notification: "settlement" on code AB12CD34');
  });

  it("writes amounts in rupiah and deadlines in WIB", () => {
    const issued = { type: "charge_issued", data: SAMPLES.charge_issued[0], message: null };
    expect(describeOrderEvent(id, "id", issued)).toBe("Monxa menerbitkan kode AB12CD34, berlaku sampai 7 Des 2026, 00.05 WIB");
    const short = { type: "amount_mismatch", data: SAMPLES.amount_mismatch[0], message: null };
    expect(describeOrderEvent(en, "en", short)).toContain("Received Rp 100.000, Rp 6.000 less than the code's Rp 106.000");
  });

  it("turns reason keys into words", () => {
    const expired = { type: "charge_updated", data: { provider: "midtrans", note: { key: "deadline_passed", why: "unreachable" } }, message: null };
    expect(describeOrderEvent(id, "id", expired)).toBe("Midtrans: batas waktu lewat; penyedia tidak bisa dihubungi");
    expect(describeOrderEvent(en, "en", expired)).toBe("Midtrans: deadline passed; the provider could not be reached");
    const refused = { type: "transition_refused", data: SAMPLES.transition_refused[0], message: null };
    expect(describeOrderEvent(id, "id", refused)).toBe('batas waktu Midtrans menyatakan "expire", diabaikan: kode berstatus "Dibayar" tidak bisa menjadi "Kedaluwarsa"');
  });

  it("shows an older entry's stored sentence, and names an unknown one by its type", () => {
    expect(describeOrderEvent(id, "id", { type: "status_changed", data: { eventKey: "k" }, message: "Payment confirmed — old row" })).toBe("Payment confirmed — old row");
    expect(describeOrderEvent(en, "en", { type: "retired_type", data: null, message: null })).toBe("Event retired_type");
    expect(readOrderEventFacts("status_changed", { eventKey: "k" })).toBeNull();
  });

  it("adds who did it when a person did", () => {
    expect(describeOrderEvent(en, "en", { ...paid, actor: "ayu@toko.id" })).toBe(
      'Payment confirmed — Midtrans notification: "settlement" on code AB12CD34 — by ayu@toko.id',
    );
  });
});
