"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";

export function SignInForm({ action }: { action: (state: { error?: string }, form: FormData) => Promise<{ error?: string }> }) {
  const t = useTranslations("merchant");
  const [state, submit, pending] = useActionState(action, {});
  return (
    <form action={submit} className="space-y-4">
      <label className="block text-sm font-medium">
        {t("email")}
        <input name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded-lg border border-black/15 px-3 py-2.5" />
      </label>
      <label className="block text-sm font-medium">
        {t("password")}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 w-full rounded-lg border border-black/15 px-3 py-2.5"
        />
      </label>
      {state.error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-full rounded-xl bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
        {t("signIn")}
      </button>
    </form>
  );
}
