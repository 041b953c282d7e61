import type { ReactNode } from "react";
import { CartLink } from "@/components/shop/cart-link";
import { SiteHeader } from "@/components/site-header";
import { env } from "@/lib/env";

export default function ShopLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader merchantName={env().merchantName}>
        <CartLink />
      </SiteHeader>
      <main className="mx-auto max-w-5xl px-4 pb-16 pt-6">{children}</main>
    </>
  );
}
