import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, SANDBOX_CREDENTIALS } from "./env";

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
  MERCHANT_CONSOLE_PASSWORD: "Lumpia-Semarang-Kukus-42",
  SESSION_SECRET: "vX3kP9mQ2wL7sT4zR8nB1cY6hJ5dF0gA-eU",
  MIDTRANS_SERVER_KEY: "Mid-server-r8Kd2LwQ9xVb4TzM7pNc",
  MIDTRANS_BASE_URL: "https://api.midtrans.com",
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

  it("still refuse values that do not parse, all listed at once", () => {
    const problems = problemsOf({ APP_URL: "ftp://x", PROVIDER_TIMEOUT_MS: "5", SESSION_SECRET: "short" });
    expect(problems).toEqual([
      expect.stringContaining("APP_URL"),
      expect.stringContaining("PROVIDER_TIMEOUT_MS"),
    ]);
    expect(problemsOf({ SESSION_SECRET: "short" })).toEqual(["SESSION_SECRET must be at least 32 characters"]);
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
      "MERCHANT_CONSOLE_PASSWORD is the published sandbox value or a placeholder: set a secret of your own",
      expect.stringMatching(/^No payment provider is configured, so every order would fail/),
    ]);
  });

  it("refuses every secret that .env.example or SANDBOX_CREDENTIALS publishes, in whichever variable", () => {
    const example = envExampleValues({ commented: true }).filter(([name]) => SECRET_NAME.test(name));
    const published = [...example.map(([, value]) => value), ...Object.values(SANDBOX_CREDENTIALS)];
    expect(published.length).toBeGreaterThan(Object.keys(SANDBOX_CREDENTIALS).length);
    for (const value of published) {
      // One app secret and one provider credential: all variables share the one rule.
      for (const name of ["MERCHANT_CONSOLE_PASSWORD", "MIDTRANS_SERVER_KEY"]) {
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
      "MONXA_SECRET_KEY is a published sandbox value or a placeholder, but Monxa points at https://api.monxa.io",
      "MONXA_CALLBACK_TOKEN is a published sandbox value or a placeholder, but Monxa points at https://api.monxa.io",
    ]);
  });

  it("requires the three secrets", () => {
    const { MERCHANT_API_KEY, MERCHANT_CONSOLE_PASSWORD, SESSION_SECRET, ...rest } = SAFE_PRODUCTION;
    expect([MERCHANT_API_KEY, MERCHANT_CONSOLE_PASSWORD, SESSION_SECRET].every(Boolean)).toBe(true);
    expect(problemsOf(rest)).toEqual([
      "MERCHANT_API_KEY is required in production",
      "SESSION_SECRET is required in production",
      "MERCHANT_CONSOLE_PASSWORD is required in production",
    ]);
  });

  it("refuses weak secrets: short, or long but guessable", () => {
    expect(
      problemsOf({
        ...SAFE_PRODUCTION,
        MERCHANT_API_KEY: "sk_live_8a7B3c",
        SESSION_SECRET: "passwordpasswordpasswordpassword",
        MERCHANT_CONSOLE_PASSWORD: "password1234",
      }),
    ).toEqual([
      "MERCHANT_API_KEY is too weak: use at least 32 characters",
      "SESSION_SECRET is too weak: it is easy to guess (use a random value)",
      "MERCHANT_CONSOLE_PASSWORD is too weak: it is easy to guess (use a random value)",
    ]);
    expect(problemsOf({ ...SAFE_PRODUCTION, MERCHANT_API_KEY: "0123456789abcdef0123456789abcdef" })).toEqual([
      "MERCHANT_API_KEY is too weak: it is easy to guess (use a random value)",
    ]);
  });

  it("refuses to start without any provider", () => {
    const { MIDTRANS_SERVER_KEY, MIDTRANS_BASE_URL, ...rest } = SAFE_PRODUCTION;
    expect([MIDTRANS_SERVER_KEY, MIDTRANS_BASE_URL].every(Boolean)).toBe(true);
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
  it("is a demo when every provider is its simulator: the published secrets are allowed", () => {
    const env = parseEnv({ NODE_ENV: "production", SANDBOX_ENABLED: "true", APP_URL: "http://localhost:3100" });
    expect(env.sessionSecret).toBe(SANDBOX_CREDENTIALS.sessionSecret);
    expect(env.providers.fazz?.baseUrl).toBe("http://localhost:3100/sandbox/fazz/api/v4");
    expect(problemsOf({ NODE_ENV: "production", SANDBOX_ENABLED: "true", MERCHANT_API_KEY: SANDBOX_CREDENTIALS.merchantApiKey })).toEqual([]);
  });

  it("is refused beside a real provider: the simulators' cashier would pay real orders", () => {
    expect(problemsOf({ NODE_ENV: "production", SANDBOX_ENABLED: "true", MIDTRANS_BASE_URL: "https://api.midtrans.com" })).toEqual([
      "SANDBOX_ENABLED=true serves the simulators and their public cashier beside real providers (Midtrans at https://api.midtrans.com): turn it off",
      "MERCHANT_API_KEY is required in production",
      "SESSION_SECRET is required in production",
      "MERCHANT_CONSOLE_PASSWORD is required in production",
      "MIDTRANS_SERVER_KEY is required: Midtrans points at https://api.midtrans.com",
    ]);
  });
});
