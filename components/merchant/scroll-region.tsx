import type { ReactNode } from "react";

/**
 * A table's box that scrolls sideways on a narrow screen. It takes the focus, so the keyboard can
 * scroll it too (WCAG 2.1.1), and is named for screen readers by what it holds.
 */
export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`overflow-x-auto ${className ?? ""}`}>
      {children}
    </div>
  );
}
