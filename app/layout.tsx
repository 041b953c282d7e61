import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppProviders } from "@/components/app-providers";
import { env } from "@/lib/env";
import { MESSAGES } from "@/lib/i18n/catalog";
import { getLocale } from "@/lib/i18n/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: { default: env().merchantName, template: `%s · ${env().merchantName}` } };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0d7a5b" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh antialiased">
        <AppProviders locale={locale} messages={MESSAGES[locale]}>
          {children}
        </AppProviders>
      </body>
    </html>
  );
}
