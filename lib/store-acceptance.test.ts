import { describe, expect, it } from "vitest";
import { ALFAMIDI_MAX_AMOUNT, lastMomentBeforeNightPause, whereCodeCanBePaid } from "./store-acceptance";
import { parseJakartaWallClock } from "./time";

describe("where a payment code can be paid", () => {
  it("sends an Alfamart code up to Rp 2.500.000 to every Alfa outlet the page names", () => {
    expect(whereCodeCanBePaid("alfamart", 2_500_000)).toEqual({ payAt: ["Alfamart", "Alfamidi", "Dan+Dan"], refusedAt: [] });
  });

  it("keeps an Alfamart code above Rp 2.500.000 away from Alfamidi, and says so", () => {
    expect(whereCodeCanBePaid("alfamart", 3_750_000)).toEqual({
      payAt: ["Alfamart", "Dan+Dan"],
      refusedAt: [{ outlet: "Alfamidi", above: ALFAMIDI_MAX_AMOUNT }],
    });
    expect(whereCodeCanBePaid("alfamart", 2_500_001).payAt).not.toContain("Alfamidi");
  });

  it("sends an Indomaret code to Indomaret whatever the amount", () => {
    expect(whereCodeCanBePaid("indomaret", 5_000_000)).toEqual({ payAt: ["Indomaret"], refusedAt: [] });
  });
});

describe("the stores' night pause, 23.00–01.00 WIB", () => {
  const wib = (text: string) => parseJakartaWallClock(text)!;

  it("moves the last moment to pay a deadline inside it to 23.00 WIB before it", () => {
    expect(lastMomentBeforeNightPause(wib("2026-12-07 00:01:00"))).toEqual(wib("2026-12-06 23:00:00"));
    expect(lastMomentBeforeNightPause(wib("2026-12-07 00:59:59"))).toEqual(wib("2026-12-06 23:00:00"));
    expect(lastMomentBeforeNightPause(wib("2026-12-06 23:00:00"))).toEqual(wib("2026-12-06 23:00:00"));
    expect(lastMomentBeforeNightPause(wib("2026-12-06 23:45:00"))).toEqual(wib("2026-12-06 23:00:00"));
    // Across a month's end.
    expect(lastMomentBeforeNightPause(wib("2027-01-01 00:30:00"))).toEqual(wib("2026-12-31 23:00:00"));
  });

  it("leaves a deadline outside it alone", () => {
    for (const text of ["2026-12-07 01:00:00", "2026-12-07 12:00:00", "2026-12-06 22:59:59"]) {
      expect(lastMomentBeforeNightPause(wib(text))).toBeUndefined();
    }
  });
});
