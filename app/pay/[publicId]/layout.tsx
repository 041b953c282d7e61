import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { env } from "@/lib/env";
import { ScopedMessages } from "@/lib/i18n/scoped";

export default function PaymentLayout({ children }: { children: ReactNode }) {
  return (
    <ScopedMessages namespaces={["pay"]}>
      <SiteHeader merchantName={env().merchantName} />
      {/* Printed, the slip starts and ends at the page margins: its padding would push the last box onto a second sheet. */}
      <main className="mx-auto max-w-xl px-3 pb-12 pt-3 sm:px-4 sm:pt-6 print:py-0">{children}</main>
    </ScopedMessages>
  );
}
