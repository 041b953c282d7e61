import { z } from "zod";
import { toJakartaIso } from "@/lib/time";

// Fazz (formerly Xfers) API v4-ID, retail outlet payments — the shapes on the wire. Requests and
// answers are JSON:API documents: the resource sits in `data`, its fields in `data.attributes`,
// failures in `errors`. https://docs.fazz.com/v4-ID/reference/create-payment and …/callbacks

export const FAZZ_CONTENT_TYPE = "application/vnd.api+json";
export const FAZZ_RETAIL_OUTLETS = ["ALFAMART", "INDOMARET"] as const;
export type FazzRetailOutlet = (typeof FAZZ_RETAIL_OUTLETS)[number];

/** The sandbox's simulation tasks on a payment. */
export const FAZZ_TASK_ACTIONS = ["receive_payment", "settle", "cancel"] as const;
export type FazzTaskAction = (typeof FAZZ_TASK_ACTIONS)[number];

export interface FazzCreatePaymentRequest {
  data: {
    attributes: {
      paymentMethodType: "retail_outlet";
      amount: number;
      currency: "IDR";
      /** Unique per payment; Fazz's idempotency key. */
      referenceId: string;
      /** ISO-8601 with an offset. */
      expiredAt?: string;
      description?: string;
      paymentMethodOptions: {
        retailOutletName: FazzRetailOutlet;
        /** The merchant name the cashier reads out. */
        displayName?: string;
      };
    };
  };
}

export interface FazzTaskRequest {
  data: { attributes: { action: FazzTaskAction } };
}

/** Fazz writes amounts as decimal strings ("100000.0"); accept a number as well. */
const amountText = z.union([z.string(), z.number()]);

export const fazzPaymentSchema = z
  .object({
    id: z.string().min(1),
    type: z.string().optional(),
    attributes: z
      .object({
        status: z.string().min(1),
        amount: amountText.optional(),
        currency: z.string().optional(),
        referenceId: z.string().optional(),
        description: z.string().nullish(),
        fees: amountText.nullish(),
        createdAt: z.string().optional(),
        expiredAt: z.string().nullish(),
        paymentMethod: z
          .object({
            type: z.string().optional(),
            instructions: z
              .object({
                retailOutletName: z.string().optional(),
                paymentCode: z.string().optional(),
                displayName: z.string().optional(),
              })
              .loose()
              .optional(),
          })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();
export type FazzPayment = z.infer<typeof fazzPaymentSchema>;

/** GET /payments/{id}, POST /payments and every callback body. */
export const fazzPaymentDocumentSchema = z.object({ data: fazzPaymentSchema }).loose();
export type FazzPaymentDocument = z.infer<typeof fazzPaymentDocumentSchema>;

/** GET /payments?filter[referenceId]=… */
export const fazzPaymentListSchema = z.object({ data: z.array(fazzPaymentSchema) }).loose();

export const fazzErrorSchema = z
  .object({
    code: z.string().optional(),
    title: z.string().optional(),
    detail: z.string().optional(),
    source: z.object({ pointer: z.string().optional() }).loose().optional(),
  })
  .loose();
export type FazzError = z.infer<typeof fazzErrorSchema>;

export const fazzErrorDocumentSchema = z.object({ errors: z.array(fazzErrorSchema).min(1) }).loose();

/** 162500 → "162500.0", the way Fazz echoes amounts back. */
export function formatFazzAmount(amount: number): string {
  return amount.toFixed(1);
}

/** An instant as Fazz writes it for Indonesia: "2026-11-23T09:30:00+07:00". */
export function toFazzTime(date: Date): string {
  return toJakartaIso(date);
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** ISO-8601 with an explicit offset (or Z); anything else is refused rather than guessed. */
export function parseFazzTime(text: string | null | undefined): Date | undefined {
  if (!text || !ISO_WITH_OFFSET.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
