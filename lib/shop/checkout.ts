import { z } from "zod";
import { STORE_NAMES } from "@/lib/domain";
import { PROVIDER_IDS } from "@/lib/providers/catalog";
import type { Locale, Translator } from "@/lib/i18n/catalog";
import { formatRupiah } from "@/lib/money";
import { createOrder, type OrderError } from "@/lib/orders/create-order";
import type { OrderDeps } from "@/lib/orders/deps";
import type { Limiter } from "@/lib/rate-limit/limiter";
import { customerSchema, storeSchema } from "@/lib/orders/order-input";
import { listProducts } from "./catalog";

// The shop's checkout: the form is a public endpoint, so everything in it is parsed here; the
// cart only says which products and how many — prices come from the database.


const cartSchema = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "cart is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(z.object({ productId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(99) }))
      .min(1)
      .max(50),
  );

export const checkoutSchema = z.object({
  name: customerSchema.shape.name,
  email: customerSchema.shape.email,
  phone: customerSchema.shape.phone,
  store: storeSchema,
  provider: z
    .enum(PROVIDER_IDS)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  cart: cartSchema,
  // Made when the checkout page is rendered (newShopReference), so that sending the form again
  // after a failure is a retry of the same order: the providers' calls are repeated, not doubled.
  reference: z
    .string()
    .regex(/^GR-\d{8}-[0-9A-Z]{6}$/)
    .optional(),
});

export type CheckoutField = "name" | "email" | "phone" | "store" | "cart";

export type CheckoutState =
  | { status: "idle" }
  | { status: "error"; message: string; fields: Partial<Record<CheckoutField, string>>; values: Record<string, string> }
  // `values` too: the form shows what was sent (React resets a form after its action) until the
  // payment page replaces it.
  | { status: "created"; paymentPath: string; values: Record<string, string> };

/** Every submission counts against the client's checkout limit, valid or not, as it is public. */
export interface CheckoutLimit {
  limiter: Limiter;
  clientKey: string;
}

/** `shopper`: the language the shopper reads (messages here, and their emails). */
export async function placeShopOrder(
  deps: OrderDeps,
  form: Record<string, unknown>,
  shopper: { t: Translator; locale: Locale },
  limit: CheckoutLimit,
): Promise<CheckoutState> {
  const { t } = shopper;
  const values = Object.fromEntries(
    ["name", "email", "phone", "store", "provider"].map((key) => [key, typeof form[key] === "string" ? (form[key] as string) : ""]),
  );
  const decision = await limit.limiter.consume(limit.clientKey);
  if (!decision.allowed) {
    const minutes = Math.ceil(decision.retryAfterSeconds / 60);
    return { status: "error", message: t("errors.too_many_checkouts", { minutes }), fields: {}, values };
  }
  const parsed = checkoutSchema.safeParse(form);
  if (!parsed.success) {
    const fields: Partial<Record<CheckoutField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "name" || field === "email" || field === "phone" || field === "store" || field === "cart") {
        fields[field] = t(`errors.invalid.${field}`);
      }
    }
    return { status: "error", message: t("checkout.fixErrors"), fields, values };
  }
  const input = parsed.data;
  const products = new Map((await listProducts(deps.db)).map((product) => [product.id, product]));
  const items = [];
  for (const line of input.cart) {
    const product = products.get(line.productId);
    if (!product) return { status: "error", message: t("errors.cart_changed"), fields: {}, values };
    items.push({ sku: product.id, name: product.name, unitPrice: product.price, quantity: line.quantity });
  }

  const result = await createOrder(deps, {
    reference: input.reference,
    store: input.store,
    customer: { name: input.name, email: input.email, phone: input.phone },
    items,
    locale: shopper.locale,
    source: "shop",
    provider: input.provider,
  });
  if (result.ok) return { status: "created", paymentPath: `/pay/${result.value.publicId}`, values };
  return { status: "error", message: shopperMessage(result.error, input.store, t), fields: {}, values };
}

function shopperMessage(error: OrderError, store: keyof typeof STORE_NAMES, t: Translator): string {
  switch (error.code) {
    case "amount_out_of_range": {
      const limit =
        error.bound === "min"
          ? t("errors.limitMin", { amount: formatRupiah(error.limits.min) })
          : t("errors.limitMax", { amount: formatRupiah(error.limits.max) });
      return t("errors.amount_out_of_range", { store: STORE_NAMES[store], limit });
    }
    case "store_not_supported":
      return t("errors.store_not_supported", { store: STORE_NAMES[store] });
    case "provider_rejected":
    case "providers_unavailable":
    case "request_in_progress":
      return t(`errors.${error.shopper}`, { store: STORE_NAMES[store], limit: "" });
    case "duplicate_reference":
      return t("errors.duplicate_reference");
    case "provider_choice_not_allowed":
      return t("errors.generic");
  }
}
