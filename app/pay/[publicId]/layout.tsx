import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { env } from "@/lib/env";
import { ScopedMessages } from "@/lib/i18n/scoped";

export default function PaymentLayout({ children }: { children: ReactNode }) {
  return (
    <ScopedMessages namespaces={["pay"]}>
      <SiteHeader merchantName={env().merchantName} />
      <main className="mx-auto max-w-xl px-3 pb-12 pt-3 sm:px-4 sm:pt-6">{children}</main>
    </ScopedMessages>
  );
}
