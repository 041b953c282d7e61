"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { FormMessage } from "@/components/merchant/message-form";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { requireMember } from "@/lib/merchant-console/session";
import { signOutOwnOtherSessions, signOutOwnSession } from "@/lib/merchant-console/team";
import { parseActionArgs } from "@/lib/server-action-args";

// The account page's forms (useActionState): every member may sign their own browsers out.

const form = z.instanceof(FormData);

async function signedOut(count: number): Promise<FormMessage> {
  const { t } = await getTranslator();
  revalidatePath("/merchant/account");
  return { ok: true, message: t("merchant.account.signedOut", { count }) };
}

/** Bound to the session's id. */
export async function signOutSessionAction(...args: unknown[]): Promise<FormMessage> {
  await requireMember("account");
  const [sessionId] = parseActionArgs(z.tuple([z.string().regex(/^ses_[0-9A-Za-z]{20}$/), z.unknown(), form]), args);
  return signedOut(await signOutOwnSession(await getDb(), sessionId));
}

export async function signOutOthersAction(...args: unknown[]): Promise<FormMessage> {
  await requireMember("account");
  parseActionArgs(z.tuple([z.unknown(), form]), args);
  return signedOut(await signOutOwnOtherSessions(await getDb()));
}
