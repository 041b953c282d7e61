import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppProviders } from "@/components/app-providers";
import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/server";
import { ScopedMessages } from "@/lib/i18n/scoped";
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
        <AppProviders>
          {/* The language switch's; each part of the app adds its own (lib/i18n/scoped.tsx). */}
          <ScopedMessages namespaces={[]}>{children}</ScopedMessages>
        </AppProviders>
      </body>
    </html>
  );
}
