import "server-only";
import { z } from "zod";
import { STORES, type Store } from "./domain";
import { flag, optionalText, url } from "./env-fields";
import { PROVIDER_IDS, PROVIDER_REGISTRATIONS, type ProviderId, type ProviderRegistrationOf } from "./providers/catalog";
import { PROVIDER_ENVIRONMENTS, type ProviderEnvironment, type ProviderRegistration } from "./providers/registration";
import { limitSetting } from "./rate-limit/setting";
import { guessesLog10 } from "./secret-strength";

// All configuration is read and validated here, once. Every setting is documented in
// .env.example. Development and test get working sandbox defaults; production must say what it
// means (keys, secrets), and gets no simulator unless SANDBOX_ENABLED=true. What production
// refuses is in productionProblems below; instrumentation.ts stops the process on any of it.
// Each provider's own variables come from its registration (lib/providers/<id>/registration.ts).

const providerList = z
  .string()
  .transform((value) => value.split(",").map((item) => item.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.enum(PROVIDER_IDS)).min(1, "name at least one provider"));

const rawSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // Where shoppers, providers and the app itself reach it. Unset outside production: this machine
  // on the port the server listens on (PORT, which `next dev` sets to the port it found free).
  APP_URL: url.optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATABASE_URL: optionalText,
  // Connections each instance opens to PostgreSQL for requests (the job queue opens 4 more).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PGLITE_DATA_DIR: z.string().trim().default(".data/pglite"),
  MERCHANT_NAME: z.string().trim().min(1).max(40).default("Toko Gerai"),
  MERCHANT_API_KEY: optionalText,
  // The sandbox's demo owner's password (demo@gerai.test); console accounts are otherwise made
  // with `npm run console:owner` and on the console's Team page.
  MERCHANT_CONSOLE_PASSWORD: optionalText,
  SESSION_SECRET: optionalText,
  SANDBOX_ENABLED: flag.optional(),
  SANDBOX_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  SANDBOX_WEBHOOK_BASE_URL: url.optional(),
  JOBS_ENABLED: flag.default(true),
  // Hosts the merchant's webhook endpoints may be on although they resolve to private or loopback
  // addresses (lib/merchant-webhooks/outgoing-request.ts). Unset: loopback outside production, none in it.
  WEBHOOK_ALLOWED_HOSTS: z.string().trim().optional(),
  // Emails to shoppers (lib/shopper-emails): the SMTP server, as smtp(s)://user:password@host:port.
  // Unset: no emails are sent (the sandbox still keeps a copy of each at /sandbox/mail).
  SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/, error: "an smtp:// or smtps:// address" }).optional()),
  MAIL_FROM: optionalText.pipe(z.string().max(200).optional()),
  // Read by lib/log.mjs (and SHUTDOWN_TIMEOUT_MS by server.mjs); checked here so a typo refuses to start.
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  // A pending code nobody has heard about for this long is asked about (a lost webhook).
  RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(10).max(24 * 60 * 60).default(300),
  // A verified webhook delivery left unhandled this long was cut off by a crash and is handled
  // again (reprocess-webhooks). Unset: 5 minutes (lib/orders/ingest-webhook.ts).
  REPROCESS_WEBHOOKS_AFTER_SECONDS: z.coerce.number().int().min(10).max(24 * 60 * 60).optional(),
  // Status calls the deadline sweep and the reconciliation make at once to each provider (lib/orders/ask-in-bulk.ts).
  STATUS_CALLS_PER_PROVIDER: z.coerce.number().int().min(1).max(256).default(16),
  PAYMENT_EXPIRY_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(24 * 60),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // Unset: every configured provider in the catalog's order, but not one whose unpublished
  // settings are still our guesses (defaultRouting).
  ROUTING_ALFAMART: providerList.optional(),
  ROUTING_INDOMARET: providerList.optional(),

  // Rate limits, "<count>/<window>" (lib/rate-limit). Counted in the database, shared by all instances.
  RATE_LIMIT_ORDERS: limitSetting.prefault("60/1m"),
  RATE_LIMIT_CHECKOUT: limitSetting.prefault("30/10m"),
  RATE_LIMIT_WEBHOOKS: limitSetting.prefault("600/1m"),
  RATE_LIMIT_SANDBOX: limitSetting.prefault("600/1m"),
  RATE_LIMIT_SIGN_IN_ADDRESS: limitSetting.prefault("5/15m"),
  RATE_LIMIT_SIGN_IN_ACCOUNT: limitSetting.prefault("100/1h"),
});

