// IDR is kept as integer rupiah everywhere; formatting is the only place it becomes text.
const rupiah = new Intl.NumberFormat("id-ID", {
  style: "currency",
  currency: "IDR",
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

/** `Rp 1.250.000` — with a normal space, so that copied text and tests are predictable. */
export function formatRupiah(amount: number): string {
  return rupiah.format(amount).replace(/\u00a0/g, " ");
}

/** Gerai charges in rupiah only; providers write the code in either case (Martis: "idr"). */
export function isRupiahCurrency(code: string): boolean {
  return code.trim().toUpperCase() === "IDR";
}

export function isRupiahAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}
