import type { OrderStatus } from "@/lib/domain";

const STYLE: Record<OrderStatus, string> = {
  pending: "bg-amber-100 text-amber-900",
  paid: "bg-emerald-100 text-emerald-900",
  underpaid: "bg-orange-100 text-orange-900",
  expired: "bg-zinc-200 text-zinc-800",
  cancelled: "bg-zinc-200 text-zinc-800",
  failed: "bg-red-100 text-red-900",
  reversed: "bg-red-100 text-red-900",
};

/** The status in the words the merchant's staff use (Menunggu Pembayaran, Lunas, …). */
export function StatusBadge({ status, label }: { status: OrderStatus; label: string }) {
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold whitespace-nowrap ${STYLE[status]}`}>{label}</span>;
}
