import "server-only";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";

/**
 * The sandbox's code, loaded only when the sandbox is on, and a 404 otherwise. Pages render in
 * parallel with their layout, so each sandbox page, route and action asks here itself.
 */
export async function openSandbox() {
  if (!env().sandbox.enabled) notFound();
  return import("@/lib/sandbox");
}
