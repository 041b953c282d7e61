"use client";

import type { ReactNode } from "react";
import { IntlProvider } from "use-intl";
import type { Locale } from "@/lib/i18n/catalog";

/** The messages of one part of the app (lib/i18n/scoped.tsx picks them), for its client components. */
export function ScopedIntlProvider({ locale, messages, children }: { locale: Locale; messages: Record<string, unknown>; children: ReactNode }) {
  return (
    <IntlProvider locale={locale} messages={messages} timeZone="Asia/Jakarta">
      {children}
    </IntlProvider>
  );
}
