import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SANDBOX_CREDENTIALS } from "@/test/sandbox-credentials";
import { EnvError, parseEnv } from "./env";
import { PROVIDER_REGISTRATIONS } from "./providers/catalog";

// What each configuration is refused for: the problems parseEnv lists, or none.
function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

// A production configuration that must start: secrets of its own, one real provider.
const SAFE_PRODUCTION = {
  NODE_ENV: "production",
  APP_URL: "https://toko.example.id",
  MERCHANT_API_KEY: "gm_live_Qm7vT2xK9pL4sW8zR1nC6bY3hD5fJ0aE",
  SESSION_SECRET: "vX3kP9mQ2wL7sT4zR8nB1cY6hJ5dF0gA-eU",
  MIDTRANS_SERVER_KEY: "Mid-server-r8Kd2LwQ9xVb4TzM7pNc",
};

// Variable → value pairs written in .env.example: the ones set, or also the commented-out ones.
function envExampleValues({ commented }: { commented: boolean }): [string, string][] {
  const text = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
  const line = commented ? /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm : /^([A-Z][A-Z0-9_]*)=(.*)$/gm;
  return [...text.matchAll(line)].map(([, name, value]) => [name!, value!.trim()]);
}

const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|CLIENT_ID/;

describe("development and test", () => {
  it("need nothing: every provider runs on its simulator with the sandbox credentials", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.sandbox.enabled).toBe(true);
    expect(env.merchantApiKey).toBe(SANDBOX_CREDENTIALS.merchantApiKey);
    expect(env.providers.midtrans?.baseUrl).toBe("http://localhost:3000/sandbox/midtrans");
    expect(Object.values(env.providers).every(Boolean)).toBe(true);
  });

  it("follow the port the server listens on for the app's own address, unless APP_URL says otherwise", () => {
    const followed = parseEnv({ PORT: "3001" });
    expect(followed.appUrl).toBe("http://localhost:3001");
    expect(followed.appUrlConfigured).toBe(false);
    expect(followed.providers.midtrans?.baseUrl).toBe("http://localhost:3001/sandbox/midtrans");
    expect(followed.sandbox.webhookBaseUrl).toBe("http://localhost:3001");
    const configured = parseEnv({ PORT: "3001", APP_URL: "http://gerai.local:8080" });
    expect(configured.appUrl).toBe("http://gerai.local:8080");
    expect(configured.appUrlConfigured).toBe(true);
  });

  it("still refuse values that do not parse, all listed at once", () => {
    const problems = problemsOf({ APP_URL: "ftp://x", PROVIDER_TIMEOUT_MS: "5", SESSION_SECRET: "short" });
    expect(problems).toEqual([
      expect.stringContaining("APP_URL"),
      expect.stringContaining("PROVIDER_TIMEOUT_MS"),
    ]);
    expect(problemsOf({ SESSION_SECRET: "short" })).toEqual(["SESSION_SECRET must be at least 32 characters"]);
  });

  it("treat a webhook delivery as cut off only once its status call cannot still be running", () => {
    expect(parseEnv({}).reprocessWebhooksAfterMs).toBeUndefined();
    expect(parseEnv({ REPROCESS_WEBHOOKS_AFTER_SECONDS: "20", PROVIDER_TIMEOUT_MS: "10000" }).reprocessWebhooksAfterMs).toBe(20_000);
    expect(problemsOf({ REPROCESS_WEBHOOKS_AFTER_SECONDS: "19", PROVIDER_TIMEOUT_MS: "10000" })).toEqual([
      expect.stringContaining("REPROCESS_WEBHOOKS_AFTER_SECONDS must be at least twice PROVIDER_TIMEOUT_MS"),
    ]);
  });
});

