"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { useCart } from "./cart-context";

export function AddToCartButton({ productId, productName }: { productId: string; productName: string }) {
  const t = useTranslations("shop");
  const { add } = useCart();
  const [justAdded, setJustAdded] = useState(false);
  return (
    <button
      type="button"
      className="w-full rounded-xl bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700 active:scale-[0.99]"
      aria-label={`${t("add")}: ${productName}`}
      onClick={() => {
        add(productId);
        setJustAdded(true);
        setTimeout(() => setJustAdded(false), 1200);
      }}
    >
      <span aria-live="polite">{justAdded ? `✓ ${t("added")}` : t("add")}</span>
    </button>
  );
}
