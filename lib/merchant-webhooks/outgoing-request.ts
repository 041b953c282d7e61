import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

// The one way Gerai calls a merchant's endpoint. It may reach only the registered URL:
// - no redirect is followed (a 3xx is an answer like any other non-2xx);
// - an address that is not public unicast (loopback, private, link-local, unique-local, carrier
//   NAT, multicast, …) is refused unless its host is on the allow-list (WEBHOOK_ALLOWED_HOSTS),
//   so a merchant cannot point Gerai at its own network;
// - the check runs on every address the name resolves to, inside the connection's own lookup, so
//   the address checked is the address connected to (a DNS answer cannot change in between).

export const RESPONSE_KEPT_BYTES = 2048;

export interface OutgoingAnswer {
  status: number;
  /** The first RESPONSE_KEPT_BYTES of the body, as text. */
  body: string;
}

export class RefusedAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, which is not a public address; add the host to WEBHOOK_ALLOWED_HOSTS to allow it`);
    this.name = "RefusedAddressError";
  }
}

/** True for an address on the public internet. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

function refusal(host: string, addresses: string[], allowedHosts: readonly string[]): Error | undefined {
  if (allowedHosts.includes(host.toLowerCase())) return undefined;
  const bad = addresses.find((address) => !isPublicAddress(address));
  return bad === undefined ? undefined : new RefusedAddressError(host, bad);
}

/** POSTs `body` to `url` with `headers`; rejects on a refused address, a network error or the timeout. */
export function postToEndpoint(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowedHosts: readonly string[] },
): Promise<OutgoingAnswer> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    // Node does not look up an address literal: it is checked here.
    const refused = refusal(host, [host], options.allowedHosts);
    if (refused) return Promise.reject(refused);
  }
  const lookup: RequestOptions["lookup"] = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 4);
      const refused = refusal(hostname, addresses.map((entry) => entry.address), options.allowedHosts);
      if (refused) return callback(refused, "", 4);
      if (lookupOptions.all) return callback(null, addresses as unknown as string, 4);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      { method: "POST", headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) }, lookup, timeout: options.timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_KEPT_BYTES) chunks.push(chunk.subarray(0, RESPONSE_KEPT_BYTES - kept));
          kept += chunk.length;
          // The rest of a long answer is not needed: stop reading it.
          if (kept >= RESPONSE_KEPT_BYTES) response.destroy();
        });
        const finish = () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", finish);
      },
    );
    // One bound for the whole attempt: connecting, sending and the answer.
    const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    outgoing.on("close", () => clearTimeout(timer));
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
