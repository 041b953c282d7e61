import { z } from "zod";

// DOKU Direct API (non-SNAP), online-to-offline (Indomaret and the Alfa group): the shapes on the
// wire. https://developers.doku.com/accept-payments/direct-api/non-snap/convenience-store/indomaret,
// …/alfa-group, …/get-started-with-doku-api/check-status-api/non-snap and
// …/notification/http-notification-sample-non-snap.

export const DOKU_INDOMARET_PATH = "/indomaret-online-to-offline/v2/payment-code";
/** The path DOKU's own plugins call for the Alfa group (the default of DOKU_ALFA_PATH). */
export const DOKU_ALFA_PLUGIN_PATH = "/alfa-online-to-offline/v2/payment-code";
/** The path DOKU's API reference gives for the Alfa group. */
export const DOKU_ALFA_DOCS_PATH = "/alfa-virtual-account/v2/payment-code";
export const DOKU_STATUS_PATH = "/orders/v1/status";
/** service.id of a convenience-store payment in notifications and status answers. */
export const DOKU_SERVICE_ID = "ONLINE_TO_OFFLINE";

export const DOKU_INVOICE_MAX = 64;
/** expired_time: minutes, at most 8 digits; DOKU applies 60 when it is left out. */
export const DOKU_DEFAULT_EXPIRED_MINUTES = 60;
export const DOKU_MAX_EXPIRED_MINUTES = 99_999_999;
/** order.amount: whole rupiah, at most 12 digits. */
export const DOKU_MAX_AMOUNT_DIGITS = 12;

export interface DokuPaymentCodeRequest {
  order: { invoice_number: string; amount: number };
  online_to_offline_info: { expired_time: number; reusable_status: boolean; info?: string };
  customer: { name: string; email?: string };
  alfa_info?: { receipt: { footer_message: string } };
}

export const dokuPaymentCodeResponseSchema = z
  .object({
    order: z.object({ invoice_number: z.string(), amount: z.number().optional() }).loose(),
    online_to_offline_info: z
      .object({
        payment_code: z.string().min(1),
        info: z.string().optional(),
        how_to_pay_page: z.string().optional(),
        how_to_pay_api: z.string().optional(),
        created_date: z.string().optional(),
        /** yyyyMMddHHmmss in Jakarta time (UTC+7), like every wall-clock date DOKU writes. */
        expired_date: z.string().optional(),
        /** ISO-8601 UTC, sent beside expired_date in DOKU's sandbox capture: preferred when present. */
        expired_date_utc: z.string().optional(),
      })
      .loose(),
  })
  .loose();

const transactionSchema = z
  .object({
    status: z.string().min(1),
    date: z.string().optional(),
    original_request_id: z.string().optional(),
  })
  .loose();

/** GET /orders/v1/status/{invoice_number}. */
export const dokuStatusResponseSchema = z
  .object({
    order: z.object({ invoice_number: z.string(), amount: z.number().optional() }).loose(),
    transaction: transactionSchema,
    service: z.object({ id: z.string().nullable().optional() }).loose().optional(),
    online_to_offline_info: z.object({ payment_code: z.string().optional() }).loose().optional(),
  })
  .loose();

/** The HTTP notification body. */
export const dokuNotificationSchema = z
  .object({
    service: z.object({ id: z.string().min(1) }).loose(),
    order: z.object({ invoice_number: z.string().min(1), amount: z.number() }).loose(),
    transaction: transactionSchema,
    online_to_offline_info: z.object({ payment_code: z.string().optional() }).loose().optional(),
  })
  .loose();

const errorDetailSchema = z.object({ code: z.string().optional(), message: z.string().optional(), type: z.string().optional() }).loose();
/**
 * Non-SNAP errors: { error: { code, message, type } }. Some published captures show the inner
 * object alone, so both are read.
 */
export const dokuErrorSchema = z.union([
  z.object({ error: errorDetailSchema }).loose().transform((body) => body.error),
  errorDetailSchema.refine((body) => body.code !== undefined),
]);
export type DokuErrorDetail = z.infer<typeof errorDetailSchema>;

/** Date → "20261122093000" as a UTC wall clock (the local simulator's reading of expired_date). */
export function formatDokuDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-:T]/g, "");
}

/** Jakarta (WIB) is UTC+7 all year: Indonesia has no daylight saving. */
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * "20261122093000" → the instant, read as Jakarta time. DOKU's public sandbox capture shows the
 * O2O answer's expired_date 7 hours ahead of the expired_date_utc beside it; read as UTC, the
 * same text would put the deadline 7 hours later than DOKU's.
 */
export function parseDokuDate(text: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text?.trim() ?? "");
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const wallClock = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(wallClock - JAKARTA_OFFSET_MS);
  // Date.UTC rolls 20261331… over into the next year; such a text is not a date.
  const roundTrip = new Date(wallClock);
  const fields = [roundTrip.getUTCMonth() + 1, roundTrip.getUTCDate(), roundTrip.getUTCHours(), roundTrip.getUTCMinutes(), roundTrip.getUTCSeconds()];
  if (fields.some((field, index) => field !== [mo, d, h, mi, s][index])) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An ISO-8601 instant with an explicit zone (transaction.date, expired_date_utc). */
export function parseDokuInstant(text: string | undefined): Date | undefined {
  if (!text || !/(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return undefined;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
