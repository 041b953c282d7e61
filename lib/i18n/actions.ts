"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { parseActionArgs } from "@/lib/server-action-args";
import { LOCALE_COOKIE, LOCALES } from "./catalog";

const argsSchema = z.tuple([z.enum(LOCALES)]);

/** Remembers the shopper's language for a year: (locale). */
export async function chooseLocale(...args: unknown[]): Promise<void> {
  const [locale] = parseActionArgs(argsSchema, args);
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
