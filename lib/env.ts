import "server-only";
import { z } from "zod";
import { PROVIDER_IDS, type ProviderId, type Store } from "./domain";
import { limitSetting } from "./rate-limit/setting";

// All configuration is read and validated here, once. Every setting is documented in
// .env.example. Development and test get working sandbox defaults; production must say what it
// means (keys, secrets), and gets no simulator unless SANDBOX_ENABLED=true.


const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();
const flag = z.stringbool({ truthy: ["true", "1", "yes", "on"], falsy: ["false", "0", "no", "off"] });
const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ""));
const providerList = z
  .string()
  .transform((value) => value.split(",").map((item) => item.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.enum(PROVIDER_IDS)).min(1, "name at least one provider"));

const rawSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  APP_URL: url.default("http://localhost:3000"),
  DATABASE_URL: optionalText,
  PGLITE_DATA_DIR: z.string().trim().default(".data/pglite"),
  MERCHANT_NAME: z.string().trim().min(1).max(40).default("Toko Gerai"),
  MERCHANT_API_KEY: optionalText,
  MERCHANT_CONSOLE_PASSWORD: optionalText,
  SESSION_SECRET: optionalText,
  SANDBOX_ENABLED: flag.optional(),
  SANDBOX_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  SANDBOX_WEBHOOK_BASE_URL: url.optional(),
  JOBS_ENABLED: flag.default(true),
  PAYMENT_EXPIRY_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(24 * 60),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  ROUTING_ALFAMART: providerList.default(["midtrans", "monxa", "doku", "fazz", "martis"]),
  ROUTING_INDOMARET: providerList.default(["midtrans", "monxa", "doku", "fazz", "martis"]),

  MIDTRANS_SERVER_KEY: optionalText,
  MIDTRANS_BASE_URL: url.optional(),

  MONXA_SECRET_KEY: optionalText,
  MONXA_CALLBACK_TOKEN: optionalText,
  MONXA_BASE_URL: url.optional(),
  MONXA_AMOUNT_UNIT: z.enum(["idr", "minor"]).default("idr"),

  DOKU_CLIENT_ID: optionalText,
  DOKU_SECRET_KEY: optionalText,
  DOKU_BASE_URL: url.optional(),
  DOKU_ALFA_PATH: z.string().trim().startsWith("/").default("/alfa-online-to-offline/v2/payment-code"),

  FAZZ_API_KEY: optionalText,
  FAZZ_SECRET_KEY: optionalText,
  FAZZ_SIGNING_SECRET: optionalText,
  FAZZ_BASE_URL: url.optional(),

  MARTIS_API_KEY: optionalText,
  MARTIS_WEBHOOK_SECRET: optionalText,
  MARTIS_BASE_URL: url.optional(),
  MARTIS_PAYMENT_METHOD: z.string().trim().min(1).default("retail_outlet"),
  MARTIS_CHANNEL_ALFAMART: z.string().trim().min(1).default("alfamart"),
  MARTIS_CHANNEL_INDOMARET: z.string().trim().min(1).default("indomaret"),
  MARTIS_SIGNATURE_HEADER: z.string().trim().toLowerCase().min(1).default("x-martis-signature"),
  MARTIS_TIMESTAMP_HEADER: z.string().trim().toLowerCase().min(1).default("x-martis-timestamp"),
  MARTIS_SIGNED_PAYLOAD: z
    .string()
    .refine((value) => value.includes("{body}"), "must contain {body}")
    .default("{timestamp}.{body}"),
  MARTIS_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),

  // Rate limits, "<count>/<window>" (lib/rate-limit). Counted in the database, shared by all instances.
  RATE_LIMIT_ORDERS: limitSetting.prefault("60/1m"),
  RATE_LIMIT_CHECKOUT: limitSetting.prefault("30/10m"),
  RATE_LIMIT_WEBHOOKS: limitSetting.prefault("600/1m"),
  RATE_LIMIT_SANDBOX: limitSetting.prefault("600/1m"),
  RATE_LIMIT_SIGN_IN_ADDRESS: limitSetting.prefault("5/15m"),
  RATE_LIMIT_SIGN_IN_ACCOUNT: limitSetting.prefault("100/1h"),
});

