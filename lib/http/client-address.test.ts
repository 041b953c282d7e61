import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, clientKey } from "./client-address";

const from = (forwardedFor?: string) => new Headers(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor });

describe("clientAddress", () => {
  it("reads the one address server.mjs left in X-Forwarded-For", () => {
    expect(clientAddress(from("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(from("2001:db8::1"))).toBe("2001:db8::1");
  });

  it("writes an IPv4-mapped IPv6 address as IPv4, so one client has one key", () => {
    expect(clientAddress(from("::ffff:127.0.0.1"))).toBe("127.0.0.1");
  });

  it("takes the first entry of a list (next dev passes the header as sent)", () => {
    expect(clientAddress(from("203.0.113.9, 10.0.0.1"))).toBe("203.0.113.9");
  });

  it("says unknown for a missing or unreadable header", () => {
    expect(clientAddress(from())).toBe("unknown");
    expect(clientAddress(from("not-an-address"))).toBe("unknown");
    expect(clientAddress(from("0x7f.1"))).toBe("unknown");
  });
});

describe("addressKey", () => {
  it("keys IPv4 by the address", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("203.0.113.10")).not.toBe(addressKey("203.0.113.9"));
  });

  it("keys IPv6 by its /64, so a client cannot take a fresh address for each try", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(addressKey("2001:db8:1:2::9"));
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
  });

  it("combines with clientAddress", () => {
    expect(clientKey(from("::ffff:198.51.100.4"))).toBe("198.51.100.4");
    expect(clientKey(from("2001:db8:5:6::77"))).toBe("2001:db8:5:6::/64");
  });
});
