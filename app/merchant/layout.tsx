import type { ReactNode } from "react";
import { ScopedMessages } from "@/lib/i18n/scoped";

/** The console's and its sign-in page's client components read the merchant's messages. */
export default function MerchantLayout({ children }: { children: ReactNode }) {
  return <ScopedMessages namespaces={["merchant"]}>{children}</ScopedMessages>;
}
