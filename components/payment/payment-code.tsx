"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

/**
 * The code, as large as its box allows, in blocks of four that never break apart, with a Copy
 * button that copies it without spaces. Font size follows the box width (container query
 * units), so a 20-character code still fits one line on a 360 px phone.
 */
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
    <div className="@container">
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
        style={{ fontSize: `min(2rem, calc(100cqw / ${(grouped.length * 0.62).toFixed(2)}))` }}
        className="block font-mono leading-tight font-bold"
      >
        {grouped.split(" ").map((block, index) => (
          <span key={index} className="whitespace-nowrap">
            {index > 0 && " "}
            {block}
          </span>
        ))}
      </output>
    </div>
  );
}
