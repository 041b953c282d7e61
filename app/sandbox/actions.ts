"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { PROVIDER_IDS } from "@/lib/domain";
import { env } from "@/lib/env";
import { sandboxButtonRefusal } from "@/lib/rate-limit/rate-limits";
import { OUTAGE_MODES, setOutage } from "@/lib/sandbox/outage";

const outageSchema = z.object({ provider: z.enum(PROVIDER_IDS), outage: z.enum(OUTAGE_MODES) });

/** Makes a simulator fail like a real outage (to see failover), or heals it. Sandbox only. */
export async function setOutageAction(form: FormData) {
  if (!env().sandbox.enabled) throw new Error("The sandbox is disabled.");
  const { provider, outage } = outageSchema.parse(Object.fromEntries(form));
  const refusal = await sandboxButtonRefusal(await headers());
  if (refusal) redirect(`/sandbox?${new URLSearchParams({ error: refusal }).toString()}`);
  await setOutage(await getDb(), provider, outage);
  revalidatePath("/sandbox");
}
