import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

export default async function PaymentNotFound() {
  const { t } = await getTranslator();
  return (
    <section className="rounded-2xl border border-black/10 bg-white p-6 text-center shadow-sm">
      <h1 className="text-xl font-bold">{t("pay.notFound.title")}</h1>
      <p className="mt-2 text-ink/70">{t("pay.notFound.body")}</p>
      <Link href="/" className="mt-4 inline-block rounded-xl bg-brand-600 px-4 py-2.5 font-semibold text-white hover:bg-brand-700">
        {t("pay.notFound.backToShop")}
      </Link>
    </section>
  );
}
