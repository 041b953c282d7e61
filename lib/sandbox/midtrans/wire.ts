import { createHash } from "node:crypto";

// What Midtrans' Core API documents for convenience stores (shared/providers.md, Midtrans), as
// the simulator plays it. Its own copy of every fact: the adapter's reading is not reused.

export const MIDTRANS_PROVIDER = "midtrans" as const;

export const STORES = ["alfamart", "indomaret"] as const;
export const EXPIRY_UNITS = ["second", "minute", "hour", "day"] as const;

/** transaction_details.order_id: up to 50 letters, digits, "-", "_", "~" and ".". */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9\-_~.]{1,50}$/;

/** The charge request's fields the simulator reads. */
export interface ChargeRequest {
  payment_type: "cstore";
  transaction_details: { order_id: string; gross_amount: number };
  cstore: { store: string; message?: string; alfamart_free_text_1?: string; alfamart_free_text_2?: string; alfamart_free_text_3?: string };
  item_details?: { id?: string; price: number; quantity: number; name: string }[];
  custom_expiry?: { order_time?: string; expiry_duration: number; unit: (typeof EXPIRY_UNITS)[number] };
}

/** gross_amount is written back as a string with two decimals: 162500 → "162500.00". */
export function grossAmountText(rupiah: number): string {
  return `${rupiah}.00`;
}

/** signature_key: hex SHA-512 of order_id + status_code + gross_amount + server key. */
export function notificationSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash("sha512").update(`${orderId}${statusCode}${grossAmount}${serverKey}`, "utf8").digest("hex");
}
