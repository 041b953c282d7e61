"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useTranslations } from "use-intl";

export type CheckAgainResult = "changed" | "unchanged" | "failed";

/** "I have paid, check again": asks the provider now instead of waiting for its notification. */
export function CheckAgainButton({ action }: { action: () => Promise<CheckAgainResult> }) {
  const t = useTranslations("pay");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<CheckAgainResult | null>(null);
  return (
    <div className="no-print space-y-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const outcome = await action();
            setResult(outcome);
            if (outcome === "changed") router.refresh();
          })
        }
        className="w-full rounded-xl border-2 border-brand-600 px-4 py-2.5 font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      >
        {pending ? t("checking") : t("checkAgain")}
      </button>
      <p role="status" className="text-sm text-ink/70">
        {result === "unchanged" ? t("stillPending") : result === "failed" ? t("checkFailed") : ""}
      </p>
    </div>
  );
}
