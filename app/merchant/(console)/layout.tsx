import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/language-switch";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { requireMerchant } from "@/lib/merchant-console/session";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await requireMerchant();
  const { t } = await getTranslator();
  return (
    <>
      <header className="border-b border-black/5 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/merchant" className="font-bold">
            {env().merchantName} · <span className="font-medium text-ink/70">{t("merchant.title")}</span>
          </Link>
          <div className="flex flex-wrap items-center gap-2">
            <Link href="/merchant/dashboard" className="rounded-full px-3 py-1 text-sm hover:bg-black/5">
              {t("merchant.dashboard.nav")}
            </Link>
            <Link href="/merchant/api-keys" className="rounded-full px-3 py-1 text-sm hover:bg-black/5">
              {t("merchant.apiKeys.nav")}
            </Link>
            <Link href="/merchant/webhooks" className="rounded-full px-3 py-1 text-sm hover:bg-black/5">
              {t("merchant.webhooks.nav")}
            </Link>
            <Link href="/merchant/jobs" className="rounded-full px-3 py-1 text-sm hover:bg-black/5">
              {t("merchant.jobs.nav")}
            </Link>
            <LanguageSwitch />
            <form action={signOutAction}>
              <button className="rounded-full border border-black/10 px-3 py-1 text-sm hover:bg-black/5">{t("merchant.signOut")}</button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 pb-16 pt-6">{children}</main>
    </>
  );
}
