"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { LOCALE_COOKIE, LOCALES } from "./catalog";

const localeSchema = z.enum(LOCALES);

/** Remembers the shopper's language for a year. */
export async function chooseLocale(value: unknown): Promise<void> {
  const locale = localeSchema.parse(value);
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
