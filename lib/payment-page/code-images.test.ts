import { describe, expect, it } from "vitest";
import { decodeCode128 } from "@/test/decode-barcode";
import { barcodePng, barcodeSvg, groupCode, qrSvg } from "./code-images";

describe("payment code images", () => {
  it("groups codes in blocks of four, letters included", () => {
    expect(groupCode("25811674326713")).toBe("2581 1674 3267 13");
    expect(groupCode("4821AB7KQ2MX")).toBe("4821 AB7K Q2MX");
    expect(groupCode("ABC")).toBe("ABC");
  });

  it("draws a CODE128 barcode of exactly the printed code, two pixels per module, with a quiet zone", () => {
    const { svg, width, height } = barcodeSvg("25811674326713", { title: "Barcode 25811674326713" });
    // 14 digits in subset C: 9 symbols × 11 + stop 13 = 112 modules, + 2 × 10 quiet = 132 modules × 2 px.
    expect([width, height]).toEqual([264, 124]);
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 264 124"/);
    expect(svg).toContain('data-modules="132"');
    expect(svg).toContain('data-code="25811674326713"');
    expect(svg).toContain('aria-label="Barcode 25811674326713"');
    expect(svg).toContain('<rect x="0" y="0" width="264" height="124" fill="#ffffff"/>');
    // The first bar starts after the quiet zone.
    expect(svg).toMatch(/translate\(20, 20\)/);
  });

  it("fits a maximum width with a whole number of pixels per module", () => {
    // 132 modules in 640 px: 4 px each (528 px), not 4.85.
    const { svg, width } = barcodeSvg("25811674326713", { title: "x", maxWidth: 640 });
    expect(width).toBe(528);
    expect(svg).toMatch(/translate\(40, 40\)/);
  });

  it("draws a QR code carrying the same string", async () => {
    const svg = await qrSvg("4821AB7KQ2MX", { title: "QR 4821AB7KQ2MX" });
    expect(svg).toContain('data-code="4821AB7KQ2MX"');
    expect(svg).toContain("<path");
    // Valid XML (image renderers refuse duplicate attributes, browsers forgive them).
    const opening = /^<svg[^>]*>/.exec(svg)![0];
    const names = [...opening.matchAll(/\s([a-z-]+)=/g)].map((match) => match[1]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("draws the barcode as a PNG for emails that a scanner reads back as the same code", async () => {
    for (const code of ["25811674326713", "4821AB7KQ2MX", "ALF0012345678901"]) {
      const { png, width, height } = barcodePng(code);
      expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect(await decodeCode128(png)).toEqual([code]);
      // Shown at half its pixels: two device pixels per module on a phone's screen.
      expect(png.readUInt32BE(16)).toBe(width * 2);
      expect(png.readUInt32BE(20)).toBe(height * 2);
    }
  });
});
