import { describe, expect, it } from "vitest";
import { ALFAMIDI_MAX_AMOUNT, whereCodeCanBePaid } from "./store-acceptance";

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