describe("production", () => {
  it("starts with secrets of its own and one real provider", () => {
    const env = parseEnv(SAFE_PRODUCTION);
    expect(env.sandbox.enabled).toBe(false);
    expect(Object.entries(env.providers).filter(([, settings]) => settings).map(([id]) => id)).toEqual(["midtrans"]);
  });

  it("refuses .env.example as it is: published secrets and no provider", () => {
    const example = Object.fromEntries(envExampleValues({ commented: false }));
    expect(problemsOf({ ...example, NODE_ENV: "production" })).toEqual([
      "MERCHANT_API_KEY is the published sandbox value or a placeholder: set a secret of your own",
      "SESSION_SECRET is the published sandbox value or a placeholder: set a secret of your own",
      "MERCHANT_CONSOLE_PASSWORD is only the sandbox demo owner's password and this server has no sandbox: remove it; make console accounts with npm run console:owner",
      expect.stringMatching(/^No payment provider is configured, so every order would fail/),
    ]);
  });

  it("refuses every secret that .env.example or SANDBOX_CREDENTIALS publishes, in whichever variable", () => {
    const example = envExampleValues({ commented: true }).filter(([name]) => SECRET_NAME.test(name));
    const published = [...example.map(([, value]) => value), ...Object.values(SANDBOX_CREDENTIALS)];
    expect(published.length).toBeGreaterThan(Object.keys(SANDBOX_CREDENTIALS).length);
    for (const value of published) {
      // One app secret and one provider credential: all variables share the one rule.
      for (const name of ["MERCHANT_API_KEY", "MIDTRANS_SERVER_KEY"]) {
        const problems = problemsOf({ ...SAFE_PRODUCTION, [name]: value });
        expect(problems.some((problem) => problem.startsWith(`${name} is `) && problem.includes("published")), `${name}=${value}`).toBe(true);
      }
    }
  });

  it("refuses the sandbox's provider credentials pointed at a real provider", () => {
    const problems = problemsOf({
      ...SAFE_PRODUCTION,
      MONXA_SECRET_KEY: SANDBOX_CREDENTIALS.monxaSecretKey,
      MONXA_CALLBACK_TOKEN: SANDBOX_CREDENTIALS.monxaCallbackToken,
    });
    expect(problems).toEqual([
      "MONXA_SECRET_KEY is a sandbox key but Monxa points at its live host (MONXA_ENVIRONMENT=live); keys look like sk_test_… (test) or sk_live_… (live)",
      "MONXA_SECRET_KEY is a published sandbox value or a placeholder, but Monxa points at https://api.monxa.io",
      "MONXA_CALLBACK_TOKEN is a published sandbox value or a placeholder, but Monxa points at https://api.monxa.io",
    ]);
  });

  it("requires its two secrets", () => {
    const { MERCHANT_API_KEY, SESSION_SECRET, ...rest } = SAFE_PRODUCTION;
    expect([MERCHANT_API_KEY, SESSION_SECRET].every(Boolean)).toBe(true);
    expect(problemsOf(rest)).toEqual(["MERCHANT_API_KEY is required in production", "SESSION_SECRET is required in production"]);
  });

  it("refuses a shared console password: without the sandbox there is no demo owner, and members have their own", () => {
    expect(problemsOf({ ...SAFE_PRODUCTION, MERCHANT_CONSOLE_PASSWORD: "Lumpia-Semarang-Kukus-42" })).toEqual([
      "MERCHANT_CONSOLE_PASSWORD is only the sandbox demo owner's password and this server has no sandbox: remove it; make console accounts with npm run console:owner",
    ]);
  });

  it("refuses weak secrets: short, or long but guessable", () => {
    expect(
      problemsOf({
        ...SAFE_PRODUCTION,
        MERCHANT_API_KEY: "sk_live_8a7B3c",
        SESSION_SECRET: "passwordpasswordpasswordpassword",
      }),
    ).toEqual(["MERCHANT_API_KEY is too weak: use at least 32 characters", "SESSION_SECRET is too weak: it is easy to guess (use a random value)"]);
    expect(problemsOf({ ...SAFE_PRODUCTION, MERCHANT_API_KEY: "0123456789abcdef0123456789abcdef" })).toEqual([
      "MERCHANT_API_KEY is too weak: it is easy to guess (use a random value)",
    ]);
  });

  it("sends shopper emails only from a sender it was given, over smtp:// or smtps://", () => {
    expect(parseEnv(SAFE_PRODUCTION).mail.smtpUrl).toBeUndefined();
    const smtp = { SMTP_URL: "smtps://gerai:Kue-Lapis-Legit-9@mail.toko.example.id:465" };
    expect(problemsOf({ ...SAFE_PRODUCTION, ...smtp })).toEqual(["MAIL_FROM is required in production when SMTP_URL is set"]);
    expect(parseEnv({ ...SAFE_PRODUCTION, ...smtp, MAIL_FROM: "Toko <pesanan@toko.example.id>" }).mail).toEqual({
      smtpUrl: smtp.SMTP_URL,
      from: "Toko <pesanan@toko.example.id>",
    });
    expect(problemsOf({ ...SAFE_PRODUCTION, SMTP_URL: "https://mail.example", MAIL_FROM: "x@example.com" })).toEqual([expect.stringContaining("SMTP_URL")]);
  });

  it("refuses to start without any provider", () => {
    const { MIDTRANS_SERVER_KEY, ...rest } = SAFE_PRODUCTION;
    expect(MIDTRANS_SERVER_KEY).toBeTruthy();
    expect(problemsOf(rest)).toEqual([expect.stringMatching(/^No payment provider is configured/)]);
  });

  it("refuses a store whose routing names no configured provider", () => {
    expect(problemsOf({ ...SAFE_PRODUCTION, ROUTING_ALFAMART: "monxa,fazz" })).toEqual([
      "ROUTING_ALFAMART (monxa,fazz) names no configured provider (configured: midtrans)",
    ]);
  });

  it("refuses a provider with part of its credentials (it would silently not be used)", () => {
    expect(problemsOf({ ...SAFE_PRODUCTION, FAZZ_API_KEY: "fz_live_api_4Kq9", FAZZ_SECRET_KEY: "fz_live_secret_8Wm2" })).toEqual([
      "FAZZ_SIGNING_SECRET must be set with FAZZ_API_KEY and FAZZ_SECRET_KEY",
    ]);
  });
});

