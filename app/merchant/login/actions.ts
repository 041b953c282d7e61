"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientKey } from "@/lib/http/client-address";
import { getTranslator } from "@/lib/i18n/server";
import { signIn } from "@/lib/merchant-console/session";
import { parseActionArgs } from "@/lib/server-action-args";

// (previous state, form): the state is React's and not read.
const argsSchema = z.tuple([z.unknown(), z.instanceof(FormData)]);
const schema = z.object({ password: z.string().min(1).max(200) });

export async function signInAction(...args: unknown[]): Promise<{ error?: string }> {
  const [, form] = parseActionArgs(argsSchema, args);
  const { t } = await getTranslator();
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: t("merchant.wrongPassword") };
  const result = await signIn(parsed.data.password, clientKey(await headers()));
  if (!result.ok) {
    return {
      error: result.reason === "too_many" ? t("merchant.tooManyAttempts", { minutes: result.retryInMinutes }) : t("merchant.wrongPassword"),
    };
  }
  redirect("/merchant");
}
