import { z } from "zod";
import { optionalText } from "@/lib/env-fields";
import { defineProvider } from "../registration";
import { createMonxaProvider } from "./client";

export const monxa = defineProvider({
  id: "monxa",
  displayName: "Monxa",
  // Monxa has one host; the key decides whether a charge is a test (sk_test_…).
  hosts: { live: "https://api.monxa.io", sandbox: "https://api.monxa.io" },
  variables: {
    MONXA_SECRET_KEY: optionalText,
    MONXA_CALLBACK_TOKEN: optionalText,
    // The docs disagree: "idr" (integer rupiah, the C-store guide) or "minor" (×100, the API reference).
    MONXA_AMOUNT_UNIT: z.enum(["idr", "minor"]).default("idr"),
  },
  credentials: ["MONXA_SECRET_KEY", "MONXA_CALLBACK_TOKEN"],
  publishedSandboxCredentials: {
    MONXA_SECRET_KEY: "sk_test_gerai_monxa_0001",
    MONXA_CALLBACK_TOKEN: "cbt_gerai_monxa_sandbox_0001",
  },
  // Monxa documents sk_test_ for sandbox keys; sk_live_ for live ones is our reading (to confirm).
  keyFormat: { variable: "MONXA_SECRET_KEY", sandbox: /^sk_test_/, live: /^sk_live_/, described: "sk_test_… (test) or sk_live_… (live)" },
  secretHeaders: ["x-callback-token"],
  configure: (variables, baseUrl) => ({
    secretKey: variables.MONXA_SECRET_KEY as string,
    callbackToken: variables.MONXA_CALLBACK_TOKEN as string,
    amountUnit: variables.MONXA_AMOUNT_UNIT as "idr" | "minor",
    baseUrl,
  }),
  create: createMonxaProvider,
});
