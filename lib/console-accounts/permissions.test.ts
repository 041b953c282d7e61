import { describe, expect, it } from "vitest";
import { CONSOLE_ROLES, roleMay, type Permission } from "./permissions";

describe("console permissions", () => {
  const table: Record<Permission, Record<(typeof CONSOLE_ROLES)[number], boolean>> = {
    account: { owner: true, staff: true, viewer: true },
    "orders:read": { owner: true, staff: true, viewer: true },
    "orders:act": { owner: true, staff: true, viewer: false },
    settings: { owner: true, staff: false, viewer: false },
  };

  for (const [permission, roles] of Object.entries(table) as [Permission, Record<string, boolean>][]) {
    for (const role of CONSOLE_ROLES) {
      it(`${role} ${roles[role] ? "may" : "may not"} use ${permission}`, () => {
        expect(roleMay(role, permission)).toBe(roles[role]);
      });
    }
  }

  it("grants a viewer nothing that changes data", () => {
    expect((["orders:act", "settings"] as const).some((permission) => roleMay("viewer", permission))).toBe(false);
  });
});
