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
