"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { GroupedCode } from "./grouped-code";

/** The code with a Copy button that copies it without spaces. */
export function PaymentCode({ code, grouped, label }: { code: string; grouped: string; label: string }) {
  const t = useTranslations("pay");
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
    } catch {
      // Older browsers and insecure origins: select the text so the shopper can copy it.
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("payment-code")!);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2500);
  }
  return (
    <div>
      <div className="mb-1 flex items-center justify-between gap-3">
        <p className="text-xs font-medium uppercase tracking-wide text-brand-800">{label}</p>
        <button
          type="button"
          onClick={copy}
          aria-label={t("copyLabel")}
          className="no-print shrink-0 rounded-lg border border-brand-600 bg-white px-3 py-1 text-sm font-semibold text-brand-700 hover:bg-brand-50"
        >
          <span aria-live="polite">{copied ? `✓ ${t("copied")}` : t("copy")}</span>
        </button>
      </div>
      <output
        id="payment-code"
        data-testid="payment-code"
        data-code={code}
        aria-label={`${t("code")}: ${code.split("").join(" ")}`}
        className="block"
      >
        <GroupedCode grouped={grouped} maxRem={2} />
      </output>
    </div>
  );
}
