import type { Store } from "@/lib/domain";

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
