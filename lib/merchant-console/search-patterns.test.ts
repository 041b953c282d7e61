import { describe, expect, it } from "vitest";
import { searchPatterns } from "./search-patterns";

describe("searchPatterns", () => {
  it("matches a phone as typed and as stored (08…), whatever the separators", () => {
    expect(searchPatterns("+62 812-3456 (78)").phones).toEqual(["%62812345678%", "%0812345678%"]);
    expect(searchPatterns("0812 3456").phones).toEqual(["%08123456%"]);
    expect(searchPatterns("Siti").phones).toEqual([]);
  });

  it("searches codes without spaces in upper case, emails in lower case", () => {
    expect(searchPatterns(" abcd 9999 ")).toMatchObject({ text: "%abcd 9999%", code: "%ABCD9999%" });
    expect(searchPatterns("Siti.R@Example.com").email).toBe("%siti.r@example.com%");
  });

  it("leaves out the fields that cannot hold the text: emails have no spaces, references only letters, digits and ._-", () => {
    expect(searchPatterns("Siti Rahayu")).toMatchObject({ text: "%Siti Rahayu%", inReference: false });
    expect(searchPatterns("Siti Rahayu").email).toBeUndefined();
    expect(searchPatterns("+62 812-3456").inReference).toBe(false);
    expect(searchPatterns("siti@x.id").inReference).toBe(false);
    expect(searchPatterns("INV-2606_05.1").inReference).toBe(true);
  });

  it("searches LIKE's wildcards as the characters they are", () => {
    expect(searchPatterns("50%_off\\").text).toBe("%50\\%\\_off\\\\%");
  });

  it("narrows the index lookup to the longest part with 5+ digits, only when there are other parts", () => {
    expect(searchPatterns("INV-2606-0512345").part).toEqual({ text: "%0512345%", email: "%0512345%" });
    expect(searchPatterns("Budi.Ab12345@x").part).toEqual({ text: "%Ab12345%", email: "%ab12345%" });
    expect(searchPatterns("siti.rahayu12").part).toBeUndefined();
    expect(searchPatterns("+62 812-3456-7890").part).toBeUndefined();
    expect(searchPatterns("0512345").part).toBeUndefined();
    expect(searchPatterns("Siti Rahayu").part).toBeUndefined();
  });
});
