import { optionalText } from "@/lib/env-fields";
import { defineProvider } from "../registration";
import { createMidtransProvider } from "./client";

export const midtrans = defineProvider({
  id: "midtrans",
  displayName: "Midtrans",
  hosts: { live: "https://api.midtrans.com", sandbox: "https://api.sandbox.midtrans.com" },
  variables: { MIDTRANS_SERVER_KEY: optionalText },
  credentials: ["MIDTRANS_SERVER_KEY"],
  publishedSandboxCredentials: { MIDTRANS_SERVER_KEY: "SB-Mid-server-GeraiSandbox0001" },
  // Midtrans' dashboard issues sandbox server keys as SB-Mid-server-… and production ones as Mid-server-….
  keyFormat: { variable: "MIDTRANS_SERVER_KEY", sandbox: /^SB-Mid-server-/, live: /^Mid-server-/, described: "SB-Mid-server-… (sandbox) or Mid-server-… (production)" },
  // Midtrans signs in the body (signature_key); the server key travels only in our own requests.
  secretHeaders: [],
  configure: (variables, baseUrl) => ({ serverKey: variables.MIDTRANS_SERVER_KEY as string, baseUrl }),
  create: createMidtransProvider,
});
