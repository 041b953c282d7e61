"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { IntlProvider } from "use-intl";
import type { Locale, Messages } from "@/lib/i18n/catalog";
import { CartProvider } from "@/components/shop/cart-context";

export function AppProviders({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } } }),
  );
  return (
    <IntlProvider locale={locale} messages={messages} timeZone="Asia/Jakarta">
      <QueryClientProvider client={queryClient}>
        <CartProvider>{children}</CartProvider>
      </QueryClientProvider>
    </IntlProvider>
  );
}
