// Names shared by the server and the browser (no secrets here).
export const STORES = ["alfamart", "indomaret"] as const;
export type Store = (typeof STORES)[number];

export const PROVIDER_IDS = ["midtrans", "monxa", "doku", "fazz", "martis"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const ORDER_STATUSES = ["pending", "paid", "underpaid", "expired", "cancelled", "failed", "reversed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const STORE_NAMES: Record<Store, string> = { alfamart: "Alfamart", indomaret: "Indomaret" };
export const PROVIDER_NAMES: Record<ProviderId, string> = {
  midtrans: "Midtrans",
  monxa: "Monxa",
  doku: "DOKU",
  fazz: "Fazz",
  martis: "Martis",
};

export function isStore(value: unknown): value is Store {
  return typeof value === "string" && (STORES as readonly string[]).includes(value);
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDER_IDS as readonly string[]).includes(value);
}
