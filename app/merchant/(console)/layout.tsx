import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/language-switch";
import { ConsoleNavLink } from "@/components/merchant/console-nav-link";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { roleMay } from "@/lib/console-accounts/permissions";
import { requireMember } from "@/lib/merchant-console/session";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Every member may read orders; each page and function checks what it needs itself. The links
  // a role cannot use are left out, but the server's checks are what keep it out.
  const member = await requireMember("orders:read");
  const { t } = await getTranslator();
  const owner = roleMay(member.role, "settings");
  return (
    <>
      <header className="border-b border-black/5 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/merchant" className="font-bold">
            {env().merchantName} · <span className="font-medium text-ink/70">{t("merchant.title")}</span>
          </Link>
          <div className="flex flex-wrap items-center gap-2">
            <ConsoleNavLink href="/merchant">{t("merchant.orders")}</ConsoleNavLink>
            <ConsoleNavLink href="/merchant/dashboard">{t("merchant.dashboard.nav")}</ConsoleNavLink>
            {owner && (
              <ConsoleNavLink href="/merchant/api-keys">{t("merchant.apiKeys.nav")}</ConsoleNavLink>
            )}
            <ConsoleNavLink href="/merchant/webhooks">{t("merchant.webhooks.nav")}</ConsoleNavLink>
            <ConsoleNavLink href="/merchant/jobs">{t("merchant.jobs.nav")}</ConsoleNavLink>
            {owner && (
              <ConsoleNavLink href="/merchant/team">{t("merchant.team.nav")}</ConsoleNavLink>
            )}
            <ConsoleNavLink href="/merchant/account" title={`${member.name} · ${t(`merchant.roles.${member.role}`)}`}>{t("merchant.account.nav")}</ConsoleNavLink>
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
