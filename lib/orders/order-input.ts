import { z } from "zod";
import { STORES } from "@/lib/domain";
import { LOCALES } from "@/lib/i18n/catalog";
import { storableTextSchema } from "@/lib/db/storable-text";

// What an order is made of, validated the same way whether it comes from the shop's checkout or
// the merchant REST API. Messages are written for the person who typed the value. Every text
// field is storableTextSchema first: text PostgreSQL cannot store is the sender's mistake (a 422).

export const MAX_ORDER_AMOUNT = 100_000_000;

/** Indonesian mobile numbers in any common writing: 0812…, +62 812…, 62-812-…; kept as 0812…. */
export const phoneSchema = storableTextSchema()
  .transform((value) => value.replace(/[\s\-().]/g, ""))
  .pipe(z.string().regex(/^(?:\+?62|0)8\d{7,12}$/, "Enter an Indonesian mobile number, e.g. 0812 3456 7890"))
  .transform((value) => value.replace(/^\+?62/, "0"));

export const customerSchema = z.object({
  name: storableTextSchema().trim().min(2, "Enter the shopper's full name").max(80, "Use at most 80 characters"),
  email: storableTextSchema().trim().toLowerCase().pipe(z.email("Enter a valid email address")).pipe(z.string().max(120)),
  phone: phoneSchema,
});
export type CustomerInput = z.infer<typeof customerSchema>;

export const storeSchema = z.enum(STORES, { error: "Choose alfamart or indomaret" });

export const referenceSchema = storableTextSchema()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, "Use 1–40 letters, digits, dots, dashes or underscores");

export const orderItemSchema = z.object({
  sku: storableTextSchema().trim().min(1).max(50).optional(),
  name: storableTextSchema().trim().min(1, "Name the item").max(120),
  unit_price: z.number({ error: "Give the price in whole rupiah" }).int("Give the price in whole rupiah").min(1).max(MAX_ORDER_AMOUNT),
  quantity: z.number().int("Quantity must be a whole number").min(1).max(999),
});

/** Body of POST /api/v1/orders. */
export const apiOrderSchema = z
  .object({
    reference: referenceSchema,
    store: storeSchema,
    customer: customerSchema,
    items: z.array(orderItemSchema).min(1, "Add at least one item").max(100),
    description: storableTextSchema().trim().max(255).optional(),
    expires_in_minutes: z.number().int().min(1).max(60 * 24 * 30).optional(),
    // Shown to the shopper as a link: only a web address, never javascript: or data:.
    return_url: z
      .string()
      .max(2000)
      .pipe(z.url({ protocol: /^https?$/, error: "an http(s) address" }))
      .optional(),
    // The shopper's language for the emails they get about the order.
    locale: z.enum(LOCALES, { error: "Choose id or en" }).optional(),
  })
  .strict()
  .refine((order) => orderTotal(order.items) <= MAX_ORDER_AMOUNT, {
    message: "The order total is above Rp 100.000.000",
    path: ["items"],
  });

export function orderTotal(items: readonly { unit_price: number; quantity: number }[]): number {
  return items.reduce((sum, item) => sum + item.unit_price * item.quantity, 0);
}

/** Field path → messages, the shape both the API and the checkout form show. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
