import type { Store } from "@/lib/domain";
import { jakartaMidnightBefore } from "@/lib/time";

// Where a payment code issued for a store can be paid, by the store chain and the code's amount.
// Neutral facts about the chains, not about any provider: the provider that issued the code has
// already checked its own limits, so the page only says which outlets take it.
//
// Sources:
// - Alfamart codes are paid across the Alfa group: seed 000 (/work/shared/providers.md) lists DOKU's
//   Alfa channel as Alfamart, Alfamidi, Lawson and Dan+Dan; the page names the three it always
//   named (Alfamart, Alfamidi, Dan+Dan). Only Alfamidi's limit below is documented.
// - Alfamart takes codes up to Rp 5.000.000: Monxa's limits (seed 000), Xendit's Alfamart page and
//   PPRO's page for the DOKU-run Alfamart method all list Rp 5.000.000.
// - Xendit's Alfamart page notes that above Rp 2.500.000 Alfamidi does not take the code.
// - Indomaret codes are paid at Indomaret; no outlet-level limit is documented beyond the
//   provider's own (Monxa Rp 2.500.000, Fazz Rp 5.000.000), which the provider enforced at issue.

/** Above this, Alfamidi refuses an Alfamart code (Xendit's Alfamart page). */
export const ALFAMIDI_MAX_AMOUNT = 2_500_000;

export interface StoreAcceptance {
  /** Outlets where this code can be paid, main chain first. */
  payAt: string[];
  /** Outlets of the same group that refuse this code, and above what amount they do. */
  refusedAt: { outlet: string; above: number }[];
}

export function whereCodeCanBePaid(store: Store, amount: number): StoreAcceptance {
  if (store === "indomaret") return { payAt: ["Indomaret"], refusedAt: [] };
  if (amount > ALFAMIDI_MAX_AMOUNT) {
    return { payAt: ["Alfamart", "Dan+Dan"], refusedAt: [{ outlet: "Alfamidi", above: ALFAMIDI_MAX_AMOUNT }] };
  }
  return { payAt: ["Alfamart", "Alfamidi", "Dan+Dan"], refusedAt: [] };
}

// When a code can be paid: the stores stop taking these payments late at night, from around
// 22.00–23.00 until 01.00 WIB (seed experience.md). We count the pause from 23.00, as the page's
// warning says.
export const NIGHT_PAUSE = { fromHour: 23, untilHour: 1 } as const;

/**
 * The effective last moment to pay a code whose deadline falls in the night pause: the start of
 * that pause (23.00 WIB the evening before or of the deadline). Undefined for a deadline outside it.
 */
export function lastMomentBeforeNightPause(deadline: Date): Date | undefined {
  const midnight = jakartaMidnightBefore(deadline);
  const hour = (deadline.getTime() - midnight.getTime()) / 3_600_000;
  if (hour >= NIGHT_PAUSE.untilHour && hour < NIGHT_PAUSE.fromHour) return undefined;
  // 23.00 of the same evening, or of the evening before for a deadline after midnight.
  const evening = hour >= NIGHT_PAUSE.fromHour ? midnight : new Date(midnight.getTime() - 24 * 3_600_000);
  return new Date(evening.getTime() + NIGHT_PAUSE.fromHour * 3_600_000);
}
