"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getTranslator } from "@/lib/i18n/server";
import { signIn } from "@/lib/merchant-console/session";
import { parseActionArgs } from "@/lib/server-action-args";

// (previous state, form): the state is React's and not read.
const argsSchema = z.tuple([z.unknown(), z.instanceof(FormData)]);
const schema = z.object({ email: z.string().min(1).max(200), password: z.string().min(1).max(200) });

export async function signInAction(...args: unknown[]): Promise<{ error?: string }> {
  const [, form] = parseActionArgs(argsSchema, args);
  const { t } = await getTranslator();
  const parsed = schema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { error: t("merchant.wrongCredentials") };
  const result = await signIn(parsed.data.email, parsed.data.password, await headers());
  if (!result.ok) {
    return {
      error: result.reason === "too_many" ? t("merchant.tooManyAttempts", { minutes: result.retryInMinutes }) : t("merchant.wrongCredentials"),
    };
  }
  redirect("/merchant");
}