// The app's own secrets in development and test, when they are not set. Public on purpose: they
// only open the sandbox, and production never falls back to them. The providers' published
// sandbox credentials are in their registrations.
export const SANDBOX_SECRETS = {
  merchantApiKey: "sk_sandbox_gerai_merchant_0001",
  consolePassword: "gerai-sandbox",
  sessionSecret: "gerai-sandbox-session-secret-not-for-production-use",
} as const;

export type Env = ReturnType<typeof buildEnv>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

type RawEnv = z.infer<typeof rawSchema>;
type Variables = Record<string, unknown>;

/** MIDTRANS for midtrans: the prefix of a provider's generic variables. */
const prefixOf = (id: string) => id.toUpperCase();

/** The variables every provider has besides its own: where its adapter talks to. */
function hostVariables(registration: ProviderRegistration) {
  const prefix = prefixOf(registration.id);
  return {
    [`${prefix}_ENVIRONMENT`]: z.enum(PROVIDER_ENVIRONMENTS).optional(),
    [`${prefix}_LIVE_URL`]: url.default(registration.hosts.live),
    [`${prefix}_SANDBOX_URL`]: url.default(registration.hosts.sandbox),
  };
}

const providerSchemas = PROVIDER_REGISTRATIONS.map((registration) =>
  z.object({ ...registration.variables, ...hostVariables(registration) }),
);

/** One provider as configured: its adapter's settings, where it points and how it got there. */
type ConfiguredProvider<Id extends ProviderId> = ReturnType<ProviderRegistrationOf<Id>["configure"]> & {
  environment: ProviderEnvironment;
};
type ProviderSettingsMap = { [Id in ProviderId]: ConfiguredProvider<Id> | undefined };

interface ProviderPlan {
  registration: ProviderRegistration;
  variables: Variables;
  environment: ProviderEnvironment;
  /** Which credential variables were set (not filled in from the sandbox's published ones). */
  given: string[];
  settings: (Record<string, unknown> & { baseUrl: string; environment: ProviderEnvironment }) | undefined;
}

function planProvider(
  registration: ProviderRegistration,
  variables: Variables,
  context: { production: boolean; sandboxEnabled: boolean; appUrl: string },
): ProviderPlan {
  const prefix = prefixOf(registration.id);
  const environment =
    (variables[`${prefix}_ENVIRONMENT`] as ProviderEnvironment | undefined) ?? (context.sandboxEnabled ? "simulator" : "live");
  const given = registration.credentials.filter((name) => variables[name] !== undefined);
  // Development and test may use the simulators' published keys; nothing else ever does.
  const fallback = !context.production && environment === "simulator";
  const filled = Object.fromEntries(
    registration.credentials.map((name) => [name, variables[name] ?? (fallback ? registration.publishedSandboxCredentials[name] : undefined)]),
  );
  const complete = registration.credentials.every((name) => filled[name] !== undefined);
  const baseUrl = {
    live: variables[`${prefix}_LIVE_URL`] as string,
    sandbox: variables[`${prefix}_SANDBOX_URL`] as string,
    simulator: `${context.appUrl}/sandbox/${registration.id}${registration.simulatorPath ?? ""}`,
  }[environment];
  const settings = complete ? { ...(registration.configure({ ...variables, ...filled }, baseUrl) as object), baseUrl, environment } : undefined;
  return { registration, variables, environment, given, settings };
}

/** Configured providers in catalog order, leaving out those whose guesses are unconfirmed. */
function defaultRouting(plans: ProviderPlan[]): ProviderId[] {
  return plans
    .filter((plan) => plan.settings && (plan.registration.unpublishedSettings ?? []).every((name) => plan.variables[name] !== undefined))
    .map((plan) => plan.registration.id as ProviderId);
}