describe("production with SANDBOX_ENABLED=true", () => {
  const DEMO = {
    NODE_ENV: "production",
    SANDBOX_ENABLED: "true",
    APP_URL: "http://localhost:3100",
    MERCHANT_API_KEY: SANDBOX_CREDENTIALS.merchantApiKey,
    MERCHANT_CONSOLE_PASSWORD: SANDBOX_CREDENTIALS.consolePassword,
    SESSION_SECRET: SANDBOX_CREDENTIALS.sessionSecret,
    FAZZ_API_KEY: SANDBOX_CREDENTIALS.fazzApiKey,
    FAZZ_SECRET_KEY: SANDBOX_CREDENTIALS.fazzSecretKey,
    FAZZ_SIGNING_SECRET: SANDBOX_CREDENTIALS.fazzSigningSecret,
  };

  it("never falls back to the published sandbox values: a demo says which it runs on", () => {
    expect(problemsOf({ NODE_ENV: "production", SANDBOX_ENABLED: "true" })).toEqual([
      "APP_URL is required in production: the public address of the app (https://…)",
      "MERCHANT_API_KEY is required in production",
      "SESSION_SECRET is required in production",
      "MERCHANT_CONSOLE_PASSWORD is required in production with SANDBOX_ENABLED=true: the sandbox demo owner's password",
      expect.stringMatching(/^No payment provider is configured/),
    ]);
  });

  it("is a demo when every provider is its simulator: the values it was given are accepted", () => {
    const env = parseEnv(DEMO);
    expect(env.providers.fazz?.baseUrl).toBe("http://localhost:3100/sandbox/fazz/api/v4");
    expect(env.providers.fazz?.environment).toBe("simulator");
    expect(env.providers.midtrans).toBeUndefined();
  });

  it("is refused beside a real provider: the simulators' cashier would pay real orders", () => {
    expect(problemsOf({ ...DEMO, MIDTRANS_ENVIRONMENT: "live", MIDTRANS_SERVER_KEY: "Mid-server-r8Kd2LwQ9xVb4TzM7pNc" })).toEqual([
      "SANDBOX_ENABLED=true serves the simulators and their public cashier beside real providers (Midtrans points at https://api.midtrans.com): turn it off",
      "MERCHANT_API_KEY is the published sandbox value or a placeholder: set a secret of your own",
      "SESSION_SECRET is the published sandbox value or a placeholder: set a secret of your own",
    ]);
  });
});

