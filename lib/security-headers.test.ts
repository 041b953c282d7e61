import { describe, expect, it } from "vitest";
import { newNonce, pageContentSecurityPolicy, strictTransportSecurity } from "./security-headers";

describe("HSTS", () => {
  it("is sent only by production behind an https APP_URL", () => {
    expect(strictTransportSecurity({ production: true, appUrl: "https://toko.example.id" })).toBe("max-age=63072000");
    expect(strictTransportSecurity({ production: true, appUrl: "http://localhost:3000" })).toBeUndefined();
    expect(strictTransportSecurity({ production: false, appUrl: "https://toko.example.id" })).toBeUndefined();
  });
});

describe("the pages' Content-Security-Policy", () => {
  it("lets scripts run only with the response's nonce, and forbids framing", () => {
    const policy = pageContentSecurityPolicy("abc123", { development: false, https: true });
    expect(policy.split("; ")).toEqual(
      expect.arrayContaining([
        "script-src 'self' 'nonce-abc123' 'strict-dynamic'",
        "style-src 'self' 'nonce-abc123'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "upgrade-insecure-requests",
      ]),
    );
    expect(policy).not.toContain("unsafe-eval");
  });

  it("allows what `next dev` needs only in development, and upgrades requests only over https", () => {
    const policy = pageContentSecurityPolicy("abc123", { development: true, https: false });
    expect(policy).toContain("'unsafe-eval'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("makes a new 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
