import type { Metadata } from "next";
import { StoreBadge } from "@/components/store-badge";
import { getDb } from "@/lib/db/client";
import { isStore, STORES, type Store } from "@/lib/domain";
import { getTranslator } from "@/lib/i18n/server";
import { formatRupiah } from "@/lib/money";
import { groupCode } from "@/lib/payment-page/code-images";
import { openSandbox } from "@/lib/open-sandbox";
import { formatWib } from "@/lib/time";
import { cashierAction } from "./actions";

export const metadata: Metadata = { title: "Sandbox cashier" };

type Search = Record<string, string | string[] | undefined>;

const TILL: Record<Store, string> = {
  alfamart: "from-alfamart to-[#a5141a]",
  indomaret: "from-indomaret to-[#083d80]",
};

export default async function CashierPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { getSimulators, lookupCode, recentDeliveries, simulatorName } = await openSandbox();
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : "");
  const store: Store = isStore(one("store")) ? (one("store") as Store) : "indomaret";
  const simulators = getSimulators();
  const provider = [...simulators.keys()].find((id) => id === one("provider"));
  const code = one("code");
  const [{ t, locale }, db] = await Promise.all([getTranslator(), getDb()]);
  const now = new Date();
  const matches = code ? await lookupCode(db, simulators, { store, code, provider }, now) : [];
  const deliveries = await Promise.all(matches.map((match) => recentDeliveries(db, match.id)));

  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <div>
        <h1 className="text-2xl font-bold">{t("cashier.title")}</h1>
        <p className="text-ink/70">{t("cashier.subtitle")}</p>
      </div>

      <section className={`rounded-3xl bg-gradient-to-br p-1.5 shadow-lg ${TILL[store]}`}>
        <div className="rounded-[1.2rem] bg-[#101814] p-5 text-white">
          <div className="mb-4 flex items-center justify-between">
            <StoreBadge store={store} size="lg" />
            <span className="font-mono text-xs text-white/50">POS · {formatWib(now, locale, { weekday: false })}</span>
          </div>
          <form className="grid gap-3 sm:grid-cols-[8rem_9rem_1fr_auto]" method="get">
            <label className="text-xs text-white/60">
              {t("cashier.store")}
              <select name="store" defaultValue={store} className="mt-1 w-full rounded-lg bg-white/10 px-2 py-2 text-white">
                {STORES.map((value) => (
                  <option key={value} value={value} className="text-ink">
                    {value === "alfamart" ? "Alfamart" : "Indomaret"}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs text-white/60">
              {t("cashier.provider")}
              <select name="provider" defaultValue={provider ?? ""} className="mt-1 w-full rounded-lg bg-white/10 px-2 py-2 text-white">
                <option value="" className="text-ink">
                  {t("cashier.anyProvider")}
                </option>
                {[...simulators.keys()].map((id) => (
                  <option key={id} value={id} className="text-ink">
                    {simulatorName(id)}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs text-white/60">
              {t("cashier.code")}
              <input
                name="code"
                defaultValue={code}
                autoComplete="off"
                autoFocus
                className="mt-1 w-full rounded-lg bg-white px-3 py-2 font-mono text-lg tracking-wider text-ink"
                data-testid="cashier-code"
              />
            </label>
            <button type="submit" className="self-end rounded-lg bg-amber-400 px-5 py-2.5 font-bold text-ink hover:bg-amber-300">
              {t("cashier.lookup")}
            </button>
          </form>

          {one("error") && (
            <p role="alert" className="mt-4 rounded-lg bg-red-500/20 p-3 text-sm text-red-100">
              {one("error")}
            </p>
          )}
          {one("done") && (
            <p role="status" className="mt-4 rounded-lg bg-emerald-500/20 p-3 text-sm text-emerald-100" data-testid="cashier-done">
              {t("cashier.done", { action: one("done") })} {one("delivered") && `HTTP ${one("delivered")}`}
            </p>
          )}
          {code && matches.length === 0 && (
            <p className="mt-4 rounded-lg bg-white/10 p-3 text-sm">{t("cashier.notFound", { store: store === "alfamart" ? "Alfamart" : "Indomaret" })}</p>
          )}
        </div>
      </section>

      {matches.map((match, index) => (
        <section key={match.id} className="rounded-2xl border border-black/10 bg-white p-5 shadow-sm" data-testid="cashier-charge">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <p className="text-xs uppercase tracking-wide text-ink/70">{t("cashier.merchant")}</p>
              <p className="text-lg font-bold">{match.merchantName}</p>
              <p className="font-mono text-ink/70">{groupCode(match.paymentCode)}</p>
            </div>
            <div className="text-right">
              <p className="text-xs uppercase tracking-wide text-ink/70">{t("cashier.amount")}</p>
              <p className="text-2xl font-extrabold tabular">{formatRupiah(match.amount)}</p>
            </div>
          </div>
          <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-ink/70">{t("cashier.provider")}</dt>
              <dd className="font-semibold">{simulatorName(match.provider)}</dd>
            </div>
            <div>
              <dt className="text-ink/70">{t("cashier.status")}</dt>
              <dd className="font-mono font-semibold" data-testid="cashier-status">
                {match.status}
              </dd>
            </div>
            <div>
              <dt className="text-ink/70">&nbsp;</dt>
              <dd className="font-semibold">{t(`cashier.states.${match.state}`)}</dd>
            </div>
            <div>
              <dt className="text-ink/70">{t("cashier.expiresAt")}</dt>
              <dd className="font-semibold">{formatWib(match.expiresAt, locale, { weekday: false })}</dd>
            </div>
          </dl>
          {match.actions.length > 0 && (
            <div className="mt-4 flex flex-wrap gap-2">
              {match.actions.map((action) => (
                <form key={action} action={cashierAction}>
                  <input type="hidden" name="provider" value={match.provider} />
                  <input type="hidden" name="chargeId" value={match.id} />
                  <input type="hidden" name="action" value={action} />
                  <input type="hidden" name="store" value={store} />
                  <input type="hidden" name="code" value={match.paymentCode} />
                  <button
                    type="submit"
                    className={
                      action === "pay"
                        ? "rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
                        : "rounded-lg border border-black/15 px-4 py-2 font-semibold hover:bg-black/5"
                    }
                  >
                    {t(`cashier.actions.${action}`)}
                  </button>
                </form>
              ))}
            </div>
          )}
          <div className="mt-5 border-t border-black/5 pt-3">
            <h2 className="mb-2 text-sm font-semibold">{t("cashier.deliveries")}</h2>
            {deliveries[index]!.length === 0 ? (
              <p className="text-sm text-ink/70">{t("cashier.noDeliveries")}</p>
            ) : (
              <ul className="space-y-1 font-mono text-xs">
                {deliveries[index]!.map((delivery) => (
                  <li key={delivery.id} className="flex flex-wrap gap-x-3">
                    <span className="font-semibold">{delivery.event}</span>
                    <span>{delivery.status}</span>
                    <span>{delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : (delivery.lastError ?? "")}</span>
                    <span className="text-ink/70">{t("cashier.attempt", { count: delivery.attempts })}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      ))}
    </div>
  );
}
