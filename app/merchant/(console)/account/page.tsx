import type { Metadata } from "next";
import { MessageForm } from "@/components/merchant/message-form";
import { browserName } from "@/lib/console-accounts/browser-name";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { getOwnAccount } from "@/lib/merchant-console/team";
import { formatWib } from "@/lib/time";
import { signOutOthersAction, signOutSessionAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

const button = "rounded-full border border-black/10 px-3 py-1 text-sm hover:bg-black/5";

export default async function AccountPage() {
  const [{ t, locale }, db] = await Promise.all([getTranslator(), getDb()]);
  const { member, sessions } = await getOwnAccount(db);
  const when = (date: Date) => formatWib(date, locale, { weekday: false });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("merchant.account.title")}</h1>
      <p className="text-sm" data-testid="signed-in-as">
        {t("merchant.account.signedInAs", { name: member.name, email: member.email, role: t(`merchant.roles.${member.role}`) })}
      </p>
      <section className="space-y-2">
        <h2 className="text-lg font-bold">{t("merchant.account.sessions")}</h2>
        <ul className="space-y-2" data-testid="sessions">
          {sessions.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 rounded-2xl border border-black/10 bg-white p-3 text-sm shadow-sm" data-testid="session">
              <div className="min-w-0">
                <p className="break-all font-medium" title={session.userAgent ?? undefined}>
                  {session.current && <span className="mr-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-700">{t("merchant.account.thisBrowser")}</span>}
                  {browserName(session.userAgent) ?? t("merchant.account.unknownBrowser")}
                </p>
                <p className="text-xs text-ink/70">
                  {session.address && `${session.address} · `}
                  {t("merchant.account.session", { at: when(session.createdAt), expires: when(session.expiresAt) })}
                </p>
              </div>
              {!session.current && (
                <MessageForm action={signOutSessionAction.bind(null, session.id)}>
                  <button className={button}>{t("merchant.account.signOutSession")}</button>
                </MessageForm>
              )}
            </li>
          ))}
        </ul>
        <MessageForm action={signOutOthersAction}>
          <button className={button}>{t("merchant.account.signOutOthers")}</button>
        </MessageForm>
      </section>
    </div>
  );
}