function buildEnv(raw: RawEnv, providerVariables: Variables[]) {
  const production = raw.NODE_ENV === "production";
  const sandboxEnabled = raw.SANDBOX_ENABLED ?? !production;
  const problems: string[] = [];
  const appUrl = raw.APP_URL ?? `http://localhost:${raw.PORT}`;
  const context = { production, sandboxEnabled, appUrl };
  const plans = PROVIDER_REGISTRATIONS.map((registration, index) => planProvider(registration, providerVariables[index]!, context));
  const routed = defaultRouting(plans);
  // Outside production a missing secret is the sandbox's; production refuses that (below).
  const secret = (value: string | undefined, sandboxValue: string) => value ?? (production ? "" : sandboxValue);

  const env = {
    production,
    appUrl,
    /** Whether APP_URL was set, rather than followed from the port. */
    appUrlConfigured: raw.APP_URL !== undefined,
    port: raw.PORT,
    databaseUrl: raw.DATABASE_URL,
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    pgliteDataDir: raw.PGLITE_DATA_DIR,
    merchantName: raw.MERCHANT_NAME,
    merchantApiKey: secret(raw.MERCHANT_API_KEY, SANDBOX_SECRETS.merchantApiKey),
    /** The sandbox's demo owner's password (lib/console-accounts/demo-owner.ts); unused without the sandbox. */
    consolePassword: secret(raw.MERCHANT_CONSOLE_PASSWORD, SANDBOX_SECRETS.consolePassword),
    sessionSecret: secret(raw.SESSION_SECRET, SANDBOX_SECRETS.sessionSecret),
    sandbox: {
      enabled: sandboxEnabled,
      timeScale: raw.SANDBOX_TIME_SCALE,
      webhookBaseUrl: raw.SANDBOX_WEBHOOK_BASE_URL ?? appUrl,
    },
    jobsEnabled: raw.JOBS_ENABLED,
    mail: {
      smtpUrl: raw.SMTP_URL,
      from: raw.MAIL_FROM ?? `${raw.MERCHANT_NAME} <no-reply@localhost>`,
    },
    webhookAllowedHosts: (raw.WEBHOOK_ALLOWED_HOSTS ?? (production ? "" : "localhost,127.0.0.1,::1"))
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
    reconcileAfterMs: raw.RECONCILE_AFTER_SECONDS * 1000,
    reprocessWebhooksAfterMs: raw.REPROCESS_WEBHOOKS_AFTER_SECONDS === undefined ? undefined : raw.REPROCESS_WEBHOOKS_AFTER_SECONDS * 1000,
    statusCallsPerProvider: raw.STATUS_CALLS_PER_PROVIDER,
    paymentExpiryMinutes: raw.PAYMENT_EXPIRY_MINUTES,
    providerTimeoutMs: raw.PROVIDER_TIMEOUT_MS,
    routing: {
      alfamart: raw.ROUTING_ALFAMART ?? routed,
      indomaret: raw.ROUTING_INDOMARET ?? routed,
    } satisfies Record<Store, ProviderId[]>,
    rateLimits: {
      orders: raw.RATE_LIMIT_ORDERS,
      checkout: raw.RATE_LIMIT_CHECKOUT,
      webhooks: raw.RATE_LIMIT_WEBHOOKS,
      sandbox: raw.RATE_LIMIT_SANDBOX,
      signInAddress: raw.RATE_LIMIT_SIGN_IN_ADDRESS,
      signInAccount: raw.RATE_LIMIT_SIGN_IN_ACCOUNT,
    },
    providers: Object.fromEntries(plans.map((plan) => [plan.registration.id, plan.settings])) as ProviderSettingsMap,
  };

  if (env.sessionSecret && env.sessionSecret.length < 32) problems.push("SESSION_SECRET must be at least 32 characters");
  // Sooner, a delivery still waiting for its status call would be handled a second time alongside.
  if (env.reprocessWebhooksAfterMs !== undefined && env.reprocessWebhooksAfterMs < 2 * env.providerTimeoutMs) {
    problems.push("REPROCESS_WEBHOOKS_AFTER_SECONDS must be at least twice PROVIDER_TIMEOUT_MS: a delivery is cut off only once its status call cannot still be running");
  }
  problems.push(...providerProblems(plans, sandboxEnabled));
  if (production) problems.push(...productionProblems(raw, plans, env));
  if (problems.length) throw new EnvError(problems);
  return env;
}

