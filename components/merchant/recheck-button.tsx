"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";

export function RecheckButton({ action }: { action: () => Promise<{ message: string; changed: boolean }> }) {
  const t = useTranslations("merchant");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState("");
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={pending}
        className="rounded-lg border border-brand-600 px-3 py-1.5 text-sm font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
        onClick={() =>
          startTransition(async () => {
            const result = await action();
            setMessage(result.message);
            if (result.changed) router.refresh();
          })
        }
      >
        {pending ? t("rechecking") : t("recheck")}
      </button>
      <span role="status" className="text-sm text-ink/70">
        {message}
      </span>
    </div>
  );
}
