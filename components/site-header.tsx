import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitch } from "./language-switch";

/** The merchant's own bar: their name (what the cashier reads out), language, and extras. */
export function SiteHeader({ merchantName, children }: { merchantName: string; children?: ReactNode }) {
  return (
    <header className="no-print border-b border-black/5 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="flex min-w-0 items-center gap-2 font-bold tracking-tight text-ink">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 text-white">
            <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M4 10h16l-1.5-5h-13zM5 10v9h14v-9M9 19v-5h6v5" strokeLinejoin="round" />
            </svg>
          </span>
          <span className="truncate">{merchantName}</span>
        </Link>
        <div className="flex shrink-0 items-center gap-2">
          <LanguageSwitch />
          {children}
        </div>
      </div>
    </header>
  );
}
