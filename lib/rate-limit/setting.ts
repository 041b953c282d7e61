import { z } from "zod";

// A limit is written "<count>/<window>", e.g. "30/10m": at most 30 per key in a 10-minute window
// that starts with the key's first request. Windows are in seconds (s), minutes (m), hours (h)
// or days (d).

export interface LimitSetting {
  points: number;
  durationSeconds: number;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

export const limitSetting = z
  .string()
  .trim()
  .regex(/^\d{1,9}\s*\/\s*\d{1,6}\s*[smhd]$/, 'write "<count>/<window>", e.g. "30/10m" (window in s, m, h or d)')
  .transform((text): LimitSetting => {
    const [, count, amount, unit] = /^(\d+)\s*\/\s*(\d+)\s*([smhd])$/.exec(text)!;
    return { points: Number(count), durationSeconds: Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS] };
  })
  .refine((setting) => setting.points >= 1, "the count must be at least 1")
  // rate-limiter-flexible's in-process fallback keeps windows in timers, which stop at ~24 days.
  .refine((setting) => setting.durationSeconds >= 1 && setting.durationSeconds <= 7 * 86_400, "the window must be 1 s to 7 d");
