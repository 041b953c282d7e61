import type { Store } from "@/lib/domain";
import { toJakartaWallClock } from "@/lib/time";
import type { FormSetting } from "../forms";

// What DOKU documents for online-to-offline payment codes (non-SNAP Direct API; shared/providers.md,
// DOKU), as the simulator plays it. Its own copy of every fact, not the adapter's.

export const DOKU_PROVIDER = "doku" as const;

export const INDOMARET_PATH = "/indomaret-online-to-offline/v2/payment-code";
/** The Alfa group's path in DOKU's plugins … */
export const ALFA_PLUGIN_PATH = "/alfa-online-to-offline/v2/payment-code";
/** … and in its API reference; a real merchant may meet either, so both are served. */
export const ALFA_REFERENCE_PATH = "/alfa-virtual-account/v2/payment-code";
export const STATUS_PATH = "/orders/v1/status";
export const SERVICE_ID = "ONLINE_TO_OFFLINE";

export const INVOICE_MAX = 64;
/** expired_time in minutes (at most 8 digits); DOKU applies 60 when it is left out. */
export const DEFAULT_EXPIRED_MINUTES = 60;
export const MAX_EXPIRED_MINUTES = 99_999_999;
/** order.amount: whole rupiah, at most 12 digits. */
export const MAX_AMOUNT_DIGITS = 12;

/**
 * Per store. The DOKU pages we have publish no O2O amount limits: these are the values the sandbox
 * has always used, an assumption to confirm with DOKU.
 */
export const LIMITS: Record<Store, { min: number; max: number }> = {
  alfamart: { min: 10_000, max: 2_500_000 },
  indomaret: { min: 10_000, max: 5_000_000 },
};

export type DokuStatus = "PENDING" | "SUCCESS" | "FAILED" | "EXPIRED";

export interface PaymentCodeRequest {
  order: { invoice_number: string; amount: number };
  online_to_offline_info: { expired_time?: number; reusable_status: boolean; info?: string };
  customer: { name: string; email?: string };
  alfa_info?: { receipt: { footer_message: string } };
}

/** DOKU's check-status guide: ask at least this long after a payment; before, it may not show. */
export const STATUS_LAG_MS = 60_000;

export const FORMS = [
  {
    key: "expiredDate",
    title: "expired_date",
    options: [
      { value: "jakarta-with-utc", label: "Jakarta time yyyyMMddHHmmss with expired_date_utc beside it (public sandbox capture)" },
      { value: "jakarta", label: "Jakarta time yyyyMMddHHmmss alone (API reference example)" },
    ],
    defaultValue: "jakarta-with-utc",
  },
  {
    key: "statusApi",
    title: "Status API after a payment",
    options: [
      { value: "immediate", label: "shows the payment at once" },
      { value: "lags-60s", label: "still PENDING until 60 s after the payment (check-status guide)" },
    ],
    defaultValue: "immediate",
  },
] as const satisfies readonly FormSetting[];

/** yyyyMMddHHmmss in Jakarta wall-clock time, DOKU's date format in O2O answers. */
export function jakartaDate(date: Date): string {
  return toJakartaWallClock(date).replace(/[-: ]/g, "");
}

/** expired_date_utc as the sandbox capture shows it: ISO-8601 in UTC. */
export function utcInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
