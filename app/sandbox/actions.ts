"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { openSandbox } from "@/lib/open-sandbox";
import { sandboxButtonRefusal } from "@/lib/rate-limit/rate-limits";
import { parseActionArgs } from "@/lib/server-action-args";

/** One FormData argument whose fields fit `shape`. */
const formArgs = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.tuple([z.instanceof(FormData).transform((form): Record<string, unknown> => Object.fromEntries(form)).pipe(z.object(shape))]);

/** The sandbox's code (a 404 without the sandbox), and a schema for the ids of its simulators. */
async function sandbox() {
  const opened = await openSandbox();
  const ids = [...opened.getSimulators().keys()];
  const providerId = z.string().refine((value): value is (typeof ids)[number] => (ids as string[]).includes(value), "no such simulator");
  return { ...opened, providerId };
}

/** Every sandbox button shares one rate limit per address. */
async function refuseUnlessAllowed() {
  const refusal = await sandboxButtonRefusal(await headers());
  if (refusal) redirect(`/sandbox?${new URLSearchParams({ error: refusal }).toString()}`);
}

/** Makes a simulator fail like a real outage (to see failover), or heals it. Sandbox only. */
export async function setOutageAction(...args: unknown[]) {
  const { providerId, OUTAGE_MODES, setOutage } = await sandbox();
  const [{ provider, outage }] = parseActionArgs(formArgs({ provider: providerId, outage: z.enum(OUTAGE_MODES) }), args);
  await refuseUnlessAllowed();
  await setOutage(await getDb(), provider, outage);
  revalidatePath("/sandbox");
}

/** Chooses which documented form a simulator sends for one of its settings. Sandbox only. */
export async function chooseFormAction(...args: unknown[]) {
  const { providerId, getSimulators, chooseForm } = await sandbox();
  const choice = formArgs({ provider: providerId, key: z.string().min(1).max(40), value: z.string().min(1).max(40) });
  const [{ provider, key, value }] = parseActionArgs(choice, args);
  const simulator = getSimulators().get(provider);
  // A provider without a simulator, or a setting or option it does not declare, is bad input.
  const setting = simulator?.forms.find((candidate) => candidate.key === key);
  if (!simulator || !setting?.options.some((option) => option.value === value)) notFound();
  await refuseUnlessAllowed();
  const chosen = await chooseForm(await getDb(), provider, simulator.forms, key, value);
  if (!chosen.ok) redirect(`/sandbox?${new URLSearchParams({ error: chosen.error }).toString()}`);
  revalidatePath("/sandbox");
}

/** Puts a simulator's forms back to their defaults. Sandbox only. */
export async function resetFormsAction(...args: unknown[]) {
  const { providerId, resetForms } = await sandbox();
  const [{ provider }] = parseActionArgs(formArgs({ provider: providerId }), args);
  await refuseUnlessAllowed();
  await resetForms(await getDb(), provider);
  revalidatePath("/sandbox");
}
