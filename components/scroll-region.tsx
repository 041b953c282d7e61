import type { ReactNode } from "react";

/**
 * A table's box that scrolls sideways on a narrow screen. It takes the focus, so the keyboard can
 * scroll it too (WCAG 2.1.1), and is named for screen readers by what it holds.
 */
export function ScrollRegion({ label, className, id, children }: { label: string; className?: string; id?: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} id={id} className={`overflow-x-auto ${className ?? ""}`}>
      {children}
    </div>
  );
}
