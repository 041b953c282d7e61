import "server-only";
import { notFound } from "next/navigation";
import type { z } from "zod";

/**
 * A server action is a public endpoint: anyone can call it with any arguments, as many as they
 * like, whatever a TypeScript signature would say. So every action takes `...args: unknown[]`
 * and parses the whole list here (a zod tuple) before doing anything.
 * Arguments that do not fit change nothing and answer 404: Next.js turns notFound() into that
 * status, while any other error thrown from an action becomes a 500 (an action cannot answer 400).
 */
export function parseActionArgs<S extends z.ZodType>(schema: S, args: readonly unknown[]): z.output<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) notFound();
  return parsed.data;
}
