import type { Store } from "@/lib/domain";
import type { Locale, Translator } from "@/lib/i18n/catalog";
import { formatRupiah } from "@/lib/money";
import { whereCodeCanBePaid } from "@/lib/store-acceptance";
import { groupCode } from "./code-images";


const STEPS = ["s1", "s2", "s3", "s4", "s5", "s6"] as const;

/**
 * The store's numbered steps for one code, as the page, the slip image and the email all give
 * them: where it can be paid (from its store and amount), the merchant, the code and the amount.
 * `showBarcode` replaces Indomaret's "show the barcode on this page" where the barcode is elsewhere.
 */
export function howToPaySteps(
  t: Translator,
  locale: Locale,
  slip: { store: Store; amount: number; merchantName: string; code: string },
  options: { showBarcode?: string } = {},
): string[] {
  const outlets = new Intl.ListFormat(locale, { type: "disjunction" }).format(whereCodeCanBePaid(slip.store, slip.amount).payAt);
  const values = { merchant: slip.merchantName, code: groupCode(slip.code), amount: formatRupiah(slip.amount), outlets };
  return STEPS.map((step) =>
    slip.store === "indomaret" && step === "s3" && options.showBarcode ? options.showBarcode : t(`pay.steps.${slip.store}.${step}`, values),
  );
}
