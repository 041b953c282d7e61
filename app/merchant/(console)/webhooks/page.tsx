import type { Metadata } from "next";
import Link from "next/link";
import { WebhookEndpointForm } from "@/components/merchant/webhook-endpoint-form";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { roleMay } from "@/lib/console-accounts/permissions";
import { requireMember } from "@/lib/merchant-console/session";
import { listWebhookEndpoints } from "@/lib/merchant-console/webhook-endpoints";
import { ORDER_NOTIFICATION_TYPES } from "@/lib/orders/order-notifications";
import { createEndpointAction, deleteEndpointAction, switchEndpointAction } from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhookEndpointsPage() {
  const member = await requireMember("orders:read");
  const [{ t }, db] = await Promise.all([getTranslator(), getDb()]);
  const manages = roleMay(member.role, "settings");
  const endpoints = await listWebhookEndpoints(db);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("merchant.webhooks.title")}</h1>
      <p className="max-w-3xl text-sm text-ink/70">{t("merchant.webhooks.intro")}</p>
      {endpoints.length === 0 ? (
        <p className="text-sm text-ink/70">{t("merchant.webhooks.none")}</p>
      ) : (
        <ul className="space-y-3" data-testid="endpoints">
          {endpoints.map(({ endpoint, delivered, pending, failed }) => (
            <li key={endpoint.id} className="rounded-2xl border border-black/10 bg-white p-4 shadow-sm" data-testid="endpoint">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="break-all font-mono text-sm font-semibold">{endpoint.url}</p>
                  {endpoint.description && <p className="text-sm text-ink/70">{endpoint.description}</p>}
                  <p className="mt-1 font-mono text-xs text-ink/70">{endpoint.eventTypes.join(" · ")}</p>
                </div>
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-semibold ${endpoint.enabled ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`}
                  data-testid="endpoint-state"
                >
                  {endpoint.enabled ? t("merchant.webhooks.enabled") : t("merchant.webhooks.disabled")}
                </span>
              </div>
              {endpoint.disabledReason && <p className="mt-2 text-sm text-red-800">{endpoint.disabledReason}</p>}
              <p className="mt-2 text-sm text-ink/70">{t("merchant.webhooks.deliveryCounts", { delivered, pending, failed })}</p>
              <div className="mt-3 flex flex-wrap gap-2">
                <Link href={`/merchant/webhooks/${endpoint.id}`} className="rounded-full border border-black/10 px-3 py-1 text-sm font-medium hover:bg-black/5">
                  {t("merchant.webhooks.deliveries")}
                </Link>
                {manages && (
                  <>
                    <form action={switchEndpointAction.bind(null, endpoint.id, !endpoint.enabled)}>
                      <button className="rounded-full border border-black/10 px-3 py-1 text-sm hover:bg-black/5">
                        {endpoint.enabled ? t("merchant.webhooks.disable") : t("merchant.webhooks.enable")}
                      </button>
                    </form>
                    <form action={deleteEndpointAction.bind(null, endpoint.id)}>
                      <button className="rounded-full border border-red-200 px-3 py-1 text-sm text-red-800 hover:bg-red-50">{t("merchant.webhooks.remove")}</button>
                    </form>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {manages && <WebhookEndpointForm action={createEndpointAction} eventTypes={ORDER_NOTIFICATION_TYPES} />}
    </div>
  );
}
