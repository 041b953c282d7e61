import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasMalformedPercentEscape } from "./malformed-path";

describe("hasMalformedPercentEscape", () => {
  it.each(["/pay/%E0%A4%A", "/api/pay/%ZZ", "/pay/%/slip", "/pay/%ED%A0%80", "/api/v1/orders/abc%C0%AF"])("flags %s", (path) => {
    expect(hasMalformedPercentEscape(path)).toBe(true);
  });

  it.each(["/", "/pay/AbC123", "/pay/%41%42/slip", "/api/webhooks/midtrans", "/q/%E2%98%95", "/pay/%00"])("passes %s", (path) => {
    expect(hasMalformedPercentEscape(path)).toBe(false);
  });

  it("passes every path made by encoding segments", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" })), (segments) => {
        expect(hasMalformedPercentEscape(`/${segments.map(encodeURIComponent).join("/")}`)).toBe(false);
      }),
      { seed: 20261123 },
    );
  });
});
