// Names shared by the server and the browser (no secrets here).
export const STORES = ["alfamart", "indomaret"] as const;
export type Store = (typeof STORES)[number];

// Provider ids come from the providers' registrations (lib/providers/catalog.ts). Only the type
// is re-exported here: this module is also loaded in the browser, where the adapters must not be.
export type { ProviderId } from "./providers/catalog";

export const ORDER_STATUSES = ["pending", "paid", "underpaid", "expired", "cancelled", "failed", "reversed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const STORE_NAMES: Record<Store, string> = { alfamart: "Alfamart", indomaret: "Indomaret" };

export function isStore(value: unknown): value is Store {
  return typeof value === "string" && (STORES as readonly string[]).includes(value);
}
