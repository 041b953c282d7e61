"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";

/** Gets a new code for the same order after the last one expired or failed. */
export function RenewButton({ action }: { action: () => Promise<{ ok: boolean }> }) {
  const t = useTranslations("pay.expired");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <div className="space-y-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await action();
            setFailed(!result.ok);
            if (result.ok) router.refresh();
          })
        }
        className="w-full rounded-xl bg-brand-600 px-4 py-3 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? t("renewing") : t("renew")}
      </button>
      {failed && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {t("renewFailed")}
        </p>
      )}
    </div>
  );
}
