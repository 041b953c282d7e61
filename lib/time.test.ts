import { describe, expect, it } from "vitest";
import { formatWib, formatWibTime, parseJakartaWallClock, toJakartaWallClock } from "./time";
import { formatRupiah } from "./money";

describe("WIB formatting", () => {
  const instant = new Date("2026-11-23T16:59:00Z"); // 23:59 in Jakarta

  it("writes the Jakarta wall clock with WIB in both languages", () => {
    expect(formatWib(instant, "id")).toBe("Senin, 23 Nov 2026, 23.59 WIB");
    expect(formatWib(instant, "en")).toBe("Monday, 23 Nov 2026, 23:59 WIB");
    expect(formatWibTime(instant, "id")).toBe("23.59 WIB");
  });

  it("writes seconds when asked, in Jakarta time whatever the machine's zone", () => {
    const moment = new Date("2026-12-06T17:05:07Z"); // 00:05:07 on 7 Dec in Jakarta
    expect(formatWib(moment, "id", { weekday: false, seconds: true })).toBe("7 Des 2026, 00.05.07 WIB");
    expect(formatWib(moment, "en", { weekday: false, seconds: true })).toBe("7 Dec 2026, 00:05:07 WIB");
    expect(formatWib(moment, "en", { seconds: true })).toBe("Monday, 7 Dec 2026, 00:05:07 WIB");
  });

  it("round-trips the offset-less Jakarta time that Midtrans uses", () => {
    expect(toJakartaWallClock(instant)).toBe("2026-11-23 23:59:00");
    expect(parseJakartaWallClock("2026-11-23 23:59:00")?.toISOString()).toBe(instant.toISOString());
    expect(parseJakartaWallClock("23/11/2026")).toBeUndefined();
  });
});

describe("rupiah", () => {
  it("prints id-ID currency without decimals", () => {
    expect(formatRupiah(1_250_000)).toBe("Rp 1.250.000");
    expect(formatRupiah(162_500)).toBe("Rp 162.500");
  });
});
