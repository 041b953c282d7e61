// @ts-check
import proxyaddr from "proxy-addr";

// Plain JavaScript, because server.mjs runs it before (and outside) the Next.js build.
// The client's address is the connection's peer, unless that peer is a proxy we trust: then it is
// the address that proxy reports in X-Forwarded-For, walking back through trusted proxies only
// (proxy-addr, as Express does it). Whatever else a client writes in the header is ignored.

/**
 * Compiles TRUSTED_PROXIES: a comma-separated list of addresses, CIDR ranges and proxy-addr's
 * names ("loopback", "linklocal", "uniquelocal"), or "none" to trust no proxy at all.
 * Throws a TypeError naming the bad entry.
 * @param {string} setting
 */
export function trustedProxies(setting) {
  const entries = setting
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new TypeError('TRUSTED_PROXIES is empty: name proxies, or write "none"');
  if (entries.includes("none")) {
    if (entries.length > 1) throw new TypeError('TRUSTED_PROXIES: "none" cannot be combined with proxies');
    return proxyaddr.compile([]);
  }
  return proxyaddr.compile(entries);
}

// Headers through which a client could claim another address; after this step only
// X-Forwarded-For is left, holding the address worked out here.
const CLAIMED_ADDRESS_HEADERS = ["x-forwarded-for", "x-real-ip", "forwarded"];
// What a proxy says about the original request's host and scheme: believed from a trusted peer
// only (Next.js otherwise fills them in from the request itself).
const PROXY_ONLY_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];

/**
 * Replaces the request's forwarding headers with exactly one X-Forwarded-For: the client's
 * address as far as the trusted proxies vouch for it (and drops X-Forwarded-Host, -Proto and
 * -Port unless the peer is a trusted proxy). Returns that address.
 * @param {import("node:http").IncomingMessage} request
 * @param {(address: string, hop: number) => boolean} trust from trustedProxies()
 * @returns {string | undefined} undefined when the connection is already gone
 */
export function settleClientAddress(request, trust) {
  const peer = request.socket.remoteAddress;
  const address = peer === undefined ? undefined : proxyaddr(request, trust);
  for (const name of CLAIMED_ADDRESS_HEADERS) delete request.headers[name];
  if (peer === undefined || !trust(peer, 0)) for (const name of PROXY_ONLY_HEADERS) delete request.headers[name];
  if (address) request.headers["x-forwarded-for"] = address;
  return address;
}
