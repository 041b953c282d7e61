import type { Store } from "@/lib/domain";
import { STORE_NAMES } from "@/lib/domain";

// The store's name in its own colours, so a shopper recognises it at a glance (never a logo).
const STYLE: Record<Store, string> = {
  alfamart: "bg-alfamart text-white ring-alfamart-accent",
  indomaret: "bg-indomaret text-indomaret-accent ring-indomaret-accent",
};

export function StoreBadge({ store, size = "md" }: { store: Store; size?: "sm" | "md" | "lg" }) {
  const sizes = { sm: "px-2 py-0.5 text-xs", md: "px-3 py-1 text-sm", lg: "px-4 py-1.5 text-lg" };
  return (
    <span className={`inline-flex items-center rounded-md font-extrabold italic tracking-tight ring-2 ring-inset ${STYLE[store]} ${sizes[size]}`}>
      {STORE_NAMES[store]}
    </span>
  );
}
