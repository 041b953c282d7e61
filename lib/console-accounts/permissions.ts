// Who may do what in the merchant console. Each role is a set of permissions; every page, route
// handler, server action and data-access function of the console asks for the one it needs
// (lib/merchant-console/session.ts), so this map is the whole policy.

export const CONSOLE_ROLES = ["owner", "staff", "viewer"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export type Permission =
  /** Their own account: see their sessions, sign out other browsers. */
  | "account"
  /** Orders, their timelines, webhook deliveries and background jobs, read only. */
  | "orders:read"
  /** Act on orders: re-check with the provider, cancel, renew, resend a notification. */
  | "orders:act"
  /** The team, API keys and webhook endpoints. */
  | "settings";

const GRANTS: Record<ConsoleRole, ReadonlySet<Permission>> = {
  owner: new Set(["account", "orders:read", "orders:act", "settings"]),
  staff: new Set(["account", "orders:read", "orders:act"]),
  viewer: new Set(["account", "orders:read"]),
};

export function roleMay(role: ConsoleRole, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}
