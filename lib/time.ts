// Every deadline a person reads is shown in WIB (Asia/Jakarta, UTC+7, no daylight saving).
export const JAKARTA_TZ = "Asia/Jakarta";
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

export type Locale = "id" | "en";

/**
 * "Senin, 23 Nov 2026, 23.59 WIB" (id) or "Monday, 23 Nov 2026, 23:59 WIB" (en); with seconds
 * "23.59.07 WIB" / "23:59:07 WIB", for a timeline where several things happen in one minute.
 */
export function formatWib(date: Date, locale: Locale = "id", options: { weekday?: boolean; seconds?: boolean } = {}): string {
  const text = new Intl.DateTimeFormat(locale === "id" ? "id-ID" : "en-GB", {
    timeZone: JAKARTA_TZ,
    weekday: options.weekday === false ? undefined : "long",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: options.seconds ? "2-digit" : undefined,
    hourCycle: "h23",
  }).format(date);
  // en-GB would print the zone as "GMT+7"; we always write WIB ourselves.
  return `${text.replace(/\u202f|\u00a0/g, " ")} WIB`;
}

/** "23.59 WIB" / "23:59 WIB": the time of day only. */
export function formatWibTime(date: Date, locale: Locale = "id"): string {
  const text = new Intl.DateTimeFormat(locale === "id" ? "id-ID" : "en-GB", {
    timeZone: JAKARTA_TZ,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
  return `${text} WIB`;
}

/** Wall-clock parts of an instant in Jakarta. */
function jakartaParts(date: Date) {
  const shifted = new Date(date.getTime() + JAKARTA_OFFSET_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return {
    date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`,
  };
}

/** "2026-11-22 09:30:00" in Jakarta, no offset: the form Midtrans sends and expects. */
export function toJakartaWallClock(date: Date): string {
  const parts = jakartaParts(date);
  return `${parts.date} ${parts.time}`;
}

/** ISO 8601 in Jakarta's offset: "2026-11-23T09:30:00+07:00". */
export function toJakartaIso(date: Date): string {
  return `${toJakartaWallClock(date).replace(" ", "T")}+07:00`;
}

/** Parses "YYYY-MM-DD HH:MM:SS" given in Jakarta time (no offset written) into an instant. */
export function parseJakartaWallClock(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - JAKARTA_OFFSET_MS);
}

/** The last midnight in Jakarta at or before an instant. */
export function jakartaMidnightBefore(date: Date): Date {
  const shifted = date.getTime() + JAKARTA_OFFSET_MS;
  return new Date(shifted - (shifted % 86_400_000) - JAKARTA_OFFSET_MS);
}

/** Hour of day (0–23) in Jakarta. */
export function jakartaHour(date: Date): number {
  return new Date(date.getTime() + JAKARTA_OFFSET_MS).getUTCHours();
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}
