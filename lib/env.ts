import "server-only";
import { z } from "zod";
import { PROVIDER_IDS, PROVIDER_NAMES, STORES, type ProviderId, type Store } from "./domain";
import { limitSetting } from "./rate-limit/setting";
import { guessesLog10 } from "./secret-strength";

// All configuration is read and validated here, once. Every setting is documented in
// .env.example. Development and test get working sandbox defaults; production must say what it
// means (keys, secrets), and gets no simulator unless SANDBOX_ENABLED=true. What production
// refuses is in productionProblems below; instrumentation.ts stops the process on any of it.

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
    // Missing secrets fall back to the sandbox's; productionProblems says when that is refused.
    merchantApiKey: raw.MERCHANT_API_KEY ?? SANDBOX_CREDENTIALS.merchantApiKey,
    consolePassword: raw.MERCHANT_CONSOLE_PASSWORD ?? SANDBOX_CREDENTIALS.consolePassword,
    sessionSecret: raw.SESSION_SECRET ?? SANDBOX_CREDENTIALS.sessionSecret,
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
  if (production) problems.push(...productionProblems(raw, env));
  if (problems.length) throw new EnvError(problems);
  return env;
}

// Values anyone can read in this repository (SANDBOX_CREDENTIALS, repeated in .env.example)
// and .env.example's "…" placeholders. They open whatever they guard to everyone.
const PUBLISHED_VALUES: ReadonlySet<string> = new Set(Object.values(SANDBOX_CREDENTIALS));
const isPublished = (value: string) => PUBLISHED_VALUES.has(value) || value.includes("…");

// Machine secrets must resist offline guessing; the console password is typed by a person and
// guarded by the sign-in rate limit, so it needs less. Estimates are zxcvbn's.
const SECRET_RULES = {
  MERCHANT_API_KEY: { minLength: 32, minGuessesLog10: 20 },
  // Its 32-character minimum holds everywhere (buildEnv): iron-session refuses shorter ones.
  SESSION_SECRET: { minLength: 0, minGuessesLog10: 20 },
  MERCHANT_CONSOLE_PASSWORD: { minLength: 12, minGuessesLog10: 10 },
} as const;

const PROVIDER_CREDENTIAL_VARIABLES = {
  midtrans: ["MIDTRANS_SERVER_KEY"],
  monxa: ["MONXA_SECRET_KEY", "MONXA_CALLBACK_TOKEN"],
  doku: ["DOKU_CLIENT_ID", "DOKU_SECRET_KEY"],
  fazz: ["FAZZ_API_KEY", "FAZZ_SECRET_KEY", "FAZZ_SIGNING_SECRET"],
  martis: ["MARTIS_API_KEY", "MARTIS_WEBHOOK_SECRET"],
} as const satisfies Record<ProviderId, readonly (keyof z.infer<typeof rawSchema>)[]>;

/**
 * What production refuses to start with. A production build with SANDBOX_ENABLED=true and every
 * provider on its simulator is a demo (our e2e suite runs one): nothing real can be paid there,
 * so the published sandbox secrets are allowed. Anything that talks to a real provider must
 * have secrets of its own, and must not also serve the simulators, whose public cashier would
 * "pay" real orders.
 */
function productionProblems(
  raw: z.infer<typeof rawSchema>,
  env: {
    appUrl: string;
    sandbox: { enabled: boolean };
    routing: Record<Store, ProviderId[]>;
    providers: Record<ProviderId, { baseUrl: string } | undefined>;
  },
) {
  const problems: string[] = [];
  const live = PROVIDER_IDS.filter((id) => env.providers[id]);
  const simulated = (id: ProviderId) =>
    env.sandbox.enabled && `${env.providers[id]?.baseUrl}/`.startsWith(`${env.appUrl}/sandbox/${id}/`);
  const real = live.filter((id) => !simulated(id));
  const demo = env.sandbox.enabled && real.length === 0;

  if (env.sandbox.enabled && real.length > 0) {
    const where = real.map((id) => `${PROVIDER_NAMES[id]} at ${env.providers[id]!.baseUrl}`).join(", ");
    problems.push(`SANDBOX_ENABLED=true serves the simulators and their public cashier beside real providers (${where}): turn it off`);
  }

  if (!demo) {
    for (const name of Object.keys(SECRET_RULES) as (keyof typeof SECRET_RULES)[]) {
      const [value, rule] = [raw[name], SECRET_RULES[name]];
      if (!value) problems.push(`${name} is required in production`);
      else if (isPublished(value)) problems.push(`${name} is the published sandbox value or a placeholder: set a secret of your own`);
      else if (value.length < rule.minLength) problems.push(`${name} is too weak: use at least ${rule.minLength} characters`);
      else if (guessesLog10(value) < rule.minGuessesLog10) problems.push(`${name} is too weak: it is easy to guess (use a random value)`);
    }
  }

  for (const id of PROVIDER_IDS) {
    const names = PROVIDER_CREDENTIAL_VARIABLES[id];
    const given = names.filter((name) => raw[name]);
    if (given.length > 0 && given.length < names.length) {
      const missing = names.filter((name) => !raw[name]);
      problems.push(`${missing.join(" and ")} must be set with ${given.join(" and ")}`);
    }
    if (!real.includes(id)) continue;
    const where = `${PROVIDER_NAMES[id]} points at ${env.providers[id]!.baseUrl}`;
    for (const name of names) {
      const value = raw[name];
      if (!value) problems.push(`${name} is required: ${where}`);
      else if (isPublished(value)) problems.push(`${name} is a published sandbox value or a placeholder, but ${where}`);
    }
  }

  if (live.length === 0) {
    const hint = Object.values(PROVIDER_CREDENTIAL_VARIABLES).map((names) => names[0]).join(", ");
    problems.push(`No payment provider is configured, so every order would fail: set one provider's credentials (${hint}, …)`);
  } else {
    for (const store of STORES) {
      if (env.routing[store].some((id) => live.includes(id))) continue;
      problems.push(
        `ROUTING_${store.toUpperCase()} (${env.routing[store].join(",")}) names no configured provider (configured: ${live.join(", ")})`,
      );
    }
  }
  return problems;
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
