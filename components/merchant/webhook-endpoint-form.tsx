"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import type { CreateEndpointResult } from "@/lib/merchant-console/webhook-endpoints";

/** Adds an endpoint; the answer shows its signing secret, this once. */
export function WebhookEndpointForm({
  action,
  eventTypes,
}: {
  action: (state: CreateEndpointResult | undefined, form: FormData) => Promise<CreateEndpointResult | undefined>;
  eventTypes: readonly string[];
}) {
  const t = useTranslations("merchant.webhooks");
  const [state, submit, pending] = useActionState(action, undefined);
  const errors = state && !state.ok ? state.fields : {};
  return (
    <form action={submit} className="space-y-3 rounded-2xl border border-black/10 bg-white p-4 shadow-sm" data-testid="endpoint-form">
      <h2 className="text-lg font-bold">{t("add")}</h2>
      <label className="block text-sm font-medium">
        {t("url")}
        <input name="url" type="url" required placeholder="https://toko.example.id/gerai/webhooks" className="mt-1 w-full rounded-lg border border-black/15 px-3 py-2 font-mono text-sm" />
      </label>
      {errors.url && <p role="alert" className="text-sm font-medium text-red-700">{errors.url.join(" ")}</p>}
      <label className="block text-sm font-medium">
        {t("description")}
        <input name="description" maxLength={200} className="mt-1 w-full rounded-lg border border-black/15 px-3 py-2 text-sm" />
      </label>
      <fieldset>
        <legend className="text-sm font-medium">{t("events")}</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {eventTypes.map((type) => (
            <label key={type} className="flex items-center gap-2 font-mono text-sm">
              <input type="checkbox" name="event_types" value={type} defaultChecked={type === "order.paid"} />
              {type}
            </label>
          ))}
        </div>
      </fieldset>
      {errors.event_types && <p role="alert" className="text-sm font-medium text-red-700">{errors.event_types.join(" ")}</p>}
      <button type="submit" disabled={pending} className="rounded-xl bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
        {t("create")}
      </button>
      {state?.ok && (
        <div role="status" className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="endpoint-secret">
          <p>{t("secretOnce", { url: state.url })}</p>
          <code className="mt-1 block break-all font-mono text-sm font-semibold">{state.secret}</code>
        </div>
      )}
    </form>
  );
}
