import type { ReactNode } from "react";
import { CartLink } from "@/components/shop/cart-link";
import { SiteHeader } from "@/components/site-header";
import { env } from "@/lib/env";
import { ScopedMessages } from "@/lib/i18n/scoped";

export default function ShopLayout({ children }: { children: ReactNode }) {
  return (
    <ScopedMessages namespaces={["shop", "checkout"]}>
      <SiteHeader merchantName={env().merchantName}>
        <CartLink />
      </SiteHeader>
      <main className="mx-auto max-w-5xl px-4 pb-16 pt-6">{children}</main>
    </ScopedMessages>
  );
}
