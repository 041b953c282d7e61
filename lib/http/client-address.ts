import ipaddr from "ipaddr.js";

// Who is asking. `npm start` runs server.mjs, which replaces X-Forwarded-For with the one address
// it worked out from the connection and the proxies in TRUSTED_PROXIES, so that header is the
// truth here. `npm run dev` (next dev) has no such step: there the header counts as sent.

/** The client's address (IPv4 written plainly, IPv4-mapped IPv6 as IPv4), or "unknown". */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
  if (ipaddr.IPv4.isValidFourPartDecimal(forwarded) || ipaddr.IPv6.isValid(forwarded)) {
    return ipaddr.process(forwarded).toString();
  }
  return "unknown";
}

/**
 * The key a client is rate limited by: its IPv4 address, or its IPv6 /64 network, since one
 * subscriber is routinely given a whole /64 and could otherwise take a fresh address per try.
 */
export function addressKey(address: string): string {
  if (!ipaddr.IPv6.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

/** The rate limit key of the client that sent these headers. */
export function clientKey(headers: Headers): string {
  return addressKey(clientAddress(headers));
}
