"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { FormMessage } from "@/components/merchant/message-form";
import type { MemberProblem } from "@/lib/console-accounts/members";
import { CONSOLE_ROLES } from "@/lib/console-accounts/permissions";
import { getDb } from "@/lib/db/client";
import { getTranslator } from "@/lib/i18n/server";
import { memberAllowedTo } from "@/lib/merchant-console/session";
import { addTeamMember, changeTeamMemberRole, signOutTeamMember, switchTeamMember } from "@/lib/merchant-console/team";
import { parseActionArgs } from "@/lib/server-action-args";

// The team page's forms (useActionState): bound arguments first, then (previous answer, form data).

const memberId = z.string().regex(/^mem_[0-9A-Za-z]{20}$/);
const form = z.instanceof(FormData);

async function answer(result: { ok: true } | { ok: false; error: MemberProblem }, done: string): Promise<FormMessage> {
  const { t } = await getTranslator();
  if (result.ok) {
    revalidatePath("/merchant/team");
    return { ok: true, message: done };
  }
  const code = result.error.code === "weak_password" ? result.error.problem : result.error.code;
  return { ok: false, message: t(`merchant.team.problems.${code}`) };
}

async function refusal(): Promise<FormMessage> {
  const { t } = await getTranslator();
  return { ok: false, message: t("merchant.roles.refused") };
}

export async function addMemberAction(...args: unknown[]): Promise<FormMessage> {
  const [, data] = parseActionArgs(z.tuple([z.unknown(), form]), args);
  if (!(await memberAllowedTo("settings"))) return refusal();
  const input = { email: data.get("email"), name: data.get("name"), role: data.get("role"), password: data.get("password") };
  const result = await addTeamMember(await getDb(), input);
  const { t } = await getTranslator();
  return answer(result, t("merchant.team.added", { email: result.ok ? result.value.email : "" }));
}

export async function changeRoleAction(...args: unknown[]): Promise<FormMessage> {
  const [id, , data] = parseActionArgs(z.tuple([memberId, z.unknown(), form]), args);
  const role = z.enum(CONSOLE_ROLES).safeParse(data.get("role"));
  if (!(await memberAllowedTo("settings"))) return refusal();
  if (!role.success) return answer({ ok: false, error: { code: "invalid", fields: ["role"] } }, "");
  const { t } = await getTranslator();
  return answer(await changeTeamMemberRole(await getDb(), id, role.data), t("merchant.team.roleSaved"));
}

/** Bound to (member id, disabled). */
export async function switchMemberAction(...args: unknown[]): Promise<FormMessage> {
  const [id, disabled] = parseActionArgs(z.tuple([memberId, z.boolean(), z.unknown(), form]), args);
  if (!(await memberAllowedTo("settings"))) return refusal();
  const { t } = await getTranslator();
  return answer(await switchTeamMember(await getDb(), id, disabled), t("merchant.team.done"));
}

export async function signOutMemberAction(...args: unknown[]): Promise<FormMessage> {
  const [id] = parseActionArgs(z.tuple([memberId, z.unknown(), form]), args);
  if (!(await memberAllowedTo("settings"))) return refusal();
  const count = await signOutTeamMember(await getDb(), id);
  const { t } = await getTranslator();
  revalidatePath("/merchant/team");
  return { ok: true, message: t("merchant.account.signedOut", { count }) };
}