describe("provider hosts", () => {
  it("default to each provider's live host in production", () => {
    for (const registration of PROVIDER_REGISTRATIONS) {
      const credentials = Object.fromEntries(registration.credentials.map((name, index) => [name, `own-${registration.id}-${index}-Qm7vT2xK9pL4`]));
      const env = parseEnv({ ...SAFE_PRODUCTION, ...credentials });
      expect(env.providers[registration.id]?.baseUrl, registration.id).toBe(registration.hosts.live);
      expect(env.providers[registration.id]?.environment, registration.id).toBe("live");
    }
  });

  it("use a provider's test host only when asked for by name", () => {
    const sandbox = parseEnv({ ...SAFE_PRODUCTION, MIDTRANS_ENVIRONMENT: "sandbox", MIDTRANS_SERVER_KEY: "SB-Mid-server-r8Kd2LwQ9xVb4TzM7pNc" });
    expect(sandbox.providers.midtrans?.baseUrl).toBe("https://api.sandbox.midtrans.com");
    expect(problemsOf({ ...SAFE_PRODUCTION, MIDTRANS_LIVE_URL: "https://api.sandbox.midtrans.com" })).toEqual([
      "MIDTRANS_LIVE_URL (https://api.sandbox.midtrans.com) is a test host: set MIDTRANS_ENVIRONMENT=sandbox if a test account is what you mean",
    ]);
    expect(problemsOf({ ...SAFE_PRODUCTION, MIDTRANS_LIVE_URL: "https://staging.example.com/midtrans" })).toHaveLength(1);
  });

  it("refuse a sandbox key against the live host, and a live key against the sandbox host", () => {
    expect(problemsOf({ ...SAFE_PRODUCTION, MIDTRANS_SERVER_KEY: "SB-Mid-server-r8Kd2LwQ9xVb4TzM7pNc" })).toEqual([
      "MIDTRANS_SERVER_KEY is a sandbox key but Midtrans points at its live host (MIDTRANS_ENVIRONMENT=live); keys look like SB-Mid-server-… (sandbox) or Mid-server-… (production)",
    ]);
    expect(problemsOf({ ...SAFE_PRODUCTION, MIDTRANS_ENVIRONMENT: "sandbox" })).toEqual([
      "MIDTRANS_SERVER_KEY is a live key but Midtrans points at its sandbox host (MIDTRANS_ENVIRONMENT=sandbox); keys look like SB-Mid-server-… (sandbox) or Mid-server-… (production)",
    ]);
    // Outside production too: such a pair never works.
    expect(problemsOf({ SANDBOX_ENABLED: "false", MIDTRANS_SERVER_KEY: "SB-Mid-server-x" })).toHaveLength(1);
  });

  it("refuse the simulator without the sandbox", () => {
    expect(problemsOf({ ...SAFE_PRODUCTION, MIDTRANS_ENVIRONMENT: "simulator" })).toContain(
      "MIDTRANS_ENVIRONMENT=simulator needs SANDBOX_ENABLED=true (or choose live or sandbox)",
    );
  });
});

describe("Martis, whose store channel and webhook scheme are not published", () => {
  const MARTIS = { MARTIS_API_KEY: "mk_live_Qm7vT2xK9pL4sW8zR1nC", MARTIS_WEBHOOK_SECRET: "whsec_vX3kP9mQ2wL7sT4zR8nB1cY6" };
  const SETTINGS = {
    MARTIS_PAYMENT_METHOD: "retail_outlet",
    MARTIS_CHANNEL_ALFAMART: "alfamart",
    MARTIS_CHANNEL_INDOMARET: "indomaret",
    MARTIS_SIGNATURE_HEADER: "x-signature",
    MARTIS_TIMESTAMP_HEADER: "x-timestamp",
    MARTIS_SIGNED_PAYLOAD: "{timestamp}.{body}",
  };

  it("is off the default routing until every unpublished setting is given", () => {
    expect(parseEnv({ NODE_ENV: "development" }).routing.alfamart).toEqual(["midtrans", "monxa", "doku", "fazz"]);
    expect(parseEnv({ NODE_ENV: "development", ...SETTINGS }).routing.indomaret).toEqual(["midtrans", "monxa", "doku", "fazz", "martis"]);
    expect(parseEnv({ ...SAFE_PRODUCTION, ...MARTIS }).routing.alfamart).toEqual(["midtrans"]);
    expect(parseEnv({ ...SAFE_PRODUCTION, ...MARTIS, ...SETTINGS }).providers.martis?.signatureHeader).toBe("x-signature");
  });

  it("is refused in production when routed to on guessed settings", () => {
    expect(problemsOf({ ...SAFE_PRODUCTION, ...MARTIS, ROUTING_ALFAMART: "martis,midtrans" })).toEqual([
      "Martis does not publish MARTIS_PAYMENT_METHOD, MARTIS_CHANNEL_ALFAMART, MARTIS_CHANNEL_INDOMARET, MARTIS_SIGNATURE_HEADER, MARTIS_TIMESTAMP_HEADER, MARTIS_SIGNED_PAYLOAD: confirm them with Martis and set them before routing to it",
    ]);
    expect(problemsOf({ ...SAFE_PRODUCTION, ...MARTIS, ...SETTINGS, ROUTING_ALFAMART: "martis,midtrans" })).toEqual([]);
  });
});

describe(".env.example", () => {
  it("documents every provider's variables", () => {
    const documented = new Set(envExampleValues({ commented: true }).map(([name]) => name));
    for (const registration of PROVIDER_REGISTRATIONS) {
      const prefix = registration.id.toUpperCase();
      for (const name of [...Object.keys(registration.variables), `${prefix}_ENVIRONMENT`, `${prefix}_LIVE_URL`, `${prefix}_SANDBOX_URL`]) {
        expect(documented.has(name), name).toBe(true);
      }
    }
  });
});
