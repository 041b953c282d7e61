"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { PROVIDER_IDS } from "@/lib/domain";
import { env } from "@/lib/env";
import { sandboxButtonRefusal } from "@/lib/rate-limit/rate-limits";
import { OUTAGE_MODES, setOutage } from "@/lib/sandbox/outage";
import { parseActionArgs } from "@/lib/server-action-args";

const argsSchema = z.tuple([
  z.instanceof(FormData).transform((form) => Object.fromEntries(form)).pipe(z.object({ provider: z.enum(PROVIDER_IDS), outage: z.enum(OUTAGE_MODES) })),
]);

/** Makes a simulator fail like a real outage (to see failover), or heals it. Sandbox only. */
export async function setOutageAction(...args: unknown[]) {
  if (!env().sandbox.enabled) notFound();
  const [{ provider, outage }] = parseActionArgs(argsSchema, args);
  const refusal = await sandboxButtonRefusal(await headers());
  if (refusal) redirect(`/sandbox?${new URLSearchParams({ error: refusal }).toString()}`);
  await setOutage(await getDb(), provider, outage);
  revalidatePath("/sandbox");
}