/** Settings that are wrong anywhere: a simulator without the sandbox, a key for the wrong host. */
function providerProblems(plans: ProviderPlan[], sandboxEnabled: boolean): string[] {
  const problems: string[] = [];
  for (const { registration, variables, environment } of plans) {
    const prefix = prefixOf(registration.id);
    if (environment === "simulator" && !sandboxEnabled) {
      problems.push(`${prefix}_ENVIRONMENT=simulator needs SANDBOX_ENABLED=true (or choose live or sandbox)`);
    }
    const format = registration.keyFormat;
    const key = format && (variables[format.variable] as string | undefined);
    if (!format || !key || environment === "simulator") continue;
    const wrong = environment === "live" ? format.sandbox.test(key) : format.live.test(key);
    if (wrong) {
      const kind = environment === "live" ? "a sandbox key" : "a live key";
      problems.push(
        `${format.variable} is ${kind} but ${registration.displayName} points at its ${environment} host (${prefix}_ENVIRONMENT=${environment}); keys look like ${format.described}`,
      );
    }
  }
  return problems;
}

// Values anyone can read in this repository (the sandbox's secrets, the providers' published
// sandbox credentials, repeated in .env.example) and .env.example's "…" placeholders. They open
// whatever they guard to everyone.
const PUBLISHED_VALUES: ReadonlySet<string> = new Set([
  ...Object.values(SANDBOX_SECRETS),
  ...PROVIDER_REGISTRATIONS.flatMap((registration) => Object.values(registration.publishedSandboxCredentials)),
]);
const isPublished = (value: string) => PUBLISHED_VALUES.has(value) || value.includes("…");

/** A host name that says it is a provider's test system. */
const looksLikeTestHost = (address: string) => /(^|[.-])(sandbox|staging|test|dev)([.-]|$)/i.test(new URL(address).hostname);

// Machine secrets must resist offline guessing. Estimates are zxcvbn's. (Console members'
// passwords are checked when they are set: lib/console-accounts/passwords.ts.)
const SECRET_RULES = {
  MERCHANT_API_KEY: { minLength: 32, minGuessesLog10: 20 },
  // Its 32-character minimum holds everywhere (buildEnv): iron-session refuses shorter ones.
  SESSION_SECRET: { minLength: 0, minGuessesLog10: 20 },
} as const;

/**
 * What production refuses to start with. Production never falls back to a published value: every
 * secret and credential must be set. A production build with SANDBOX_ENABLED=true and every
 * provider on its simulator is a demo (our e2e suite runs one): nothing real can be paid there,
 * so any values are accepted. Anything that talks to a real provider must have secrets of its
 * own, must not also serve the simulators (whose public cashier would "pay" real orders), and
 * uses a provider's test host only when <ID>_ENVIRONMENT=sandbox says so.
 */
