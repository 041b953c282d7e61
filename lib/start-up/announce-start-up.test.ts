import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { startUpLines } from "./announce-start-up";

describe("the start-up lines", () => {
  it("say where everything is on the port the server found, with the sandbox's sign-in and API key", () => {
    const text = startUpLines(parseEnv({ PORT: "3001" }), undefined).join("\n");
    expect(text).toContain("Gerai is running at http://localhost:3001");
    expect(text).toMatch(/Shop\s+http:\/\/localhost:3001\//);
    expect(text).toMatch(/Merchant console\s+http:\/\/localhost:3001\/merchant {3}\(demo owner: demo@gerai\.test, password: gerai-sandbox\)/);
    expect(text).toMatch(/Sandbox cashier\s+http:\/\/localhost:3001\/sandbox\/cashier/);
    expect(text).toContain('curl -H "Authorization: Bearer sk_sandbox_gerai_merchant_0001" http://localhost:3001/api/v1/orders');
    expect(text).not.toContain("✗");
  });

  it("name no demo owner without the sandbox, only how accounts are made", () => {
    const text = startUpLines(parseEnv({ PORT: "3001", SANDBOX_ENABLED: "false", MIDTRANS_SERVER_KEY: "SB-Mid-server-r8Kd2LwQ9xVb4TzM7pNc", MIDTRANS_ENVIRONMENT: "sandbox" }), undefined).join("\n");
    expect(text).toMatch(/Merchant console\s+http:\/\/localhost:3001\/merchant {3}\(accounts: npm run console:owner\)/);
    expect(text).not.toContain("gerai-sandbox");
  });

  it("end with the APP_URL problem when there is one", () => {
    const lines = startUpLines(parseEnv({ PORT: "3001", APP_URL: "http://localhost:3000" }), "APP_URL http://localhost:3000 answers, but not as Gerai");
    expect(lines.at(-2)).toBe("  ✗ APP_URL http://localhost:3000 answers, but not as Gerai");
  });
});
