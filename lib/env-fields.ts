import { z } from "zod";

// The shapes environment variables come in, shared by lib/env.ts and the providers'
// registrations (lib/providers/<id>/registration.ts), which declare their own variables.

/** A value that may be left out; blank counts as left out. */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

export const flag = z.stringbool({ truthy: ["true", "1", "yes", "on"], falsy: ["false", "0", "no", "off"] });

/** An http(s) URL without its trailing slashes. */
export const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ""));
