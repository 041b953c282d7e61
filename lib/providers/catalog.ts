import { doku } from "./doku/registration";
import { fazz } from "./fazz/registration";
import { martis } from "./martis/registration";
import { midtrans } from "./midtrans/registration";
import { monxa } from "./monxa/registration";

// Every provider Gerai can speak to, one line each, in the default order of preference. Adding a
// provider is a folder (client, wire, registration) plus one line here: its id, name, variables,
// production checks, routing and redacted headers all follow from its registration.
export const PROVIDER_REGISTRATIONS = [midtrans, monxa, doku, fazz, martis] as const;

export type ProviderRegistrationOf<Id extends ProviderId> = Extract<(typeof PROVIDER_REGISTRATIONS)[number], { id: Id }>;
export type ProviderId = (typeof PROVIDER_REGISTRATIONS)[number]["id"];

export const PROVIDER_IDS = PROVIDER_REGISTRATIONS.map((registration) => registration.id) as readonly ProviderId[] as readonly [
  ProviderId,
  ...ProviderId[],
];

export const PROVIDER_NAMES = Object.fromEntries(
  PROVIDER_REGISTRATIONS.map((registration) => [registration.id, registration.displayName]),
) as Record<ProviderId, string>;

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);
}

/** Headers that carry a secret in some provider's notifications, besides the usual ones. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "cookie",
  ...PROVIDER_REGISTRATIONS.flatMap((registration) => registration.secretHeaders),
]);
