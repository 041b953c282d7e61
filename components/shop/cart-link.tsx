"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import { useCart } from "./cart-context";

export function CartLink() {
  const t = useTranslations("shop");
  const { count } = useCart();
  return (
    <Link
      href="/checkout"
      className="no-print relative inline-flex items-center gap-2 rounded-full bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
      aria-label={`${t("cart")}: ${t("cartCount", { count })}`}
    >
      <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="10" cy="20" r="1.4" />
        <circle cx="17" cy="20" r="1.4" />
      </svg>
      <span className="hidden sm:inline">{t("cart")}</span>
      <span data-testid="cart-count" className="min-w-6 rounded-full bg-white px-1.5 text-center text-brand-700 tabular">
        {count}
      </span>
    </Link>
  );
}
