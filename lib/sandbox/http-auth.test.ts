import { describe, expect, it } from "vitest";
import { basicCredentials, bearerToken, sameSecret } from "./http-auth";

describe("the credentials a simulator reads", () => {
  it("compares secrets exactly", () => {
    expect(sameSecret("sk_test_1", "sk_test_1")).toBe(true);
    expect(sameSecret("sk_test_1", "sk_test_2")).toBe(false);
    expect(sameSecret("sk_test_1", "sk_test_10")).toBe(false);
    expect(sameSecret("", "x")).toBe(false);
  });

  it("reads a Bearer token and nothing else", () => {
    expect(bearerToken("Bearer sk_test_1")).toBe("sk_test_1");
    expect(bearerToken("bearer  sk_test_1 ")).toBe("sk_test_1");
    expect(bearerToken("Basic c2s6")).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });

  it("reads HTTP Basic (RFC 7617) into user and password, an empty password included", () => {
    expect(basicCredentials(`Basic ${Buffer.from("key:secret:with:colons").toString("base64")}`)).toEqual({ user: "key", password: "secret:with:colons" });
    expect(basicCredentials(`Basic ${Buffer.from("SB-Mid-server-1:").toString("base64")}`)).toEqual({ user: "SB-Mid-server-1", password: "" });
    expect(basicCredentials(`Basic ${Buffer.from("no-colon").toString("base64")}`)).toBeUndefined();
    expect(basicCredentials("Bearer x")).toBeUndefined();
  });
});
