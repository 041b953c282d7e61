import { SANDBOX_SECRETS } from "@/lib/env";
import { doku } from "@/lib/providers/doku/registration";
import { fazz } from "@/lib/providers/fazz/registration";
import { martis } from "@/lib/providers/martis/registration";
import { midtrans } from "@/lib/providers/midtrans/registration";
import { monxa } from "@/lib/providers/monxa/registration";

import type { ProviderRegistration } from "@/lib/providers/registration";

function published(registration: ProviderRegistration, variable: string): string {
  const value = registration.publishedSandboxCredentials[variable];
  if (value === undefined) throw new Error(`${registration.id} publishes no sandbox ${variable}`);
  return value;
}

// The values a development or test app runs on when nothing is set, by the names tests use.
export const SANDBOX_CREDENTIALS = {
  ...SANDBOX_SECRETS,
  midtransServerKey: published(midtrans, "MIDTRANS_SERVER_KEY"),
  monxaSecretKey: published(monxa, "MONXA_SECRET_KEY"),
  monxaCallbackToken: published(monxa, "MONXA_CALLBACK_TOKEN"),
  dokuClientId: published(doku, "DOKU_CLIENT_ID"),
  dokuSecretKey: published(doku, "DOKU_SECRET_KEY"),
  fazzApiKey: published(fazz, "FAZZ_API_KEY"),
  fazzSecretKey: published(fazz, "FAZZ_SECRET_KEY"),
  fazzSigningSecret: published(fazz, "FAZZ_SIGNING_SECRET"),
  martisApiKey: published(martis, "MARTIS_API_KEY"),
  martisWebhookSecret: published(martis, "MARTIS_WEBHOOK_SECRET"),
};
