import { z } from "zod";
import { optionalText } from "@/lib/env-fields";
import { defineProvider } from "../registration";
import { createDokuProvider } from "./client";

export const doku = defineProvider({
  id: "doku",
  displayName: "DOKU",
  hosts: { live: "https://api.doku.com", sandbox: "https://api-sandbox.doku.com" },
  variables: {
    DOKU_CLIENT_ID: optionalText,
    DOKU_SECRET_KEY: optionalText,
    // The Alfa group's path: DOKU's docs say /alfa-virtual-account/…, its own plugin uses this one.
    DOKU_ALFA_PATH: z.string().trim().startsWith("/").default("/alfa-online-to-offline/v2/payment-code"),
  },
  credentials: ["DOKU_CLIENT_ID", "DOKU_SECRET_KEY"],
  publishedSandboxCredentials: { DOKU_CLIENT_ID: "BRN-0001-GERAISANDBOX", DOKU_SECRET_KEY: "SK-gerai-doku-sandbox-0001" },
  // DOKU signs with HMAC headers; none of them carries the secret key itself.
  secretHeaders: [],
  configure: (variables, baseUrl) => ({
    clientId: variables.DOKU_CLIENT_ID as string,
    secretKey: variables.DOKU_SECRET_KEY as string,
    alfaPath: variables.DOKU_ALFA_PATH as string,
    baseUrl,
  }),
  create: createDokuProvider,
});
