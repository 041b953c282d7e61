import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/language-switch";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export default function SandboxLayout({ children }: { children: ReactNode }) {
  if (!env().sandbox.enabled) notFound();
  return (
    <>
      <header className="border-b-4 border-amber-400 bg-ink text-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/sandbox" className="flex items-center gap-2 font-bold">
            <span className="rounded bg-amber-400 px-2 py-0.5 text-xs font-extrabold uppercase tracking-wider text-ink">Sandbox</span>
            <span className="hidden sm:inline">Gerai provider simulators</span>
          </Link>
          <nav className="flex items-center gap-3 text-sm">
            <Link href="/sandbox/cashier" className="hover:underline">
              Cashier
            </Link>
            <Link href="/sandbox/mail" className="hover:underline">
              Mailbox
            </Link>
            <Link href="/" className="hover:underline">
              Shop
            </Link>
            <LanguageSwitch />
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 pb-16 pt-6">{children}</main>
    </>
  );
}
