import { PROVIDER_REGISTRATIONS } from "../lib/providers/catalog";

// The production build as the end-to-end tests and the server tests run it: an in-memory
// database and the sandbox simulators, whose retry clocks run 100× faster. Production never falls
// back to the sandbox's values, so this names every secret and credential it runs on (the
// simulators' published ones, which the tests use too).
export function sandboxServerEnv(appUrl: string): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: appUrl,
    PGLITE_DATA_DIR: "memory://",
    SANDBOX_ENABLED: "true",
    SANDBOX_TIME_SCALE: "0.01",
    PROVIDER_TIMEOUT_MS: "3000",
    MERCHANT_NAME: "Toko Gerai",
    MERCHANT_API_KEY: "sk_sandbox_gerai_merchant_0001",
    MERCHANT_CONSOLE_PASSWORD: "gerai-sandbox",
    SESSION_SECRET: "gerai-sandbox-session-secret-not-for-production-use",
    // The tests' webhook receivers listen on loopback, which production otherwise refuses.
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    ...Object.assign({}, ...PROVIDER_REGISTRATIONS.map((registration) => registration.publishedSandboxCredentials)),
  };
}
