import { z } from "zod";
import type { Store } from "@/lib/domain";
import { optionalText } from "@/lib/env-fields";
import { defineProvider } from "../registration";
import { createMartisProvider } from "./client";

// Martis publishes neither a store channel nor its webhook header names and string to sign:
// each of those is a setting, and until all of them are given Martis stays off the default
// routing (README: what to confirm with Martis).
const UNPUBLISHED = {
  MARTIS_PAYMENT_METHOD: "retail_outlet",
  MARTIS_CHANNEL_ALFAMART: "alfamart",
  MARTIS_CHANNEL_INDOMARET: "indomaret",
  MARTIS_SIGNATURE_HEADER: "x-martis-signature",
  MARTIS_TIMESTAMP_HEADER: "x-martis-timestamp",
  MARTIS_SIGNED_PAYLOAD: "{timestamp}.{body}",
} as const;

const headerName = z.string().trim().toLowerCase().min(1);

export const martis = defineProvider({
  id: "martis",
  displayName: "Martis",
  hosts: { live: "https://api.martis.id", sandbox: "https://api-staging.martis.id" },
  variables: {
    MARTIS_API_KEY: optionalText,
    MARTIS_WEBHOOK_SECRET: optionalText,
    MARTIS_PAYMENT_METHOD: z.string().trim().min(1).optional(),
    MARTIS_CHANNEL_ALFAMART: z.string().trim().min(1).optional(),
    MARTIS_CHANNEL_INDOMARET: z.string().trim().min(1).optional(),
    MARTIS_SIGNATURE_HEADER: headerName.optional(),
    MARTIS_TIMESTAMP_HEADER: headerName.optional(),
    MARTIS_SIGNED_PAYLOAD: z.string().refine((value) => value.includes("{body}"), "must contain {body}").optional(),
    MARTIS_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  },
  credentials: ["MARTIS_API_KEY", "MARTIS_WEBHOOK_SECRET"],
  publishedSandboxCredentials: { MARTIS_API_KEY: "mk_test_gerai_martis_0001", MARTIS_WEBHOOK_SECRET: "whsec_gerai_martis_sandbox_0001" },
  unpublishedSettings: Object.keys(UNPUBLISHED),
  secretHeaders: [],
  configure: (variables, baseUrl) => {
    const setting = (name: keyof typeof UNPUBLISHED) => (variables[name] as string | undefined) ?? UNPUBLISHED[name];
    return {
      apiKey: variables.MARTIS_API_KEY as string,
      webhookSecret: variables.MARTIS_WEBHOOK_SECRET as string,
      baseUrl,
      paymentMethod: setting("MARTIS_PAYMENT_METHOD"),
      channels: { alfamart: setting("MARTIS_CHANNEL_ALFAMART"), indomaret: setting("MARTIS_CHANNEL_INDOMARET") } satisfies Record<Store, string>,
      signatureHeader: setting("MARTIS_SIGNATURE_HEADER"),
      timestampHeader: setting("MARTIS_TIMESTAMP_HEADER"),
      signedPayload: setting("MARTIS_SIGNED_PAYLOAD"),
      toleranceSeconds: variables.MARTIS_TOLERANCE_SECONDS as number,
    };
  },
  create: createMartisProvider,
});
