// Providers write rupiah amounts as decimal text ("162500.00" at Midtrans, "100000.0" at Fazz) or
// as numbers. IDR has no cents in use, so anything that is not a whole number of rupiah is a
// conflict to show the merchant, never an amount to round into "paid".

export type RupiahReading = { amount?: number; amountConflict?: undefined } | { amount?: undefined; amountConflict: string };

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/**
 * "162500.00" or 162500 → 162500; an absent amount reads as no amount. `field` names the
 * provider's field in the conflict text, e.g. "Midtrans gross_amount".
 */
export function readRupiahAmount(value: string | number | null | undefined, field: string): RupiahReading {
  if (value === undefined || value === null) return {};
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0
      ? { amount: value }
      : { amountConflict: `${field} ${value} is not a whole number of rupiah` };
  }
  const match = DECIMAL_TEXT.exec(value.trim());
  if (!match?.[1]) return { amountConflict: `${field} "${value}" is not a number` };
  if (/[1-9]/.test(match[2] ?? "")) return { amountConflict: `${field} "${value}" is not a whole number of rupiah` };
  const amount = Number(match[1]);
  return Number.isSafeInteger(amount) ? { amount } : { amountConflict: `${field} "${value}" is too large to be an amount` };
}

/**
 * Why a freshly issued code must not be shown, when the provider's answer states a sum other than
 * the one asked for (or one that cannot be read): the shopper would pay that sum at the till.
 * Undefined when the answer states the asked-for sum or none at all.
 */
export function otherSumIssued(reading: RupiahReading, asked: number, provider: string, chargeId: string): string | undefined {
  if (reading.amountConflict) return `${provider} issued ${chargeId} with an unreadable amount: ${reading.amountConflict}`;
  if (reading.amount !== undefined && reading.amount !== asked) {
    return `${provider} issued ${chargeId} for Rp ${reading.amount}, not the Rp ${asked} asked for`;
  }
  return undefined;
}
