import { optionalText } from "@/lib/env-fields";
import { defineProvider } from "../registration";
import { createFazzProvider } from "./client";

export const fazz = defineProvider({
  id: "fazz",
  displayName: "Fazz",
  hosts: { live: "https://id.xfers.com/api/v4", sandbox: "https://sandbox-id.xfers.com/api/v4" },
  simulatorPath: "/api/v4",
  variables: { FAZZ_API_KEY: optionalText, FAZZ_SECRET_KEY: optionalText, FAZZ_SIGNING_SECRET: optionalText },
  credentials: ["FAZZ_API_KEY", "FAZZ_SECRET_KEY", "FAZZ_SIGNING_SECRET"],
  publishedSandboxCredentials: {
    FAZZ_API_KEY: "gerai_fazz_api_sandbox",
    FAZZ_SECRET_KEY: "gerai_fazz_secret_sandbox",
    FAZZ_SIGNING_SECRET: "ss_gerai_fazz_sandbox_0001",
  },
  // Xfers-Signature is an HMAC of the body, not the secret.
  secretHeaders: [],
  configure: (variables, baseUrl) => ({
    apiKey: variables.FAZZ_API_KEY as string,
    secretKey: variables.FAZZ_SECRET_KEY as string,
    signingSecret: variables.FAZZ_SIGNING_SECRET as string,
    baseUrl,
  }),
  create: createFazzProvider,
});
