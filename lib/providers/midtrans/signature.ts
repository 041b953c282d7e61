import { sha512Hex } from "@/lib/providers/crypto";

/**
 * Midtrans' notification signature: hex SHA-512 of order_id + status_code + gross_amount +
 * server key, over the strings exactly as they appear in the body (gross_amount keeps ".00").
 */
export function midtransSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return sha512Hex(`${orderId}${statusCode}${grossAmount}${serverKey}`);
}
