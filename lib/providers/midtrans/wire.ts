import { z } from "zod";

// Midtrans Core API, payment_type "cstore" — the shapes on the wire, as documented.
// https://docs.midtrans.com/reference/alfamart-1 and …/indomaret-1, …/https-notification-webhooks

export const MIDTRANS_STORES = ["alfamart", "indomaret"] as const;
export const MIDTRANS_EXPIRY_UNITS = ["second", "minute", "hour", "day"] as const;

/** order_id: at most 50 characters of letters, digits, dash, underscore, tilde and dot. */
export const MIDTRANS_ORDER_ID = /^[A-Za-z0-9\-_~.]{1,50}$/;

export interface MidtransChargeRequest {
  payment_type: "cstore";
  transaction_details: { order_id: string; gross_amount: number };
  cstore: {
    store: (typeof MIDTRANS_STORES)[number];
    /** Indomaret: shown on the store's POS, at most 20 characters. */
    message?: string;
    /** Alfamart: printed on the receipt, at most 40 characters each. */
    alfamart_free_text_1?: string;
    alfamart_free_text_2?: string;
    alfamart_free_text_3?: string;
  };
  customer_details?: { first_name?: string; last_name?: string; email?: string; phone?: string };
  item_details?: { id?: string; price: number; quantity: number; name: string }[];
  custom_expiry?: {
    order_time?: string;
    expiry_duration: number;
    unit: (typeof MIDTRANS_EXPIRY_UNITS)[number];
  };
}

/** Charge and status answers share this body; `status_code` inside it is the real outcome. */
export const midtransTransactionSchema = z
  .object({
    status_code: z.string(),
    status_message: z.string().optional(),
    transaction_id: z.string().optional(),
    order_id: z.string().optional(),
    merchant_id: z.string().optional(),
    gross_amount: z.string().optional(),
    currency: z.string().optional(),
    payment_type: z.string().optional(),
    transaction_time: z.string().optional(),
    transaction_status: z.string().optional(),
    fraud_status: z.string().optional(),
    payment_code: z.string().optional(),
    store: z.string().optional(),
    expiry_time: z.string().optional(),
    settlement_time: z.string().optional(),
    approval_code: z.string().optional(),
    validation_messages: z.array(z.string()).optional(),
    id: z.string().optional(),
  })
  .loose();
export type MidtransTransaction = z.infer<typeof midtransTransactionSchema>;

/** The HTTP notification body. The four signed fields are required strings. */
export const midtransNotificationSchema = midtransTransactionSchema.extend({
  order_id: z.string().min(1),
  status_code: z.string().min(1),
  gross_amount: z.string().min(1),
  signature_key: z.string().min(1),
  transaction_status: z.string().min(1),
  transaction_id: z.string().min(1),
});
export type MidtransNotification = z.infer<typeof midtransNotificationSchema>;

/** 162500 → "162500.00", the way Midtrans echoes gross_amount back. */
export function formatGrossAmount(amount: number): string {
  return amount.toFixed(2);
}
