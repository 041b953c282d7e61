import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderActions } from "@/components/merchant/order-actions";
import { StatusBadge } from "@/components/status-badge";
import { StoreBadge } from "@/components/store-badge";
import { getDb } from "@/lib/db/client";
import { PROVIDER_NAMES, type ProviderId } from "@/lib/providers/catalog";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { getOrderDetail, type DeliveryView } from "@/lib/merchant-console/orders";
import { roleMay } from "@/lib/console-accounts/permissions";
import { requireMember } from "@/lib/merchant-console/session";
import { formatRupiah } from "@/lib/money";
import { paymentUrl } from "@/lib/payment-page/payment-url";
import { groupCode } from "@/lib/payment-page/code-images";
import type { ChargeStatus } from "@/lib/orders/charge-status";
import { describeOrderEvent } from "@/lib/orders/timeline-text";
import { formatWib } from "@/lib/time";
import { HANDLED_NOTE_MAX_CHARS } from "@/lib/orders/mark-handled";
import { canRenewCode } from "@/lib/orders/order-status";
import { cancelCodeAction, issueNewCodeAction, markHandledAction, recheckAction } from "../../actions";
import { LiveRefresh } from "@/components/merchant/live-refresh";

export const metadata: Metadata = { title: "Order" };

const EVENT_DOT: Record<string, string> = {
  status_changed: "bg-brand-600",
  late_payment: "bg-red-600",
  duplicate_payment: "bg-red-600",
  payment_reversed: "bg-red-600",
  amount_mismatch: "bg-red-600",
  currency_mismatch: "bg-red-600",
  charge_attempt_failed: "bg-amber-500",
  transition_refused: "bg-zinc-400",
  webhook_received: "bg-sky-500",
  attention_handled: "bg-emerald-600",
};

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember("orders:read");
  const { id } = await params;
  const [{ t, locale }, db] = await Promise.all([getTranslator(), getDb()]);
  const detail = await getOrderDetail(db, id);
  if (!detail) notFound();
  const { order, timeline, payments } = detail;

  const Payload = ({ delivery }: { delivery: DeliveryView }) => (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-ink/70">
        {t("merchant.rawPayload")} · {PROVIDER_NAMES[delivery.provider as ProviderId] ?? delivery.provider} ·{" "}
        {delivery.verified ? t("merchant.verified") : t("merchant.rejected")} ·{" "}
        {t.has(`merchant.deliveryOutcome.${delivery.outcome as "received"}`) ? t(`merchant.deliveryOutcome.${delivery.outcome as "received"}`) : delivery.outcome}
        {delivery.detail ? ` (${delivery.detail})` : ""}
      </summary>
      <pre className="mt-1 max-h-72 overflow-auto rounded-lg bg-ink p-3 text-[11px] leading-snug text-emerald-100">{prettyJson(delivery.rawBody)}</pre>
    </details>
  );

  return (
    <div className="space-y-5">
      <LiveRefresh orderId={order.id} />
      <Link href="/merchant" className="text-sm font-semibold text-brand-700 hover:underline">
        {t("merchant.back")}
      </Link>
      <section className="flex flex-wrap items-start justify-between gap-4 rounded-2xl border border-black/10 bg-white p-5 shadow-sm">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-bold">{order.reference}</h1>
            <StatusBadge status={order.status} label={t(`common.status.${order.status}`)} />
            {order.needsAttention && (
              <span className="rounded bg-red-600 px-1.5 py-0.5 text-[10px] font-bold uppercase text-white">{t("merchant.needsAttention")}</span>
            )}
          </div>
          <p className="mt-1 text-2xl font-extrabold tabular">{formatRupiah(order.amount)}</p>
          {(payments.received > 0 || order.status === "underpaid") && payments.received !== order.amount && (
            <p className="mt-1 text-sm font-semibold text-orange-800" data-testid="amount-received">
              {t("merchant.received", { amount: formatRupiah(payments.received) })}
              {payments.refundDue > 0 && ` · ${t("merchant.refundDue", { amount: formatRupiah(payments.refundDue) })}`}
            </p>
          )}
          <p className="mt-1 text-sm text-ink/70">
            {t("merchant.customer")}: {order.customerName} · {order.customerEmail} · {order.customerPhone}
          </p>
          <a href={paymentUrl(env().appUrl, order.publicId)} className="mt-1 inline-block text-sm text-brand-700 hover:underline" target="_blank">
            {t("merchant.paymentPage")} ↗
          </a>
        </div>
        <StoreBadge store={order.store} />
        {roleMay(member.role, "orders:act") && (
          <div className="w-full border-t border-black/10 pt-4">
            <OrderActions
              recheck={recheckAction.bind(null, order.id)}
              cancel={order.status === "pending" ? cancelCodeAction.bind(null, order.id) : undefined}
              issueNewCode={canRenewCode(order.status) ? issueNewCodeAction.bind(null, order.id) : undefined}
              markHandled={order.needsAttention ? markHandledAction.bind(null, order.id) : undefined}
              noteMaxChars={HANDLED_NOTE_MAX_CHARS}
            />
          </div>
        )}
      </section>

      <section className="rounded-2xl border border-black/10 bg-white p-5 shadow-sm">
        <h2 className="mb-3 font-semibold">{t("merchant.charges")}</h2>
        <ul className="divide-y divide-black/5 text-sm" data-testid="charges">
          {order.charges.map((charge) => (
            <li key={charge.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
              <span>
                {t("merchant.attempt", { attempt: charge.attempt })} · <strong>{PROVIDER_NAMES[charge.provider as ProviderId] ?? charge.provider}</strong>
              </span>
              <span className="font-mono">{charge.paymentCode ? groupCode(charge.paymentCode) : "—"}</span>
              <span className="text-xs">{t(`merchant.chargeStatus.${charge.status as ChargeStatus}`)}</span>
              <span className="text-ink/70">{charge.expiresAt ? formatWib(charge.expiresAt, locale, { weekday: false }) : charge.failureReason}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="rounded-2xl border border-black/10 bg-white p-5 shadow-sm">
        <h2 className="mb-3 font-semibold">{t("merchant.timeline")}</h2>
        <ol className="relative space-y-4 border-l-2 border-black/10 pl-5" data-testid="timeline">
          {timeline.map((entry) => (
            <li key={`${entry.kind}-${entry.id}`} className="relative">
              <span
                aria-hidden
                className={`absolute top-1.5 -left-[27px] h-3 w-3 rounded-full ring-4 ring-white ${
                  entry.kind === "rejected_webhook" ? "bg-red-600" : (EVENT_DOT[entry.type] ?? "bg-zinc-400")
                }`}
              />
              <p className="text-xs text-ink/70">
                <time dateTime={entry.at.toISOString()}>{formatWib(entry.at, locale, { weekday: false, seconds: true })}</time>
                {entry.kind === "event" && entry.toStatus && (
                  <>
                    {" · "}
                    {entry.fromStatus ? `${t(`common.status.${entry.fromStatus as "pending"}`)} → ` : ""}
                    <strong>{t(`common.status.${entry.toStatus as "pending"}`)}</strong>
                  </>
                )}
              </p>
              {entry.kind === "event" ? (
                <>
                  <p className="text-sm wrap-break-word">{describeOrderEvent(t, locale, entry)}</p>
                  {entry.delivery && <Payload delivery={entry.delivery} />}
                </>
              ) : (
                <>
                  <p className="text-sm font-medium text-red-800">
                    {PROVIDER_NAMES[entry.delivery.provider as ProviderId] ?? entry.delivery.provider} — {t("merchant.rejected")}: {entry.delivery.detail}
                  </p>
                  <Payload delivery={entry.delivery} />
                </>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section className="rounded-2xl border border-black/10 bg-white p-5 text-sm shadow-sm">
        <ul className="divide-y divide-black/5">
          {order.items.map((item) => (
            <li key={item.id} className="flex justify-between py-2">
              <span>
                {item.quantity} × {item.name}
              </span>
              <span className="tabular">{formatRupiah(item.unitPrice * item.quantity)}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
