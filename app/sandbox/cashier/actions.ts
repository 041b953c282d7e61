"use server";

import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { PROVIDER_IDS, STORES } from "@/lib/domain";
import { env } from "@/lib/env";
import { sandboxButtonRefusal } from "@/lib/rate-limit/rate-limits";
import { storableTextSchema } from "@/lib/db/storable-text";
import { performCashierAction } from "@/lib/sandbox/cashier";
import { getSimulators } from "@/lib/sandbox/registry";
import { parseActionArgs } from "@/lib/server-action-args";

const argsSchema = z.tuple([
  z
    .instanceof(FormData)
    .transform((form) => Object.fromEntries(form))
    .pipe(
      z.object({
        provider: z.enum(PROVIDER_IDS),
        chargeId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
        action: z.enum(["pay", "expire", "deny", "fail", "settle", "cancel"]),
        store: z.enum(STORES),
        code: storableTextSchema().max(40),
      }),
    ),
]);

/** A button on the till. Sandbox only; the layout and this check both refuse it otherwise. */
export async function cashierAction(...args: unknown[]) {
  if (!env().sandbox.enabled) notFound();
  const [input] = parseActionArgs(argsSchema, args);
  const query = new URLSearchParams({ store: input.store, provider: input.provider, code: input.code });
  const refusal = await sandboxButtonRefusal(await headers());
  if (refusal) {
    query.set("error", refusal);
    redirect(`/sandbox/cashier?${query.toString()}`);
  }
  const result = await performCashierAction(await getDb(), getSimulators(), input, new Date());
  if (result.ok) {
    query.set("done", input.action);
    query.set("delivered", result.deliveries.map((report) => report.status ?? report.error ?? "?").join(","));
  } else {
    query.set("error", result.error);
  }
  redirect(`/sandbox/cashier?${query.toString()}`);
}
