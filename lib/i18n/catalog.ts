import type { createTranslator } from "use-intl/core";
import { en } from "./messages/en";
import { id } from "./messages/id";

export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "id";
export const LOCALE_COOKIE = "gerai-locale";

/** The shape of a catalog, with any text in place of id.ts's literal strings. */
export type Catalog<T> = { [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };
export type Messages = Catalog<typeof id>;

export const MESSAGES: Record<Locale, Messages> = { id, en };

/** A translator over the whole catalogue, as server code gets it (lib/i18n/server.ts getTranslator). */
export type Translator = ReturnType<typeof createTranslator<Messages>>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Picks id or en from an Accept-Language header, Indonesian first. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  const wanted = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=");
      return { tag: (tag ?? "").toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag.startsWith("id") || tag.startsWith("in")) return "id";
    if (tag.startsWith("en")) return "en";
  }
  return DEFAULT_LOCALE;
}
