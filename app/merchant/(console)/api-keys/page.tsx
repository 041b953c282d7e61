import type { Metadata } from "next";
import { ApiKeyForm } from "@/components/merchant/api-key-form";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { listMerchantApiKeys } from "@/lib/merchant-console/api-keys";
import { requireMember } from "@/lib/merchant-console/session";
import { formatWib } from "@/lib/time";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  // Before anything renders, so that the 403 is the answer's status, not a page streamed after a 200.
  await requireMember("settings");
  const [{ t, locale }, db] = await Promise.all([getTranslator(), getDb()]);
  const keys = await listMerchantApiKeys(db);
  const when = (date: Date) => formatWib(date, locale, { weekday: false });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("merchant.apiKeys.title")}</h1>
      <p className="max-w-3xl text-sm text-ink/70">{t("merchant.apiKeys.intro")}</p>
      <ApiKeyForm action={createApiKeyAction} />
      {keys.length === 0 ? (
        <p className="text-sm text-ink/70">{t("merchant.apiKeys.none")}</p>
      ) : (
        <ul className="space-y-2" data-testid="api-keys">
          {keys.map((key) => (
            <li key={key.id} className="flex flex-wrap items-center justify-between gap-2 rounded-2xl border border-black/10 bg-white p-3 text-sm shadow-sm" data-testid="api-key">
              <div className="min-w-0">
                <p className="font-semibold">{key.name}</p>
                <p className="font-mono text-xs text-ink/70">
                  {key.prefix}… · {t(`merchant.apiKeys.modes.${key.mode as "test" | "live"}`)}
                </p>
                <p className="text-xs text-ink/70">
                  {t("merchant.apiKeys.created", { at: when(key.createdAt) })}
                  {key.revokedAt && ` · ${t("merchant.apiKeys.revoked", { at: when(key.revokedAt) })}`}
                </p>
              </div>
              {!key.revokedAt && (
                <form action={revokeApiKeyAction.bind(null, key.id)}>
                  <button className="rounded-full border border-red-200 px-3 py-1 text-sm text-red-800 hover:bg-red-50">{t("merchant.apiKeys.revoke")}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
