import type { Locale, Translator } from "@/lib/i18n/catalog";
import { lastMomentBeforeNightPause } from "@/lib/store-acceptance";
import { formatWib } from "@/lib/time";


/**
 * What the shopper must know when a code's deadline falls in the stores' night pause: the real
 * last moment to pay, or, once the pause has begun, that many stores open again only after the
 * deadline. Shown by the payment page and the code's email; nothing for other deadlines.
 */
export function nightPauseNotice(t: Translator, locale: Locale, deadline: Date, now: Date): string | undefined {
  const pauseStarts = lastMomentBeforeNightPause(deadline);
  if (!pauseStarts) return undefined;
  return pauseStarts > now ? t("pay.nightPause.before", { time: formatWib(pauseStarts, locale) }) : t("pay.nightPause.during");
}
