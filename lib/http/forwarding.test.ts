import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { settleClientAddress, trustedProxies } from "./forwarding.mjs";

// Through a real socket: the test connects from 127.0.0.1, so whether loopback is a trusted proxy
// decides whether the header it sends is believed.

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Starts a server that settles the address with `setting` and answers with what it got. */
async function serverTrusting(setting: string): Promise<string> {
  const trust = trustedProxies(setting);
  server = createServer((request, response) => {
    const address = settleClientAddress(request, trust);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ address, headers: request.headers }));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function ask(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return (await response.json()) as { address: string; headers: Record<string, string | undefined> };
}

describe("the client address server.mjs hands to the app", () => {
  it.each(["none", "10.0.0.0/8", "uniquelocal"])("ignores a spoofed header from a peer that is not a trusted proxy (%s)", async (setting) => {
    const url = await serverTrusting(setting);
    const seen = await ask(url, {
      "x-forwarded-for": "203.0.113.9",
      "x-real-ip": "203.0.113.10",
      forwarded: "for=203.0.113.11",
      "x-forwarded-host": "shop.example",
      "x-forwarded-proto": "https",
    });
    expect(seen.address).toBe("127.0.0.1");
    expect(seen.headers["x-forwarded-for"]).toBe("127.0.0.1");
    for (const name of ["x-real-ip", "forwarded", "x-forwarded-host", "x-forwarded-proto"]) expect(seen.headers[name], name).toBeUndefined();
  });

  it("believes a trusted proxy about the address it received the request from, and the host and scheme", async () => {
    const url = await serverTrusting("loopback");
    const seen = await ask(url, { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10", "x-forwarded-proto": "https" });
    expect(seen.headers["x-forwarded-for"]).toBe("203.0.113.9");
    expect(seen.headers["x-real-ip"]).toBeUndefined();
    expect(seen.headers["x-forwarded-proto"]).toBe("https");
  });

  it("walks back through trusted proxies only: what the client wrote before the first untrusted hop is ignored", async () => {
    const url = await serverTrusting("loopback");
    // The client claims 192.0.2.1; the untrusted hop 198.51.100.7 is the furthest we can vouch for.
    const seen = await ask(url, { "x-forwarded-for": "192.0.2.1, 198.51.100.7" });
    expect(seen.headers["x-forwarded-for"]).toBe("198.51.100.7");
  });

  it("honours a chain of trusted proxies (a load balancer, then a local reverse proxy)", async () => {
    const url = await serverTrusting("loopback, 198.51.100.0/24");
    const seen = await ask(url, { "x-forwarded-for": "192.0.2.1, 198.51.100.7" });
    expect(seen.headers["x-forwarded-for"]).toBe("192.0.2.1");
  });

  it("uses the peer's address when a trusted proxy sends no header", async () => {
    const url = await serverTrusting("loopback");
    expect((await ask(url)).headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("refuses a setting it cannot read, naming the problem", () => {
    expect(() => trustedProxies("")).toThrow(/empty/);
    expect(() => trustedProxies("none, loopback")).toThrow(/none/);
    expect(() => trustedProxies("proxy.internal")).toThrow(/invalid IP address/);
    expect(() => trustedProxies("10.0.0.0/99")).toThrow(/invalid range/);
  });
});
