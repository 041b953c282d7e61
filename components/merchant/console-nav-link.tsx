"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * A link in the console's header that says which page you are on (aria-current and a filled pill).
 * The orders list is "/merchant" and owns the order pages under it; the layout renders on the
 * server without the path, so the path is read here.
 */
export function ConsoleNavLink({ href, title, children }: { href: string; title?: string; children: ReactNode }) {
  const path = usePathname();
  const current = href === "/merchant" ? path === href || path.startsWith("/merchant/orders") : path === href || path.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      title={title}
      aria-current={current ? "page" : undefined}
      className={`rounded-full px-3 py-1 text-sm ${current ? "bg-brand-50 font-semibold text-brand-800" : "hover:bg-black/5"}`}
    >
      {children}
    </Link>
  );
}
