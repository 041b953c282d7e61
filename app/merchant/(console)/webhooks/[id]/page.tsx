import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { getWebhookEndpoint } from "@/lib/merchant-console/webhook-endpoints";
import { formatWib } from "@/lib/time";
import { roleMay } from "@/lib/console-accounts/permissions";
import { requireMember } from "@/lib/merchant-console/session";
import { resendDeliveryAction, resendFailedAction } from "../actions";

export const metadata: Metadata = { title: "Webhook deliveries" };

/** The body as sent, indented for reading (it is always JSON; anything else is shown as it is). */
function readableJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const STATUS_STYLE: Record<string, string> = {
  delivered: "bg-emerald-100 text-emerald-900",
  pending: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-900",
};

export default async function WebhookDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember("orders:read");
  const [{ t, locale }, db, { id }] = await Promise.all([getTranslator(), getDb(), params]);
  const resends = roleMay(member.role, "orders:act");
  const found = await getWebhookEndpoint(db, id);
  if (!found) notFound();
  const { endpoint, deliveries, failed } = found;
  const when = (date: Date) => formatWib(date, locale, { weekday: false });
  return (
    <div className="space-y-6">
      <Link href="/merchant/webhooks" className="text-sm text-brand-700 hover:underline">
        ← {t("merchant.webhooks.back")}
      </Link>
      <div>
        <h1 className="break-all font-mono text-xl font-bold">{endpoint.url}</h1>
        <p className="mt-1 font-mono text-xs text-ink/70">{endpoint.eventTypes.join(" · ")}</p>
        {endpoint.disabledReason && <p className="mt-2 text-sm text-red-800">{endpoint.disabledReason}</p>}
      </div>
      {resends && failed > 0 && (
        <form action={resendFailedAction.bind(null, endpoint.id)}>
          <button className="rounded-xl bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
            {t("merchant.webhooks.resendFailed", { count: failed })}
          </button>
        </form>
      )}
      <h2 className="text-lg font-bold">{t("merchant.webhooks.deliveries")}</h2>
      {deliveries.length === 0 ? (
        <p className="text-sm text-ink/70">{t("merchant.webhooks.noDeliveries")}</p>
      ) : (
        <ul className="space-y-3" data-testid="deliveries">
          {deliveries.map((delivery) => (
            <li key={delivery.id} className="rounded-2xl border border-black/10 bg-white p-4 text-sm shadow-sm" data-testid="delivery">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-mono font-semibold">{delivery.notification.type}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[delivery.status] ?? ""}`} data-testid="delivery-status">
                  {t(`merchant.webhooks.deliveryStatus.${delivery.status as "pending" | "delivered" | "failed"}`)}
                </span>
              </div>
              <p className="mt-1 text-ink/70">
                <Link href={`/merchant/orders/${delivery.notification.orderId}`} className="font-mono text-brand-700 hover:underline">
                  {delivery.notification.orderId}
                </Link>{" "}
                · {when(delivery.notification.createdAt)} · {t("merchant.webhooks.attempts")}: {delivery.attemptLog.length}
                {delivery.status === "pending" && delivery.nextAttemptAt && ` · ${t("merchant.webhooks.nextAttempt", { at: when(delivery.nextAttemptAt) })}`}
              </p>
              <ol className="mt-2 space-y-2">
                {delivery.attemptLog.map((attempt) => (
                  <li key={attempt.id}>
                    <details className="rounded-lg bg-black/[0.03] p-2" data-testid="attempt">
                      <summary className="cursor-pointer">
                        <span className="font-semibold">{attempt.responseStatus ? `HTTP ${attempt.responseStatus}` : t("merchant.webhooks.noResponse", { error: attempt.error ?? "" })}</span>{" "}
                        · {t("merchant.webhooks.attemptAt", { at: when(attempt.at), duration: attempt.durationMs })}
                        {attempt.manual && ` · ${t("merchant.webhooks.manual")}`}
                      </summary>
                      <p className="mt-2 text-xs font-semibold uppercase text-ink/70">{t("merchant.webhooks.request")}</p>
                      <pre className="overflow-x-auto whitespace-pre-wrap break-all text-xs">
                        {Object.entries(attempt.requestHeaders as Record<string, string>)
                          .map(([name, value]) => `${name}: ${value}`)
                          .join("\n")}
                        {"\n\n"}
                        {readableJson(attempt.requestBody)}
                      </pre>
                      <p className="mt-2 text-xs font-semibold uppercase text-ink/70">{t("merchant.webhooks.response")}</p>
                      <pre className="overflow-x-auto whitespace-pre-wrap break-all text-xs">{attempt.responseBody ?? attempt.error ?? ""}</pre>
                    </details>
                  </li>
                ))}
              </ol>
              {resends && (
                <form action={resendDeliveryAction.bind(null, endpoint.id, delivery.id)} className="mt-2">
                  <button className="rounded-full border border-black/10 px-3 py-1 text-sm hover:bg-black/5">{t("merchant.webhooks.resend")}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
