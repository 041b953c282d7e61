"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import type { CreateApiKeyResult } from "@/lib/merchant-console/api-keys";

/** Makes a key; the answer shows it, this once. */
export function ApiKeyForm({ action }: { action: (state: CreateApiKeyResult | undefined, form: FormData) => Promise<CreateApiKeyResult | undefined> }) {
  const t = useTranslations("merchant.apiKeys");
  const [state, submit, pending] = useActionState(action, undefined);
  const errors = state && !state.ok ? state.fields : {};
  return (
    <form action={submit} className="space-y-3 rounded-2xl border border-black/10 bg-white p-4 shadow-sm" data-testid="api-key-form">
      <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
        <label className="block text-sm font-medium">
          {t("name")}
          <input name="name" required maxLength={60} placeholder="Server toko" className="mt-1 w-full rounded-lg border border-black/15 px-3 py-2 text-sm" />
        </label>
        <label className="block text-sm font-medium">
          {t("mode")}
          <select name="mode" defaultValue="test" className="mt-1 w-full rounded-lg border border-black/15 px-3 py-2 text-sm">
            <option value="test">{t("modes.test")}</option>
            <option value="live">{t("modes.live")}</option>
          </select>
        </label>
      </div>
      {errors.name && <p role="alert" className="text-sm font-medium text-red-700">{errors.name.join(" ")}</p>}
      <button type="submit" disabled={pending} className="rounded-xl bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
        {t("create")}
      </button>
      {state?.ok && (
        <div role="status" className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="api-key-secret">
          <p>{t("keyOnce", { name: state.name })}</p>
          <code className="mt-1 block break-all font-mono text-sm font-semibold">{state.key}</code>
        </div>
      )}
    </form>
  );
}
