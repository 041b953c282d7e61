import { describe, expect, it } from "vitest";
import { otherSumIssued, readRupiahAmount } from "./rupiah-amount";

describe("readRupiahAmount", () => {
  it.each([
    ["162500.00", 162500],
    ["100000.0", 100000],
    ["5000000", 5000000],
    [162500, 162500],
  ] as const)("reads %j as Rp %d", (value, amount) => {
    expect(readRupiahAmount(value, "gross_amount")).toEqual({ amount });
  });

  it("reads an absent amount as no amount, without a conflict", () => {
    expect(readRupiahAmount(undefined, "gross_amount")).toEqual({});
    expect(readRupiahAmount(null, "gross_amount")).toEqual({});
  });

  it.each([
    ["162500.50", 'gross_amount "162500.50" is not a whole number of rupiah'],
    ["1.625E5", 'gross_amount "1.625E5" is not a number'],
    ["", 'gross_amount "" is not a number'],
    ["-100.00", 'gross_amount "-100.00" is not a number'],
    [162500.5, "gross_amount 162500.5 is not a whole number of rupiah"],
    [Number.NaN, "gross_amount NaN is not a whole number of rupiah"],
    ["99999999999999999999.00", 'gross_amount "99999999999999999999.00" is too large to be an amount'],
  ] as const)("refuses %j as a conflict, never an amount", (value, amountConflict) => {
    expect(readRupiahAmount(value, "gross_amount")).toEqual({ amountConflict });
  });
});

describe("otherSumIssued", () => {
  it("passes a code issued for the sum asked for, or one whose answer states no sum", () => {
    expect(otherSumIssued({ amount: 162500 }, 162500, "Fazz", "contract_1")).toBeUndefined();
    expect(otherSumIssued({}, 162500, "Fazz", "contract_1")).toBeUndefined();
  });

  it("explains a code issued for another sum or an unreadable one", () => {
    expect(otherSumIssued({ amount: 1625 }, 162500, "Fazz", "contract_1")).toBe("Fazz issued contract_1 for Rp 1625, not the Rp 162500 asked for");
    expect(otherSumIssued(readRupiahAmount("1625.50", "amount"), 162500, "Fazz", "contract_1")).toBe(
      'Fazz issued contract_1 with an unreadable amount: amount "1625.50" is not a whole number of rupiah',
    );
  });
});
