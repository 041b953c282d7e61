import type { ProviderId, Store } from "@/lib/domain";
import { formatRupiah } from "@/lib/money";
import type { AmountLimits, PaymentProvider } from "./types";

// Which providers may issue a code for this store and amount, in the merchant's order of
// preference. Limits are each provider's own (Monxa and Fazz disagree on which store takes more),
// so they are checked per provider before anyone is called.

export type RoutePlan =
  | { ok: true; providers: PaymentProvider[] }
  | { ok: false; reason: "amount_out_of_range"; limits: AmountLimits; bound: "min" | "max"; message: string }
  | { ok: false; reason: "store_not_supported"; message: string };

export interface RouteRequest {
  store: Store;
  amount: number;
  preference: readonly ProviderId[];
  providers: ReadonlyMap<ProviderId, PaymentProvider>;
  /** Test mode: use exactly this provider. */
  only?: ProviderId;
  /** Providers already tried for this order (a renewed code goes to the next one first). */
  exclude?: readonly ProviderId[];
}

const STORE_LABEL: Record<Store, string> = { alfamart: "Alfamart", indomaret: "Indomaret" };

export function planRoute({ store, amount, preference, providers, only, exclude = [] }: RouteRequest): RoutePlan {
  const order = only ? [only] : preference;
  const serving = order
    .map((id) => providers.get(id))
    .filter((provider): provider is PaymentProvider => Boolean(provider?.limits[store]));
  if (serving.length === 0) {
    const who = only ? `${only} does not serve` : "No configured payment provider serves";
    return { ok: false, reason: "store_not_supported", message: `${who} ${STORE_LABEL[store]}.` };
  }
  const fitting = serving.filter((provider) => {
    const limits = provider.limits[store]!;
    return amount >= limits.min && amount <= limits.max;
  });
  if (fitting.length === 0) {
    const limits = {
      min: Math.min(...serving.map((provider) => provider.limits[store]!.min)),
      max: Math.max(...serving.map((provider) => provider.limits[store]!.max)),
    };
    const bound = amount < limits.min ? "min" : "max";
    const rule = bound === "min" ? `at least ${formatRupiah(limits.min)}` : `at most ${formatRupiah(limits.max)}`;
    return {
      ok: false,
      reason: "amount_out_of_range",
      limits,
      bound,
      message: `${STORE_LABEL[store]} payments must be ${rule}; this order is ${formatRupiah(amount)}.`,
    };
  }
  // Providers tried before go last, not away: they may be the only ones left.
  const fresh = fitting.filter((provider) => !exclude.includes(provider.id));
  const tried = fitting.filter((provider) => exclude.includes(provider.id));
  return { ok: true, providers: [...fresh, ...tried] };
}
