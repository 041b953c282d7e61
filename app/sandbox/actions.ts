"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { PROVIDER_IDS } from "@/lib/domain";
import { env } from "@/lib/env";
import { sandboxButtonRefusal } from "@/lib/rate-limit/rate-limits";
import { chooseForm, resetForms } from "@/lib/sandbox/forms";
import { OUTAGE_MODES, setOutage } from "@/lib/sandbox/outage";
import { getSimulators } from "@/lib/sandbox/registry";
import { parseActionArgs } from "@/lib/server-action-args";

/** One FormData argument whose fields fit `shape`. */
const formArgs = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.tuple([z.instanceof(FormData).transform((form): Record<string, unknown> => Object.fromEntries(form)).pipe(z.object(shape))]);

const outageArgs = formArgs({ provider: z.enum(PROVIDER_IDS), outage: z.enum(OUTAGE_MODES) });
const formChoiceArgs = formArgs({ provider: z.enum(PROVIDER_IDS), key: z.string().min(1).max(40), value: z.string().min(1).max(40) });
const formResetArgs = formArgs({ provider: z.enum(PROVIDER_IDS) });

/** Every sandbox button shares one rate limit per address. */
async function refuseUnlessAllowed() {
  const refusal = await sandboxButtonRefusal(await headers());
  if (refusal) redirect(`/sandbox?${new URLSearchParams({ error: refusal }).toString()}`);
}

/** Makes a simulator fail like a real outage (to see failover), or heals it. Sandbox only. */
export async function setOutageAction(...args: unknown[]) {
  if (!env().sandbox.enabled) notFound();
  const [{ provider, outage }] = parseActionArgs(outageArgs, args);
  await refuseUnlessAllowed();
  await setOutage(await getDb(), provider, outage);
  revalidatePath("/sandbox");
}

/** Chooses which documented form a simulator sends for one of its settings. Sandbox only. */
export async function chooseFormAction(...args: unknown[]) {
  if (!env().sandbox.enabled) notFound();
  const [{ provider, key, value }] = parseActionArgs(formChoiceArgs, args);
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
  if (!env().sandbox.enabled) notFound();
  const [{ provider }] = parseActionArgs(formResetArgs, args);
  await refuseUnlessAllowed();
  await resetForms(await getDb(), provider);
  revalidatePath("/sandbox");
}