// The keys the simulators accept out of the box. Public on purpose: they only open the sandbox.
export const SANDBOX_CREDENTIALS = {
  merchantApiKey: "sk_sandbox_gerai_merchant_0001",
  consolePassword: "gerai-sandbox",
  sessionSecret: "gerai-sandbox-session-secret-not-for-production-use",
  midtransServerKey: "SB-Mid-server-GeraiSandbox0001",
  monxaSecretKey: "sk_test_gerai_monxa_0001",
  monxaCallbackToken: "cbt_gerai_monxa_sandbox_0001",
  dokuClientId: "BRN-0001-GERAISANDBOX",
  dokuSecretKey: "SK-gerai-doku-sandbox-0001",
  fazzApiKey: "gerai_fazz_api_sandbox",
  fazzSecretKey: "gerai_fazz_secret_sandbox",
  fazzSigningSecret: "ss_gerai_fazz_sandbox_0001",
  martisApiKey: "mk_test_gerai_martis_0001",
  martisWebhookSecret: "whsec_gerai_martis_sandbox_0001",
} as const;

export type Env = ReturnType<typeof buildEnv>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

function buildEnv(raw: z.infer<typeof rawSchema>) {
  const production = raw.NODE_ENV === "production";
  const sandboxEnabled = raw.SANDBOX_ENABLED ?? !production;
  const problems: string[] = [];

  // Outside production, and whenever the sandbox is on, missing secrets fall back to the
  // sandbox's; in production without the sandbox they must be given.
  const sandboxDefault = <T extends string>(value: string | undefined, fallback: T, name: string) => {
    if (value) return value;
    if (sandboxEnabled || !production) return fallback;
    problems.push(`${name} is required in production`);
    return fallback;
  };
  const sandboxBase = (provider: ProviderId) => `${raw.APP_URL}/sandbox/${provider}`;
  // A provider is live when its credentials are set; with the sandbox on, every provider is.
  const credential = (value: string | undefined, fallback: string) => value ?? (sandboxEnabled ? fallback : undefined);

  const midtransKey = credential(raw.MIDTRANS_SERVER_KEY, SANDBOX_CREDENTIALS.midtransServerKey);
  const monxaKey = credential(raw.MONXA_SECRET_KEY, SANDBOX_CREDENTIALS.monxaSecretKey);
  const monxaToken = credential(raw.MONXA_CALLBACK_TOKEN, SANDBOX_CREDENTIALS.monxaCallbackToken);
  const dokuClient = credential(raw.DOKU_CLIENT_ID, SANDBOX_CREDENTIALS.dokuClientId);
  const dokuSecret = credential(raw.DOKU_SECRET_KEY, SANDBOX_CREDENTIALS.dokuSecretKey);
  const fazzApi = credential(raw.FAZZ_API_KEY, SANDBOX_CREDENTIALS.fazzApiKey);
  const fazzSecret = credential(raw.FAZZ_SECRET_KEY, SANDBOX_CREDENTIALS.fazzSecretKey);
  const fazzSigning = credential(raw.FAZZ_SIGNING_SECRET, SANDBOX_CREDENTIALS.fazzSigningSecret);
  const martisKey = credential(raw.MARTIS_API_KEY, SANDBOX_CREDENTIALS.martisApiKey);
  const martisSecret = credential(raw.MARTIS_WEBHOOK_SECRET, SANDBOX_CREDENTIALS.martisWebhookSecret);

  const env = {
    production,
    appUrl: raw.APP_URL,
    databaseUrl: raw.DATABASE_URL,
    pgliteDataDir: raw.PGLITE_DATA_DIR,
    merchantName: raw.MERCHANT_NAME,
    merchantApiKey: sandboxDefault(raw.MERCHANT_API_KEY, SANDBOX_CREDENTIALS.merchantApiKey, "MERCHANT_API_KEY"),
    consolePassword: sandboxDefault(
      raw.MERCHANT_CONSOLE_PASSWORD,
      SANDBOX_CREDENTIALS.consolePassword,
      "MERCHANT_CONSOLE_PASSWORD",
    ),
    sessionSecret: sandboxDefault(raw.SESSION_SECRET, SANDBOX_CREDENTIALS.sessionSecret, "SESSION_SECRET"),
    sandbox: {
      enabled: sandboxEnabled,
      timeScale: raw.SANDBOX_TIME_SCALE,
      webhookBaseUrl: raw.SANDBOX_WEBHOOK_BASE_URL ?? raw.APP_URL,
    },
    jobsEnabled: raw.JOBS_ENABLED,
    paymentExpiryMinutes: raw.PAYMENT_EXPIRY_MINUTES,
    providerTimeoutMs: raw.PROVIDER_TIMEOUT_MS,
    routing: { alfamart: raw.ROUTING_ALFAMART, indomaret: raw.ROUTING_INDOMARET } satisfies Record<Store, ProviderId[]>,
    rateLimits: {
      orders: raw.RATE_LIMIT_ORDERS,
      checkout: raw.RATE_LIMIT_CHECKOUT,
      webhooks: raw.RATE_LIMIT_WEBHOOKS,
      sandbox: raw.RATE_LIMIT_SANDBOX,
      signInAddress: raw.RATE_LIMIT_SIGN_IN_ADDRESS,
      signInAccount: raw.RATE_LIMIT_SIGN_IN_ACCOUNT,
    },
    providers: {
      midtrans: midtransKey
        ? {
            serverKey: midtransKey,
            baseUrl:
              raw.MIDTRANS_BASE_URL ??
              (sandboxEnabled ? sandboxBase("midtrans") : "https://api.sandbox.midtrans.com"),
          }
        : undefined,
      monxa:
        monxaKey && monxaToken
          ? {
              secretKey: monxaKey,
              callbackToken: monxaToken,
              baseUrl: raw.MONXA_BASE_URL ?? (sandboxEnabled ? sandboxBase("monxa") : "https://api.monxa.io"),
              amountUnit: raw.MONXA_AMOUNT_UNIT,
            }
          : undefined,
      doku:
        dokuClient && dokuSecret
          ? {
              clientId: dokuClient,
              secretKey: dokuSecret,
              baseUrl: raw.DOKU_BASE_URL ?? (sandboxEnabled ? sandboxBase("doku") : "https://api-sandbox.doku.com"),
              alfaPath: raw.DOKU_ALFA_PATH,
            }
          : undefined,
      fazz:
        fazzApi && fazzSecret && fazzSigning
          ? {
              apiKey: fazzApi,
              secretKey: fazzSecret,
              signingSecret: fazzSigning,
              baseUrl:
                raw.FAZZ_BASE_URL ?? (sandboxEnabled ? `${sandboxBase("fazz")}/api/v4` : "https://sandbox-id.xfers.com/api/v4"),
            }
          : undefined,
      martis:
        martisKey && martisSecret
          ? {
              apiKey: martisKey,
              webhookSecret: martisSecret,
              baseUrl:
                raw.MARTIS_BASE_URL ?? (sandboxEnabled ? sandboxBase("martis") : "https://api-staging.martis.id"),
              paymentMethod: raw.MARTIS_PAYMENT_METHOD,
              channels: { alfamart: raw.MARTIS_CHANNEL_ALFAMART, indomaret: raw.MARTIS_CHANNEL_INDOMARET },
              signatureHeader: raw.MARTIS_SIGNATURE_HEADER,
              timestampHeader: raw.MARTIS_TIMESTAMP_HEADER,
              signedPayload: raw.MARTIS_SIGNED_PAYLOAD,
              toleranceSeconds: raw.MARTIS_TOLERANCE_SECONDS,
            }
          : undefined,
    },
  };

  if (env.sessionSecret.length < 32) problems.push("SESSION_SECRET must be at least 32 characters");
  if (problems.length) throw new EnvError(problems);
  return env;
}

export type ProviderSettings = Env["providers"];

/** Parses a set of variables; throws an EnvError that lists every problem at once. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set" (that is how `.env` files and CI matrices leave a value out).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = rawSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`));
  }
  return buildEnv(parsed.data);
}

let cached: Env | undefined;

/** The validated configuration of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
