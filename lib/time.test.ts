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
