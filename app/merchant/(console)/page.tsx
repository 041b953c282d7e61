import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { StoreBadge } from "@/components/store-badge";
import { getDb } from "@/lib/db/client";
import { ORDER_STATUSES, STORES, STORE_NAMES } from "@/lib/domain";
import { PROVIDER_IDS, PROVIDER_NAMES, type ProviderId } from "@/lib/providers/catalog";
import { getTranslator } from "@/lib/i18n/server";
import { listOrders, orderFiltersSchema } from "@/lib/merchant-console/orders";
import { requireMember } from "@/lib/merchant-console/session";
import { formatRupiah } from "@/lib/money";
import { formatWib } from "@/lib/time";
import { ScrollRegion } from "@/components/scroll-region";
import { LiveRefresh } from "@/components/merchant/live-refresh";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireMember("orders:read");
  const filters = orderFiltersSchema.parse(await searchParams);
  const [{ t, locale }, db] = await Promise.all([getTranslator(), getDb()]);
  const { orders, nextBefore } = await listOrders(db, filters);
  const select = "rounded-lg border border-black/15 bg-white px-2 py-2 text-sm";
  const withFilters = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ ...filters, ...extra }).filter(([, value]) => value) as [string, string][]);
  const next = withFilters({ before: nextBefore ?? "" });
  const exportQuery = withFilters({ before: "" });

  return (
    <div className="space-y-4">
      <LiveRefresh />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("merchant.orders")}</h1>
        {/* A download, not a page: a plain link so the browser saves the streamed file. */}
        <a href={`/api/merchant/orders/export?${exportQuery.toString()}`} download className="rounded-lg border border-black/15 bg-white px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-brand-50">
          {t("merchant.exportCsv")}
        </a>
      </div>
      <form className="flex flex-wrap items-end gap-2 rounded-2xl border border-black/10 bg-white p-3 shadow-sm" method="get">
        <input name="q" defaultValue={filters.q} placeholder={t("merchant.search")} aria-label={t("merchant.search")} className="min-w-60 flex-1 rounded-lg border border-black/15 px-3 py-2 text-sm" />
        <select name="status" defaultValue={filters.status ?? ""} aria-label={t("merchant.columns.status")} className={select}>
          <option value="">{t("merchant.allStatuses")}</option>
          {ORDER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`common.status.${status}`)}
            </option>
          ))}
        </select>
        <select name="store" defaultValue={filters.store ?? ""} aria-label={t("merchant.columns.store")} className={select}>
          <option value="">{t("merchant.allStores")}</option>
          {STORES.map((store) => (
            <option key={store} value={store}>
              {STORE_NAMES[store]}
            </option>
          ))}
        </select>
        <select name="provider" defaultValue={filters.provider ?? ""} aria-label={t("merchant.columns.provider")} className={select}>
          <option value="">{t("merchant.allProviders")}</option>
          {PROVIDER_IDS.map((provider) => (
            <option key={provider} value={provider}>
              {PROVIDER_NAMES[provider]}
            </option>
          ))}
        </select>
        <label className="flex items-center gap-2 px-2 py-2 text-sm">
          <input type="checkbox" name="attention" value="1" defaultChecked={Boolean(filters.attention)} />
          {t("merchant.onlyAttention")}
        </label>
        <button className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">{t("merchant.filter")}</button>
      </form>

      <ScrollRegion label={t("merchant.orders")} className="rounded-2xl border border-black/10 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <thead className="bg-black/[0.03] text-xs uppercase tracking-wide text-ink/70">
            <tr>
              {(["reference", "customer", "amount", "store", "provider", "status", "created"] as const).map((column) => (
                <th key={column} className="px-3 py-2 whitespace-nowrap">
                  {t(`merchant.columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id} className="border-t border-black/5 hover:bg-brand-50/50" data-testid="order-row">
                <td className="px-3 py-2.5">
                  <Link href={`/merchant/orders/${order.id}`} className="font-semibold text-brand-700 hover:underline">
                    {order.reference}
                  </Link>
                  {order.needsAttention && <span className="ml-2 rounded bg-red-600 px-1.5 py-0.5 text-[10px] font-bold uppercase text-white">{t("merchant.needsAttention")}</span>}
                </td>
                <td className="px-3 py-2.5">{order.customerName}</td>
                <td className="px-3 py-2.5 font-semibold whitespace-nowrap tabular">{formatRupiah(order.amount)}</td>
                <td className="px-3 py-2.5">
                  <StoreBadge store={order.store} size="sm" />
                </td>
                <td className="px-3 py-2.5">{order.provider ? PROVIDER_NAMES[order.provider as ProviderId] : "—"}</td>
                <td className="px-3 py-2.5">
                  <StatusBadge status={order.status} label={t(`common.status.${order.status}`)} />
                </td>
                <td className="px-3 py-2.5 whitespace-nowrap text-ink/70">{formatWib(order.createdAt, locale, { weekday: false })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {orders.length === 0 && <p className="p-6 text-center text-ink/70">{t("merchant.noOrders")}</p>}
      </ScrollRegion>
      {nextBefore && (
        <Link href={`/merchant?${next.toString()}`} className="inline-block text-sm font-semibold text-brand-700 hover:underline">
          {t("merchant.older")}
        </Link>
      )}
    </div>
  );
}
