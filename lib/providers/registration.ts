import type { z } from "zod";
import type { PaymentProvider } from "./types";

// What a provider's folder tells the rest of Gerai about it, as data: lib/providers/catalog.ts
// lists the registrations, and the domain ids, the environment variables and their production
// checks (lib/env.ts), the adapters (lib/providers/registry.ts), the headers kept out of storage
// and the default routing all derive from that list.

/** Where the adapter talks to: the provider's live API, its own test API, or our simulator. */
export const PROVIDER_ENVIRONMENTS = ["live", "sandbox", "simulator"] as const;
export type ProviderEnvironment = (typeof PROVIDER_ENVIRONMENTS)[number];

export interface ProviderRegistration<Id extends string = string, Config = unknown> {
  id: Id;
  displayName: string;
  /** The provider's published base URLs; <ID>_LIVE_URL and <ID>_SANDBOX_URL override them. */
  hosts: { live: string; sandbox: string };
  /** Appended to APP_URL/sandbox/<id> when the simulator plays this provider (Fazz: /api/v4). */
  simulatorPath?: string;
  /**
   * The provider's own environment variables (credentials and settings), as zod fields of
   * strings. The generic ones (<ID>_ENVIRONMENT, <ID>_LIVE_URL, <ID>_SANDBOX_URL) are added by
   * lib/env.ts.
   */
  variables: z.ZodRawShape;
  /** The credential variables: all or none; production refuses published values in them. */
  credentials: readonly string[];
  /**
   * Values the simulators accept out of the box, used in development and test when a
   * credential is not set. Public on purpose: production never falls back to them.
   */
  publishedSandboxCredentials: Readonly<Record<string, string>>;
  /**
   * A documented key format that tells a test key from a live one (Midtrans `SB-Mid-server-`):
   * production refuses a test key against the live host and the reverse.
   */
  keyFormat?: { variable: string; sandbox: RegExp; live: RegExp; described: string };
  /**
   * Settings the provider does not publish, so ours are guesses: until every one of them is set
   * explicitly, the provider is left out of the default routing.
   */
  unpublishedSettings?: readonly string[];
  /** Request headers that carry a secret, never stored with a webhook delivery. */
  secretHeaders: readonly string[];
  /** The adapter's settings from the parsed variables (credentials included) and base URL. */
  configure(variables: Record<string, unknown>, baseUrl: string): Config;
  /** `now` is the clock of adapters that sign the time (DOKU); the demo seed gives its own. */
  create(config: Config & { timeoutMs: number; fetchImpl?: typeof fetch; now?: () => Date }): PaymentProvider;
}

/** Keeps the literal id and the adapter's config type of one registration. */
export function defineProvider<const Id extends string, Config>(registration: ProviderRegistration<Id, Config>) {
  return registration;
}
