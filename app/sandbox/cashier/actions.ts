"use server";

import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { storableTextSchema } from "@/lib/db/storable-text";
import { STORES } from "@/lib/domain";
import { openSandbox } from "@/lib/open-sandbox";
import { sandboxButtonRefusal } from "@/lib/rate-limit/rate-limits";
import { parseActionArgs } from "@/lib/server-action-args";

const argsSchema = z.tuple([
  z
    .instanceof(FormData)
    .transform((form) => Object.fromEntries(form))
    .pipe(
      z.object({
        // Checked against the simulators once the sandbox is loaded.
        provider: z.string().max(40),
        chargeId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
        action: z.enum(["pay", "expire", "deny", "fail", "settle", "cancel"]),
        store: z.enum(STORES),
        code: storableTextSchema().max(40),
      }),
    ),
]);

/** A button on the till. Sandbox only; the layout and this check both refuse it otherwise. */
export async function cashierAction(...args: unknown[]) {
  const { getSimulators, performCashierAction } = await openSandbox();
  const [{ provider: asked, ...rest }] = parseActionArgs(argsSchema, args);
  const provider = [...getSimulators().keys()].find((id) => id === asked);
  if (!provider) notFound();
  const input = { ...rest, provider };
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
