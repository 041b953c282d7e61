import { describe, expect, it } from "vitest";
import { csvLines } from "./csv";

describe("csvLines", () => {
  it("writes RFC 4180: CRLF records, quoted cells with commas, quotes and line breaks", () => {
    expect(csvLines([["INV-1", 50000, true, null], ["a,b", 'he said "hi"', "two\nlines", "cr\rhere"]])).toBe(
      'INV-1,50000,true,\r\n"a,b","he said ""hi""","two\nlines","cr\rhere"\r\n',
    );
  });

  it("keeps formulas from running: text starting with = + - @ gets a leading apostrophe", () => {
    expect(csvLines([["=HYPERLINK(\"http://x\")", "+62812", "-1", "@SUM(A1)", "Siti = Budi"]])).toBe(
      '"\'=HYPERLINK(""http://x"")",\'+62812,\'-1,\'@SUM(A1),Siti = Budi\r\n',
    );
  });

  it("leaves numbers alone, negative ones included, and keeps names in UTF-8", () => {
    expect(csvLines([[-5000, 0, "Dewi Ayu Ñañez"]])).toBe("-5000,0,Dewi Ayu Ñañez\r\n");
  });
});
