import { describe, expect, it } from "vitest";
import { checkoutSchema } from "./checkout";

// The checkout form is a public endpoint: text PostgreSQL cannot store is refused field by field
// (the form shows each field's message), before anything is looked up or stored.

const VALID = {
  name: "Siti Rahmawati",
  email: "siti@example.com",
  phone: "0812 3456 7890",
  store: "indomaret",
  provider: "",
  cart: JSON.stringify([{ productId: "kopi-gayo-250", quantity: 1 }]),
};

describe("checkoutSchema", () => {
  it("takes a valid form", () => {
    expect(checkoutSchema.safeParse(VALID).success).toBe(true);
  });

  it.each(["name", "email", "phone"] as const)("refuses U+0000 or a lone surrogate in %s, naming that field", (field) => {
    for (const bad of ["\u0000", "\uD800", "\uDFFF"]) {
      const result = checkoutSchema.safeParse({ ...VALID, [field]: `${VALID[field]}${bad}` });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
    }
  });
});
