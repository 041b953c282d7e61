import type { Metadata } from "next";
import { SignInForm } from "@/components/merchant/sign-in-form";
import { DEMO_OWNER } from "@/lib/console-accounts/demo-owner";
import { env, SANDBOX_SECRETS } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { signInAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Merchant", robots: { index: false } };

export default async function SignInPage() {
  const { t } = await getTranslator();
  const config = env();
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <div className="rounded-2xl border border-black/10 bg-white p-6 shadow-sm">
        <h1 className="mb-1 text-xl font-bold">{t("merchant.title")}</h1>
        <p className="mb-5 text-sm text-ink/70">{config.merchantName}</p>
        <SignInForm action={signInAction} />
        {config.sandbox.enabled && config.consolePassword === SANDBOX_SECRETS.consolePassword && (
          <p className="mt-4 rounded-lg bg-amber-50 p-3 text-xs text-amber-900">
            {t("common.testMode")}: <code>{DEMO_OWNER.email}</code> · <code>{SANDBOX_SECRETS.consolePassword}</code>
          </p>
        )}
      </div>
    </main>
  );
}
