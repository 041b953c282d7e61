import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";
import { currentMember } from "@/lib/merchant-console/session";

/** What a member sees, with status 403, where their role may not go (forbidden() in lib/merchant-console/session.ts). */
export default async function Forbidden() {
  const [{ t }, member] = await Promise.all([getTranslator(), currentMember()]);
  return (
    <div className="mx-auto max-w-lg space-y-3 rounded-2xl border border-black/10 bg-white p-6 shadow-sm" data-testid="forbidden">
      <h1 className="text-xl font-bold">{t("merchant.forbidden.title")}</h1>
      <p className="text-sm text-ink/80">{t("merchant.forbidden.body", { role: member ? t(`merchant.roles.${member.role}`) : "—" })}</p>
      <Link href="/merchant" className="inline-block text-sm font-semibold text-brand-700 hover:underline">
        {t("merchant.back")}
      </Link>
    </div>
  );
}
