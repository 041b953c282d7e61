"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useLocale, useTranslations } from "use-intl";
import { chooseLocale } from "@/lib/i18n/actions";

export function LanguageSwitch() {
  const t = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next = locale === "id" ? "en" : "id";
  return (
    <button
      type="button"
      className="no-print rounded-full border border-black/10 bg-white px-3 py-1 text-sm font-medium text-ink/80 hover:bg-black/5 disabled:opacity-50"
      disabled={pending}
      lang={next}
      onClick={() =>
        startTransition(async () => {
          await chooseLocale(next);
          router.refresh();
        })
      }
    >
      <span className="sm:hidden" aria-hidden>
        {next.toUpperCase()}
      </span>
      <span className="sr-only sm:not-sr-only">{t("switchTo")}</span>
    </button>
  );
}