function productionProblems(
  raw: RawEnv,
  plans: ProviderPlan[],
  env: { sandbox: { enabled: boolean }; routing: Record<Store, ProviderId[]> },
) {
  const problems: string[] = [];
  const live = plans.filter((plan) => plan.settings);
  const real = live.filter((plan) => plan.environment !== "simulator");
  const demo = env.sandbox.enabled && real.length === 0;
  const where = (plan: ProviderPlan) => `${plan.registration.displayName} points at ${plan.settings!.baseUrl}`;

  if (env.sandbox.enabled && real.length > 0) {
    problems.push(
      `SANDBOX_ENABLED=true serves the simulators and their public cashier beside real providers (${real.map(where).join(", ")}): turn it off`,
    );
  }

  // Payment links, email links and provider callbacks must name the public address.
  if (!raw.APP_URL) problems.push("APP_URL is required in production: the public address of the app (https://…)");

  // Shoppers would get mail from an address nobody owns.
  if (raw.SMTP_URL && !raw.MAIL_FROM) problems.push("MAIL_FROM is required in production when SMTP_URL is set");

  for (const name of Object.keys(SECRET_RULES) as (keyof typeof SECRET_RULES)[]) {
    const [value, rule] = [raw[name], SECRET_RULES[name]];
    if (!value) problems.push(`${name} is required in production`);
    else if (demo) continue;
    else if (isPublished(value)) problems.push(`${name} is the published sandbox value or a placeholder: set a secret of your own`);
    else if (value.length < rule.minLength) problems.push(`${name} is too weak: use at least ${rule.minLength} characters`);
    else if (guessesLog10(value) < rule.minGuessesLog10) problems.push(`${name} is too weak: it is easy to guess (use a random value)`);
  }

  // Only a demo has the sandbox's demo owner; anywhere else this shared password would open nothing.
  if (demo && !raw.MERCHANT_CONSOLE_PASSWORD) {
    problems.push("MERCHANT_CONSOLE_PASSWORD is required in production with SANDBOX_ENABLED=true: the sandbox demo owner's password");
  }
  if (!env.sandbox.enabled && raw.MERCHANT_CONSOLE_PASSWORD) {
    problems.push(
      "MERCHANT_CONSOLE_PASSWORD is only the sandbox demo owner's password and this server has no sandbox: remove it; make console accounts with npm run console:owner",
    );
  }

  for (const plan of plans) {
    const { registration, variables, environment, given } = plan;
    const names = registration.credentials;
    const prefix = prefixOf(registration.id);
    if (given.length > 0 && given.length < names.length) {
      const missing = names.filter((name) => !given.includes(name));
      problems.push(`${missing.join(" and ")} must be set with ${given.join(" and ")}`);
    }
    if (!plan.settings || environment === "simulator") continue;
    for (const name of names) {
      const value = variables[name] as string;
      if (isPublished(value)) problems.push(`${name} is a published sandbox value or a placeholder, but ${where(plan)}`);
    }
    const liveUrl = variables[`${prefix}_LIVE_URL`] as string;
    if (environment === "live" && (looksLikeTestHost(liveUrl) || (liveUrl === registration.hosts.sandbox && liveUrl !== registration.hosts.live))) {
      problems.push(`${prefix}_LIVE_URL (${liveUrl}) is a test host: set ${prefix}_ENVIRONMENT=sandbox if a test account is what you mean`);
    }
    const unconfirmed = (registration.unpublishedSettings ?? []).filter((name) => variables[name] === undefined);
    const routedTo = STORES.filter((store) => env.routing[store].includes(registration.id as ProviderId));
    if (unconfirmed.length > 0 && routedTo.length > 0) {
      problems.push(
        `${registration.displayName} does not publish ${unconfirmed.join(", ")}: confirm them with ${registration.displayName} and set them before routing to it`,
      );
    }
  }

  if (live.length === 0) {
    const hint = PROVIDER_REGISTRATIONS.map((registration) => registration.credentials[0]).join(", ");
    problems.push(`No payment provider is configured, so every order would fail: set one provider's credentials (${hint}, …)`);
  } else {
    const configured = live.map((plan) => plan.registration.id as ProviderId);
    for (const store of STORES) {
      if (env.routing[store].some((id) => configured.includes(id))) continue;
      const names = env.routing[store].join(",") || "none by default";
      problems.push(`ROUTING_${store.toUpperCase()} (${names}) names no configured provider (configured: ${configured.join(", ")})`);
    }
  }
  return problems;
}

export type ProviderSettings = Env["providers"];

/** Parses a set of variables; throws an EnvError that lists every problem at once. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set" (that is how `.env` files and CI matrices leave a value out).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = [rawSchema, ...providerSchemas].map((schema) => schema.safeParse(cleaned));
  const issues = parsed.flatMap((result) => (result.success ? [] : result.error.issues));
  if (issues.length) throw new EnvError(issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`));
  const [base, ...providers] = parsed.map((result) => result.data!);
  return buildEnv(base as RawEnv, providers as Variables[]);
}

let cached: Env | undefined;

/** The validated configuration of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
