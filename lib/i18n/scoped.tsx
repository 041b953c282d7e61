import "server-only";
import type { ReactNode } from "react";
import { ScopedIntlProvider } from "@/components/scoped-messages";
import { MESSAGES, type Messages } from "./catalog";
import { getLocale } from "./server";

// A page carries to the browser only the messages its client components use: the payment page
// does not ship the console's or the cashier's strings. Server components translate from the
// whole catalogue on the server (getTranslator) and send nothing. Each part of the app names its
// namespaces in its layout; a missing one shows as a console error, which fails the e2e run.

export type Namespace = keyof Messages;

export async function ScopedMessages({ namespaces, children }: { namespaces: Namespace[]; children: ReactNode }) {
  const locale = await getLocale();
  const all = MESSAGES[locale];
  const messages = Object.fromEntries(["common", ...namespaces].map((namespace) => [namespace, all[namespace as Namespace]]));
  return (
    <ScopedIntlProvider locale={locale} messages={messages}>
      {children}
    </ScopedIntlProvider>
  );
}
