import type { Metadata } from "next";
import { MessageForm } from "@/components/merchant/message-form";
import { CONSOLE_ROLES } from "@/lib/console-accounts/permissions";
import { PASSWORD_LENGTH } from "@/lib/console-accounts/passwords";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { requireMember } from "@/lib/merchant-console/session";
import { listTeam } from "@/lib/merchant-console/team";
import { addMemberAction, changeRoleAction, signOutMemberAction, switchMemberAction } from "./actions";

export const metadata: Metadata = { title: "Team" };

const input = "mt-1 w-full rounded-lg border border-black/15 px-3 py-2 text-sm";
const button = "rounded-full border border-black/10 px-3 py-1 text-sm hover:bg-black/5";

export default async function TeamPage() {
  // Before anything renders, so that the 403 is the answer's status, not a page streamed after a 200.
  await requireMember("settings");
  const [{ t }, db] = await Promise.all([getTranslator(), getDb()]);
  const { members, you } = await listTeam(db);
  const roleOptions = CONSOLE_ROLES.map((role) => (
    <option key={role} value={role}>
      {t(`merchant.roles.${role}`)}
    </option>
  ));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t("merchant.team.title")}</h1>
      <p className="max-w-3xl text-sm text-ink/70">{t("merchant.team.intro")}</p>
      <ul className="space-y-3" data-testid="team">
        {members.map((member) => (
          <li key={member.id} className="space-y-2 rounded-2xl border border-black/10 bg-white p-4 text-sm shadow-sm" data-testid="member" data-email={member.email}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p>
                <span className="font-semibold">{member.name}</span> · {member.email}
                {member.id === you && <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-700">{t("merchant.team.you")}</span>}
              </p>
              <p className="text-ink/70">
                {t(`merchant.roles.${member.role}`)} · {t("merchant.team.activeSessions", { count: member.activeSessions })}
                {member.disabledAt && <span className="ml-2 rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">{t("merchant.team.disabledBadge")}</span>}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <MessageForm action={changeRoleAction.bind(null, member.id)} className="flex flex-wrap items-center gap-2">
                <select name="role" defaultValue={member.role} aria-label={t("merchant.team.role")} className="max-w-full rounded-lg border border-black/15 px-2 py-1 text-sm">
                  {roleOptions}
                </select>
                <button className={button}>{t("merchant.team.saveRole")}</button>
              </MessageForm>
              <MessageForm action={switchMemberAction.bind(null, member.id, !member.disabledAt)}>
                <button className={button}>{member.disabledAt ? t("merchant.team.enable") : t("merchant.team.disable")}</button>
              </MessageForm>
              {member.activeSessions > 0 && (
                <MessageForm action={signOutMemberAction.bind(null, member.id)}>
                  <button className={button}>{t("merchant.team.revokeSessions")}</button>
                </MessageForm>
              )}
            </div>
          </li>
        ))}
      </ul>

      <section className="rounded-2xl border border-black/10 bg-white p-4 shadow-sm">
        <h2 className="mb-1 font-semibold">{t("merchant.team.add")}</h2>
        <ul className="mb-3 text-xs text-ink/70" data-testid="role-help">
          {CONSOLE_ROLES.map((role) => (
            <li key={role}>
              <strong>{t(`merchant.roles.${role}`)}</strong>: {t(`merchant.roles.help.${role}`)}
            </li>
          ))}
        </ul>
        <MessageForm action={addMemberAction} className="grid gap-3 sm:grid-cols-2">
          <label className="block text-sm font-medium">
            {t("merchant.team.name")}
            <input name="name" required maxLength={80} autoComplete="off" className={input} />
          </label>
          <label className="block text-sm font-medium">
            {t("merchant.team.email")}
            <input name="email" type="email" required maxLength={200} autoComplete="off" className={input} />
          </label>
          <label className="block text-sm font-medium">
            {t("merchant.team.role")}
            <select name="role" defaultValue="staff" className={input}>
              {roleOptions}
            </select>
          </label>
          <label className="block text-sm font-medium">
            {t("merchant.team.password")}
            <input name="password" type="password" required minLength={PASSWORD_LENGTH.min} maxLength={PASSWORD_LENGTH.max} autoComplete="new-password" className={input} />
            <span className="mt-1 block text-xs font-normal text-ink/70">{t("merchant.team.passwordHelp")}</span>
          </label>
          <div>
            <button type="submit" className="rounded-xl bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
              {t("merchant.team.add")}
            </button>
          </div>
        </MessageForm>
      </section>
    </div>
  );
}
